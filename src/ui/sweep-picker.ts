/**
 * The inspector's "add a parameter" list for a sweep or fit block: the numeric parameters of the
 * blocks upstream of it, and the line each would add — a sweep over ½× to 2× the current value
 * (log-spaced for positive values), or a fit within 0.1× to 10× on a log scale.
 */
import type { ParamSpec } from '../../nodes/types.ts';
import { short } from '../../nodes/sweep.ts';
import type { Graph } from '../dataflow/graph.ts';
import { upstreamOf } from '../dataflow/upstream.ts';

export interface PickableParam {
  /** `block.param`, as the sweep's lines name it. */
  target: string;
  label: string;
  /** The value now (the spec's default when the block does not set it). */
  value: number;
}


/** The numeric parameters a sweep or fit block `id` can vary. */
export function pickableParams(graph: Graph, id: string, specsOf: (id: string) => ParamSpec[]): PickableParam[] {
  const out: PickableParam[] = [];
  for (const b of upstreamOf(graph, id)) {
    const node = graph.nodes.find((n) => n.id === b);
    if (!node) continue;
    for (const spec of specsOf(b)) {
      if (spec.kind !== 'number') continue;
      const raw = node.params[spec.name];
      const v = typeof raw === 'number' ? raw : raw && typeof raw === 'object' && 'value' in raw && typeof raw.value === 'number' ? raw.value : spec.default;
      if (!Number.isFinite(v)) continue;
      out.push({ target: `${b}.${spec.name}`, label: `${b}.${spec.name} — ${spec.label}${spec.unit ? ` (${spec.unit})` : ''}`, value: v });
    }
  }
  return out;
}


/** The line a pick adds to a sweep (`kind` 'sweep') or a fit ('fit'). */
export function pickedLine(p: PickableParam, kind: 'sweep' | 'fit'): string {
  const v = p.value;
  if (kind === 'fit') return v > 0 ? `${p.target} = ${short(v)} in [${short(v / 10)}, ${short(v * 10)}] log` : `${p.target} = ${short(v)} in [${short(v - 10)}, ${short(v + 10)}]`;
  if (v > 0) return `${p.target} = logspace(${short(v / 2)}, ${short(v * 2)}, 8)`;
  if (v < 0) return `${p.target} = linspace(${short(v * 2)}, ${short(v / 2)}, 8)`;
  return `${p.target} = linspace(0, 1, 8)`;
}
