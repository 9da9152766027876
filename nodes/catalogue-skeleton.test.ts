/**
 * The skeleton blocks' definitions: every parameter has a label, help, a unit and a range
 * (numbers), a default the parameter reader accepts, and `visibleWhen` conditions that can be met;
 * and every block runs on its defaults.
 */
import { describe, expect, it } from 'vitest';
import { readParams } from '../src/dataflow/params.ts';
import { SKELETON_BLOCKS } from './catalogue-skeleton.ts';
import { blockDef } from './index.ts';
import { loadSkeleton } from './load-skeleton.ts';
import { splitAxonDendrite } from './split-axon-dendrite.ts';
import { runBlock } from './test-context.ts';
import type { NeuronValue } from './values.ts';

describe('the skeleton blocks', () => {
  it('are the twelve skeleton steps (at least), registered in the catalogue under unique types', () => {
    const types = SKELETON_BLOCKS.map((b) => b.type);
    expect(new Set(types).size).toBe(types.length);
    // A new block is its file and its catalogue line, not a test edit.
    expect(types).toEqual(expect.arrayContaining([
      'load-skeleton',
      'convert-units',
      'set-soma',
      'reroot',
      'heal-fragments',
      'smooth-radii',
      'min-radius',
      'fix-pinch-points',
      'resample',
      'split-axon-dendrite',
      'select',
      'node-table',
    ]));
    for (const b of SKELETON_BLOCKS) {
      expect(blockDef(b.type)).toBe(b);
      expect(b.category).toBe('skeleton');
    }
  });

  for (const b of SKELETON_BLOCKS) {
    it(`${b.type}: every parameter is fully specified`, () => {
      const names = new Set<string>();
      for (const p of b.params) {
        expect(names.has(p.name), `${b.type}.${p.name} is listed twice`).toBe(false);
        names.add(p.name);
        expect(p.label.length).toBeGreaterThan(0);
        expect(p.help.length, `${b.type}.${p.name} has no help`).toBeGreaterThan(20);
        if (p.kind === 'number') {
          expect(typeof p.unit).toBe('string');
          expect(p.min, `${b.type}.${p.name} has no lower bound`).toBeTypeOf('number');
          // Only a limit that may be "none" has no upper bound.
          if (p.max === undefined) expect(p.optional && p.default === Infinity).toBe(true);
          // Written into a graph file (Infinity cannot be: JSON has no such number) and read back.
          const given = Number.isFinite(p.default) ? { [p.name]: p.default } : {};
          const read = readParams({ id: 'b', type: b.type, params: given }, b);
          expect(read.issues, `${b.type}.${p.name}`).toEqual([]);
          expect(read.params[p.name]).toBe(p.default);
        }
        if (p.kind === 'enum') expect(p.options).toContain(p.default);
        if (p.visibleWhen) {
          const other = b.params.find((q) => q.name === p.visibleWhen!.param);
          expect(other, `${b.type}.${p.name} depends on an unknown parameter`).toBeDefined();
          if (other?.kind === 'enum') for (const v of p.visibleWhen.equals) expect(other.options).toContain(v);
        }
      }
    });
  }

  it('every block computes on its defaults (the synthetic neuron, split where a block needs compartments)', async () => {
    const raw = await runBlock<NeuronValue>(loadSkeleton, {}, {});
    const split = await runBlock<NeuronValue>(splitAxonDendrite, { neuron: raw }, {});
    for (const b of SKELETON_BLOCKS) {
      const params = Object.fromEntries(b.params.map((p) => [p.name, p.default]));
      const inputs = Object.keys(b.inputs).length ? { neuron: split } : {};
      const out = await b.compute(inputs, params, {
        signal: new AbortController().signal,
        nodeId: b.type,
        progress: () => {},
        readText: () => Promise.reject(new Error('no files here')),
      });
      for (const [port, spec] of Object.entries(b.outputs)) expect((out[port] as { kind: string }).kind, `${b.type}.${port}`).toBe(spec.type);
    }
  });
});
