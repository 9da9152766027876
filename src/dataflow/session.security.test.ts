/**
 * The endless link in the session: a run over the limits waits for the user's OK instead of
 * starting, the OK starts it, changing the parameter back runs at once, Stop interrupts the
 * worker, and a graph opened again asks again.
 */
import { describe, expect, it } from 'vitest';
import { blockDef } from '../../nodes/index.ts';
import type { Params } from '../../nodes/types.ts';
import { compartmentTutorial } from '../../tools/examples/build.ts';
import type { Runner } from './evaluator.ts';
import type { Graph } from './graph.ts';
import { GraphStore } from './store.ts';
import { readBrowserFile, Session } from './session.ts';

/** A heavy runner that computes in this thread, except runs with a tiny dt, which never end (as a stuck worker). */
function fakeHeavy() {
  const calls: Params[] = [];
  let interrupts = 0;
  const run: Runner = (def, inputs, params, ctx) => {
    if (def.type === 'run') calls.push(params);
    if (def.type === 'run' && Number(params.dt) < 1e-6) return new Promise(() => {});
    return Promise.resolve().then(() => def.compute(inputs, params, ctx));
  };
  return Object.assign(run, { calls, close: () => {}, interrupt: () => (interrupts++, true), interrupts: () => interrupts });
}

const tutorial = () => compartmentTutorial() as unknown as Graph;
const withDt = (g: Graph, dt: number): Graph => ({ ...g, nodes: g.nodes.map((n) => (n.id === 'run' ? { ...n, params: { ...n.params, dt } } : n)) });

describe('Session: runs over the limits', () => {
  it('asks instead of starting; the OK starts it; Stop interrupts; dt set back runs at once', { timeout: 60_000 }, async () => {
    const store = new GraphStore(withDt(tutorial(), 1e-300), { blockDef });
    const heavy = fakeHeavy();
    const s = new Session(store, { heavy, readText: (ref) => readBrowserFile(ref, store.graph) });
    await s.settled();
    const st = s.status('run');
    expect(st.state).toBe('waiting');
    expect(st.state === 'waiting' && st.message).toMatch(/^this run needs ~1\.0e\+303 steps × 76 segments \(~more than a century, .* GB of traces\): Run anyway\?/);
    expect(s.pendingRun('run')?.estimate.steps).toBe(1e303);
    expect(heavy.calls).toHaveLength(0);

    expect(s.confirmRun('run')).toBe(true);
    await new Promise((r) => setTimeout(r, 50));
    expect(s.status('run').state).toBe('running');
    expect(heavy.calls).toHaveLength(1);
    expect(s.pendingRun('run')).toBeNull();

    expect(s.stop()).toBe(1);
    expect(heavy.interrupts()).toBe(1);
    expect(s.status('run').state).toBe('waiting');

    store.setParam('run', 'dt', 0.025);
    await s.settled();
    expect(s.status('run').state).toBe('done');
    expect(heavy.calls.at(-1)?.dt).toBe(0.025);
    s.dispose();
  });

  it('asks again when the graph is opened again (the OK was for that visit), and under the limits never asks', { timeout: 60_000 }, async () => {
    const store = new GraphStore(withDt(tutorial(), 1e-300), { blockDef });
    const heavy = fakeHeavy();
    const s = new Session(store, { heavy, readText: (ref) => readBrowserFile(ref, store.graph) });
    await s.settled();
    s.confirmRun('run');
    await new Promise((r) => setTimeout(r, 50));
    expect(heavy.calls).toHaveLength(1);
    store.open(withDt(tutorial(), 1e-300));
    await s.settled();
    expect(s.status('run').state).toBe('waiting');
    expect(heavy.calls).toHaveLength(1);

    // A lower limit makes an ordinary run ask; the default lets it run.
    s.runLimits!.segmentSteps = 1e5;
    store.open(tutorial());
    await s.settled();
    expect(s.pendingRun('run')?.estimate.segmentSteps).toBe(40000 * 76);
    s.runLimits!.segmentSteps = 2e9;
    s.rerun();
    await s.settled();
    expect(s.status('run').state).toBe('done');
    s.dispose();
  });
});

describe('Session: a parameter out of range', () => {
  it('is the block error until it is set back, then the run runs', { timeout: 60_000 }, async () => {
    const store = new GraphStore(withDt(tutorial(), 0.025), { blockDef });
    store.setParam('run', 'tstop', 1e9);
    const heavy = fakeHeavy();
    const s = new Session(store, { heavy, readText: (ref) => readBrowserFile(ref, store.graph) });
    await s.settled();
    expect(s.status('run')).toMatchObject({ state: 'error', message: expect.stringContaining("parameter 'tstop' must be between 0 and 10000000 ms") });
    store.setParam('run', 'tstop', 200);
    await s.settled();
    expect(s.status('run')).toMatchObject({ state: 'done' });
    s.dispose();
  });
});
