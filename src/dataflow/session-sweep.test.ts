/**
 * A sweep or fit that would run more than one run's limits asks first (a shared graph must not
 * start 10,000 simulations unasked): the block says what it would cost, nothing runs until the
 * user says yes, then it runs; within the limits it runs at once.
 */
import { describe, expect, it } from 'vitest';
import { blockDef } from '../../nodes/index.ts';
import { compartmentTutorial } from '../../tools/examples/build.ts';
import type { Graph } from './graph.ts';
import { readBrowserFile, Session } from './session.ts';
import { GraphStore } from './store.ts';
import { simulations } from '../../nodes/run.ts';

function sweepGraph(points: number): Graph {
  const g = compartmentTutorial() as unknown as Graph;
  for (const n of g.nodes) if (n.id === 'run') n.params.tstop = 20;
  g.nodes.push({ id: 'sweep', type: 'sweep', params: { parameters: `syn_1.gmax = linspace(0.01, 0.2, ${points})`, mode: 'grid' }, position: [0, 0] } as Graph['nodes'][number]);
  g.connections.push({ from: { node: 'run', port: 'traces' }, to: { node: 'sweep', port: 'traces' } });
  return g;
}

describe('sweep guard', () => {
  it('asks before a sweep over the limits, runs once allowed; a small one runs at once', { timeout: 60_000 }, async () => {
    // One run of this model is 800 steps × its segments (from a first look); allow ten runs' worth.
    const probe = new GraphStore(sweepGraph(2), { blockDef });
    const p = new Session(probe, { readText: (ref) => readBrowserFile(ref, probe.graph) });
    await p.settled();
    const run = p.output('run');
    if (!run?.ok) throw new Error('the run failed');
    const segments = (run.values.traces as { segments: number }).segments;
    p.dispose();
    const store = new GraphStore(sweepGraph(40), { blockDef });
    const s = new Session(store, { readText: (ref) => readBrowserFile(ref, store.graph), runLimits: { segmentSteps: 10 * 800 * segments, recordedBytes: 2 ** 28 } });
    await s.settled();
    const st = s.status('sweep');
    // Held, as a run over the limits is: waiting for the answer, saying what it would cost.
    expect(st.state).toBe('waiting');
    const message = st.state === 'waiting' ? st.message : '';
    expect(message).toMatch(/^Parameter sweep 'sweep' needs 40 runs of ~800 steps × \d+ segments .*: Run anyway\?/);
    expect(s.pendingRun('sweep')?.message).toBe(message);
    const before = simulations.count;
    expect(s.confirmRun('sweep')).toBe(true);
    await s.settled();
    expect(s.status('sweep').state).toBe('done');
    // It ran (the run block's own memo may still hold a point or two from the probe above).
    expect(simulations.count - before).toBeGreaterThan(35);
    const out = s.output('sweep');
    expect(out?.ok && (out.values.traces as { sweep: { points: unknown[] } }).sweep.points.length).toBe(40);
    // Within the limits: no question.
    store.setParam('sweep', 'parameters', 'syn_1.gmax = 0.05, 0.1');
    await s.settled();
    expect(s.status('sweep').state).toBe('done');
    expect(s.pendingRun('sweep')).toBeNull();
    s.dispose();
  });
});
