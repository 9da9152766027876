/**
 * NeuroWire against NEURON 8.2's stored output (goldens/, written by `npm run goldens`) for
 * every validation case: the discretization is NEURON's own, so traces agree to round-off.
 */
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { readdirSync } from 'node:fs';
import { buildCase, runCase, resolveCasePath, type CaseFile } from './case.ts';
import { compareNetwork, compareToReference, hasGolden, readGolden } from './compare.ts';
import { CASE_DIR, generateCases } from './cases.ts';
import { runNetworkCase, type NetworkCaseFile } from './network-case.ts';

const names = readdirSync(CASE_DIR)
  .filter((f) => f.endsWith('.json'))
  .map((f) => f.replace(/\.json$/, ''));

describe('validation cases vs NEURON goldens', () => {
  for (const name of names) {
    const path = resolve(CASE_DIR, `${name}.json`);
    const any = JSON.parse(readFileSync(path, 'utf8')) as CaseFile | NetworkCaseFile;
    if ('kind' in any && any.kind === 'network') {
      it(`${name}: every spike time within 1e-9 ms of NEURON's`, () => {
        const c = compareNetwork(runNetworkCase(any).spikes, readGolden(name));
        expect(c.spikes).toBeGreaterThan(0);
        expect(c.maxSpikeDt).toBeLessThan(1e-9);
        expect(c.pass).toBe(true);
      });
      continue;
    }
    const file = any as CaseFile;
    const available = existsSync(resolveCasePath(file.morphology.swc, dirname(path)));
    it.skipIf(!available)(`${name}: max |ΔV| ≤ 1e-6 mV and identical spike times${available ? '' : ' (skipped: ../shared/data is absent)'}`, () => {
      expect(hasGolden(name)).toBe(true);
      const ref = readGolden(name);
      const built = buildCase(file, dirname(path));
      expect(built.sections).toBe(ref.meta.sections);
      expect(built.segments).toBe(ref.meta.segments);
      const res = runCase(file, built);
      const c = compareToReference(res, ref);
      expect(c.samples).toBe(res.t.length);
      expect(c.maxDv).toBeLessThan(1e-6);
      if (c.spikes > 0) expect(c.maxSpikeDt).toBeLessThan(1e-9);
      expect(c.pass).toBe(true);
    });
  }
});

describe('case files', () => {
  it('are what cases.ts generates (fixtures and cases are reproducible from the seed)', () => {
    for (const c of generateCases()) {
      const stored = JSON.parse(readFileSync(resolve(CASE_DIR, `${c.file.name}.json`), 'utf8'));
      expect(stored).toEqual(JSON.parse(JSON.stringify(c.file)));
    }
  });
  const da1 = resolve(CASE_DIR, 'tutorial-da1.json');
  const da1File = JSON.parse(readFileSync(da1, 'utf8')) as CaseFile;
  const hasDa1 = existsSync(resolveCasePath(da1File.morphology.swc, dirname(da1)));
  it.skipIf(!hasDa1)('the DA1 model has the size the issue measured: 1,217 sections and 1,249 segments', () => {
    const path = da1;
    const file = da1File;
    const b = buildCase(file, dirname(path));
    expect([b.sections, b.segments, b.trees]).toEqual([1217, 1249, 1]);
  });
});
