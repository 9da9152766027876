/**
 * The NMODL front end on mutated .mod files (seeded): it never throws, never hangs, and every
 * error it gives points into the file (a real line and column). Mutants are made from NEURON's
 * own files when ../shared/data/nmodl-zoo is here, else from inline sources.
 */
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { hasShared, sharedPath } from '../../../tools/shared-data.ts';
import { createRng, type Rng } from '../random.ts';
import { checkModText } from './check.ts';

const INLINE = [
  "NEURON { SUFFIX x USEION na READ ena WRITE ina RANGE g }\nPARAMETER { g = .1 (S/cm2) <0, 1e9> }\nSTATE { m }\nASSIGNED { v (mV) ena (mV) ina (mA/cm2) }\nBREAKPOINT { SOLVE s METHOD cnexp  ina = g*m*(v - ena) }\nDERIVATIVE s { m' = (1 - m)/2 }\n",
  'NEURON { POINT_PROCESS p NONSPECIFIC_CURRENT i }\nASSIGNED { i (nA) v (mV) }\nSTATE { g i2 }\nBREAKPOINT { SOLVE k METHOD sparse }\nKINETIC k { ~ g <-> i2 (1, 2) }\nNET_RECEIVE (w) { if (flag == 0) { net_send(1, 1) } else { WATCH (v > 0) 2 } }\nCOMMENT\nhelp\nENDCOMMENT\n',
];

function sources(): string[] {
  if (!hasShared('nmodl-zoo')) return INLINE;
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(d, e.name));
      else if (e.name.endsWith('.mod')) out.push(readFileSync(join(d, e.name), 'utf8'));
    }
  };
  walk(sharedPath('nmodl-zoo'));
  return out.sort();
}

const PIECES = ['{', '}', '(', ')', '~', "'", '<->', '<<', '-', '^', '=', ',', 'COMMENT', 'VERBATIM', 'ENDCOMMENT', '\n', ':', '"', '1e', '.', 'FROM', 'TABLE', 'SOLVE', 'LOCAL', '\u0000', '\u202e', 'é', '𝑥'];

function mutate(src: string, rng: Rng): string {
  let s = src;
  const n = rng.int(1, 4);
  for (let k = 0; k < n; k++) {
    const at = rng.int(0, s.length);
    const op = rng.int(0, 3);
    if (op === 0) s = s.slice(0, at) + s.slice(at + rng.int(1, 20)); // delete
    else if (op === 1) s = s.slice(0, at) + PIECES[rng.int(0, PIECES.length - 1)] + s.slice(at); // insert
    else if (op === 2) {
      const from = rng.int(0, s.length);
      s = s.slice(0, at) + s.slice(from, from + rng.int(1, 40)) + s.slice(at); // duplicate a span
    } else s = s.slice(0, at); // truncate
  }
  return s;
}

describe('NMODL front end on mutated files', () => {
  it('2,000 mutants: no exception, no hang, every error inside the file', () => {
    const srcs = sources();
    const rng = createRng(14);
    let ok = 0;
    let errors = 0;
    let slowest = 0;
    for (let k = 0; k < 2000; k++) {
      const text = mutate(srcs[k % srcs.length], rng);
      const t0 = performance.now();
      const r = checkModText(text, 'm.mod');
      slowest = Math.max(slowest, performance.now() - t0);
      const lines = text.split('\n').length;
      if (r.ok) ok++;
      else {
        errors++;
        for (const e of r.errors) {
          expect(e.line).toBeGreaterThanOrEqual(1);
          expect(e.line).toBeLessThanOrEqual(lines);
          expect(e.col).toBeGreaterThanOrEqual(1);
          expect(e.message).not.toMatch(/[\u0000-\u001f\u202e]/);
        }
      }
    }
    console.log(`2000 mutants of ${srcs.length} files: ${ok} check, ${errors} give errors; slowest ${slowest.toFixed(1)} ms`);
    expect(ok + errors).toBe(2000);
    expect(errors).toBeGreaterThan(500);
    expect(slowest).toBeLessThan(1000);
  });
});
