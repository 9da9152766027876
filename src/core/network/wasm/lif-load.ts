import { base64ToBytes } from '../../base64.ts';
import { LIF_WASM_BASE64 } from './lif-wasm.ts';

let compiled: WebAssembly.Module | null | undefined;

/** The compiled SIMD kernel (under 1 kB, so synchronous compilation is allowed everywhere), or null where WebAssembly SIMD is missing. */
function lifWasmModule(): WebAssembly.Module | null {
  if (compiled === undefined) {
    try {
      compiled = new WebAssembly.Module(base64ToBytes(LIF_WASM_BASE64));
    } catch {
      compiled = null;
    }
  }
  return compiled;
}

/** The state of n neurons in WebAssembly memory (typed-array views) and the SIMD update over it. */
export interface LifWasmState {
  v: Float64Array;
  x: Float64Array;
  until: Int32Array;
  list: Int32Array;
  /** lif-kernel.ts's advance over these arrays (spikes into `list`); returns their number. */
  advance(step: number, c7: number, c8: number, c9: number, c10: number, vth: number): number;
}

const align16 = (b: number) => Math.ceil(b / 16) * 16;

/** State for n neurons in a fresh WebAssembly memory; null where WebAssembly SIMD is unavailable (the caller uses the JS kernel). */
export function lifWasmState(n: number): LifWasmState | null {
  const mod = typeof WebAssembly === 'object' ? lifWasmModule() : null;
  if (!mod) return null;
  const pv = 0;
  const px = align16(pv + 8 * n);
  const pu = align16(px + 8 * n);
  const pl = align16(pu + 4 * n);
  const end = align16(pl + 4 * n) + 16;
  const memory = new WebAssembly.Memory({ initial: Math.ceil(end / 65536) });
  const inst = new WebAssembly.Instance(mod, { env: { memory } });
  const fn = inst.exports.advance as (n: number, step: number, pv: number, px: number, pu: number, pl: number, c7: number, c8: number, c9: number, c10: number, vth: number) => number;
  return {
    v: new Float64Array(memory.buffer, pv, n),
    x: new Float64Array(memory.buffer, px, n),
    until: new Int32Array(memory.buffer, pu, n),
    list: new Int32Array(memory.buffer, pl, n),
    advance: (step, c7, c8, c9, c10, vth) => fn(n, step, pv, px, pu, pl, c7, c8, c9, c10, vth),
  };
}
