/**
 * Checking a graph's subgraph definitions and its repeat blocks' tables, in words that name the
 * subgraph, the inner block and the port. Called by validateGraph (which checks the blocks of
 * each definition like those of the graph itself, through `checkBody`).
 */
import type { BlockDef } from '../../nodes/types.ts';
import { NODE_ID_PATTERN, type Graph, type Issue } from './graph.ts';
import { chainPorts, instanceOf, MAX_SUBGRAPH_DEPTH, parseRounds, ROUNDS_PARAM, SUBGRAPH_PREFIX, unknownSubgraph, type Rounds } from './subgraph.ts';
import { blockName, readParams } from './params.ts';
import { didYouMean, quotedList } from './words.ts';

type Lookup = (type: string) => BlockDef | undefined;

/** The message for a block whose subgraph or repeat type cannot be used, or null when it can. */
export function instanceTypeProblem(graph: Pick<Graph, 'subgraphs'>, type: string): string | null {
  const ref = instanceOf(type);
  if (!ref) return null;
  if (!graph.subgraphs?.some((d) => d.id === ref.id)) return unknownSubgraph(graph, ref.id);
  return `subgraph '${ref.id}' cannot be used: its definition has errors (see the subgraph's messages)`;
}

/** A repeat block's rounds table and chained ports, checked as expansion will read them. */
export function repeatIssues(graph: Pick<Graph, 'subgraphs'>, node: Graph['nodes'][number], def: BlockDef, lookup: Lookup): Issue[] {
  const ref = instanceOf(node.type);
  if (ref?.kind !== 'repeat') return [];
  const d = graph.subgraphs?.find((x) => x.id === ref.id);
  if (!d) return [];
  const where = `block '${node.id}' (${node.title || def.title})`;
  if (!chainPorts(def)) return [{ severity: 'error', message: `${where}: subgraph '${d.id}' cannot be repeated: its first output needs an input of the same kind to chain the rounds`, node: node.id }];
  const text = node.params[ROUNDS_PARAM];
  let rounds: Rounds;
  try {
    rounds = parseRounds(typeof text === 'string' ? text : '', d.params.map((p) => p.name));
  } catch (e) {
    return [{ severity: 'error', message: `${where}: ${(e as Error).message}`, node: node.id, param: ROUNDS_PARAM }];
  }
  // Each row's values, checked as the round's instance will read them (kind, unit, range).
  const round = lookup(SUBGRAPH_PREFIX + d.id);
  if (!round) return [];
  const out: Issue[] = [];
  rounds.rows.forEach((row, k) => {
    const params = Object.fromEntries(rounds.names.map((n, j) => [n, row[j]]));
    for (const i of readParams({ id: node.id, type: node.type, params }, { ...round, params: round.params.filter((p) => rounds.names.includes(p.name)) }).issues) {
      const own = `${blockName(node)}: `;
      out.push({ ...i, message: `${where}, round ${k + 1}: ${i.message.startsWith(own) ? i.message.slice(own.length) : i.message}`, param: ROUNDS_PARAM });
    }
  });
  return out;
}

/**
 * Everything wrong with the graph's subgraph definitions: ids, exposed ports and parameters that
 * name nothing, a subgraph that contains itself, and the inner blocks' own problems (from
 * `checkBody`, prefixed with the subgraph). Inner inputs fed through an exposed input count as
 * connected.
 */
