/**
 * Subgraphs: a group of blocks defined once in the graph document (`graph.subgraphs`, see
 * SubgraphDef) and used as blocks of their own.
 *
 * - `subgraph:<id>` is an instance: its inputs, outputs and parameters are the definition's
 *   exposed ones; a parameter set on the instance overrides the inner block's value.
 * - `repeat:<id>` applies the subgraph once per row of its `rounds` table, in order: the
 *   subgraph's first output is wired into the next round's input of the same type (a model
 *   through rounds of synapses); its other inputs feed every round; its outputs are the last
 *   round's.
 *
 * Nothing runs a subgraph as such: `flattenGraph` expands every instance into its blocks, with
 * ids `<instance>/<inner>` (`<repeat>/<round>/<inner>` for a repeat), before a graph reaches the
 * evaluator, the CLI or the NEURON export, so memo, streaming, sweeps and export see ordinary
 * blocks. The session reports the inner blocks' state and outputs on the instance.
 */
import type { BlockDef, ParamSpec, ParamValue } from '../../nodes/types.ts';
import type { Connection, Endpoint, Graph, GraphNode, JsonValue, SubgraphDef } from './graph.ts';
import { quotedList, didYouMean } from './words.ts';

/** Type prefix of a subgraph instance. */
export const SUBGRAPH_PREFIX = 'subgraph:';
/** Type prefix of a repeat block. */
export const REPEAT_PREFIX = 'repeat:';
/** The repeat block's table parameter. */
export const ROUNDS_PARAM = 'rounds';
/** Between an instance's id and its inner ids in the expanded graph. */
export const INNER_SEPARATOR = '/';

/** Deepest nesting of subgraphs in subgraphs expanded (a definition path longer than this is refused). */
export const MAX_SUBGRAPH_DEPTH = 32;
/** Most rounds of one repeat block. */
export const MAX_ROUNDS = 1000;
/**
 * Most blocks a graph may expand into: nesting multiplies (a subgraph of ten instances of one
 * of ten…), and a hostile file must not make the expansion exhaust memory.
 */
export const MAX_EXPANDED_BLOCKS = 100_000;

/** A subgraph or repeat type's definition id, or null for any other block type. */
export function instanceOf(type: string): { kind: 'subgraph' | 'repeat'; id: string } | null {
  if (type.startsWith(SUBGRAPH_PREFIX)) return { kind: 'subgraph', id: type.slice(SUBGRAPH_PREFIX.length) };
  if (type.startsWith(REPEAT_PREFIX)) return { kind: 'repeat', id: type.slice(REPEAT_PREFIX.length) };
  return null;
}

/** A graph's problem with its subgraphs that stops expansion (a cycle, an unknown definition, a bad table). */
export class SubgraphError extends Error {
  constructor(
    message: string,
    readonly node?: string,
  ) {
    super(message);
  }
}

type Lookup = (type: string) => BlockDef | undefined;
type WithSubgraphs = Pick<Graph, 'subgraphs'>;

function findDef(graph: WithSubgraphs, id: string): SubgraphDef | undefined {
  return graph.subgraphs?.find((d) => d.id === id);
}

/** "unknown subgraph 'x'" with what the graph defines. */
export function unknownSubgraph(graph: WithSubgraphs, id: string): string {
  const ids = (graph.subgraphs ?? []).map((d) => d.id);
  return `unknown subgraph '${id}'${didYouMean(id, ids)} (${ids.length ? `this graph defines ${quotedList(ids)}` : 'this graph defines no subgraphs'})`;
}

// ---------------------------------------------------------------------------------------------
// Block definitions of instances

/** A primitive of the right kind for a spec, as an inner block's value may be used as the instance's default. */
function asDefault(spec: ParamSpec, v: JsonValue | undefined): ParamValue | undefined {
  if (v === undefined || v === null) return undefined;
  switch (spec.kind) {
    case 'number':
      return typeof v === 'number' || (spec.perSegment && typeof v === 'string') ? v : undefined;
    case 'string':
    case 'enum':
    case 'file':
      return typeof v === 'string' ? v : undefined;
    case 'boolean':
      return typeof v === 'boolean' ? v : undefined;
    case 'node-ids':
      return Array.isArray(v) && v.every((x) => typeof x === 'number') ? (v as number[]) : undefined;
  }
}

const notRun = (): never => {
  throw new Error('a subgraph block is expanded into its blocks before the graph runs');
};

