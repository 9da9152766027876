/**
 * What a subgraph instance shows: one state and one output made of its inner blocks' (the
 * session expands instances; see subgraph.ts). An error inside is the instance's error, named
 * by the inner block, so the user sees it on the block they placed.
 */
import type { NodeOutput, NodeStatus } from './evaluator.ts';
import type { Endpoint } from './graph.ts';
import { INNER_SEPARATOR } from './subgraph.ts';

/** An inner block's id as the user knows it inside the instance (`syn`, or `2/syn` in a repeat's second round). */
function innerName(id: string): string {
  const k = id.indexOf(INNER_SEPARATOR);
  return k < 0 ? id : id.slice(k + 1);
}

/**
 * The state of an instance from its inner blocks' (`blocks[k]` has `states[k]`): the first
 * error (the block where it arose, not those waiting below it), else running (the least
 * progress), else waiting, else done (the sum of the times, the warnings of all), else idle.
 */
export function instanceStatus(blocks: readonly string[], states: readonly NodeStatus[]): NodeStatus {
  const err = states.findIndex((s) => s.state === 'error');
  if (err >= 0) {
    const s = states[err] as Extract<NodeStatus, { state: 'error' }>;
    return { state: 'error', message: `${innerName(blocks[err])}: ${s.message}` };
  }
  const running = states.filter((s): s is Extract<NodeStatus, { state: 'running' }> => s.state === 'running');
  if (running.length) return { state: 'running', progress: Math.min(...running.map((s) => s.progress)) };
  const waiting = states.findIndex((s) => s.state === 'waiting');
  if (waiting >= 0) {
    const s = states[waiting] as Extract<NodeStatus, { state: 'waiting' }>;
    return { state: 'waiting', message: s.message };
  }
  if (states.length && states.every((s) => s.state === 'done' || s.state === 'idle') && states.some((s) => s.state === 'done')) {
    // Muted inner blocks stay idle; the others done: the instance is done.
    const done = states.filter((s): s is Extract<NodeStatus, { state: 'done' }> => s.state === 'done');
    const warnings = [...new Set(done.flatMap((s) => s.warnings ?? []))];
    const ms = done.reduce((a, s) => a + s.ms, 0);
    return warnings.length ? { state: 'done', ms, warnings } : { state: 'done', ms };
  }
  return { state: 'idle' };
}

/**
 * An instance's output from the inner outputs that give its ports: values by the instance's
 * port names; the first failure; partial while any is; null until all are there.
 */
export function instanceOutput(ports: ReadonlyArray<{ port: string; from: Endpoint; output: NodeOutput | null }>): NodeOutput | null {
  const values: Record<string, unknown> = {};
  let partial: number | undefined;
  for (const { port, from, output } of ports) {
    if (!output) return null;
    if (!output.ok) return output;
    values[port] = output.values[from.port];
    if (output.partial !== undefined) partial = Math.min(partial ?? 1, output.partial);
  }
  return partial === undefined ? { ok: true, values } : { ok: true, values, partial };
}
