/**
 * The NEURON export of a graph with subgraphs: instances are exported as their blocks, so the
 * tutorial built with a Repeat block gives the flat tutorial's script, number for number (only
 * the block ids quoted in it differ: `rounds/2/syn` for `syn_2`), and the same data file.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseGraph } from '../dataflow/validate.ts';
import { exportNeuron } from './export.ts';

const EXAMPLES = resolve(import.meta.dirname, '../../examples');

async function exported(name: string) {
  const { graph } = parseGraph(readFileSync(resolve(EXAMPLES, `${name}.graph.json`), 'utf8'));
  return exportNeuron(graph!, { readText: async () => '', baseName: 'model', graphName: 'g.graph.json' });
}

describe('NEURON export of subgraphs', () => {
  it('the tutorial with a Repeat block exports the flat tutorial’s script and data', async () => {
    const flat = await exported('compartment-tutorial');
    const rep = await exported('compartment-tutorial-repeat');
    expect(JSON.stringify(rep.data)).toBe(JSON.stringify(flat.data));
    const renamed = rep.script.replace(/"rounds\/(\d)\/syn"/g, '"syn_$1"');
    expect(renamed).toBe(flat.script);
    // The 50 AlphaSynapses (5 + 10 + 15 + 20) with the onsets of their rounds are in it.
    const onsets = [...rep.script.matchAll(/"AlphaSynapse", \d+, [\d.e-]+, \{"onset": (\d+)/g)].map((m) => Number(m[1]));
    expect([250, 450, 650, 850].map((t) => onsets.filter((x) => x === t).length)).toEqual([5, 10, 15, 20]);
  });
});
