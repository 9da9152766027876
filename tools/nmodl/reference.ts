/**
 * NEURON's reference traces for the NMODL zoo: compile each case's files with nrnivmodl (cached
 * by content hash, compile.ts), run the case in NEURON (run_mod_case.py, at most 2 at a time),
 * write `.cache/nmodl/ref/<case>.json` and print one line per zoo file.
 *
 *   npx tsx tools/nmodl/reference.ts [--only id[,id…]]
 *
 * Exit status 0 when every case that is not skipped compiled and ran, 1 otherwise.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sharedPath } from '../shared-data.ts';
import { compileMods, NMODL_CACHE, type CompileResult } from './compile.ts';
import { MOD_CASES, type ModCase } from './cases.ts';

const HERE = dirname(fileURLToPath(import.meta.url));
/** The NEURON runner script. */
export const RUNNER = join(HERE, 'run_mod_case.py');
/** Debian's Python with python3-neuron. */
export const PYTHON = '/usr/bin/python3';
/** The zoo folder (under the shared data). */
export const ZOO = sharedPath('nmodl-zoo');

/** NEURON's output for one case (see run_mod_case.py). */
export interface NeuronResult {
  neuron_version: string;
  /** The built-in names the compiled library renamed (hh → hh_zoo). */
  renames: Record<string, string>;
  /** Time of each sample (ms). */
  t: number[];
  /** Recorded series by label, one value per sample (NEURON's units: mV, mM, mA/cm², nA, …). */
  series: Record<string, number[]>;
  /** Spike / event times by label (ms). */
  spikes: Record<string, number[]>;
  /** Wall time inside NEURON (s). */
  seconds: number;
}

/** One row of the reference table. */
export interface ReferenceRow {
  id: string;
  file: string;
  mechanism: string;
  compiled: boolean | null;
  ran: boolean | null;
  samples: number;
  spikes: number;
  seconds: number;
  note: string;
  compile?: CompileResult;
  result?: NeuronResult;
}

/** The absolute .mod paths a case compiles: its file and its helpers. */
export function caseFiles(c: ModCase): string[] {
  return [c.file, ...(c.helpers ?? [])].map((f) => resolve(ZOO, f));
}

/**
 * Run a case's JSON (cases.ts data plus `library` and `renames`) in NEURON; resolves to its output
 * or rejects with NEURON's words. The process runs in the cache root, where no ./x86_64 exists.
 */
export function runNeuron(caseJson: object, outFile: string, cwd: string = NMODL_CACHE): Promise<NeuronResult> {
  mkdirSync(cwd, { recursive: true });
  mkdirSync(dirname(outFile), { recursive: true });
  return new Promise((done, fail) => {
    const child = execFile(PYTHON, [RUNNER, '-', '--out', outFile], { cwd, timeout: 300_000, maxBuffer: 64 * 1024 * 1024 }, (err, _stdout, stderr) => {
      if (err) {
        const words = stderr.split('\n').filter((l) => l.trim() && !/DISPLAY|No graphics/.test(l)).slice(-4).join(' | ');
        const signal = (err as { signal?: string | null }).signal;
        fail(new Error(signal ? `NEURON was killed by ${signal}` : words || err.message));
        return;
      }
      done(JSON.parse(readFileSync(outFile, 'utf8')) as NeuronResult);
    });
    child.stdin!.end(JSON.stringify(caseJson));
  });
}

/** Compile (cached) and run one case; never throws, the row says what failed. */
export async function referenceCase(c: ModCase, outDir: string = join(NMODL_CACHE, 'ref')): Promise<ReferenceRow> {
  const started = performance.now();
  const row: ReferenceRow = { id: c.id, file: c.file, mechanism: c.mechanism, compiled: null, ran: null, samples: 0, spikes: 0, seconds: 0, note: '' };
  const done = (): ReferenceRow => ({ ...row, seconds: (performance.now() - started) / 1000 });
  let compiled: CompileResult;
  try {
    compiled = await compileMods(caseFiles(c));
  } catch (e) {
    row.compiled = false;
    row.note = `cannot compile: ${(e as Error).message}`;
    return done();
  }
  row.compiled = compiled.ok;
  row.compile = compiled;
  if (!compiled.ok) {
    row.note = c.skip ? `skip: ${c.skip}` : `compile failed: ${compiled.error ?? ''}`;
    return done();
  }
  if (c.skip) {
    row.note = `skip: ${c.skip}`;
    return done();
  }
  try {
    const result = await runNeuron({ ...c, library: compiled.library, renames: compiled.renames }, join(outDir, `${c.id}.json`));
    row.ran = true;
    row.result = result;
    row.samples = result.t.length;
    row.spikes = Object.values(result.spikes).reduce((n, s) => n + s.length, 0);
    const renamed = Object.entries(compiled.renames).map(([a, b]) => `${a}→${b}`).join(', ');
    row.note = renamed ? `renamed ${renamed}` : '';
  } catch (e) {
    row.ran = false;
    row.note = `NEURON failed: ${(e as Error).message}`;
  }
  return done();
}

/** Run `items` through `work` with at most `limit` at a time, keeping their order. */
async function pool<T, R>(items: T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await work(items[i]!);
    }
  });
  await Promise.all(lanes);
  return out;
}

function yn(b: boolean | null): string {
  return b === null ? '-' : b ? 'yes' : 'NO';
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const onlyAt = args.indexOf('--only');
  const only = onlyAt >= 0 ? new Set((args[onlyAt + 1] ?? '').split(',').filter(Boolean)) : null;
  const cases = only ? MOD_CASES.filter((c) => only.has(c.id)) : MOD_CASES;
  if (only && cases.length !== only.size) {
    const known = new Set(MOD_CASES.map((c) => c.id));
    console.error(`unknown case(s): ${[...only].filter((id) => !known.has(id)).join(', ')}`);
    process.exit(2);
  }
  try {
    readFileSync(resolve(ZOO, 'README.md'));
  } catch {
    console.error(`the NMODL zoo is absent (${ZOO}); nothing to do`);
    process.exit(2);
  }
  const started = performance.now();
  const rows = await pool(cases, 2, (c) => referenceCase(c));
  const header = ['file', 'mechanism', 'compiled', 'ran', 'samples', 'spikes', 's', 'note'];
  const lines = rows.map((r) => [r.file.replace(/^nrn-8\.2\.2\//, ''), r.mechanism, yn(r.compiled), yn(r.ran), String(r.samples), String(r.spikes), r.seconds.toFixed(2), r.note]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => (i < 7 ? l[i]!.length : 0))));
  const fmt = (l: string[]): string => l.map((x, i) => (i < 7 ? x.padEnd(widths[i]!) : x)).join('  ');
  console.log(fmt(header));
  for (const l of lines) console.log(fmt(l));
  const ran = rows.filter((r) => r.ran).length;
  const failed = rows.filter((r) => !MOD_CASES.find((c) => c.id === r.id)!.skip && !r.ran);
  const compiled = rows.filter((r) => r.compiled).length;
  console.log(`${rows.length} files: ${compiled} compiled by NEURON, ${ran} ran, ${rows.length - ran - failed.length} skipped, ${failed.length} failed; ${((performance.now() - started) / 1000).toFixed(1)} s`);
  mkdirSync(join(NMODL_CACHE, 'ref'), { recursive: true });
  writeFileSync(join(NMODL_CACHE, 'ref', 'table.json'), JSON.stringify(rows.map(({ compile: _c, result: _r, ...rest }) => rest), null, 2));
  process.exit(failed.length ? 1 : 0);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((e: unknown) => {
    console.error((e as Error).message);
    process.exit(3);
  });
}
