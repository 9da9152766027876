/**
 * Groups (frames around blocks) and reroute points of wires: reading them from a file, checking
 * them, and the pure edits the store applies. Both are drawing only — the evaluator never looks
 * at them — so a damaged group or reroute list is a warning and is left out, never an error that
 * stops a graph from running.
 */
import { NODE_ID_PATTERN, type Graph, type GraphGroup, type Issue, type JsonObject, type JsonValue } from './graph.ts';
import { describeValue, quotedList } from './words.ts';

/** Colours offered for new groups, in turn (soft enough to sit behind blocks). */
export const GROUP_COLORS = ['#4f7cac', '#6a9955', '#b0763a', '#8e5ea2', '#3f9a9a', '#a94f5b'] as const;
export const GROUP_COLOR_PATTERN = /^#[0-9a-fA-F]{6}$/;
/** Longest group title kept (characters); a file may carry anything. */
export const MAX_GROUP_TITLE = 200;
/** Most reroute points on one wire. */
export const MAX_VIA = 64;
const GROUP_FIELDS = ['id', 'title', 'color', 'nodes', 'collapsed'];

function isObject(v: JsonValue | undefined): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A finite editor coordinate pair, or null. */
function point(v: JsonValue): [number, number] | null {
  return Array.isArray(v) && v.length === 2 && typeof v[0] === 'number' && typeof v[1] === 'number' && Number.isFinite(v[0]) && Number.isFinite(v[1]) ? [v[0], v[1]] : null;
}

/**
 * A connection's `via` from a file: a list of [x, y] (editor px). Anything else is a warning and
 * the wire is drawn straight (undefined).
 */
export function decodeVia(raw: JsonValue | undefined, where: string, issues: Issue[], connection: number): Array<[number, number]> | undefined {
  if (raw === undefined) return undefined;
  const pts = Array.isArray(raw) ? raw.map(point) : null;
  if (!pts || pts.some((p) => p === null) || pts.length > MAX_VIA) {
    const why = !Array.isArray(raw) ? `must be a list of [x, y] points, got ${describeValue(raw)}` : pts && pts.length > MAX_VIA ? `has ${pts.length} points, at most ${MAX_VIA} are kept` : 'must hold [x, y] pairs of finite numbers';
    issues.push({ severity: 'warning', message: `${where}: "via" (reroute points) ${why}; the wire is drawn without them`, connection });
    return undefined;
  }
  return pts.length ? (pts as Array<[number, number]>) : undefined;
}

/**
 * The `groups` list of a file, shape only: entries that are not a group with an id and a list of
 * block ids are left out (a warning each); a bad title or colour is replaced. Membership against
 * the blocks is {@link checkGroups}' job, and {@link pruneGroups} drops what names no block.
 */
export function decodeGroups(raw: JsonValue, issues: Issue[]): GraphGroup[] {
  if (!Array.isArray(raw)) {
    issues.push({ severity: 'warning', message: `"groups" must be a list of groups ({ "id", "title", "color", "nodes" }), got ${describeValue(raw)}; ignored` });
    return [];
  }
  const out: GraphGroup[] = [];
  raw.forEach((g, k) => {
    const where = `group #${k + 1}`;
    if (!isObject(g)) {
      issues.push({ severity: 'warning', message: `${where} must be an object ({ "id", "title", "color", "nodes" }), got ${describeValue(g)}; it is left out` });
      return;
    }
    if (typeof g.id !== 'string' || !NODE_ID_PATTERN.test(g.id) || g.id.length > 64) {
      issues.push({ severity: 'warning', message: `${where}: "id" must be 1–64 letters, digits, '_' or '-', got ${describeValue(g.id ?? null)}; the group is left out` });
      return;
    }
    const named = `group '${g.id}'`;
    if (!Array.isArray(g.nodes) || !g.nodes.every((n) => typeof n === 'string')) {
      issues.push({ severity: 'warning', message: `${named}: "nodes" must be a list of block ids, got ${describeValue(g.nodes ?? null)}; the group is left out` });
      return;
    }
    let title = '';
    if (typeof g.title === 'string') title = g.title.length > MAX_GROUP_TITLE ? g.title.slice(0, MAX_GROUP_TITLE) : g.title;
    if (g.title !== undefined && typeof g.title !== 'string') issues.push({ severity: 'warning', message: `${named}: "title" must be text, got ${describeValue(g.title)}; it has no title` });
    else if (typeof g.title === 'string' && g.title.length > MAX_GROUP_TITLE) issues.push({ severity: 'warning', message: `${named}: its title is ${g.title.length} characters long; the first ${MAX_GROUP_TITLE} are kept` });
    let color: string = GROUP_COLORS[out.length % GROUP_COLORS.length];
    if (typeof g.color === 'string' && GROUP_COLOR_PATTERN.test(g.color)) color = g.color.toLowerCase();
    else if (g.color !== undefined) issues.push({ severity: 'warning', message: `${named}: "color" must be "#rrggbb", got ${describeValue(g.color)}; ${color} is used` });
    const group: GraphGroup = { id: g.id, title, color, nodes: [...new Set(g.nodes as string[])] };
    if (g.collapsed !== undefined) {
      if (typeof g.collapsed === 'boolean') {
        if (g.collapsed) group.collapsed = true;
      } else issues.push({ severity: 'warning', message: `${named}: "collapsed" must be true or false, got ${describeValue(g.collapsed)}; it is shown expanded` });
    }
    const unknown = Object.keys(g).filter((f) => !GROUP_FIELDS.includes(f));
    if (unknown.length) issues.push({ severity: 'warning', message: `${named}: unknown field${unknown.length > 1 ? 's' : ''} ${quotedList(unknown)} ignored (and left out when the graph is saved)` });
    out.push(group);
  });
  return out;
}

