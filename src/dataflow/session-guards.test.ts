/**
 * Guards on the real tutorial neuron (examples/tutorial-da1.graph.json ships with its data): a
 * default Select-nodes block (axon and linker) wired into a voltage recorder places it on 684
 * nodes, so the run asks first, names the block and the count, and offers the recordEvery that
 * brings the 219 MB of traces under 200 MB; the answers start it, once, and hold.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { blockDef } from '../../nodes/index.ts';
import type { Params } from '../../nodes/types.ts';
import type { ModelValue, TracesValue } from '../../nodes/values.ts';
import type { Runner } from './evaluator.ts';
import type { Graph } from './graph.ts';
import { GraphStore } from './store.ts';
import { readBrowserFile, Session } from './session.ts';

const da1 = (): Graph => JSON.parse(readFileSync(new URL('../../examples/tutorial-da1.graph.json', import.meta.url), 'utf8')) as Graph;

/** A worker stand-in: every heavy block computes here except the run, which returns empty traces at once (the question is what is tested). */
function fakeHeavy() {
  const runs: Params[] = [];
  const heavy: Runner = (def, inputs, params, ctx) => {
    if (def.type !== 'run') return Promise.resolve().then(() => def.compute(inputs, params, ctx));
    runs.push(params);
    const model = inputs.model as ModelValue;
    const traces: TracesValue = {
      kind: 'traces',
      t: new Float64Array([0]),
      traces: Object.fromEntries(model.recorders.map((r) => [r.label, new Float64Array([-60])])),
      units: {},
      spikes: {},
      run: { tstop: 0, v_init: -60, dt: 0.025, celsius: 6.3 },
      sections: 0,
      segments: 0,
      wallMs: 0,
      warnings: [],
    };
    return Promise.resolve({ traces });
  };
  return Object.assign(heavy, { runs, close: () => {} });
}

/** The DA1 tutorial with a default Select-nodes block into a voltage recorder 'rec' between rec_soma and the run. */
function with684(store: GraphStore): void {
  const into = store.graph.connections.find((c) => c.to.node === 'run' && c.to.port === 'model')!;
  store.transaction(() => {
    const sel = store.addNode('select', [0, 0], {});
    const rec = store.addNode('voltage-recorder', [0, 0], { label: 'v' });
    store.disconnect(into);
    store.connect({ from: { node: 'split', port: 'neuron' }, to: { node: sel, port: 'neuron' } });
    store.connect({ from: into.from, to: { node: rec, port: 'model' } });
    store.connect({ from: { node: sel, port: 'selection' }, to: { node: rec, port: 'where' } });
    store.connect({ from: { node: rec, port: 'model' }, to: { node: 'run', port: 'model' } });
  });
}

