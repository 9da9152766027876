/**
 * Auto-arrange as a pure function of the blocks' sizes, ports, wires and groups: ELK's layered
 * layout, data flowing left to right, ports in their drawn order (so ELK's crossing
 * minimisation sees where each wire really leaves and enters), and each group one compound node
 * whose blocks are laid out together inside it (ELK hierarchy handling across the groups, so
 * wires in and out of a group still run left to right). Returns each block's new top-left
 * corner (editor px), with the arranged graph's top-left corner at 0, 0.
 */
import ELK from 'elkjs';
import type { ElkExtendedEdge, ElkNode, ElkPort } from 'elkjs';

export interface ArrangeBlock {
  id: string;
  width: number;
  height: number;
  /** Input and output port names, top to bottom. */
  inputs: readonly string[];
  outputs: readonly string[];
}

export interface ArrangeInput {
  blocks: readonly ArrangeBlock[];
  wires: ReadonlyArray<{ from: { node: string; port: string }; to: { node: string; port: string } }>;
  groups: ReadonlyArray<{ id: string; nodes: readonly string[] }>;
}

/** Room a group's frame needs around its blocks (editor px): its title bar on top. */
export const GROUP_PADDING = { top: 56, left: 24, bottom: 24, right: 24 };

const OPTIONS: Record<string, string> = {
  'elk.algorithm': 'layered',
  'elk.direction': 'RIGHT',
  'elk.hierarchyHandling': 'INCLUDE_CHILDREN',
  'elk.spacing.nodeNode': '40',
  'elk.layered.spacing.nodeNodeBetweenLayers': '70',
  'elk.layered.crossingMinimization.strategy': 'LAYER_SWEEP',
  'elk.edgeRouting': 'POLYLINE',
};

let elk: InstanceType<typeof ELK> | null = null;

function portsOf(b: ArrangeBlock): ElkPort[] {
  const ports: ElkPort[] = [];
  b.inputs.forEach((p, i) => ports.push({ id: `${b.id}\u0000in\u0000${p}`, width: 1, height: 1, layoutOptions: { 'elk.port.side': 'WEST', 'elk.port.index': String(b.inputs.length - 1 - i) } }));
  b.outputs.forEach((p, i) => ports.push({ id: `${b.id}\u0000out\u0000${p}`, width: 1, height: 1, layoutOptions: { 'elk.port.side': 'EAST', 'elk.port.index': String(i) } }));
  return ports;
}

export async function arrangePositions(input: ArrangeInput): Promise<Map<string, [number, number]>> {
  elk ??= new ELK();
  const byId = new Map(input.blocks.map((b) => [b.id, b]));
  const leaf = (b: ArrangeBlock): ElkNode => ({ id: b.id, width: b.width, height: b.height, ports: portsOf(b), layoutOptions: { 'elk.portConstraints': 'FIXED_ORDER' } });
  const grouped = new Set<string>();
  const children: ElkNode[] = [];
  for (const g of input.groups) {
    const members = g.nodes.filter((n) => byId.has(n) && !grouped.has(n));
    if (!members.length) continue;
    for (const n of members) grouped.add(n);
    children.push({
      id: `\u0000group\u0000${g.id}`,
      children: members.map((n) => leaf(byId.get(n)!)),
      layoutOptions: { 'elk.padding': `[top=${GROUP_PADDING.top},left=${GROUP_PADDING.left},bottom=${GROUP_PADDING.bottom},right=${GROUP_PADDING.right}]` },
    });
  }
  for (const b of input.blocks) if (!grouped.has(b.id)) children.push(leaf(b));
  const edges: ElkExtendedEdge[] = [];
  input.wires.forEach((w, k) => {
    const a = byId.get(w.from.node);
    const b = byId.get(w.to.node);
    if (!a || !b || !a.outputs.includes(w.from.port) || !b.inputs.includes(w.to.port)) return;
    edges.push({ id: `e${k}`, sources: [`${a.id}\u0000out\u0000${w.from.port}`], targets: [`${b.id}\u0000in\u0000${w.to.port}`] });
  });
  const out = await elk.layout({ id: 'root', layoutOptions: OPTIONS, children, edges });
  const positions = new Map<string, [number, number]>();
  const walk = (n: ElkNode, ox: number, oy: number) => {
    for (const c of n.children ?? []) {
      const x = ox + (c.x ?? 0);
      const y = oy + (c.y ?? 0);
      if (byId.has(c.id)) positions.set(c.id, [Math.round(x), Math.round(y)]);
      walk(c, x, y);
    }
  };
  walk(out, 0, 0);
  // The top-left block corner at 0, 0 (a group's frame reaches above and left of it by its padding).
  const xs = [...positions.values()].map((p) => p[0]);
  const ys = [...positions.values()].map((p) => p[1]);
  const x0 = Math.min(...xs);
  const y0 = Math.min(...ys);
  for (const [id, p] of positions) positions.set(id, [p[0] - x0, p[1] - y0]);
  return positions;
}
