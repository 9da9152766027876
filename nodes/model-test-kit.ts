/**
 * Test support for the model blocks: the synthetic projection neuron as a NeuronValue,
 * selections built directly (the select blocks are tested on their own), a compute context,
 * and helpers to run a block, deep-freeze a value and compare arrays bit for bit.
 */
import { syntheticProjectionNeuron } from '../src/core/morphology/synthetic.ts';
import { Skeleton } from '../src/core/morphology/skeleton.ts';
import { tutorialSelection } from '../src/scenarios/tutorial.ts';
import { computeChecked } from './test-context.ts';
import type { BlockDef, ComputeContext, Inputs, Params } from './types.ts';
import type { ModelValue, NeuronValue, SelectionValue } from './values.ts';

/** The synthetic projection neuron (µm, seed 1) the tutorial scenarios run on in tests and examples. */
export const PN = syntheticProjectionNeuron({ seed: 1 });
/** PN as the value a load-skeleton block would give. */
export const NEURON: NeuronValue = { kind: 'neuron', skeleton: PN.skeleton, connectors: PN.connectors, warnings: [] };
/** The tutorial's node sets on the synthetic neuron (axon, dendritic postsynapses, dendrite base, axon tip). */
export const TUT = tutorialSelection(PN.skeleton, PN.connectors, PN.soma);

/** A selection value built directly, with the words an error would quote. */
export function selection(ids: ArrayLike<number>, description: string): SelectionValue {
  return { kind: 'selection', ids: Int32Array.from(ids), description };
}

/** A compute context that never cancels and ignores progress, unless overridden. */
export function context(over: Partial<ComputeContext> = {}): ComputeContext {
  return { signal: new AbortController().signal, progress: () => {}, readText: async () => '', nodeId: 'test', ...over };
}

/** Run a block's compute, its parameters checked first as the graph runner checks them, and return its outputs. */
export async function exec(block: BlockDef, inputs: Inputs, params: Params = {}, ctx: ComputeContext = context()): Promise<Record<string, unknown>> {
  return await computeChecked(block, inputs, params, ctx);
}

/** Run a block whose output is a model. */
export async function execModel(block: BlockDef, inputs: Inputs, params: Params = {}): Promise<ModelValue> {
  return (await exec(block, inputs, params)).model as ModelValue;
}

/** True when two float arrays hold the very same bits. */
export function bitEqual(a: Float64Array, b: Float64Array): boolean {
  if (a.length !== b.length) return false;
  const x = new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
  const y = new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return false;
  return true;
}

/**
 * Freeze a value and everything it holds, so that any write throws in strict mode. Typed
 * arrays cannot be frozen and skeletons fill lazy caches; `snapshot` covers those.
 */
export function deepFreeze<T>(v: T): T {
  if (typeof v !== 'object' || v === null || ArrayBuffer.isView(v) || v instanceof Skeleton || Object.isFrozen(v)) return v;
  Object.freeze(v);
  for (const x of Object.values(v)) deepFreeze(x);
  return v;
}

/** A JSON image of a value, typed arrays included and lazy caches (`_…`) left out. */
export function snapshot(v: unknown): string {
  return JSON.stringify(v, (k, x: unknown) => {
    if (k.startsWith('_')) return undefined;
    if (ArrayBuffer.isView(x) && !(x instanceof DataView)) return Array.from(x as unknown as ArrayLike<number>);
    return x;
  });
}