describe('Session guards on the DA1 tutorial', () => {
  it('684 recorders: asks first naming the block and the count; record every 2nd sample sets recordEvery (one undo step) and runs once', { timeout: 120_000 }, async () => {
    const store = new GraphStore(da1(), { blockDef });
    const heavy = fakeHeavy();
    const s = new Session(store, { heavy, readText: (ref) => readBrowserFile(ref, store.graph) });
    await s.settled();
    expect(heavy.runs).toHaveLength(1); // the tutorial as shipped: 3 recorders, 20 synapses per block at most
    with684(store);
    const rec = store.graph.nodes.find((n) => n.type === 'voltage-recorder' && !n.id.startsWith('rec_'))!.id;
    await s.settled();
    expect(heavy.runs).toHaveLength(1);
    const p = s.pendingRun('run')!;
    expect(p.placed).toEqual([{ block: rec, title: 'Voltage recorder', what: 'records', nodes: 684 }]);
    // 40,001 samples × (687 traces + t) × 8 bytes = 220,165,504 B; under 200 MB: every 2nd (20,001 samples, 110,085,504 B).
    expect(p.estimate.recordedBytes).toBe(40001 * 688 * 8);
    expect(p.recordEvery).toBe(2);
    expect(p.placedLimit).toBe(50);
    expect(p.message).toBe(`Voltage recorder '${rec}' records 684 nodes (limit 50); this run would keep 220 MB of traces (limit 200 MB): Run anyway, or record every 2nd sample (110 MB)?`);
    expect(s.status('run')).toEqual({ state: 'waiting', message: p.message });
    // The plot below waits for the answer; it is not told that the run failed.
    expect(s.status('traces')).toEqual({ state: 'waiting', message: 'waiting for "run": its run asks before it starts (select it to answer)' });

    // The answer "record every 2nd sample": allowed without a rerun, then the parameter (one undo step) starts it.
    const undoDepth = () => (store as unknown as { undoStack: unknown[] }).undoStack.length;
    const depth = undoDepth();
    expect(s.confirmRun('run', { rerun: false })).toBe(true);
    store.setParam('run', 'recordEvery', p.recordEvery!);
    await s.settled();
    expect(undoDepth()).toBe(depth + 1);
    expect(heavy.runs).toHaveLength(2);
    expect(heavy.runs[1].recordEvery).toBe(2);
    expect(s.pendingRun('run')).toBeNull();
    expect(s.status('run').state).toBe('done');

    // Undo brings back recordEvery 1: within what was allowed (the same 684 nodes, 220 MB), it runs without asking.
    store.undo();
    await s.settled();
    expect(heavy.runs).toHaveLength(3);
    expect(s.pendingRun('run')).toBeNull();
    // A longer run is more than was allowed: it asks again, about memory and the recorder.
    store.setParam('run', 'tstop', 2000);
    await s.settled();
    expect(heavy.runs).toHaveLength(3);
    expect(s.pendingRun('run')?.recordEvery).toBe(3);
    s.dispose();
  });

  it('within the memory limit only the node count asks; "always allow for this graph" lifts it until another graph opens', { timeout: 120_000 }, async () => {
    const store = new GraphStore(da1(), { blockDef });
    store.setParam('run', 'tstop', 100);
    with684(store);
    const heavy = fakeHeavy();
    const s = new Session(store, { heavy, readText: (ref) => readBrowserFile(ref, store.graph) });
    await s.settled();
    expect(heavy.runs).toHaveLength(0);
    const p = s.pendingRun('run')!;
    expect(p.recordEvery).toBeNull();
    expect(p.message).toMatch(/^Voltage recorder '[\w-]+' records 684 nodes \(limit 50\): Run anyway\?$/);

    expect(s.confirmRun('run', { always: true })).toBe(true);
    await s.settled();
    expect(heavy.runs).toHaveLength(1);
    // A stimulus on 684 nodes too: allowed in this graph.
    const clamp = store.addNode('current-clamp', [0, 0], {});
    const into = store.graph.connections.find((c) => c.to.node === 'run' && c.to.port === 'model')!;
    const sel = store.graph.connections.find((c) => c.to.node === into.from.node && c.to.port === 'where')!.from;
    store.transaction(() => {
      store.disconnect(into);
      store.connect({ from: into.from, to: { node: clamp, port: 'model' } });
      store.connect({ from: sel, to: { node: clamp, port: 'where' } });
      store.connect({ from: { node: clamp, port: 'model' }, to: { node: 'run', port: 'model' } });
    });
    await s.settled();
    expect(heavy.runs).toHaveLength(2);
    expect(s.pendingRun('run')).toBeNull();

    // The same graph opened again shows the result it has (memo), but a new run asks again, about both blocks; a higher limit lets it run.
    store.open(structuredClone(store.graph));
    await s.settled();
    expect(heavy.runs).toHaveLength(2);
    expect(s.pendingRun('run')).toBeNull();
    store.setParam('run', 'tstop', 150);
    await s.settled();
    expect(heavy.runs).toHaveLength(2);
    expect(s.pendingRun('run')!.placed.map((x) => [x.title, x.what, x.nodes])).toEqual([
      ['Voltage recorder', 'records', 684],
      ['Current clamp', 'stimulates', 684],
    ]);
    s.runLimits!.placedNodes = 1000;
    s.rerun();
    await s.settled();
    expect(heavy.runs).toHaveLength(3);
    s.dispose();
  });
});
