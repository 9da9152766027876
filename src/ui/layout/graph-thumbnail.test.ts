import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { graphThumbnail } from './graph-thumbnail.ts';
import type { Graph, GraphNode } from '../../dataflow/graph.ts';

const node = (id: string, x: number, y: number): GraphNode => ({ id, type: 't', params: {}, position: [x, y] }) as unknown as GraphNode;

describe('graphThumbnail', () => {
  it('places boxes where the editor does and wires right edge → left edge (hand-computed)', () => {
    const g = { nodes: [node('a', 0, 0), node('b', 300, 100)], connections: [{ from: { node: 'a', port: 'o' }, to: { node: 'b', port: 'i' } }] } as unknown as Graph;
    const t = graphThumbnail(g, () => ({ width: 200, height: 80 }), (n) => (n.id === 'a' ? 'red' : 'blue'));
    expect(t.boxes).toEqual([
      { id: 'a', x: 0, y: 0, width: 200, height: 80, color: 'red' },
      { id: 'b', x: 300, y: 100, width: 200, height: 80, color: 'blue' },
    ]);
    // From (200, 40) to (300, 140): |dx| / 2 = 50 → control points at x 250 and 250.
    expect(t.wires).toEqual(['M200 40 C250 40 250 140 300 140']);
    // Blocks span x 0–500, y 0–180, with a 40 margin.
    expect(t.viewBox).toBe('-40 -40 580 260');
  });

  it('skips wires to missing blocks and has a default frame for an empty graph', () => {
    const g = { nodes: [node('a', 10, 10)], connections: [{ from: { node: 'a', port: 'o' }, to: { node: 'gone', port: 'i' } }] } as unknown as Graph;
    expect(graphThumbnail(g, () => ({ width: 20, height: 20 }), () => '#000').wires).toEqual([]);
    expect(graphThumbnail({ nodes: [], connections: [] }, () => ({ width: 1, height: 1 }), () => '#000').viewBox).toBe('0 0 400 240');
  });

  it('frames the whole tutorial example (26 blocks, every wire drawn)', () => {
    const g = JSON.parse(readFileSync(new URL('../../../examples/compartment-tutorial.graph.json', import.meta.url), 'utf8')) as Graph;
    const t = graphThumbnail(g, () => ({ width: 220, height: 100 }), () => '#000');
    expect(t.boxes).toHaveLength(26);
    expect(t.wires).toHaveLength(g.connections.length);
    const [x, y, w, h] = t.viewBox.split(' ').map(Number);
    for (const b of t.boxes) {
      expect(b.x).toBeGreaterThanOrEqual(x + 40);
      expect(b.y + b.height).toBeLessThanOrEqual(y + h - 40 + 1e-9);
      expect(b.x + b.width).toBeLessThanOrEqual(x + w - 40 + 1e-9);
    }
  });
});
