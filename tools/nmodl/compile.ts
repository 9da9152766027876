/**
 * Compile a set of .mod files with Debian's NEURON 8.2.2 `nrnivmodl` into a cache folder keyed by
 * the SHA-256 of the files (names and contents): `.cache/nmodl/<hash>/x86_64/libnrnmech.so`.
 * A folder that is already there is reused. Files that declare a mechanism NEURON has built in
 * (hh, ExpSyn, …) are compiled from a copy whose name is suffixed `_zoo`, because NEURON refuses
 * to load a second mechanism of the same name; the result records the mapping.
 *
 * Debian's 8.2.2-4 script needs fixing (see ../shared/data/nmodl-zoo/README.md): it looks for
 * nrnmech_makefile in /usr/bin and links without -L/usr/lib/nrn. The patched copy is written into
 * the cache, never into /usr. It also builds only the library (the `special` executable does not
 * build with Debian's headers and is not needed: Python loads the library) and runs make -j 2.
 *
 * No file text or name ever reaches a shell: nrnivmodl runs through execFile with an argument
 * array, in a folder holding only the copies.
 */
import { createHash } from 'node:crypto';
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { declaredMechanism, renameMechanism, type DeclaredMechanism } from './neuron-block.ts';

/** The repository root. */
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** Where compiled sets are kept (NEUROWIRE_NMODL_CACHE overrides, e.g. for tests). */
export const NMODL_CACHE = resolve(ROOT, process.env.NEUROWIRE_NMODL_CACHE ?? '.cache/nmodl');

/** Debian's nrnivmodl (from neuron-dev). */
export const NRNIVMODL = '/usr/bin/nrnivmodl';

/**
 * Mechanism names built into NEURON 8.2.2 (`h.MechanismType(0|1)` of Debian's python3-neuron).
 * `reference.test.ts` checks this list against the installed NEURON.
 */
export const BUILTIN_MECHANISMS: readonly string[] = [
  'morphology', 'capacitance', 'pas', 'extracellular', 'fastpas', 'na_ion', 'k_ion', 'hh',
  'IClamp', 'AlphaSynapse', 'ExpSyn', 'Exp2Syn', 'SEClamp', 'VClamp', 'OClamp', 'APCount',
  'NetStim', 'IntFire1', 'IntFire2', 'IntFire4', 'PointProcessMark', 'PatternStim',
];

/** What is appended to a built-in name in the compiled copy. */
export const RENAME_SUFFIX = '_zoo';

/** Bumped when the rename rule or the nrnivmodl patch changes, so old cache folders are not reused. */
const RECIPE_VERSION = 'nmodl-compile-1';

/** One file of a compiled set. */
export interface CompiledFile {
  /** The source path given. */
  source: string;
  /** The copy's file name inside the build folder. */
  file: string;
  /** What the file declares, under its original name. */
  declared: DeclaredMechanism;
  /** The name NEURON knows it by in this library (original, or renamed with `_zoo`). */
  name: string;
}

/** The outcome of compiling a set of .mod files. */
export interface CompileResult {
  ok: boolean;
  /** SHA-256 (hex) of the recipe version and every file's name and contents. */
  hash: string;
  /** The build folder, `.cache/nmodl/<hash>`. */
  dir: string;
  /** Absolute path of the library to give `h.nrn_load_dll`, when ok. */
  library: string;
  files: CompiledFile[];
  /** Original name → compiled name, for the renamed built-ins only. */
  renames: Record<string, string>;
  /** Whether the folder was already there (nothing compiled). */
  cached: boolean;
  /** Wall time of this call (s). */
  seconds: number;
  /** When not ok: the last lines of nrnivmodl's output, in words. */
  error?: string;
}

/** The manifest kept in each build folder. */
interface Manifest {
  ok: boolean;
  files: CompiledFile[];
  renames: Record<string, string>;
  error?: string;
}

/** The copies to compile: file name → text (renamed where the name is built in). */
function prepare(sources: string[]): { copies: Map<string, string>; files: CompiledFile[]; renames: Record<string, string> } {
  const copies = new Map<string, string>();
  const files: CompiledFile[] = [];
  const renames: Record<string, string> = {};
  for (const source of sources) {
    const file = basename(source);
    // nocmodl turns the base name into C identifiers (_<name>_reg), and nrnivmodl passes it
    // through make and bash: only a C identifier is safe and compilable.
    if (!/^[A-Za-z_][A-Za-z0-9_]*\.mod$/.test(file)) {
      throw new Error(`${JSON.stringify(file)}: a .mod file name must be letters, digits and _ (not starting with a digit), ending in .mod`);
    }
    const text = readFileSync(source, 'utf8');
    const base = file.slice(0, -4);
    if (copies.has(`${base}.mod`)) throw new Error(`two files named ${base}.mod in one set: ${sources.join(', ')}`);
    const declared = declaredMechanism(text, base);
    let name = declared.name;
    let copy = text;
    if (BUILTIN_MECHANISMS.includes(declared.name)) {
      name = declared.name + RENAME_SUFFIX;
      copy = renameMechanism(text, base, name);
      renames[declared.name] = name;
    }
    copies.set(`${base}.mod`, copy);
    files.push({ source, file: `${base}.mod`, declared, name });
  }
  return { copies, files, renames };
}