export function subgraphIssues(graph: Graph, lookup: Lookup, checkBody: (body: Graph) => Issue[]): Issue[] {
  const defs = graph.subgraphs ?? [];
  const issues: Issue[] = [];
  const seen = new Set<string>();
  for (const d of defs) {
    const where = `subgraph '${d.id}'`;
    if (!NODE_ID_PATTERN.test(d.id) || d.id.length > 64) issues.push({ severity: 'error', message: `${where}: a subgraph id is 1–64 letters, digits, '_' and '-'` });
    if (seen.has(d.id)) issues.push({ severity: 'error', message: `two subgraphs have the id '${d.id}'; ids must be unique (blocks name their subgraph by id)` });
    seen.add(d.id);
    const byId = new Map(d.nodes.map((n) => [n.id, n]));
    const defOf = (id: string) => {
      const n = byId.get(id);
      return n && lookup(n.type);
    };
    const fed = new Set<string>();
    for (const x of d.inputs) {
      if (!x.targets.length) issues.push({ severity: 'error', message: `${where}: input '${x.name}' feeds no block` });
      for (const t of x.targets) {
        fed.add(`${t.node}\u0000${t.port}`);
        if (!byId.has(t.node)) issues.push({ severity: 'error', message: `${where}: input '${x.name}' feeds block '${t.node}', which is not in the subgraph${didYouMean(t.node, byId.keys())}` });
        else if (defOf(t.node) && !Object.hasOwn(defOf(t.node)!.inputs, t.port)) issues.push({ severity: 'error', message: `${where}: input '${x.name}' feeds '${t.node}.${t.port}', but '${t.node}' has no input '${t.port}'` });
      }
    }
    for (const x of d.outputs) {
      if (!byId.has(x.from.node)) issues.push({ severity: 'error', message: `${where}: output '${x.name}' comes from block '${x.from.node}', which is not in the subgraph${didYouMean(x.from.node, byId.keys())}` });
      else if (defOf(x.from.node) && !Object.hasOwn(defOf(x.from.node)!.outputs, x.from.port)) issues.push({ severity: 'error', message: `${where}: output '${x.name}' comes from '${x.from.node}.${x.from.port}', but '${x.from.node}' has no output '${x.from.port}'` });
    }
    for (const x of d.params) {
      const def = defOf(x.node);
      if (!byId.has(x.node)) issues.push({ severity: 'error', message: `${where}: parameter '${x.name}' sets block '${x.node}', which is not in the subgraph` });
      else if (def && !def.params.some((p) => p.name === x.param)) issues.push({ severity: 'error', message: `${where}: parameter '${x.name}' sets '${x.node}.${x.param}', but '${x.node}' has no such parameter${def.paramsFrom ? ' among its fixed ones (parameters read from a file cannot be exposed yet)' : ''}` });
    }
    for (const kind of ['inputs', 'outputs', 'params'] as const) {
      const names = d[kind].map((x) => x.name);
      const twice = names.filter((n, k) => names.indexOf(n) !== k);
      if (twice.length) issues.push({ severity: 'error', message: `${where}: ${kind === 'params' ? 'parameter' : kind.slice(0, -1)} name${twice.length > 1 ? 's' : ''} ${quotedList([...new Set(twice)])} used twice` });
    }
    const cycle = selfContaining(graph, d.id);
    if (cycle) issues.push({ severity: 'error', message: `subgraph '${d.id}' contains itself (${cycle.join(' → ')}); a subgraph cannot be used inside itself` });
    const inner = checkBody({ ...graph, nodes: d.nodes, connections: d.connections });
    for (const i of inner) {
      // Fed from outside through an exposed input: connected, for the instance.
      if (i.node && fed.size && /input '([^']*)' is not connected/.test(i.message) && fed.has(`${i.node}\u0000${/input '([^']*)'/.exec(i.message)![1]}`)) continue;
      if (i.asset) continue; // files are counted over the whole graph
      // Inner ids, params and wire numbers mean nothing at the top: the message names them.
      const { node: _n, param: _p, connection: _c, ...rest } = i;
      issues.push({ ...rest, message: `${where}: ${i.message}` });
    }
  }
  return issues;
}

/** The chain of subgraph ids by which `id` contains itself, or null. */
function selfContaining(graph: Graph, id: string): string[] | null {
  // Each subgraph explored once: one used along many paths is not walked again.
  const done = new Set<string>();
  const walk = (at: string, path: string[]): string[] | null => {
    if (path.length > MAX_SUBGRAPH_DEPTH || done.has(at)) return null;
    done.add(at);
    const d = graph.subgraphs?.find((x) => x.id === at);
    for (const n of d?.nodes ?? []) {
      const ref = instanceOf(n.type);
      if (!ref) continue;
      if (ref.id === id) return [...path, id];
      if (path.includes(ref.id)) continue; // another cycle, reported on its own subgraph
      const found = walk(ref.id, [...path, ref.id]);
      if (found) return found;
    }
    return null;
  };
  return walk(id, [id]);
}