const defCache = new WeakMap<readonly SubgraphDef[], Map<string, BlockDef | null>>();

/**
 * The block definition of a `subgraph:<id>` or `repeat:<id>` type of this graph (sockets from
 * the inner blocks' sockets, parameters from the inner blocks' specs with the inner values as
 * defaults), or undefined when the type is not one or its definition is unknown or contains
 * itself. Cached per `subgraphs` list (documents are replaced, never changed, on edits).
 */
export function subgraphBlockDef(graph: WithSubgraphs, type: string, base: Lookup): BlockDef | undefined {
  const ref = instanceOf(type);
  if (!ref || !graph.subgraphs?.length) return undefined;
  let cache = defCache.get(graph.subgraphs);
  if (!cache) defCache.set(graph.subgraphs, (cache = new Map()));
  if (cache.has(type)) return cache.get(type) ?? undefined;
  const made = makeDef(graph, ref.kind, ref.id, base, [], cache);
  cache.set(type, made ?? null);
  return made;
}

/**
 * An instance type's definition; `memo` holds those already made (by type), so that a subgraph
 * used by many others is made once (nesting would otherwise cost time exponential in depth).
 */
function makeDef(graph: WithSubgraphs, kind: 'subgraph' | 'repeat', id: string, base: Lookup, stack: string[], memo: Map<string, BlockDef | null> = new Map()): BlockDef | undefined {
  const d = findDef(graph, id);
  if (!d || stack.includes(id) || stack.length >= MAX_SUBGRAPH_DEPTH) return undefined;
  const inner = (type: string): BlockDef | undefined => {
    const r = instanceOf(type);
    if (!r) return base(type);
    // A definition reached inside itself is refused (undefined), and such is not remembered.
    if (memo.has(type)) return memo.get(type) ?? undefined;
    const made = makeDef(graph, r.kind, r.id, base, [...stack, id], memo);
    if (made) memo.set(type, made);
    return made;
  };
  const nodeDef = (nodeId: string): { node: GraphNode; def: BlockDef } | undefined => {
    const node = d.nodes.find((n) => n.id === nodeId);
    const def = node && inner(node.type);
    return node && def ? { node, def } : undefined;
  };
  const inputs: BlockDef['inputs'] = {};
  for (const x of d.inputs) {
    const t = x.targets[0] && nodeDef(x.targets[0].node);
    const spec = t && Object.hasOwn(t.def.inputs, x.targets[0].port) ? t.def.inputs[x.targets[0].port] : undefined;
    if (spec) inputs[x.name] = { type: spec.type, label: x.name, ...(x.targets.every((e) => nodeDef(e.node)?.def.inputs[e.port]?.optional) ? { optional: true } : {}) };
  }
  const outputs: BlockDef['outputs'] = {};
  for (const x of d.outputs) {
    const t = nodeDef(x.from.node);
    const spec = t && Object.hasOwn(t.def.outputs, x.from.port) ? t.def.outputs[x.from.port] : undefined;
    if (spec) outputs[x.name] = { type: spec.type, label: x.name };
  }
  const params: ParamSpec[] = [];
  for (const x of d.params) {
    const t = nodeDef(x.node);
    const spec = t?.def.params.find((p) => p.name === x.param);
    if (!t || !spec) continue;
    const dflt = asDefault(spec, t.node.params[x.param]);
    // visibleWhen names the inner block's other parameters, which the instance does not have.
    const { visibleWhen: _hidden, ...rest } = spec;
    params.push({ ...rest, name: x.name, label: x.name === spec.name ? spec.label : x.name, help: `${spec.help} (${t.node.title || t.node.id}.${x.param} inside)`, ...(dflt !== undefined ? { default: dflt } : {}) } as ParamSpec);
  }
  const base0 = { category: 'model' as const, inputs, outputs, compute: notRun };
  if (kind === 'subgraph') {
    return { ...base0, type: SUBGRAPH_PREFIX + id, title: d.title, description: d.description ?? `Subgraph of ${d.nodes.length} blocks`, params };
  }
  const rounds: ParamSpec = {
    kind: 'string',
    name: ROUNDS_PARAM,
    label: 'Rounds',
    multiline: true,
    default: '',
    help: `One round per row, applied in order: a header line naming parameters of '${d.title}' (${d.params.map((p) => p.name).join(', ') || 'none'}), then one line of values per round, separated by commas`,
  };
  return { ...base0, type: REPEAT_PREFIX + id, title: `Repeat ${d.title}`, description: `Applies '${d.title}' once per row of a table`, params: [rounds, ...params.filter((p) => p.name !== ROUNDS_PARAM)] };
}

