/**
 * The graphs the fuzzer mutates: every `examples/*.graph.json`, made quick to run (run blocks'
 * tstop / duration shortened so that 1,000 mutants finish in minutes on two cores), plus two
 * variants that embed their data as assets (an SWC skeleton with its synapse table, and an
 * edge-list CSV), so that asset mutations (swapped, missing, damaged files) have something to
 * work on. Built in code, from the synthetic neuron, so nothing depends on ../shared/data.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { syntheticProjectionNeuron } from '../../src/core/morphology/synthetic.ts';
import { writeSwc } from '../../src/core/morphology/swc.ts';
import { writeConnectors } from '../../src/core/morphology/connectors.ts';
import type { JsonObject, JsonValue } from '../../src/dataflow/graph.ts';

const EXAMPLES = fileURLToPath(new URL('../../examples/', import.meta.url));

/** Simulated time of the base graphs' compartment runs (ms): long enough for synaptic input at 5 ms to act. */
export const FAST_TSTOP = 20;
/** Simulated time of the base graphs' network runs (ms): the examples' stimuli start at 100 ms. */
export const FAST_DURATION = 200;

export interface BaseGraph {
  name: string;
  doc: JsonObject;
}

function sha256(text: string): string {
  return createHash('sha256').update(Buffer.from(text, 'utf8')).digest('hex');
}

function nodesOf(doc: JsonObject): JsonObject[] {
  return doc.nodes as JsonObject[];
}

function paramsOf(node: JsonObject): JsonObject {
  return node.params as JsonObject;
}

/** Shorten the runs (and move the tutorial's synaptic rounds into the shortened run). */
function makeFast(doc: JsonObject): JsonObject {
  const d = structuredClone(doc);
  for (const n of nodesOf(d)) {
    const p = paramsOf(n);
    if (n.type === 'run') p.tstop = FAST_TSTOP;
    if (n.type === 'run-network') p.duration = FAST_DURATION;
    if (n.type === 'synaptic-current' && typeof p.start === 'number') p.start = 2 + (p.start % 200) / 40;
    // Measures over the whole (short) run: a window past its end is refused in words.
    if (n.type === 'metrics') Object.assign(p, { from: 0, to: 0, onset: 0, baselineFrom: 0, baselineTo: FAST_TSTOP / 4 });
    // A fit of a few runs: its paths are the same, its budget is not what is tested.
    if (n.type === 'fit') p.maxEvaluations = 12;
  }
  return d;
}

function embed(doc: JsonObject, name: string, mime: string, data: string): string {
  const hash = sha256(data);
  (doc.assets as JsonObject)[hash] = { name, mime, encoding: 'utf8', data };
  return `asset:${hash}`;
}

/** A small edge list with names that look like connectome ids and a repeated pair. */
const EDGES_CSV = 'source,target,weight\nA,C,0.5\nB,C,-1\n29,C,0.7\nC,29,0.3\nA,B,0.2\n';

/** The base graphs, in a fixed order (mutant i uses base i mod count). */
export function baseGraphs(): BaseGraph[] {
  const files = readdirSync(EXAMPLES)
    .filter((f) => f.endsWith('.graph.json'))
    .sort();
  const out: BaseGraph[] = files.map((f) => ({ name: f.replace(/\.graph\.json$/, ''), doc: makeFast(JSON.parse(readFileSync(EXAMPLES + f, 'utf8')) as JsonObject) }));

  // The compartment tutorial reading an embedded SWC and synapse table (the synthetic neuron, written out).
  const tut = out.find((b) => b.name === 'compartment-tutorial');
  if (tut) {
    const d = structuredClone(tut.doc);
    const syn = syntheticProjectionNeuron({ seed: 1 });
    const load = nodesOf(d).find((n) => n.type === 'load-skeleton');
    if (load) {
      const p = paramsOf(load);
      p.source = 'file';
      p.swc = embed(d, 'synthetic.swc', 'text/plain', writeSwc(syn.skeleton, ['synthetic projection neuron, seed 1 (µm)']));
      p.synapses = embed(d, 'synthetic-synapses.csv', 'text/csv', writeConnectors(syn.connectors));
      p.units = 'µm';
      out.push({ name: 'compartment-tutorial+assets', doc: d });
    }
  }
  // The point network reading an embedded edge list.
  const pn = out.find((b) => b.name === 'point-network');
  if (pn) {
    const d = structuredClone(pn.doc);
    const edges = nodesOf(d).find((n) => n.type === 'edge-list');
    if (edges) {
      const p = paramsOf(edges);
      p.source = 'file';
      p.file = embed(d, 'edges.csv', 'text/csv', EDGES_CSV);
      out.push({ name: 'point-network+assets', doc: d });
    }
  }
  return out;
}

/** A JSON value's deep copy (mutants never share objects with their base). */
export function cloneJson<T extends JsonValue>(v: T): T {
  return structuredClone(v);
}