/** SHA-256 of the recipe and the copies (sorted by name, so the order given does not matter). */
function hashOf(copies: Map<string, string>, sources: string[]): string {
  const h = createHash('sha256');
  h.update(RECIPE_VERSION + '\0');
  const originals = new Map(sources.map((s) => [basename(s), readFileSync(s)]));
  for (const name of [...copies.keys()].sort()) {
    h.update(name + '\0');
    h.update(originals.get(name)!);
    h.update('\0');
  }
  return h.digest('hex');
}

/** Debian's nrnivmodl with the fixes above, as text. */
export function patchedNrnivmodl(original: string): string {
  const patched = original
    .replace('"${bindir}/nrnmech_makefile"', '/usr/lib/nrn/nrnmech_makefile')
    .replace('"UserLDFLAGS=$UserLDFLAGS"', '"UserLDFLAGS=-L/usr/lib/nrn -Wl,-rpath,/usr/lib/nrn $UserLDFLAGS"')
    .replace('make -j 4 ', 'make -j 2 ')
    .replace('"LinkCoreNEURON=$LinkCoreNEURON" special &&', '"LinkCoreNEURON=$LinkCoreNEURON" mech_lib_shared &&');
  if (!patched.includes('/usr/lib/nrn/nrnmech_makefile') || !patched.includes('mech_lib_shared')) {
    throw new Error(`${NRNIVMODL} is not the Debian 8.2.2 script this tool knows how to fix`);
  }
  return patched;
}

/** Whether Debian's nrnivmodl (neuron-dev) is installed. */
export function hasNrnivmodl(): boolean {
  return existsSync(NRNIVMODL) && existsSync('/usr/lib/nrn/nrnmech_makefile');
}

function run(cmd: string, args: string[], cwd: string): Promise<{ code: number; output: string }> {
  return new Promise((done) => {
    execFile(cmd, args, { cwd, maxBuffer: 64 * 1024 * 1024, timeout: 300_000 }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
      done({ code, output: `${stdout}${stderr}` });
    });
  });
}

/** The last compiler error lines of a failed build, for a one-paragraph message. */
function summarise(log: string): string {
  const lines = log.split('\n').filter((l) => /error|Error|not supported|Illegal|undefined|Couldn't/.test(l));
  return (lines.length ? lines : log.split('\n')).slice(-6).join('\n').trim();
}

/**
 * Compile `sources` (.mod paths) together into one library, or reuse the cached build.
 * Never throws for a file NEURON rejects: the result says `ok: false` with the compiler's words.
 * Throws for a file name that is not a C identifier + `.mod`, or two files of one name.
 */
export async function compileMods(sources: string[], cacheRoot: string = NMODL_CACHE): Promise<CompileResult> {
  const started = performance.now();
  const abs = sources.map((s) => resolve(s));
  const { copies, files, renames } = prepare(abs);
  const hash = hashOf(copies, abs);
  const dir = join(cacheRoot, hash);
  const library = join(dir, 'x86_64', 'libnrnmech.so');
  const finish = (m: Manifest, cached: boolean): CompileResult => ({
    ok: m.ok, hash, dir, library, files, renames, cached,
    seconds: (performance.now() - started) / 1000,
    ...(m.error !== undefined ? { error: m.error } : {}),
  });
  const manifestPath = join(dir, 'manifest.json');
  if (existsSync(manifestPath)) {
    return finish(JSON.parse(readFileSync(manifestPath, 'utf8')) as Manifest, true);
  }
  if (!hasNrnivmodl()) {
    return finish({ ok: false, files, renames, error: 'nrnivmodl is not installed (apt-get install -y neuron-dev)' }, false);
  }
  // Build in a private folder, then rename it into place, so that two processes compiling the
  // same set never see each other's half-built library.
  mkdirSync(cacheRoot, { recursive: true });
  const work = `${dir}.tmp-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  for (const [name, text] of copies) writeFileSync(join(work, name), text);
  const script = join(work, 'nrnivmodl-fixed');
  writeFileSync(script, patchedNrnivmodl(readFileSync(NRNIVMODL, 'utf8')));
  const { code, output } = await run('/bin/bash', [script], work);
  writeFileSync(join(work, 'build.log'), output);
  const built = code === 0 && existsSync(join(work, 'x86_64', 'libnrnmech.so'));
  const manifest: Manifest = built
    ? { ok: true, files, renames }
    : { ok: false, files, renames, error: `nrnivmodl failed (exit ${code}): ${summarise(output)}` };
  writeFileSync(join(work, 'manifest.json'), JSON.stringify(manifest, null, 2));
  try {
    renameSync(work, dir);
  } catch {
    // Another process finished the same set first: keep its folder.
    rmSync(work, { recursive: true, force: true });
  }
  const final = JSON.parse(readFileSync(manifestPath, 'utf8')) as Manifest;
  return finish(final, false);
}
