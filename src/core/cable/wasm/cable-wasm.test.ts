import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { buildWasmModule, OUT } from '../../../../tools/wasm/build.ts';
import { cableWasmModule, EXP_TABLE_OFFSET } from './load.ts';

describe('the WebAssembly integrator', () => {
  it('cable-wasm.ts is what cable.wat compiles to (run npm run build:wasm after editing the .wat)', async () => {
    expect(readFileSync(OUT, 'utf8')).toBe(await buildWasmModule());
  });

  it('its exp agrees with Math.exp to within 2 ulp over the range the kernels use and beyond', () => {
    const memory = new WebAssembly.Memory({ initial: 1 });
    const f64 = new Float64Array(memory.buffer);
    for (let j = 0; j < 64; j++) f64[EXP_TABLE_OFFSET / 8 + j] = Math.pow(2, j / 64);
    const { exp } = new WebAssembly.Instance(cableWasmModule(), { env: { memory, exp: Math.exp, mechCurrent: () => {}, mechState: () => {} } }).exports as { exp: (x: number) => number };
    let worst = 0;
    // A fixed pseudo-random sweep (no seed dependence): hh uses −dt/τ in about (−3, 0).
    for (let k = 0; k < 200000; k++) {
      const u = ((k * 0.6180339887498949) % 1) * 2 - 1;
      const x = k % 2 ? u * 700 : u * 3;
      const rel = Math.abs(exp(x) - Math.exp(x)) / Math.exp(x);
      worst = Math.max(worst, rel);
    }
    expect(worst).toBeLessThan(2 * Number.EPSILON);
    expect(exp(0)).toBe(1);
    expect(exp(-800)).toBe(Math.exp(-800));
    expect(Number.isNaN(exp(NaN))).toBe(true);
  });
});
