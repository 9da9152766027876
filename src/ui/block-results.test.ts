/**
 * The blocks' state the app renders, from fake session streams: statuses of every known block,
 * one result per figure or table output, the running count, updates as streams emit.
 */
import { describe, expect, it } from 'vitest';
import { BehaviorSubject } from 'rxjs';
import { blockDef } from '../../nodes/index.ts';
import type { NodeOutput, NodeStatus } from '../dataflow/evaluator.ts';
import { blockStates$, type BlockStates, type BlockStreams } from './block-results.ts';

function fakeSession(ids: string[]): BlockStreams & { status: Map<string, BehaviorSubject<NodeStatus>>; output: Map<string, BehaviorSubject<NodeOutput | null>> } {
  const status = new Map(ids.map((id) => [id, new BehaviorSubject<NodeStatus>({ state: 'idle' })]));
  const output = new Map(ids.map((id) => [id, new BehaviorSubject<NodeOutput | null>(null)]));
  return { status, output, status$: (id) => status.get(id)!, output$: (id) => output.get(id)! };
}

describe('blockStates$', () => {
  const nodes = [
    { id: 'plot', type: 'plot-traces' },
    { id: 'nodes', type: 'node-table' },
    { id: 'ghost', type: 'no-such-block' },
    { id: 'view', type: 'morphology-view' },
  ];

  it('lists a result per figure or table block, in graph order, and follows statuses and outputs', () => {
    const s = fakeSession(['plot', 'nodes', 'view']);
    const seen: BlockStates[] = [];
    const sub = blockStates$(s, nodes, blockDef).subscribe((x) => seen.push(x));
    expect(seen).toHaveLength(1);
    expect(seen[0].results.map((r) => [r.id, r.kind, r.value])).toEqual([
      ['plot', 'figure', null],
      ['nodes', 'table', null],
      ['view', 'figure', null],
    ]);
    expect([...seen[0].statuses.keys()]).toEqual(['plot', 'nodes', 'view']);
    expect(seen[0].busy).toBe(0);

    s.status.get('plot')!.next({ state: 'running', progress: 0.5 });
    s.status.get('view')!.next({ state: 'running', progress: 0.1 });
    expect(seen.at(-1)!.busy).toBe(2);
    expect(seen.at(-1)!.results[0].status).toEqual({ state: 'running', progress: 0.5 });

    const figure = { kind: 'figure', title: 'V' };
    s.output.get('plot')!.next({ ok: true, values: { figure } });
    s.status.get('plot')!.next({ state: 'done', ms: 3 });
    const last = seen.at(-1)!;
    expect(last.results[0].value).toBe(figure);
    expect(last.busy).toBe(1);
    // A failed block shows no value.
    s.output.get('nodes')!.next({ ok: false, message: 'no neuron', origin: 'nodes' });
    expect(seen.at(-1)!.results[1].value).toBeNull();
    sub.unsubscribe();
    expect(s.status.get('plot')!.observed).toBe(false);
  });

  it('emits an empty state at once for a graph without known blocks', () => {
    let got: BlockStates | null = null;
    blockStates$(fakeSession([]), [{ id: 'x', type: 'nope' }], blockDef).subscribe((x) => (got = x));
    expect(got).toEqual({ statuses: new Map(), results: [], busy: 0 });
  });
});

