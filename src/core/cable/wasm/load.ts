import { base64ToBytes } from '../../base64.ts';
import { CABLE_WASM_BASE64 } from './cable-wasm.ts';

/** Byte offsets of the header slots that cable.wat reads (i32 addresses and counts; t is f64). */
export const H = {
  n: 0,
  trees: 4,
  v: 8,
  rhs: 12,
  d: 16,
  dv: 20,
  d0: 24,
  ge: 28,
  g: 32,
  a: 36,
  b: 40,
  parent: 44,
  nhh: 48,
  hh: 52,
  hhNodes: 56,
  hhTable: 60,
  nalpha: 64,
  alpha: 68,
  alphaNodes: 72,
  niclamp: 76,
  iclamp: 80,
  iclampNodes: 84,
  toDensity: 88,
  nprobes: 92,
  probes: 96,
  rec: 100,
  nexpSyn: 104,
  expSyn: 108,
  expSynNodes: 112,
  nexp2Syn: 116,
  exp2Syn: 120,
  exp2SynNodes: 124,
  t: 128,
  celsius: 136,
  usetable: 144,
  q10: 152,
  // After the exp table: the ends of the node ranges (see cable.wat $eliminate) and the static nodes' factors.
  dynamicEnd: 768,
  staticRootEnd: 772,
  fStatic: 776,
  fbStatic: 780,
  // hh's scratch rows (48 bytes per instance; see cable.wat $hhAdvance).
  hhScratch: 784,
} as const;

/** Where the arrays may start: after the header's second part at 768..799. */
export const HEADER_END = 800;

/** Where cable.wat expects the 64-entry table of 2^(j/64). */
export const EXP_TABLE_OFFSET = 256;

let compiled: WebAssembly.Module | null = null;

/** The compiled integrator module (compiled once; 3 kB, so synchronous compilation is allowed everywhere). */
export function cableWasmModule(): WebAssembly.Module {
  if (!compiled) {
    compiled = new WebAssembly.Module(base64ToBytes(CABLE_WASM_BASE64));
  }
  return compiled;
}