/**
 * What is wrong with a graph's groups (warnings: groups are drawing only): repeated group ids,
 * blocks that do not exist, a block in more than one group, an empty group.
 */
export function checkGroups(graph: Graph): Issue[] {
  const issues: Issue[] = [];
  if (!graph.groups) return issues;
  const nodes = new Set(graph.nodes.map((n) => n.id));
  const ids = new Set<string>();
  const owner = new Map<string, string>();
  for (const g of graph.groups) {
    if (ids.has(g.id)) issues.push({ severity: 'warning', message: `two groups have the id '${g.id}'; the second is left out` });
    ids.add(g.id);
    const missing = g.nodes.filter((n) => !nodes.has(n));
    if (missing.length) issues.push({ severity: 'warning', message: `group '${g.id}' names block${missing.length > 1 ? 's' : ''} ${quotedList(missing.slice(0, 5))}${missing.length > 5 ? ` and ${missing.length - 5} more` : ''} that the graph does not have; left out of the group` });
    for (const n of g.nodes) {
      const o = owner.get(n);
      if (o !== undefined && o !== g.id) issues.push({ severity: 'warning', message: `block '${n}' is in group '${o}' and in group '${g.id}'; a block is in one group, it stays in '${o}'`, node: n });
      else owner.set(n, g.id);
    }
    if (!missing.length && !g.nodes.length) issues.push({ severity: 'warning', message: `group '${g.id}' has no blocks; it is left out` });
  }
  return issues;
}

/**
 * The graph with its groups made consistent with its blocks: members that are no block or
 * already in an earlier group dropped, groups with a repeated id or no members left out.
 * Returns the same object when nothing changes.
 */
export function pruneGroups(graph: Graph): Graph {
  if (!graph.groups) return graph;
  const nodes = new Set(graph.nodes.map((n) => n.id));
  const seenGroup = new Set<string>();
  const owned = new Set<string>();
  let changed = false;
  const groups: GraphGroup[] = [];
  for (const g of graph.groups) {
    if (seenGroup.has(g.id)) {
      changed = true;
      continue;
    }
    seenGroup.add(g.id);
    const members = g.nodes.filter((n) => nodes.has(n) && !owned.has(n));
    for (const n of members) owned.add(n);
    if (!members.length) {
      changed = true;
      continue;
    }
    if (members.length !== g.nodes.length) changed = true;
    groups.push(members.length === g.nodes.length ? g : { ...g, nodes: members });
  }
  if (!changed) return graph;
  const next: Graph = { ...graph };
  if (groups.length) next.groups = groups;
  else delete next.groups;
  return next;
}

/** The group a block is in, or undefined. */
export function groupOf(graph: Graph, nodeId: string): GraphGroup | undefined {
  return graph.groups?.find((g) => g.nodes.includes(nodeId));
}

/** A fresh group id: `group`, `group_2`, … */
function freshGroupId(graph: Graph): string {
  const taken = new Set((graph.groups ?? []).map((g) => g.id));
  if (!taken.has('group')) return 'group';
  for (let k = 2; ; k++) if (!taken.has(`group_${k}`)) return `group_${k}`;
}

/**
 * The graph with `ids` framed as a new group (blocks in another group leave it; a group left
 * empty goes). Unknown ids are ignored; null when no block remains.
 */
export function addGroup(graph: Graph, ids: readonly string[], opts: { title?: string; color?: string } = {}): { graph: Graph; id: string } | null {
  const nodes = new Set(graph.nodes.map((n) => n.id));
  const members = [...new Set(ids)].filter((id) => nodes.has(id));
  if (!members.length) return null;
  const id = freshGroupId(graph);
  const taken = new Set(members);
  const rest = (graph.groups ?? []).map((g) => (g.nodes.some((n) => taken.has(n)) ? { ...g, nodes: g.nodes.filter((n) => !taken.has(n)) } : g)).filter((g) => g.nodes.length);
  const color = opts.color && GROUP_COLOR_PATTERN.test(opts.color) ? opts.color.toLowerCase() : GROUP_COLORS[(graph.groups?.length ?? 0) % GROUP_COLORS.length];
  const title = (opts.title ?? 'Group').slice(0, MAX_GROUP_TITLE);
  return { graph: { ...graph, groups: [...rest, { id, title, color, nodes: members }] }, id };
}

/** The graph without group `id` (its blocks stay where they are). */
export function removeGroup(graph: Graph, id: string): Graph {
  if (!graph.groups?.some((g) => g.id === id)) return graph;
  const groups = graph.groups.filter((g) => g.id !== id);
  const next: Graph = { ...graph, groups };
  if (!groups.length) delete next.groups;
  return next;
}

/** What may change on a group from the editor. */
export interface GroupPatch {
  title?: string;
  color?: string;
  collapsed?: boolean;
}

/** The graph with group `id` changed; the same object when nothing changes or there is no such group. */
export function patchGroup(graph: Graph, id: string, patch: GroupPatch): Graph {
  const g = graph.groups?.find((x) => x.id === id);
  if (!g || !graph.groups) return graph;
  const next: GraphGroup = { ...g };
  if (patch.title !== undefined) next.title = patch.title.slice(0, MAX_GROUP_TITLE);
  if (patch.color !== undefined && GROUP_COLOR_PATTERN.test(patch.color)) next.color = patch.color.toLowerCase();
  if (patch.collapsed !== undefined) {
    if (patch.collapsed) next.collapsed = true;
    else delete next.collapsed;
  }
  if (next.title === g.title && next.color === g.color && Boolean(next.collapsed) === Boolean(g.collapsed)) return graph;
  return { ...graph, groups: graph.groups.map((x) => (x === g ? next : x)) };
}
