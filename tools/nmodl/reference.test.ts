/**
 * The NEURON side of the NMODL comparison on three representative zoo files: hh.mod compiled
 * under the name hh_zoo must give the built-in hh's traces (the rename is faithful), cagk.mod
 * with a Ca accumulation must change V, and ExpSyn's conductance must jump by the weight at
 * each event's time + delay. Skips when neuron-dev or the shared zoo is absent.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { hasShared } from '../shared-data.ts';
import { BUILTIN_MECHANISMS, compileMods, hasNrnivmodl } from './compile.ts';
import { MOD_CASES, modCase, type ModCase } from './cases.ts';
import { caseFiles, PYTHON, runNeuron, ZOO, type NeuronResult } from './reference.ts';
import { declaredMechanism, renameMechanism } from './neuron-block.ts';

const available = hasNrnivmodl() && hasShared('nmodl-zoo');
const note = available ? '' : ' (skipped: needs neuron-dev (nrnivmodl) and ../shared/data/nmodl-zoo)';
const work = mkdtempSync(join(tmpdir(), 'nmodl-ref-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Compile the case's files and run it in NEURON; `edit` changes the case first. */
async function runCase(id: string, edit: (c: ModCase) => ModCase = (c) => c, builtin = false): Promise<NeuronResult> {
  const c = edit(modCase(id)!);
  if (builtin) return runNeuron({ ...c, renames: {} }, join(work, `${id}-builtin.json`), work);
  const compiled = await compileMods(caseFiles(c));
  expect(compiled.ok, compiled.error).toBe(true);
  return runNeuron({ ...c, library: compiled.library, renames: compiled.renames }, join(work, `${id}.json`), work);
}

describe('the NEURON block reader', () => {
  const text = 'COMMENT\nSUFFIX fake\nENDCOMMENT\nNEURON {\n  : SUFFIX notme\n  SUFFIX hh\n  RANGE gnabar_hh\n}\nSTATE { hh }\n';
  it('finds the declared name past comments and renames only that token', () => {
    expect(declaredMechanism(text, 'x')).toMatchObject({ kind: 'density', name: 'hh', line: 5 });
    const renamed = renameMechanism(text, 'x', 'hh_zoo');
    expect(renamed.split('\n')[5]).toBe('  SUFFIX hh_zoo');
    // Everything else is byte for byte the same.
    expect(renamed.replace('SUFFIX hh_zoo', 'SUFFIX hh')).toBe(text);
  });
  it('uses the file name when there is no SUFFIX line', () => {
    expect(declaredMechanism('NEURON {\n USEION na WRITE ina\n}\n', 'inatest')).toMatchObject({ name: 'inatest', implicit: true });
  });
});

/** Every .mod file under a folder (relative paths). */
function modFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? modFiles(path) : name.endsWith('.mod') ? [path] : [];
  });
}

const zooNote = hasShared('nmodl-zoo') ? '' : ' (skipped: ../shared/data/nmodl-zoo is absent)';
describe(`the case table covers the zoo${zooNote}`, () => {
  it.skipIf(!hasShared('nmodl-zoo'))('one case or skip per .mod file, each naming what the file declares', () => {
    const files = modFiles(ZOO).map((f) => relative(ZOO, f)).sort();
    expect(files.length).toBe(71);
    expect(MOD_CASES.map((c) => c.file).sort()).toEqual(files);
    expect(new Set(MOD_CASES.map((c) => c.id)).size).toBe(MOD_CASES.length);
    for (const c of MOD_CASES) {
      const declared = declaredMechanism(readFileSync(join(ZOO, c.file), 'utf8'), basename(c.file, '.mod'));
      expect({ id: c.id, name: declared.name, kind: declared.kind }).toEqual({ id: c.id, name: c.mechanism, kind: c.kind });
      for (const helper of c.helpers ?? []) expect(files, `${c.id} helper`).toContain(helper);
      if (!c.skip) expect([c.run!.tstop <= 100, c.run!.dt], c.id).toEqual([true, 0.025]); // short runs
    }
    expect(MOD_CASES.filter((c) => !c.skip).length).toBe(51);
  });
});

