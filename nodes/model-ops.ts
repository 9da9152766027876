/**
 * What the model, stimulus and record blocks share: reading their model and selection
 * inputs, turning a selection into a `Where`, deriving a new ModelValue from an old one, the
 * memoized discretization of a model, and NEURON's segment identity of a location.
 */
import { CoreError } from '../src/core/errors.ts';
import { discretize, type Discretization, type DiscretizeOptions } from '../src/core/cable/discretize.ts';
import { buildMatrix, locate } from '../src/core/cable/matrix.ts';
import type { CableModelSpec, Location, Where } from '../src/core/cable/model.ts';
import type { Skeleton } from '../src/core/morphology/skeleton.ts';
import type { BlockDef, Inputs, Params } from './types.ts';
import { paramValues, type ParamValues } from './param-values.ts';
import type { ModelValue, NeuronValue, SelectionValue, SocketType, ValueOf } from './values.ts';

/** Sockets of a block that adds something at selected nodes: a model in, where, a model out. */
export const AT_NODES_SOCKETS = {
  inputs: {
    model: { type: 'model', label: 'model' },
    where: { type: 'selection', label: 'at nodes' },
  },
  outputs: { model: { type: 'model', label: 'model' } },
} as const satisfies Pick<BlockDef, 'inputs' | 'outputs'>;

/** Sockets of a block that sets something on all sections or on the sections of some nodes. */
export const ON_SECTIONS_SOCKETS = {
  inputs: {
    model: { type: 'model', label: 'model' },
    where: { type: 'selection', label: 'sections of nodes', optional: true },
  },
  outputs: { model: { type: 'model', label: 'model' } },
} as const satisfies Pick<BlockDef, 'inputs' | 'outputs'>;

/** NEURON's default axial resistivity of a fresh section (Ω·cm). */
export const NEURON_RA = 35.4;
/** NEURON's default specific membrane capacitance of a fresh section (µF/cm²). */
export const NEURON_CM = 1;

/** The parts of a model a block may replace (everything but its neuron and discretization). */
export type ModelParts = Partial<Omit<ModelValue, 'kind' | 'neuron' | 'discretization'>>;

/**
 * A new model: `model` with `parts` replaced. The input is never touched; arrays not in
 * `parts` are shared with it, which is safe because no block ever writes into a model. The
 * result is frozen (shallowly: the object itself) so that a block that tried to assign to a
 * model would fail at once instead of changing a value other readers share.
 */
export function withParts(model: ModelValue, parts: ModelParts): ModelValue {
  return Object.freeze({ ...model, ...parts });
}

/** A fresh model of a neuron: NEURON's default Ra and cm, nothing inserted, placed or recorded. */
export function emptyModel(neuron: NeuronValue, discretization: DiscretizeOptions): ModelValue {
  return Object.freeze({
    kind: 'model',
    neuron,
    discretization,
    Ra: NEURON_RA,
    cm: NEURON_CM,
    properties: [],
    mechanisms: [],
    pointProcesses: [],
    recorders: [],
    netStims: [],
    netCons: [],
    units: {},
  });
}

/** What the input helpers need to name a block and its sockets in messages. */
export interface BlockNames {
  title: string;
  inputs: Record<string, { label: string }>;
}

function socketLabel(block: BlockNames, socket: string): string {
  return block.inputs[socket]?.label ?? socket;
}

function kindOf(v: unknown): string | undefined {
  return typeof v === 'object' && v !== null && 'kind' in v && typeof v.kind === 'string' ? v.kind : undefined;
}

/** The value on a required input of the given kind, or a CoreError naming the block and socket. */
export function requireInput<K extends SocketType>(inputs: Inputs, socket: string, kind: K, block: BlockNames): ValueOf<K> {
  const v = inputs[socket];
  if (v === undefined || v === null) throw new CoreError('input', `${block.title}: connect a ${kind} to its "${socketLabel(block, socket)}" input`);
  const k = kindOf(v);
  if (k !== kind) throw new CoreError('input', `${block.title}: its "${socketLabel(block, socket)}" input needs a ${kind}, got ${k ?? typeof v}`);
  return v as ValueOf<K>;
}

