/**
 * The compartment model's soma policy: 'navis' stays the default and gives exactly navis's
 * options (so every existing model, memo and golden is unchanged); 'import3d' builds the
 * sections as NEURON's Import3d does, and the two are never mixed up by the memo.
 */
import { describe, expect, it } from 'vitest';
import { readParams } from '../src/dataflow/params.ts';
import { compartmentModel } from './compartment-model.ts';
import { loadSkeleton } from './load-skeleton.ts';
import { modelDiscretization } from './model-ops.ts';
import { runBlock, testContext } from './test-context.ts';
import type { ModelValue, NeuronValue } from './values.ts';

// A one-point soma (r 3) with a 10 µm dendrite.
const BALL = '1 1 0 0 0 3 -1\n2 3 0 3 0 1 1\n3 3 0 13 0 1 2\n';

async function neuron(): Promise<NeuronValue> {
  return runBlock<NeuronValue>(loadSkeleton, {}, { source: 'file', swc: 'ball.swc' }, testContext(undefined, { files: { 'ball.swc': BALL } }));
}

describe('compartment model: soma policy', () => {
  it("defaults to navis with navis's options: {res: 10} and nothing else", async () => {
    const m = await runBlock<ModelValue>(compartmentModel, { neuron: await neuron() }, {});
    expect(m.discretization).toEqual({ res: 10 });
    // navis: the soma point is a cable point, one section from the soma centre to the tip.
    expect(modelDiscretization(m).sections.map((s) => s.L)).toEqual([13]);
  });

  it("'import3d' builds NEURON's sphere soma and attaches the dendrite at 0.5; the memo keeps the two apart", async () => {
    const n = await neuron();
    const navis = await runBlock<ModelValue>(compartmentModel, { neuron: n }, { soma: 'navis' });
    const i3d = await runBlock<ModelValue>(compartmentModel, { neuron: n }, { soma: 'import3d' });
    expect(i3d.discretization).toEqual({ res: 10, somaPolicy: 'import3d' });
    const d = modelDiscretization(i3d);
    expect(d.sections.map((s) => [s.L, s.parent, s.parentX])).toEqual([
      [6, -1, 1],
      [10, 0, 0.5],
    ]);
    expect(modelDiscretization(navis).sections).toHaveLength(1);
  });

  it('the graph reader takes "NEURON Import3d" for import3d and names the options for anything else', () => {
    const ok = readParams({ id: 'model', type: 'compartment-model', params: { soma: 'NEURON Import3d' } }, compartmentModel);
    expect(ok.issues).toEqual([]);
    expect(ok.params.soma).toBe('import3d');
    const bad = readParams({ id: 'model', type: 'compartment-model', params: { soma: 'sphere' } }, compartmentModel);
    expect(bad.issues.map((i) => i.message).join()).toMatch(/'navis' or 'import3d'/);
  });
});