/**
 * A lookup for a graph: the catalogue's blocks and the graph's subgraph and repeat types.
 * Resolves against `graph()` at each call, so a lookup made once follows an edited document.
 */
export function graphLookup(graph: () => WithSubgraphs, base: Lookup): Lookup {
  return (type) => base(type) ?? subgraphBlockDef(graph(), type, base);
}

// ---------------------------------------------------------------------------------------------
// The rounds table of a repeat block

/** A repeat block's rounds: parameter names and one row of values per round. */
export interface Rounds {
  names: string[];
  rows: JsonValue[][];
}

function cell(text: string): JsonValue {
  const t = text.trim();
  if (t === 'true' || t === 'false') return t === 'true';
  const v = Number(t);
  return t !== '' && Number.isFinite(v) ? v : t;
}

/**
 * Read a rounds table: a header line of exposed parameter names, then one line per round, cells
 * separated by commas (or tabs, as pasted from a spreadsheet); blank lines and lines starting
 * with `#` are skipped. Numbers become numbers, true/false booleans, anything else text.
 * Throws a SubgraphError naming the line that is wrong.
 */
export function parseRounds(text: string, exposed: readonly string[]): Rounds {
  const lines = text
    .split(/\r?\n/)
    .map((l, k) => ({ l: l.trim(), k: k + 1 }))
    .filter((x) => x.l !== '' && !x.l.startsWith('#'));
  if (!lines.length) throw new SubgraphError(`the rounds table is empty: write a header line naming parameters (${exposed.join(', ') || 'the subgraph has none'}), then one line of values per round`);
  const split = (l: string) => l.split(l.includes('\t') ? '\t' : ',');
  const names = split(lines[0].l).map((x) => x.trim());
  for (const n of names) {
    if (!exposed.includes(n)) throw new SubgraphError(`rounds, line ${lines[0].k}: '${n}' is not a parameter of the subgraph${didYouMean(n, exposed)} (it has ${exposed.length ? quotedList([...exposed]) : 'none'})`);
  }
  const twice = names.find((n, k) => names.indexOf(n) !== k);
  if (twice) throw new SubgraphError(`rounds, line ${lines[0].k}: '${twice}' is named twice`);
  const rows = lines.slice(1).map(({ l, k }) => {
    const cells = split(l);
    if (cells.length !== names.length) throw new SubgraphError(`rounds, line ${k}: ${cells.length} values for ${names.length} columns (${names.join(', ')})`);
    return cells.map(cell);
  });
  if (!rows.length) throw new SubgraphError('the rounds table has a header but no rounds: add one line of values per round');
  if (rows.length > MAX_ROUNDS) throw new SubgraphError(`the rounds table has ${rows.length} rounds; at most ${MAX_ROUNDS}`);
  return { names, rows };
}

