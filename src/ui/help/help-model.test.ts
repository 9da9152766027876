import { describe, expect, it } from 'vitest';
import { BLOCKS, blockDef } from '../../../nodes/index.ts';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { shortcut } from '../../editor/view-model.ts';
import { parseGraph } from '../../dataflow/validate.ts';
import { blockPage, examplePlan, searchBlocks, SHORTCUTS } from './help-model.ts';

const REPO = resolve(import.meta.dirname, '../../..');

describe('help: shortcuts', () => {
  it('every key listed does what the editor does with it (view-model.ts shortcut)', () => {
    const pressed = SHORTCUTS.filter((s) => s.press);
    expect(pressed.length).toBe(9);
    for (const s of pressed) expect(shortcut(s.press!.key), s.keys).toBe(s.press!.action);
    // Every editor action has a line.
    expect(new Set(pressed.map((s) => s.press!.action))).toEqual(new Set(['escape', 'zoom-to-fit', 'undo', 'redo', 'copy', 'paste', 'duplicate', 'select-all', 'delete']));
  });
});

describe('help: block pages', () => {
  it('every block has a page with a description, its NEURON / navis equivalents and every parameter', () => {
    for (const b of BLOCKS) {
      const p = blockPage(b);
      expect(p.description.length, b.type).toBeGreaterThan(20);
      expect(p.equivalents.length, `${b.type} has no equivalents`).toBeGreaterThan(10);
      expect(p.params.map((r) => r.name)).toEqual(b.params.map((q) => q.name));
    }
  });

  it('the current clamp: units, defaults and ranges of its parameters, IClamp as NEURON names it', () => {
    const p = blockPage(blockDef('current-clamp')!);
    expect(p.equivalents).toContain('h.IClamp(seg)');
    expect(p.equivalents).toContain('inject_current_pulse');
    expect(p.inputs).toEqual([
      { name: 'model', label: 'model', type: 'model', optional: false },
      { name: 'where', label: 'at nodes', type: 'selection', optional: false },
    ]);
    expect(p.params.map((r) => [r.name, r.unit, r.default, r.range])).toEqual([
      ['start', 'ms', '5', 'at least 0 ms'],
      ['duration', 'ms', '1', 'at least 0 ms'],
      ['current', 'nA', '0.1', 'between -1000 and 1000 nA'],
    ]);
  });

  it('the run block: h.finitialize(v_init); h.continuerun(tstop) and navis run_simulation', () => {
    const p = blockPage(blockDef('run')!);
    expect(p.equivalents).toContain('h.finitialize(v_init); h.continuerun(tstop)');
    expect(p.equivalents).toContain('run_simulation');
    expect(p.params.find((r) => r.name === 'dt')).toMatchObject({ unit: 'ms', default: '0.025' });
  });
});

describe('help: search', () => {
  it('finds blocks by title, by NEURON and navis names, and by parameter', () => {
    expect(searchBlocks(BLOCKS, 'clamp')[0].type).toBe('current-clamp');
    expect(searchBlocks(BLOCKS, 'IClamp').map((b) => b.type)).toContain('current-clamp');
    // Both runs call finitialize; the compartment run names it first.
    expect(searchBlocks(BLOCKS, 'finitialize').map((b) => b.type)).toEqual(['run', 'run-network']);
    expect(searchBlocks(BLOCKS, 'IntFire4')[0].type).toBe('point-network');
    expect(searchBlocks(BLOCKS, 'split_axon_dendrite')[0].type).toBe('split-axon-dendrite');
    expect(searchBlocks(BLOCKS, 'v_init').map((b) => b.type)).toContain('run');
    expect(searchBlocks(BLOCKS, 'no such thing')).toEqual([]);
    expect(searchBlocks(BLOCKS, '  ').length).toBe(BLOCKS.length);
  });
});

describe('help: insert example', () => {
  const tutorial = parseGraph(readFileSync(resolve(REPO, 'examples/compartment-tutorial.graph.json'), 'utf8')).graph!;
  const empty = { nodes: [], connections: [] };

  it('with nothing selected: the block and the chain it needs (one skeleton shared by model and selection)', () => {
    const p = examplePlan('current-clamp', empty, null, blockDef)!;
    expect(p.add.map((a) => [a.key, a.type, a.column])).toEqual([
      ['b0', 'current-clamp', 2],
      ['b1', 'compartment-model', 1],
      ['b2', 'load-skeleton', 0],
      ['b3', 'select', 1],
    ]);
    expect(p.wires.map((w) => `${w.from.node}.${w.from.port} → ${w.to.node}.${w.to.port}`)).toEqual([
      'b2.neuron → b1.neuron',
      'b1.model → b0.model',
      'b2.neuron → b3.neuron',
      'b3.selection → b0.where',
    ]);
    expect(p.uses).toEqual([]);
  });

  it('a block that needs nothing is inserted alone; a plot after a run takes the run’s traces', () => {
    expect(examplePlan('load-skeleton', empty, null, blockDef)!.add.map((a) => a.type)).toEqual(['load-skeleton']);
    const run = tutorial.nodes.find((n) => n.type === 'run')!.id;
    const p = examplePlan('plot-traces', tutorial, run, blockDef)!;
    expect(p.add.map((a) => a.type)).toEqual(['plot-traces']);
    expect(p.wires).toEqual([{ from: { node: run, port: 'traces', existing: true }, to: { node: 'b0', port: 'traces' } }]);
  });

  it('wired to the selected model block, and the selection from the skeleton upstream of it', () => {
    const model = tutorial.nodes.find((n) => n.type === 'compartment-model')!.id;
    const p = examplePlan('voltage-recorder', tutorial, model, blockDef)!;
    expect(p.add.map((a) => a.type)).toEqual(['voltage-recorder', 'select']);
    const into = (port: string) => p.wires.find((w) => w.to.node === 'b0' && w.to.port === port)!.from;
    expect(into('model')).toEqual({ node: model, port: 'model', existing: true });
    expect(into('where')).toEqual({ node: 'b1', port: 'selection', existing: false });
    // The new Select reads the neuron the model was built from.
    const neuronIn = tutorial.connections.find((c) => c.to.node === model && c.to.port === 'neuron')!.from.node;
    expect(p.wires.find((w) => w.to.node === 'b1')!.from).toEqual({ node: neuronIn, port: 'neuron', existing: true });
    expect(p.uses.sort()).toEqual([model, neuronIn].sort());
  });

  it('an unknown type has no example', () => {
    expect(examplePlan('nope', empty, null, blockDef)).toBeNull();
  });
});
