/**
 * The .mod files of the example "active dendrites" (examples/mod/: na, kdr, cahva, cad, sk, ih)
 * against NEURON: each compiles without errors or unit warnings (NeuroWire's checker and NEURON's
 * modlunit), and every case of EXAMPLE_MOD_CASES (fixture-cases.ts) gives NEURON's series within
 * 1e-6 (mV, relative) and NEURON's spike times within 1e-6 ms. NEURON's own numbers are checked to
 * be worth comparing (spikes at both ends of the cable, Ca rising, the Ih sag). Skips the NEURON
 * comparison when neuron-dev (nrnivmodl) is absent, the modlunit check when modlunit is.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileMechanism } from '../../src/core/nmodl/compile.ts';
import { compareCase, formatTable } from './compare.ts';
import { hasNrnivmodl, NMODL_CACHE } from './compile.ts';
import { EXAMPLE_MOD_CASES, EXAMPLE_MODS } from './fixture-cases.ts';
import { referenceCase, type NeuronResult } from './reference.ts';

const MODLUNIT = '/usr/bin/modlunit';
const files = readdirSync(EXAMPLE_MODS).filter((f) => f.endsWith('.mod')).sort();

describe('examples/mod: the example mechanisms compile cleanly', () => {
  it('holds the six mechanisms', () => {
    expect(files).toEqual(['cad.mod', 'cahva.mod', 'ih.mod', 'kdr.mod', 'na.mod', 'sk.mod']);
  });
  for (const f of files) {
    it(`${f}: NeuroWire compiles it with no errors and no unit warnings`, () => {
      const r = compileMechanism(readFileSync(join(EXAMPLE_MODS, f), 'utf8'), f);
      expect(r.ok ? [] : r.errors.map((e) => `${e.line}:${e.col}: ${e.message}`)).toEqual([]);
      expect(r.warnings.map((w) => `${w.line}:${w.col}: ${w.message}`)).toEqual([]);
      if (r.ok) expect(r.def.name).toBe(f.replace(/\.mod$/, ''));
    });
    it.skipIf(!existsSync(MODLUNIT))(`${f}: modlunit finds nothing${existsSync(MODLUNIT) ? '' : ' (skipped: needs neuron-dev (modlunit))'}`, () => {
      // modlunit exits 1 and prints "<<ERROR>>" on a unit mismatch; 0 and two header lines when clean.
      const out = execFileSync(MODLUNIT, [f], { cwd: EXAMPLE_MODS, encoding: 'utf8' });
      expect(out).not.toMatch(/ERROR|not conformable/);
    });
  }
});

/** Facts about NEURON's run, printed and checked so that a comparison of flat lines cannot pass. */
function summary(id: string, ref: NeuronResult): string {
  const s = ref.series;
  const rng = (label: string): string => {
    const xs = s[label]!;
    return `${label} ${Math.min(...xs).toPrecision(4)}…${Math.max(...xs).toPrecision(4)}`;
  };
  const spikes = Object.entries(ref.spikes).map(([k, ts]) => `${k}: ${ts.length} spikes [${ts.map((t) => t.toFixed(2)).join(', ')}] ms`);
  return `${id} (NEURON): ${Object.keys(s).map(rng).join('; ')}${spikes.length ? `; ${spikes.join('; ')}` : ''}`;
}

const available = hasNrnivmodl();
const max = (xs: readonly number[]): number => xs.reduce((a, b) => Math.max(a, b), -Infinity);
const min = (xs: readonly number[]): number => xs.reduce((a, b) => Math.min(a, b), Infinity);
const at = (ref: NeuronResult, label: string, t: number): number => ref.series[label]![Math.round(t / 0.025)]!;

describe.skipIf(!available)(`examples/mod vs NEURON${available ? '' : ' (skipped: needs neuron-dev (nrnivmodl))'}`, () => {
  for (const c of EXAMPLE_MOD_CASES) {
    it(`${c.id}: every recorded series within 1e-6 (mV, relative) of NEURON's`, async () => {
      const ref = await referenceCase(c, join(NMODL_CACHE, 'ref-fixtures'));
      expect(ref.note).not.toMatch(/failed/);
      const r = ref.result!;
      expect(r).toBeDefined();
      console.log(summary(c.id, r));
      const row = compareCase(c, r);
      console.log(formatTable([row]));
      expect(row.outcome).toBe('compiled');
      expect(row.notes).toEqual([]);
      expect(row.series.length).toBe(c.record!.length);
      expect(row.maxDV!).toBeLessThanOrEqual(1e-6);
      expect(row.maxDStateRel!).toBeLessThanOrEqual(1e-6);
      if (c.spikes?.length) expect(row.spikeDt!).toBeLessThanOrEqual(1e-6);
      expect(row.pass).toBe(true);
      checkInteresting(c.id, r);
    }, 180_000);
  }
});

/** What each case must show in NEURON's run (so that the comparison compares something). */
function checkInteresting(id: string, r: NeuronResult): void {
  const s = r.series;
  switch (id) {
    case 'ex-na': // upstroke past 0 mV, then h falls
      expect(max(s.v!)).toBeGreaterThan(0);
      expect(min(s.h!)).toBeLessThan(0.2);
      break;
    case 'ex-kdr': // n opens during the step
      expect(max(s.n!)).toBeGreaterThan(0.1);
      break;
    case 'ex-cahva':
    case 'ex-sk': // Ca rises tenfold from cainf (1e-4 mM); eca follows it down
      expect(max(s.cai!)).toBeGreaterThan(1e-3);
      if (id === 'ex-cahva') expect(min(s.eca!)).toBeLessThan(at(r, 'eca', 0) - 20);
      if (id === 'ex-sk') expect(max(s.z!)).toBeGreaterThan(0.5);
      break;
    case 'ex-cad': { // Ca enters during the pulses and decays towards cainf (5e-5 mM, taur 20 ms) after the last
      const peak = max(s.cai!);
      expect(peak).toBeGreaterThan(2e-4);
      expect(at(r, 'cai', 79) - 5e-5).toBeLessThan(0.5 * (peak - 5e-5));
      expect(max(s.influx!)).toBeGreaterThan(0);
      break;
    }
    case 'ex-ih': // the sag: v falls to a minimum, then Ih pulls it back up before the step ends
      expect(at(r, 'v', 44)).toBeGreaterThan(min(s.v!) + 1);
      break;
    case 'ex-active-cable': { // APs at cable0 reach cable4, later; Ca rises at both ends
      const [s0, s4] = [r.spikes.cable0!, r.spikes.cable4!];
      expect(s0.length).toBe(3);
      expect(s4.length).toBe(s0.length);
      expect(s4[0]!).toBeGreaterThan(s0[0]!);
      expect(max(s.cai0!)).toBeGreaterThan(3e-4);
      expect(max(s.cai4!)).toBeGreaterThan(3e-4);
      break;
    }
    default:
      throw new Error(`no check for ${id}`);
  }
}
