/**
 * Chains of thousands of blocks (a hostile or generated graph) evaluate without overflowing
 * the stack or going silent: values reach the end of a 20,000-block chain.
 */
import { describe, expect, it } from 'vitest';
import { blockDef } from '../../nodes/index.ts';
import type { NeuronValue } from '../../nodes/values.ts';
import { compartmentTutorial } from '../../tools/examples/build.ts';
import { GraphEvaluator, type EvalGraph } from './evaluator.ts';

/** The tutorial with `n` muted reroot blocks between its skeleton loader and the rest. */
function longChain(n: number): EvalGraph {
  const g = compartmentTutorial() as unknown as EvalGraph;
  const outs = g.connections.filter((c) => c.from.node === 'load');
  let prev = 'load';
  for (let k = 0; k < n; k++) {
    g.nodes.push({ id: `chain${k}`, type: 'reroot', params: {}, bypass: true });
    g.connections.push({ from: { node: prev, port: 'neuron' }, to: { node: `chain${k}`, port: 'neuron' } });
    prev = `chain${k}`;
  }
  for (const c of outs) c.from = { node: prev, port: c.from.port };
  return g;
}

describe('evaluator on long chains', () => {
  for (const n of [300, 20_000]) {
    it(`a chain of ${n} muted blocks passes the neuron through to its end`, { timeout: 60_000 }, async () => {
      const ev = new GraphEvaluator(longChain(n), { blockDef, readText: async () => '' });
      const t0 = performance.now();
      const o = await ev.value(`chain${n - 1}`);
      const ms = performance.now() - t0;
      if (!o.ok) throw new Error(o.message);
      const first = await ev.value('load');
      expect(first.ok && (o.values.neuron as NeuronValue)).toBe(first.ok && first.values.neuron);
      // The block after the chain computes on it too.
      const soma = await ev.value('soma');
      expect(soma.ok).toBe(true);
      expect(ms).toBeLessThan(20_000);
      ev.dispose();
    });
  }
});

describe('evaluator and wires that name Object members', () => {
  it("a wire from an output named 'constructor' gives no value (never Object itself) and says why", async () => {
    const g = compartmentTutorial() as unknown as EvalGraph;
    const w = g.connections.find((c) => c.to.node === 'soma' && c.to.port === 'neuron')!;
    w.from = { node: w.from.node, port: 'constructor' };
    const ev = new GraphEvaluator(g, { blockDef, readText: async () => '' });
    const o = await ev.value('soma');
    expect(o).toEqual({ ok: false, message: `input "neuron": block "${w.from.node}" has no output "constructor"`, origin: w.from.node });
    ev.dispose();
  });

  it('50,000 copies of one wire are indexed in bounded time', () => {
    const g = compartmentTutorial() as unknown as EvalGraph;
    const w = g.connections[0];
    for (let k = 0; k < 50_000; k++) g.connections.push({ from: { ...w.from }, to: { ...w.to } });
    const t0 = performance.now();
    new GraphEvaluator(g, { blockDef, readText: async () => '' }).dispose();
    expect(performance.now() - t0).toBeLessThan(2000);
  });
});