/** The model on the block's `model` input. */
export function modelInput(inputs: Inputs, block: BlockNames, socket = 'model'): ModelValue {
  return requireInput(inputs, socket, 'model', block);
}

/** The neuron on the block's `neuron` input. */
export function neuronInput(inputs: Inputs, block: BlockNames, socket = 'neuron'): NeuronValue {
  return requireInput(inputs, socket, 'neuron', block);
}

/**
 * The selection on the block's `socket` input, checked: connected (unless `optional`, which
 * gives null when unconnected), not empty, and every node in the model's skeleton. An empty
 * selection is an error rather than a no-op so that a model never silently records from or
 * stimulates nothing; the message names the selection as its block described it.
 */
export function selectionInput(inputs: Inputs, block: BlockNames, skeleton: Skeleton, socket: string, optional: true): SelectionValue | null;
export function selectionInput(inputs: Inputs, block: BlockNames, skeleton: Skeleton, socket?: string, optional?: false): SelectionValue;
export function selectionInput(inputs: Inputs, block: BlockNames, skeleton: Skeleton, socket = 'where', optional = false): SelectionValue | null {
  const v = inputs[socket];
  if ((v === undefined || v === null) && optional) return null;
  const sel = requireInput(inputs, socket, 'selection', block);
  const label = socketLabel(block, socket);
  if (sel.ids.length === 0) {
    throw new CoreError('input', `${block.title}: the selection "${sel.description}" on its "${label}" input is empty; it must contain at least one node`);
  }
  for (const id of sel.ids) {
    if (skeleton.rowOf(id) < 0) {
      throw new CoreError('node-not-found', `${block.title}: node ${id} of the selection "${sel.description}" does not exist in the skeleton${skeleton.name ? ` ${skeleton.name}` : ''}`, { node: id });
    }
  }
  return sel;
}

/**
 * The sections a selection covers, as a mechanism's or property's `Where`: NEURON inserts
 * mechanisms per section, so a node stands for its whole section (navis's get_node_section).
 * The ids are copied so the model does not share a buffer with the selection value.
 */
export function whereOf(sel: SelectionValue | null): Where {
  return sel === null ? 'all' : { nodes: Int32Array.from(sel.ids) };
}

/**
 * Labels for one recorder per selected node: the label itself for one node, `label_<nodeId>`
 * for several (navis keys unlabelled records by node id; we keep the user's label as prefix).
 */
export function perNodeLabels(label: string, ids: ArrayLike<number>): string[] {
  if (ids.length === 1) return [label];
  return Array.from(ids, (id) => `${label}_${id}`);
}

// Discretizations by skeleton and options. Keyed by the Skeleton object (immutable, and what
// every derived model shares), so the compartment-model block's eager discretization is
// reused by every downstream block and by the run; a WeakMap lets it go with the skeleton.
const discCache = new WeakMap<Skeleton, Map<string, Discretization>>();

function optionsKey(o: DiscretizeOptions): string {
  // The soma policy only when it is not the default, so navis keys stay as they were.
  const policy = o.somaPolicy !== undefined && o.somaPolicy !== 'navis' ? [o.somaPolicy] : [];
  return JSON.stringify([o.res ?? null, o.nseg ?? null, o.minRadius ?? null, ...policy]);
}

/**
 * The discretization of a skeleton with these options, computed once per (skeleton, options).
 * Callers must treat it as read-only: it is shared by every model of that skeleton.
 */
export function discretizationOf(skeleton: Skeleton, options: DiscretizeOptions): Discretization {
  let bySkel = discCache.get(skeleton);
  if (!bySkel) {
    bySkel = new Map();
    discCache.set(skeleton, bySkel);
  }
  const key = optionsKey(options);
  let disc = bySkel.get(key);
  if (!disc) {
    disc = discretize(skeleton, options);
    bySkel.set(key, disc);
  }
  return disc;
}

/** The discretization of a model (see discretizationOf). */
export function modelDiscretization(model: ModelValue): Discretization {
  return discretizationOf(model.neuron.skeleton, model.discretization);
}

