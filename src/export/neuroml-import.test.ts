/**
 * The other way: a morphology NEURON exports loads back as a skeleton. The synthetic neuron's
 * exported script builds its sections in NEURON, NEURON 8.2's ModelView writes them as NeuroML
 * (its only morphology export; MorphML, NeuroML 1), and readNeuroMl must give a skeleton with
 * the same total length and tree (NEURON prints coordinates with %g, 6 significant digits).
 */
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { resolve } from 'node:path';
import { parseGraph } from '../dataflow/validate.ts';
import { REPO } from '../../tools/neuron/case.ts';
import { discretize } from '../core/cable/discretize.ts';
import { readNeuroMl } from '../core/morphology/neuroml.ts';
import { exportNeuron } from './export.ts';

const PYTHON = '/usr/bin/python3';
const hasNeuron = spawnSync(PYTHON, ['-c', 'import neuron'], { stdio: 'ignore' }).status === 0;

describe('NEURON → NeuroML → NeuroWire', () => {
  it.skipIf(!hasNeuron)(`NEURON's ModelView export of the exported synthetic neuron loads with the same length and tree${hasNeuron ? '' : ' (skipped: /usr/bin/python3 cannot import neuron)'}`, async () => {
    const { graph } = parseGraph(readFileSync(resolve(REPO, 'examples/compartment-tutorial.graph.json'), 'utf8'));
    const ex = await exportNeuron(graph!, { readText: async () => '', baseName: 'model', graphName: 'compartment-tutorial.graph.json' });
    const dir = mkdtempSync(resolve(tmpdir(), 'nw-nml-'));
    writeFileSync(resolve(dir, 'model.py'), ex.script);
    writeFileSync(resolve(dir, 'model.data.json'), JSON.stringify(ex.data));
    const code = [
      'import sys, json',
      `sys.path.insert(0, ${JSON.stringify(dir)})`,
      'import model',
      'from neuron import h',
      'h.load_file("mview.hoc")',
      'secs = model.build_sections(model.load_data("run")["sections"], "s")',
      `h.ModelViewXML(h.ModelView(0)).exportNeuroML(${JSON.stringify(resolve(dir, 'model.xml'))}, 1)`,
      'print(json.dumps({"L": sum(s.L for s in secs), "n": len(secs)}))',
    ].join('\n');
    const r = spawnSync(PYTHON, ['-c', code], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    const neuron = JSON.parse(r.stdout.trim().split('\n').pop()!) as { L: number; n: number };
    const plan = ex.plans[0];
    if (plan.kind !== 'compartment') throw new Error('expected a compartment model');
    expect(neuron.n).toBe(plan.sections.length);

    const { skeleton, warnings } = readNeuroMl(readFileSync(resolve(dir, 'model.xml'), 'utf8'));
    const disc = discretize(skeleton);
    const L = disc.sections.reduce((a, s) => a + s.L, 0);
    expect(Math.abs(L - neuron.L) / neuron.L).toBeLessThan(1e-4);
    expect(disc.trees).toBe(1);
    // Branch points are the same: NEURON's sections are the unbranched runs NeuroWire made.
    expect(disc.sections.length).toBe(plan.sections.length);
    expect(warnings.every((w) => /start away|no segment groups/.test(w))).toBe(true);
  });
});
