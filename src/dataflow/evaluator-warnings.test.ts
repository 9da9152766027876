/** Warnings reach the status of the block they arose at, once, not of every block downstream. */
import { describe, expect, it } from 'vitest';
import type { BlockDef, Inputs } from '../../nodes/types.ts';
import { GraphEvaluator, type NodeStatus } from './evaluator.ts';

type V = { v: number; warnings: string[] };
const block = (type: string, add: (v: number) => string[], hasInput = true): BlockDef => ({
  type,
  title: type,
  category: 'skeleton',
  description: '',
  inputs: hasInput ? { in: { type: 'neuron', label: 'x' } } : {},
  outputs: { out: { type: 'neuron', label: 'x' } },
  params: [],
  compute: (i: Inputs) => {
    const prev = (i.in as V | undefined) ?? { v: 1, warnings: [] };
    // Values pass upstream warnings on, as skeleton values do.
    return { out: { v: prev.v + 1, warnings: [...prev.warnings, ...add(prev.v)] } };
  },
});

describe('warnings in block status', () => {
  it('a warning is on the block that added it; blocks downstream that only pass it on are plain done', async () => {
    const defs = new Map([
      ['load', block('load', () => ['radii up to 375 µm: is this in 8 nm voxels?'], false)],
      ['soma', block('soma', (v) => [`guessed soma: node ${v * 100}`])],
      ['pass', block('pass', () => [])],
    ]);
    const ev = new GraphEvaluator(
      {
        nodes: [
          { id: 'load', type: 'load', params: {} },
          { id: 'soma', type: 'soma', params: {} },
          { id: 'pass', type: 'pass', params: {} },
        ],
        connections: [
          { from: { node: 'load', port: 'out' }, to: { node: 'soma', port: 'in' } },
          { from: { node: 'soma', port: 'out' }, to: { node: 'pass', port: 'in' } },
        ],
      },
      { blockDef: (t) => defs.get(t), readText: async () => '' },
    );
    ev.start();
    const out = await ev.value('pass');
    expect(out.ok).toBe(true);
    const status = (id: string): NodeStatus => {
      let s: NodeStatus = { state: 'idle' };
      ev.status$(id).subscribe((x) => (s = x)).unsubscribe();
      return s;
    };
    expect(status('load')).toMatchObject({ state: 'done', warnings: ['radii up to 375 µm: is this in 8 nm voxels?'] });
    expect(status('soma')).toMatchObject({ state: 'done', warnings: ['guessed soma: node 200'] });
    const pass = status('pass');
    expect(pass.state).toBe('done');
    expect('warnings' in pass).toBe(false);
    ev.dispose();
  });
});