describe(`NEURON reference for the NMODL zoo${note}`, () => {
  it.skipIf(!available)('the list of names built into NEURON is the installed NEURON\'s', () => {
    const script = [
      'from neuron import h',
      's = h.ref("")',
      'out = []',
      'for k in (0, 1):',
      '    mt = h.MechanismType(k)',
      '    for i in range(int(mt.count())):',
      '        mt.select(i); mt.selected(s); out.append(s[0])',
      'print("NAMES " + " ".join(out))',
    ].join('\n');
    const stdout = execFileSync(PYTHON, ['-c', script], { cwd: work, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    const names = stdout.split('\n').find((l) => l.startsWith('NAMES '))!.slice(6).split(' ');
    expect(names).toEqual([...BUILTIN_MECHANISMS]);
  });

  it.skipIf(!available)('hh.mod compiled as hh_zoo spikes and equals the built-in hh to 1e-12 mV', async () => {
    const zoo = await runCase('hh');
    const builtin = await runCase('hh', (c) => c, true);
    expect(Math.max(...zoo.series.v!)).toBeGreaterThan(0);
    expect(zoo.spikes.soma!.length).toBeGreaterThanOrEqual(2);
    expect(zoo.t.length).toBe(2001);
    expect(Object.keys(zoo.series)).toEqual(Object.keys(builtin.series));
    for (const [label, values] of Object.entries(zoo.series)) {
      const other = builtin.series[label]!;
      const worst = Math.max(...values.map((x, i) => Math.abs(x - other[i]!)));
      expect(worst, label).toBeLessThanOrEqual(1e-12);
    }
    expect(zoo.spikes.soma).toEqual(builtin.spikes.soma);
  });

  it.skipIf(!available)('every built-in compiled from its own .mod (renamed _zoo) gives NEURON\'s built-in numbers', async () => {
    const builtins = MOD_CASES.filter((c) => !c.skip && BUILTIN_MECHANISMS.includes(c.mechanism));
    expect(builtins.map((c) => c.mechanism).sort()).toEqual(['APCount', 'AlphaSynapse', 'Exp2Syn', 'ExpSyn', 'IClamp', 'IntFire1', 'IntFire2', 'IntFire4', 'NetStim', 'OClamp', 'SEClamp', 'VClamp', 'hh', 'pas']);
    for (const c of builtins) {
      const zoo = await runCase(c.id);
      expect(zoo.renames).toEqual({ [c.mechanism]: `${c.mechanism}_zoo` });
      const builtin = await runCase(c.id, (x) => x, true);
      for (const [label, values] of Object.entries(zoo.series)) {
        const worst = Math.max(...values.map((x, i) => Math.abs(x - builtin.series[label]![i]!)));
        expect(worst, `${c.id} ${label}`).toBeLessThanOrEqual(1e-12);
      }
      expect(zoo.spikes, c.id).toEqual(builtin.spikes);
    }
  });

  it.skipIf(!available)('cagk.mod with a Ca accumulation opens with Ca and moves V by millivolts', async () => {
    const on = await runCase('cagk');
    const off = await runCase('cagk', (c) => ({
      ...c, insert: c.insert!.map((m) => (m.mechanism === 'cagk' ? { ...m, params: { gkbar: 0 } } : m)),
    }));
    const cai = on.series.cai!;
    const open = on.series.o_cagk!;
    expect(Math.max(...cai)).toBeGreaterThan(100 * cai[0]!); // the accumulation works
    expect(Math.max(...open)).toBeGreaterThan(100 * open[0]!); // the channel follows Ca
    const dv = Math.max(...on.series.v!.map((v, i) => Math.abs(v - off.series.v![i]!)));
    expect(dv).toBeGreaterThan(1);
  });

  it.skipIf(!available)('ExpSyn (expsyn.mod as ExpSyn_zoo): g jumps by the weight at each event time + delay', async () => {
    const c = modCase('expsyn')!;
    const stim = c.stimuli!.find((s) => s.type === 'NetStim')!;
    if (stim.type !== 'NetStim') throw new Error('expsyn case lost its NetStim');
    const out = await runCase('expsyn');
    const { t } = out;
    const g = out.series['syn.g']!;
    const dt = c.run!.dt!;
    const tau = c.points![0]!.params!.tau as number;
    const w = stim.weight as number;
    const decay = Math.exp(-dt / tau);
    expect(out.spikes.input).toEqual([5, 15, 25]);
    for (const sent of out.spikes.input!) {
      const at = sent + stim.delay!;
      // The event is delivered at the start of the step from `at`; the next sample is one
      // cnexp step later: (g + w)·exp(−dt/τ) instead of g·exp(−dt/τ).
      const k = t.findIndex((x) => Math.abs(x - at) < dt / 2);
      expect(k).toBeGreaterThan(0);
      expect(g[k]! - g[k - 1]! * decay).toBeLessThan(1e-15); // no jump before the event
      expect(Math.abs(g[k + 1]! - (g[k]! + w) * decay)).toBeLessThan(1e-12 * w);
    }
    // And nowhere else: between events g only decays.
    const jumps = g.filter((x, i) => i > 0 && x > g[i - 1]! * decay + 1e-15).length;
    expect(jumps).toBe(3);
  });
});
