import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { blockDef } from '../../nodes/index.ts';
import type { Graph } from '../dataflow/graph.ts';
import { arrangePositions, GROUP_PADDING, type ArrangeBlock, type ArrangeInput } from './arrange-model.ts';
import { estimateNodeSize, paramSummary } from './view-model.ts';

type Seg = [[number, number], [number, number]];

/** Wires as straight segments from the output's side to the input's side, at the port's row. */
function segments(input: ArrangeInput, at: Map<string, [number, number]>): Seg[] {
  const by = new Map(input.blocks.map((b) => [b.id, b]));
  return input.wires.map((w) => {
    const a = by.get(w.from.node)!;
    const b = by.get(w.to.node)!;
    const pa = at.get(a.id)!;
    const pb = at.get(b.id)!;
    return [
      [pa[0] + a.width, pa[1] + 50 + 22 * a.outputs.indexOf(w.from.port)],
      [pb[0], pb[1] + 50 + 22 * b.inputs.indexOf(w.to.port)],
    ];
  });
}

function crosses(s: Seg, t: Seg): boolean {
  const o = (p: [number, number], q: [number, number], r: [number, number]) => Math.sign((q[0] - p[0]) * (r[1] - p[1]) - (q[1] - p[1]) * (r[0] - p[0]));
  // Wires sharing an end do not cross there.
  if ([s[0], s[1]].some((p) => [t[0], t[1]].some((q) => p[0] === q[0] && p[1] === q[1]))) return false;
  return o(s[0], s[1], t[0]) * o(s[0], s[1], t[1]) < 0 && o(t[0], t[1], s[0]) * o(t[0], t[1], s[1]) < 0;
}

function crossings(input: ArrangeInput, at: Map<string, [number, number]>): number {
  const segs = segments(input, at);
  let n = 0;
  for (let i = 0; i < segs.length; i++) for (let j = i + 1; j < segs.length; j++) if (crosses(segs[i], segs[j])) n++;
  return n;
}

function tutorial(): { graph: Graph; input: ArrangeInput } {
  const graph = JSON.parse(readFileSync(resolve(__dirname, '../../examples/compartment-tutorial.graph.json'), 'utf8')) as Graph;
  const blocks: ArrangeBlock[] = graph.nodes.map((n) => {
    const def = blockDef(n.type)!;
    const size = estimateNodeSize(def, n, paramSummary(n, def));
    return { id: n.id, ...size, inputs: Object.keys(def.inputs), outputs: Object.keys(def.outputs) };
  });
  return { graph, input: { blocks, wires: graph.connections, groups: [] } };
}

describe('arrange', () => {
  it('lays the tutorial out left to right with fewer crossings than its hand layout', async () => {
    const { graph, input } = tutorial();
    const hand = new Map(graph.nodes.map((n) => [n.id, n.position]));
    const before = crossings(input, hand);
    const at = await arrangePositions(input);
    const after = crossings(input, at);
    // The hand layout has 15 straight-line crossings; the arranged one none.
    expect(before).toBe(15);
    expect(after).toBe(0);
    // Every wire runs left to right, and the layout starts at 0, 0.
    const by = new Map(input.blocks.map((b) => [b.id, b]));
    for (const w of input.wires) expect(at.get(w.to.node)![0]).toBeGreaterThanOrEqual(at.get(w.from.node)![0] + by.get(w.from.node)!.width);
    expect(Math.min(...[...at.values()].map((p) => p[0]))).toBe(0);
    expect(Math.min(...[...at.values()].map((p) => p[1]))).toBe(0);
  });

  it('keeps a group together: no other block inside its frame, frames do not overlap blocks', async () => {
    const { input } = tutorial();
    const synapses = ['syn_1', 'post_5', 'syn_2', 'post_10', 'syn_3', 'post_15', 'syn_4', 'post_20'];
    const recorders = ['rec_dend', 'dend_base', 'rec_axon', 'axon_tip', 'rec_soma', 'soma_node'];
    const at = await arrangePositions({ ...input, groups: [{ id: 'syn', nodes: synapses }, { id: 'rec', nodes: recorders }] });
    const by = new Map(input.blocks.map((b) => [b.id, b]));
    const frame = (ids: string[]) => {
      const x0 = Math.min(...ids.map((id) => at.get(id)![0])) - GROUP_PADDING.left;
      const y0 = Math.min(...ids.map((id) => at.get(id)![1])) - GROUP_PADDING.top;
      const x1 = Math.max(...ids.map((id) => at.get(id)![0] + by.get(id)!.width)) + GROUP_PADDING.right;
      const y1 = Math.max(...ids.map((id) => at.get(id)![1] + by.get(id)!.height)) + GROUP_PADDING.bottom;
      return { x0, y0, x1, y1 };
    };
    for (const ids of [synapses, recorders]) {
      const f = frame(ids);
      for (const b of input.blocks) {
        if (ids.includes(b.id)) continue;
        const [x, y] = at.get(b.id)!;
        const overlap = x < f.x1 && x + b.width > f.x0 && y < f.y1 && y + b.height > f.y0;
        expect(overlap, `${b.id} inside the frame of ${ids[0]}…`).toBe(false);
      }
    }
    const a = frame(synapses);
    const b = frame(recorders);
    expect(a.x1 <= b.x0 || b.x1 <= a.x0 || a.y1 <= b.y0 || b.y1 <= a.y0).toBe(true);
    // Keeping the groups together costs a few crossings (3, from 0), still far below the hand layout's 15.
    expect(crossings(input, at)).toBeLessThanOrEqual(3);
    // Still left to right.
    for (const w of input.wires) expect(at.get(w.to.node)![0]).toBeGreaterThanOrEqual(at.get(w.from.node)![0] + by.get(w.from.node)!.width);
  });
});
