/**
 * A small picture of a graph for the examples gallery: one rectangle per block where the
 * editor places it (coloured by category) and a curve per wire, in the graph's own coordinates
 * (the SVG's viewBox scales it). Pure: the gallery draws what this returns.
 */
import type { Graph, GraphNode } from '../../dataflow/graph.ts';

export interface ThumbBox {
  id: string;
  /** Top-left corner and size in editor units (px at zoom 1). */
  x: number;
  y: number;
  width: number;
  height: number;
  color: string;
}

export interface Thumbnail {
  /** "minX minY width height" for the SVG, with a margin around the blocks. */
  viewBox: string;
  boxes: ThumbBox[];
  /** SVG path data of each wire: from the right edge of its source block to the left edge of its target. */
  wires: string[];
}

/** Margin round the blocks, in editor units. */
const MARGIN = 40;

/** The thumbnail of a graph, blocks sized by `sizeOf` and coloured by `colorOf`. */
export function graphThumbnail(graph: Pick<Graph, 'nodes' | 'connections'>, sizeOf: (n: GraphNode) => { width: number; height: number }, colorOf: (n: GraphNode) => string): Thumbnail {
  const boxes = graph.nodes.map((n): ThumbBox => {
    const s = sizeOf(n);
    return { id: n.id, x: n.position[0], y: n.position[1], width: s.width, height: s.height, color: colorOf(n) };
  });
  const byId = new Map(boxes.map((b) => [b.id, b]));
  const wires: string[] = [];
  for (const c of graph.connections) {
    const a = byId.get(c.from.node);
    const b = byId.get(c.to.node);
    if (!a || !b) continue;
    const x1 = a.x + a.width;
    const y1 = a.y + a.height / 2;
    const x2 = b.x;
    const y2 = b.y + b.height / 2;
    // As the editor draws wires: horizontal tangents at both ends.
    const bend = Math.max(30, Math.abs(x2 - x1) / 2);
    wires.push(`M${r(x1)} ${r(y1)} C${r(x1 + bend)} ${r(y1)} ${r(x2 - bend)} ${r(y2)} ${r(x2)} ${r(y2)}`);
  }
  if (!boxes.length) return { viewBox: '0 0 400 240', boxes, wires };
  const minX = Math.min(...boxes.map((b) => b.x)) - MARGIN;
  const minY = Math.min(...boxes.map((b) => b.y)) - MARGIN;
  const maxX = Math.max(...boxes.map((b) => b.x + b.width)) + MARGIN;
  const maxY = Math.max(...boxes.map((b) => b.y + b.height)) + MARGIN;
  return { viewBox: `${r(minX)} ${r(minY)} ${r(maxX - minX)} ${r(maxY - minY)}`, boxes, wires };
}

/** Coordinates to 0.1 unit (short path text, nothing visible lost). */
const r = (v: number): number => Math.round(v * 10) / 10;