/** The simulator's declarative spec of a model, ready for compileModel. */
export function toCableSpec(model: ModelValue): CableModelSpec {
  return {
    skeleton: model.neuron.skeleton,
    discretization: modelDiscretization(model),
    Ra: model.Ra,
    cm: model.cm,
    properties: model.properties,
    mechanisms: model.mechanisms,
    pointProcesses: model.pointProcesses,
    recorders: model.recorders,
    netStims: model.netStims,
    netCons: model.netCons,
    ...(model.mods ? { catalogue: Object.fromEntries(Object.entries(model.mods).map(([name, m]) => [name, m.def])) } : {}),
  };
}

/**
 * NEURON's node (a segment centre or a section end) of a location, as an index that is equal
 * for two locations exactly when NEURON puts them on the same node: what `sec(x)` returns
 * for a point process, a recorder or a threshold detector. Built on the same matrix layout
 * compileModel uses, so it can never disagree with the run.
 */
export function segmentLocator(model: ModelValue): { nodeOf(loc: Location): number; describe(loc: Location): string } {
  const disc = modelDiscretization(model);
  const sk = model.neuron.skeleton;
  // Ra only scales the axial conductances; the layout (which node is where) does not depend on it.
  const m = buildMatrix(disc, new Float64Array(disc.sections.length).fill(NEURON_RA));
  const row = (id: number) => sk.requireRow(id);
  return {
    nodeOf: (loc) => locate(m, disc, loc, row),
    describe: (loc) => {
      const s = 'node' in loc ? disc.nodeSection[row(loc.node)] : loc.section;
      const x = 'node' in loc ? disc.nodeX[row(loc.node)] : loc.x;
      const nseg = disc.sections[s].nseg;
      return `section ${s} at x = ${x.toFixed(3)} (segment ${Math.min(Math.floor(x * nseg), nseg - 1) + 1} of ${nseg})`;
    },
  };
}

/**
 * Check new labels: not empty, not repeated, not taken by an existing recorder (trace
 * labels) or detector (spike labels). compileModel would reject a clash too, but on the Run
 * block; checking here puts the message on the block that made the clash.
 */
export function checkNewLabels(blockTitle: string, labels: readonly string[], taken: Iterable<string>, what: string): void {
  const upstream = new Set(taken);
  const own = new Set<string>();
  for (const l of labels) {
    if (l.trim() === '') throw new CoreError('input', `${blockTitle}: the label must not be empty`);
    if (upstream.has(l)) throw new CoreError('input', `${blockTitle}: there is already a ${what} labelled "${l}" upstream; labels must be unique, give this one another label`);
    if (own.has(l)) throw new CoreError('input', `${blockTitle}: the label "${l}" comes up twice: the selection lists the same node more than once`);
    own.add(l);
  }
}

/**
 * What a block with AT_NODES_SOCKETS starts from: its model, its selection (every node checked
 * to be in the model's skeleton) and its parameter values.
 */
export function atNodesInputs(block: BlockDef, inputs: Inputs, params: Params): { model: ModelValue; sel: SelectionValue; p: ParamValues } {
  const model = modelInput(inputs, block);
  return { model, sel: selectionInput(inputs, block, model.neuron.skeleton), p: paramValues(block, params) };
}

/**
 * What every recorder starts with: its model, the selected nodes and one new trace label per
 * node (`label`, or `label_<node id>` for several, then `rename`d), refused when a label is already taken.
 */
export function recorderInputs(block: BlockDef, inputs: Inputs, params: Params, rename: (label: string) => string = (l) => l): { model: ModelValue; sel: SelectionValue; labels: string[] } {
  const { model, sel, p } = atNodesInputs(block, inputs, params);
  const labels = perNodeLabels(p.string('label').trim(), sel.ids).map(rename);
  checkNewLabels(block.title, labels, model.recorders.map((r) => r.label), 'recorder');
  // 't' names the time column of every traces table (CSV, plots, exports): a trace may not take it.
  if (labels.includes('t')) throw new CoreError('input', `${block.title}: the label "t" is reserved for the time column of the traces; give the recorder another label`);
  return { model, sel, labels };
}
