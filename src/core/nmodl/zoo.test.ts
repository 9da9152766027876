/**
 * Every .mod file of NEURON 8.2.2 in ../shared/data/nmodl-zoo either checks or is refused with a
 * named unsupported construct; prints the table (file, kind, name, outcome) and the parse+check
 * time of the largest file.
 */
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { filesUnder, hasShared, sharedPath, skipNote } from '../../../tools/shared-data.ts';
import { checkModText } from './check.ts';
import { formatDiagnostic } from './ast.ts';

const ZOO = 'nmodl-zoo';

const modFiles = (dir: string): string[] => filesUnder(dir, '.mod');

/** Files Debian's nrnivmodl itself rejects (zoo README): they may fail for reasons beyond a refusal. */
const NEURON_REJECTS = new Set(['fh.mod', 'tstdarray.mod']);

describe.skipIf(!hasShared(ZOO))(`the NMODL zoo${skipNote(ZOO)}`, () => {
  it('checks or refuses by name every file (table printed)', () => {
    const root = sharedPath(ZOO);
    const files = modFiles(root);
    expect(files.length).toBe(71);
    const rows: string[] = [];
    let ok = 0;
    let refused = 0;
    for (const f of files) {
      const rel = relative(root, f);
      const name = rel.replace(/^.*\//, '');
      const r = checkModText(readFileSync(f, 'utf8'), rel, { allowBuiltinNames: true });
      if (r.ok) {
        ok++;
        rows.push(`${rel.padEnd(52)} ${r.model.kind.padEnd(10)} ${r.model.name.padEnd(18)} ok`);
        continue;
      }
      const constructs = [...new Set(r.errors.filter((e) => e.unsupported).map((e) => e.unsupported))];
      const other = r.errors.filter((e) => !e.unsupported);
      // Anything but a refusal is a bug of ours, unless NEURON rejects the file too.
      if (!NEURON_REJECTS.has(name)) expect(other.map(formatDiagnostic)).toEqual([]);
      expect(constructs.length, `${rel} fails without naming an unsupported construct`).toBeGreaterThan(0);
      refused++;
      rows.push(`${rel.padEnd(52)} ${'-'.padEnd(10)} ${'-'.padEnd(18)} refused: ${constructs.join(', ')}`);
    }
    console.log(`${'file'.padEnd(52)} ${'kind'.padEnd(10)} ${'name'.padEnd(18)} outcome\n${rows.join('\n')}\n${files.length} files: ${ok} checked, ${refused} refused`);
    expect(ok + refused).toBe(71);
    // Measured (svclmp, oclmp: after_cvode; order: BEFORE/AFTER blocks); a change means a file moved between the columns.
    expect({ ok, refused }).toEqual({ ok: 50, refused: 21 });
  });

  it('parses and checks the largest zoo file quickly (time printed)', () => {
    const files = modFiles(sharedPath(ZOO));
    const largest = files.reduce((a, b) => (statSync(b).size > statSync(a).size ? b : a));
    const text = readFileSync(largest, 'utf8');
    checkModText(text, 'warm-up.mod', { allowBuiltinNames: true });
    const runs: number[] = [];
    for (let k = 0; k < 20; k++) {
      const t0 = performance.now();
      checkModText(text, largest, { allowBuiltinNames: true });
      runs.push(performance.now() - t0);
    }
    runs.sort((a, b) => a - b);
    const median = runs[runs.length >> 1];
    console.log(`parse+check of the largest zoo file ${relative(sharedPath(ZOO), largest)} (${text.length} characters): median ${median.toFixed(2)} ms of 20`);
    expect(median).toBeLessThan(50);
  });
});
