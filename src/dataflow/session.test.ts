/**
 * The one graph runner on a real graph (the compartment tutorial on the synthetic neuron):
 * edits and rewiring redefine blocks in place, so only what depends on a change computes
 * again, and a parameter error is the block's output in the reader's words.
 */
import { describe, expect, it } from 'vitest';
import { blockDef } from '../../nodes/index.ts';
import { compartmentTutorial } from '../../tools/examples/build.ts';
import type { Graph } from './graph.ts';
import { readBrowserFile, Session } from './session.ts';
import { GraphStore } from './store.ts';

const tutorial = () => compartmentTutorial() as unknown as Graph;

describe('Session (the one graph runner)', () => {
  it('a wiring change and a parameter edit recompute only the blocks below them, without rebuilding', { timeout: 60_000 }, async () => {
    const store = new GraphStore(tutorial(), { blockDef });
    const s = new Session(store, { readText: (ref) => readBrowserFile(ref, store.graph) });
    await s.settled();
    expect(s.rebuilds).toBe(1);
    const ids = store.graph.nodes.map((n) => n.id);
    const before = new Map(ids.map((id) => [id, s.stats(id).computations]));
    expect(s.status('run').state).toBe('done');

    // A second recorder wired between the model chain and the run: the recorder, the run and
    // what reads the run compute again; the skeleton and model blocks above do not.
    const into = store.graph.connections.find((c) => c.to.node === 'run' && c.to.port === 'model')!;
    const rec = store.addNode('voltage-recorder', [0, 0], { label: 'extra' });
    const soma = 'soma_node';
    store.transaction(() => {
      store.disconnect(into);
      store.connect({ from: into.from, to: { node: rec, port: 'model' } });
      store.connect({ from: { node: soma, port: 'selection' }, to: { node: rec, port: 'where' } });
      store.connect({ from: { node: rec, port: 'model' }, to: { node: 'run', port: 'model' } });
    });
    await s.settled();
    expect(s.rebuilds).toBe(1);
    const again = (id: string) => s.stats(id).computations - (before.get(id) ?? 0);
    expect(again(rec)).toBe(1);
    expect(again('run')).toBe(1);
    for (const id of ['load', 'model']) if (ids.includes(id)) expect(again(id)).toBe(0);
    const out = s.output('run');
    expect(out?.ok && Object.keys((out.values.traces as { traces: Record<string, unknown> }).traces)).toContain('extra');

    // A bad value: the block's output is the reader's error; setting it back recovers.
    store.setParam('run', 'dt', -1);
    await s.settled();
    const st = s.status('run');
    expect(st.state === 'error' && st.message).toBe("block 'run' (run): parameter 'dt' must be above 0 ms, got -1 ms");
    store.setParam('run', 'dt', 0.025);
    await s.settled();
    expect(s.status('run').state).toBe('done');
    expect(s.rebuilds).toBe(1);
    s.dispose();
  });
});

describe('embedded files by name', () => {
  it('a skeleton from an embedded SWC is named after the file, not its hash', async () => {
    const { addAsset } = await import('./assets.ts');
    const { emptyGraph } = await import('./graph.ts');
    const g = emptyGraph();
    const ref = await addAsset(g, 'swc/720575940.swc', 'text/plain', '1 1 0 0 0 1 -1\n2 3 10 0 0 0.5 1\n3 3 20 0 0 0.5 2\n');
    g.nodes.push({ id: 'load', type: 'load-skeleton', position: [0, 0], params: { source: 'file', swc: ref } });
    const store = new GraphStore(g, { blockDef });
    const s = new Session(store, { readText: (r) => readBrowserFile(r, store.graph) });
    await s.settled();
    const out = s.output('load');
    expect(out?.ok).toBe(true);
    expect((out as { ok: true; values: { neuron: { skeleton: { name: string } } } }).values.neuron.skeleton.name).toBe('720575940');
    s.dispose();
  });
});
