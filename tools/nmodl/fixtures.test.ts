/**
 * NeuroWire's own .mod fixtures (fixture-cases.ts) against NEURON: a DERIVATIVE block that is
 * neither linear nor uncoupled (METHOD derivimplicit as NEURON's Newton iteration with its
 * numerical Jacobian), and a nonlinear KINETIC scheme with an array of states, a rate written as a
 * sum (nocmodl pastes `*state` after its text), an outflow, a flux and a state that Newton clamps
 * at 0 without converging (nocmodl's thread-safe code goes on). The reference is NEURON's run of
 * the same files (nrnivmodl). Skips when neuron-dev (nrnivmodl) is absent.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileMechanism } from '../../src/core/nmodl/compile.ts';
import { hasNrnivmodl, NMODL_CACHE } from './compile.ts';
import { compareBuilt, formatTable } from './compare.ts';
import { FIXTURE_CASES } from './fixture-cases.ts';
import { referenceCase } from './reference.ts';

const available = hasNrnivmodl();

describe.skipIf(!available)(`NeuroWire's own .mod fixtures vs NEURON${available ? '' : ' (skipped: needs neuron-dev (nrnivmodl))'}`, () => {
  for (const c of FIXTURE_CASES) {
    it(`${c.id}: every recorded series within 1e-6 (mV, relative) of NEURON's`, async () => {
      const ref = await referenceCase(c, join(NMODL_CACHE, 'ref-fixtures'));
      expect(ref.note).not.toMatch(/failed/);
      expect(ref.result).toBeDefined();
      const own = compileMechanism(readFileSync(c.file, 'utf8'), c.file);
      if (!own.ok) throw new Error(own.errors.map((e) => `${e.line}:${e.col}: ${e.message}`).join('\n'));
      const row = compareBuilt(c, own.def, [], ref.result!);
      console.log(formatTable([row]));
      expect(row.outcome).toBe('compiled');
      expect(row.series.length).toBe(c.record!.length);
      expect(row.maxDV!).toBeLessThanOrEqual(1e-6);
      expect(row.maxDStateRel!).toBeLessThanOrEqual(1e-6);
      if (c.spikes?.length) expect(row.spikeDt!).toBeLessThanOrEqual(1e-6);
      expect(row.pass).toBe(true);
    }, 120_000);
  }
});
