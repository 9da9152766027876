/**
 * For tests: an example graph file as a graph (no errors allowed) and the traces its `run`
 * block gives when evaluated in Node as the app and the CLI evaluate it.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { TracesValue } from '../../nodes/values.ts';
import { readAssetText } from './assets.ts';
import type { Graph } from './graph.ts';
import { Session } from './session.ts';
import { parseGraph } from './validate.ts';

const EXAMPLES = resolve(import.meta.dirname, '../../examples');

/** examples/<name>.graph.json, parsed; throws on an error in it. */
export function exampleGraph(name: string): Graph {
  const r = parseGraph(readFileSync(resolve(EXAMPLES, `${name}.graph.json`), 'utf8'));
  const errors = r.issues.filter((i) => i.severity === 'error');
  if (errors.length || !r.graph) throw new Error(`example ${name}: ${errors.map((i) => i.message).join('; ')}`);
  return r.graph;
}

/** The traces of block `node` (default `run`) of a graph, its files read from its embedded assets. */
export async function runTraces(g: Graph, node = 'run'): Promise<TracesValue> {
  const session = new Session({ graph: g }, { readText: (ref) => readAssetText(g, ref), eager: false, runLimits: null });
  try {
    const out = await session.value(node);
    if (!out.ok) throw new Error(out.message);
    return out.values.traces as TracesValue;
  } finally {
    session.dispose();
  }
}
