import { describe, expect, it } from 'vitest';
import { blockDef } from '../../nodes/index.ts';
import { compartmentTutorial } from '../../tools/examples/build.ts';
import type { Graph } from '../dataflow/graph.ts';
import { pickableParams, pickedLine } from './sweep-picker.ts';

describe('sweep picker', () => {
  const g = compartmentTutorial() as unknown as Graph;
  g.nodes.push({ id: 'sweep', type: 'sweep', params: {}, position: [0, 0] } as Graph['nodes'][number]);
  g.connections.push({ from: { node: 'run', port: 'traces' }, to: { node: 'sweep', port: 'traces' } });
  const specs = (id: string) => blockDef(g.nodes.find((n) => n.id === id)!.type)!.params;

  it('offers the numeric parameters of the blocks upstream, with their values', () => {
    const p = pickableParams(g, 'sweep', specs);
    const by = new Map(p.map((x) => [x.target, x.value]));
    expect(by.get('run.tstop')).toBe(1000);
    expect(by.get('syn_1.gmax')).toBe(0.1);
    expect(by.get('props.Ra')).toBe(266.1);
    // Not the plot (downstream of the run, not upstream of the sweep), nor text parameters.
    expect([...by.keys()].some((t) => t.startsWith('traces.'))).toBe(false);
    expect(by.has('rec_soma.label')).toBe(false);
  });

  it('writes a sweep line around the value and a fit line with bounds', () => {
    expect(pickedLine({ target: 'syn_1.gmax', label: '', value: 0.1 }, 'sweep')).toBe('syn_1.gmax = logspace(0.05, 0.2, 8)');
    expect(pickedLine({ target: 'pas.e', label: '', value: -60 }, 'sweep')).toBe('pas.e = linspace(-120, -30, 8)');
    expect(pickedLine({ target: 'props.Ra', label: '', value: 266.1 }, 'fit')).toBe('props.Ra = 266.1 in [26.61, 2661] log');
  });
});