/** The repeat's chained ports: its first output and the first input of the same socket type. */
export function chainPorts(def: BlockDef): { input: string; output: string } | null {
  for (const [output, o] of Object.entries(def.outputs)) {
    const input = Object.entries(def.inputs).find(([, i]) => i.type === o.type)?.[0];
    if (input) return { input, output };
    break;
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// Expansion

/** Where an instance's blocks went in the expanded graph. */
export interface InstanceInfo {
  /** The instance's id in the expanded graph's terms (`a/b` for an instance inside instance `a`). */
  id: string;
  /** Its subgraph's id. */
  subgraph: string;
  kind: 'subgraph' | 'repeat';
  /** Ids of every expanded (catalogue) block inside it, in order. */
  blocks: string[];
  /** Its output ports: the expanded block output each one gives. */
  outputs: Record<string, Endpoint>;
  /** A repeat's rounds table columns (a row's value wins over the repeat's own for these). */
  rowParams?: string[];
}

/** An expanded graph and where each instance went. */
export interface Flattened<G> {
  graph: G;
  /** Every instance at any depth, by its expanded id. */
  instances: Map<string, InstanceInfo>;
}

interface Ports {
  inputs: Map<string, Endpoint[]>;
  outputs: Map<string, Endpoint>;
}

interface Ctx {
  graph: WithSubgraphs;
  base: Lookup;
  nodes: GraphNode[];
  connections: Connection[];
  instances: Map<string, InstanceInfo>;
  /** Blocks and instances expanded so far. */
  expanded: number;
  /** Each repeat's rounds table columns, by expanded id. */
  rowParams: Map<string, string[]>;
}

/** The graph's subgraph and repeat blocks expanded into catalogue blocks (see the module's comment). */
export function flattenGraph<G extends Pick<Graph, 'nodes' | 'connections' | 'subgraphs'>>(graph: G, base: Lookup): Flattened<G> {
  const instances = new Map<string, InstanceInfo>();
  if (!graph.nodes.some((n) => instanceOf(n.type))) return { graph, instances };
  const ctx: Ctx = { graph, base, nodes: [], connections: [], instances, expanded: 0, rowParams: new Map() };
  expand(ctx, graph.nodes, graph.connections, '', []);
  const { subgraphs: _defs, ...rest } = graph;
  return { graph: { ...rest, nodes: ctx.nodes, connections: ctx.connections } as unknown as G, instances };
}

/** Expand one level's blocks and wires under `prefix`; returns each block's ports in expanded terms. */
function expand(ctx: Ctx, nodes: readonly GraphNode[], connections: readonly Connection[], prefix: string, stack: string[]): Map<string, Ports> {
  const ports = new Map<string, Ports>();
  for (const n of nodes) {
    const id = prefix + n.id;
    const ref = instanceOf(n.type);
    // Instances count too: empty subgraphs nested and repeated would otherwise expand forever.
    if (++ctx.expanded > MAX_EXPANDED_BLOCKS) throw new SubgraphError(`the graph's subgraphs expand into more than ${MAX_EXPANDED_BLOCKS.toLocaleString('en')} blocks (at '${id}'); nest or repeat them less`);
    if (!ref) {
      if (ctx.nodes.length >= MAX_EXPANDED_BLOCKS) throw new SubgraphError(`the graph's subgraphs expand into more than ${MAX_EXPANDED_BLOCKS.toLocaleString('en')} blocks (at '${id}'); nest or repeat them less`);
      const flat: GraphNode = { ...n, id };
      ctx.nodes.push(flat);
      ports.set(n.id, { inputs: new Map(), outputs: new Map() });
      continue;
    }
    const before = ctx.nodes.length;
    const p = ref.kind === 'subgraph' ? expandInstance(ctx, n, id, ref.id, stack) : expandRepeat(ctx, n, id, ref.id, stack);
    ports.set(n.id, p);
    const info: InstanceInfo = { id, subgraph: ref.id, kind: ref.kind, blocks: ctx.nodes.slice(before).map((x) => x.id), outputs: Object.fromEntries(p.outputs) };
    if (ref.kind === 'repeat') info.rowParams = ctx.rowParams.get(id) ?? [];
    ctx.instances.set(id, info);
  }
  const from = (e: Endpoint): Endpoint => ports.get(e.node)?.outputs.get(e.port) ?? { node: prefix + e.node, port: e.port };
  const into = (e: Endpoint): Endpoint[] => {
    const p = ports.get(e.node);
    return p && (p.inputs.size || p.outputs.size) ? (p.inputs.get(e.port) ?? []) : [{ node: prefix + e.node, port: e.port }];
  };
  for (const c of connections) for (const to of into(c.to)) ctx.connections.push({ from: from(c.from), to });
  return ports;
}

function definition(ctx: Ctx, node: GraphNode, id: string, subgraph: string, stack: string[]): SubgraphDef {
  const d = findDef(ctx.graph, subgraph);
  if (!d) throw new SubgraphError(`block '${id}': ${unknownSubgraph(ctx.graph, subgraph)}`, node.id);
  if (stack.includes(subgraph)) throw new SubgraphError(`subgraph '${subgraph}' contains itself (${[...stack.slice(stack.indexOf(subgraph)), subgraph].join(' → ')}); a subgraph cannot be used inside itself`, node.id);
  if (stack.length >= MAX_SUBGRAPH_DEPTH) throw new SubgraphError(`block '${id}': subgraphs nested more than ${MAX_SUBGRAPH_DEPTH} deep`, node.id);
  return d;
}

function expandInstance(ctx: Ctx, node: GraphNode, id: string, subgraph: string, stack: string[]): Ports {
  const d = definition(ctx, node, id, subgraph, stack);
  // The instance's parameter values replace the inner blocks' (copies: definitions are shared).
  const inner = d.nodes.map((n) => ({ ...n, params: { ...n.params } }));
  for (const x of d.params) {
    const v = node.params[x.name];
    const target = inner.find((n) => n.id === x.node);
    if (v !== undefined && target) target.params[x.param] = v;
  }
  const innerPorts = expand(ctx, inner, d.connections, id + INNER_SEPARATOR, [...stack, subgraph]);
  const resolveIn = (e: Endpoint): Endpoint[] => {
    const p = innerPorts.get(e.node);
    return p && (p.inputs.size || p.outputs.size) ? (p.inputs.get(e.port) ?? []) : [{ node: id + INNER_SEPARATOR + e.node, port: e.port }];
  };
  const inputs = new Map(d.inputs.map((x) => [x.name, x.targets.flatMap(resolveIn)]));
  const outputs = new Map(d.outputs.map((x) => [x.name, innerPorts.get(x.from.node)?.outputs.get(x.from.port) ?? { node: id + INNER_SEPARATOR + x.from.node, port: x.from.port }]));
  return { inputs, outputs };
}

function expandRepeat(ctx: Ctx, node: GraphNode, id: string, subgraph: string, stack: string[]): Ports {
  const d = definition(ctx, node, id, subgraph, stack);
  const def = makeDef(ctx.graph, 'subgraph', subgraph, ctx.base, stack);
  const chain = def && chainPorts(def);
  if (!def || !chain) throw new SubgraphError(`block '${id}': subgraph '${subgraph}' cannot be repeated: it needs an output and an input of the same kind (a model in and out) to chain its rounds`, node.id);
  const text = node.params[ROUNDS_PARAM];
  let rounds: Rounds;
  try {
    rounds = parseRounds(typeof text === 'string' ? text : '', d.params.map((p) => p.name));
  } catch (e) {
    throw new SubgraphError(`block '${id}': ${(e as Error).message}`, node.id);
  }
  ctx.rowParams.set(id, rounds.names);
  // Round k is an instance named k whose parameters are the repeat's, then the row's.
  const { [ROUNDS_PARAM]: _table, ...shared } = node.params;
  const roundNodes: GraphNode[] = rounds.rows.map((row, k) => ({
    id: String(k + 1),
    type: SUBGRAPH_PREFIX + subgraph,
    params: { ...shared, ...Object.fromEntries(rounds.names.map((name, j) => [name, row[j]])) },
    position: node.position,
  }));
  const wires: Connection[] = roundNodes.slice(1).map((n, k) => ({ from: { node: String(k + 1), port: chain.output }, to: { node: n.id, port: chain.input } }));
  const inner = expand(ctx, roundNodes, wires, id + INNER_SEPARATOR, stack);
  const first = inner.get('1')!;
  const last = inner.get(String(roundNodes.length))!;
  const inputs = new Map<string, Endpoint[]>();
  for (const name of Object.keys(def.inputs)) {
    inputs.set(name, name === chain.input ? (first.inputs.get(name) ?? []) : roundNodes.flatMap((n) => inner.get(n.id)!.inputs.get(name) ?? []));
  }
  return { inputs, outputs: last.outputs };
}

/**
 * The inner parameters an instance's exposed parameter sets, in expanded ids (a sweep of
 * `inst.gmax` sweeps them): through nested instances, and for a repeat every round whose row
 * does not give the parameter itself. Null when `node` is no instance or has no such parameter.
 */
export function innerParams(graph: WithSubgraphs, instances: ReadonlyMap<string, InstanceInfo>, node: string, param: string): Array<{ node: string; param: string }> | null {
  const inst = instances.get(node);
  const d = inst && findDef(graph, inst.subgraph);
  const x = d?.params.find((p) => p.name === param);
  if (!inst || !x) return null;
  const rounds = inst.kind === 'repeat' ? [...instances.keys()].filter((k) => k.startsWith(node + INNER_SEPARATOR) && /^\d+$/.test(k.slice(node.length + 1))) : null;
  if (rounds && inst.rowParams?.includes(param)) throw new SubgraphError(`swept parameter "${node}.${param}": every round of '${node}' takes '${param}' from its rounds table; sweep a parameter the table does not set`);
  if (rounds) return rounds.flatMap((r) => innerParams(graph, instances, r, param) ?? []);
  const target = node + INNER_SEPARATOR + x.node;
  return instances.has(target) ? innerParams(graph, instances, target, x.param) : [{ node: target, param: x.param }];
}
