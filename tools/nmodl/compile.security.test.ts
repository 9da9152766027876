/**
 * Nothing of a .mod file (its name or its text) reaches a shell: nrnivmodl runs through
 * execFile with an argument array in a folder holding only the copies, and names that are not
 * C identifiers are refused before anything runs.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { compileMods, hasNrnivmodl } from './compile.ts';

const work = mkdtempSync(join(tmpdir(), 'nmodl-sec-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('compiling untrusted .mod files', () => {
  it('refuses file names that are not a C identifier + .mod, before running anything', async () => {
    const cache = join(work, 'cache-names');
    for (const name of ['a;touch PWNED.mod', '$(touch PWNED).mod', 'x y.mod', '`id`.mod', '1abc.mod', '-rf.mod']) {
      const dir = join(work, `d${Math.random().toString(36).slice(2)}`);
      mkdirSync(dir);
      writeFileSync(join(dir, name), 'NEURON { SUFFIX ok }\n');
      await expect(compileMods([join(dir, name)], cache), name).rejects.toThrow(/letters, digits and _/);
    }
    expect(existsSync(cache) ? readdirSync(cache) : []).toEqual([]);
    expect(existsSync(join(work, 'PWNED'))).toBe(false);
  });

  it.skipIf(!hasNrnivmodl())(`shell text inside a .mod is compiled as NMODL, never run${hasNrnivmodl() ? '' : ' (skipped: neuron-dev is absent)'}`, async () => {
    const cache = join(work, 'cache-text');
    const marker = join(work, 'PWNED');
    const file = join(work, 'hostile.mod');
    writeFileSync(file, `: $(touch ${marker}) \`touch ${marker}\`\nNEURON { SUFFIX hostile RANGE g }\nPARAMETER { g = 1 }\n`);
    const result = await compileMods([file], cache);
    expect(result.ok, result.error).toBe(true);
    expect(existsSync(marker)).toBe(false);
    const bad = join(work, 'broken.mod');
    writeFileSync(bad, `NEURON { SUFFIX $(touch ${marker}) }\n`);
    const failed = await compileMods([bad], cache);
    expect(failed.ok).toBe(false);
    expect(failed.error).toMatch(/nrnivmodl failed/);
    expect(existsSync(marker)).toBe(false);
  });
});