describe('staleness of a shown result', () => {
  const nodes = [
    { id: 'load', type: 'load-skeleton' },
    { id: 'run', type: 'run' },
    { id: 'plot', type: 'plot-traces' },
    { id: 'table', type: 'node-table' },
  ];
  const wires = [
    { from: { node: 'load', port: 'skeleton' }, to: { node: 'run', port: 'model' } },
    { from: { node: 'run', port: 'traces' }, to: { node: 'plot', port: 'traces' } },
    { from: { node: 'load', port: 'skeleton' }, to: { node: 'table', port: 'skeleton' } },
  ];
  const figure = { kind: 'figure', title: 'V' };
  const table = { kind: 'table', columns: [] };

  it('marks a result recomputing while it or a block upstream runs, stopped after Stop, fresh with the new result', () => {
    const s = fakeSession(['load', 'run', 'plot', 'table']);
    const seen: BlockStates[] = [];
    const sub = blockStates$(s, nodes, blockDef, wires).subscribe((x) => seen.push(x));
    const stale = () => Object.fromEntries(seen.at(-1)!.results.map((r) => [r.id, r.stale]));
    // Nothing shown yet: nothing is stale, whatever runs.
    s.status.get('run')!.next({ state: 'running', progress: 0 });
    expect(stale()).toEqual({ plot: null, table: null });
    s.output.get('plot')!.next({ ok: true, values: { figure } });
    s.output.get('table')!.next({ ok: true, values: { table } });
    s.status.get('run')!.next({ state: 'done', ms: 5 });
    s.status.get('plot')!.next({ state: 'done', ms: 1 });
    expect(stale()).toEqual({ plot: null, table: null });
    // The run upstream of the plot (not of the table) recomputes.
    s.status.get('run')!.next({ state: 'running', progress: 0.2 });
    expect(stale()).toEqual({ plot: 'recomputing', table: null });
    // The plot itself recomputes.
    s.status.get('run')!.next({ state: 'done', ms: 5 });
    s.status.get('plot')!.next({ state: 'running', progress: 0 });
    expect(stale()).toEqual({ plot: 'recomputing', table: null });
    s.status.get('plot')!.next({ state: 'done', ms: 1 });
    // Two levels up: the loader feeds both.
    s.status.get('load')!.next({ state: 'running', progress: 0 });
    expect(stale()).toEqual({ plot: 'recomputing', table: 'recomputing' });
    // Stopped (Session.stop()'s message); a waiting block for another reason is not a stop.
    s.status.get('load')!.next({ state: 'waiting', message: 'stopped: press Re-run (or change a parameter) to run again' });
    expect(stale()).toEqual({ plot: 'stopped', table: 'stopped' });
    s.status.get('run')!.next({ state: 'running', progress: 0 });
    expect(stale()).toEqual({ plot: 'recomputing', table: 'stopped' });
    s.status.get('load')!.next({ state: 'waiting', message: 'input "file" is missing' });
    s.status.get('run')!.next({ state: 'done', ms: 5 });
    expect(stale()).toEqual({ plot: null, table: null });
    sub.unsubscribe();
  });

  it('a figure drawn from a run still going is current while it runs, stopped after Stop', () => {
    const s = fakeSession(['load', 'run', 'plot', 'table']);
    let got: BlockStates | null = null;
    blockStates$(s, nodes, blockDef, wires).subscribe((x) => (got = x));
    const plot = () => got!.results.find((r) => r.id === 'plot')!.stale;
    s.status.get('run')!.next({ state: 'running', progress: 0.3 });
    s.status.get('plot')!.next({ state: 'running', progress: 0.3 });
    s.output.get('plot')!.next({ ok: true, values: { figure: { ...figure, partial: { fraction: 0.3, t: 300 } } }, partial: 0.3 });
    expect(plot()).toBeNull();
    s.status.get('run')!.next({ state: 'waiting', message: 'stopped: press Re-run (or change a parameter) to run again' });
    s.status.get('plot')!.next({ state: 'waiting', message: 'stopped: press Re-run (or change a parameter) to run again' });
    expect(plot()).toBe('stopped');
  });

  it('without wires only the block itself counts', () => {
    const s = fakeSession(['load', 'run', 'plot', 'table']);
    let got: BlockStates | null = null;
    blockStates$(s, nodes, blockDef).subscribe((x) => (got = x));
    s.output.get('plot')!.next({ ok: true, values: { figure } });
    s.status.get('run')!.next({ state: 'running', progress: 0 });
    expect(got!.results.find((r) => r.id === 'plot')!.stale).toBeNull();
    s.status.get('plot')!.next({ state: 'running', progress: 0 });
    expect(got!.results.find((r) => r.id === 'plot')!.stale).toBe('recomputing');
  });
});
