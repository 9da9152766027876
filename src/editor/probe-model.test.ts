import { describe, expect, it } from 'vitest';
import { fmt, probeModel, skeletonPath, sparklinePath, summarize } from './probe-model.ts';

describe('probe models', () => {
  it('shows the first five rows of a table', () => {
    const m = probeModel({ kind: 'table', title: 'nodes', columns: { id: Int32Array.from([1, 2, 3, 4, 5, 6, 7]), x: Float64Array.from([0.5, 1.25, 2, 3, 4, 5, 6]), label: ['a', 'b', 'c', 'd', 'e', 'f', 'g'] } });
    expect(m.kind).toBe('table');
    if (m.kind !== 'table') return;
    expect(m.columns).toEqual(['id', 'x', 'label']);
    expect(m.rows.length).toBe(5);
    expect(m.rows[1]).toEqual(['2', '1.25', 'b']);
    expect(m.total).toBe(7);
  });

  it('draws a skeleton as parent→child segments, sampled to the limit', () => {
    const n = 5001;
    const x = new Float64Array(n);
    const y = new Float64Array(n);
    const parent = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      x[i] = i;
      y[i] = Math.sin(i / 100) * 50;
      parent[i] = i - 1;
    }
    const { path, segments, drawn } = skeletonPath(x, y, parent, 2000, 120);
    expect(segments).toBe(n - 1);
    expect(drawn).toBeLessThanOrEqual(2000);
    expect(drawn).toBeGreaterThan(1900);
    expect((path.match(/M/g) ?? []).length).toBe(drawn);
    // Everything inside the box.
    const nums = path.split(/[ML ]/).filter(Boolean).map(Number);
    expect(Math.min(...nums)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...nums)).toBeLessThanOrEqual(120);
    const m = probeModel({ kind: 'neuron', skeleton: { x, y, z: new Float64Array(n), parent, units: 'µm', name: 'syn' }, connectors: null, warnings: [] });
    expect(m.kind).toBe('neuron');
    if (m.kind === 'neuron') expect(m.summary).toContain('5001 nodes');
  });

  it('puts the root of a small tree at the right place (y up)', () => {
    const { path, drawn } = skeletonPath([0, 0, 10], [0, 10, 10], [-1, 0, 1], 2000, 100, 0);
    expect(drawn).toBe(2);
    expect(path).toBe('M0.0 100.0L0.0 0.0M0.0 0.0L100.0 0.0');
  });

  it('downsamples traces keeping the extremes', () => {
    const n = 40001;
    const t = new Float64Array(n);
    const v = new Float64Array(n).fill(-65);
    for (let i = 0; i < n; i++) t[i] = i * 0.025;
    v[12345] = 40; // a spike
    const s = sparklinePath(t, v, 200);
    expect(s.max).toBe(40);
    expect(s.min).toBe(-65);
    const pts = (s.path.match(/[ML]/g) ?? []).length;
    expect(pts).toBeLessThanOrEqual(200);
    expect(pts).toBeGreaterThan(50);
    expect(s.path).toContain(' 2.0'); // the spike reaches the top (pad 2)
    const m = probeModel({ kind: 'traces', t, traces: { soma: v, dend: v }, units: { soma: 'mV' }, spikes: { soma: Float64Array.from([308]) } });
    expect(m.kind).toBe('traces');
    if (m.kind === 'traces') {
      expect(m.series.map((x) => x.name)).toEqual(['soma', 'dend']);
      expect(m.series[0].unit).toBe('mV');
      expect(m.summary).toContain('2 traces');
      expect(m.summary).toContain('1 spike');
    }
  });

  it('summarises other values in one line', () => {
    expect(summarize({ kind: 'selection', ids: Int32Array.from([1, 2, 3]), description: 'first 3 dendritic postsynapses' })).toBe('3 nodes selected: first 3 dendritic postsynapses');
    expect(summarize({ kind: 'spikes', spikes: [Float64Array.from([1, 2]), Float64Array.from([3])], tFinal: 100 })).toBe('3 spikes from 2 neurons in 100 ms');
    expect(summarize({ kind: 'figure', figure: 'raster', title: 'Raster' })).toBe('raster figure: Raster');
    expect(summarize({ kind: 'model', mechanisms: [1], pointProcesses: [1, 2], recorders: [] })).toBe('compartment model: 1 mechanism, 2 point processes, 0 recorders');
    expect(summarize({ kind: 'network', names: ['a', 'b'], edges: { source: Int32Array.from([0]) }, stimuli: [] })).toBe('2 neurons, 1 edge, 0 stimuli');
    expect(summarize({ kind: 'edges', edges: { names: ['a', 'b'], source: Int32Array.from([0, 1]) } })).toBe('2 edges between 2 neurons');
    expect(probeModel(undefined).kind).toBe('none');
    expect(probeModel({ kind: 'spikes', spikes: [] }).kind).toBe('other');
    expect(fmt(0.000012345)).toBe('1.234e-5');
    expect(fmt(3.14159265)).toBe('3.1416');
  });
});
