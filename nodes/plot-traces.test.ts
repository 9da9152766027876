/**
 * plot-traces: navis's spike-rate binning (numbers from numpy), the CSV (full precision),
 * the panels per unit, and an option that is plain JSON and that ECharts 6 really renders.
 */
import * as echarts from 'echarts';
import { describe, expect, it } from 'vitest';
import { compartmentModel } from './compartment-model.ts';
import { currentClamp } from './current-clamp.ts';
import { currentRecorder } from './current-recorder.ts';
import { insertMechanism } from './insert-mechanism.ts';
import { plotTraces, spikeRate, tracesCsv } from './plot-traces.ts';
import { run } from './run.ts';
import { spikeDetector } from './spike-detector.ts';
import { voltageRecorder } from './voltage-recorder.ts';
import { NEURON, PN, TUT, exec, execModel, selection } from './model-test-kit.ts';
import type { FigureValue, TracesValue } from './values.ts';

/** A short run with voltages (mV), a clamp current (nA) and a spike detector. */
async function shortRun(): Promise<TracesValue> {
  let m = await execModel(compartmentModel, { neuron: NEURON });
  m = await execModel(insertMechanism, { model: m }, { mechanism: 'hh' });
  m = await execModel(currentClamp, { model: m, where: selection([PN.soma], 'soma') }, { start: 2, duration: 20, current: 0.5 });
  m = await execModel(voltageRecorder, { model: m, where: selection([PN.soma], 'soma') }, { label: 'soma' });
  m = await execModel(voltageRecorder, { model: m, where: selection([TUT.axonTip], 'axon tip') }, { label: 'axon,tip' });
  m = await execModel(currentRecorder, { model: m, where: selection([PN.soma], 'soma') }, { label: 'clamp' });
  m = await execModel(spikeDetector, { model: m, where: selection([PN.soma], 'soma') }, { label: 'soma', threshold: 0 });
  return (await exec(run, { model: m }, { tstop: 30 })).traces as TracesValue;
}

describe('spikeRate (navis plot_results)', () => {
  // Expected values printed by numpy: bins = np.linspace(0, T, 10); hist = np.histogram(v, bins)[0];
  // width = bins[1] - bins[0]; rate = hist * (1000 / width); centres = bins[:-1] + width / 2.
  it('bins as numpy does, with the run’s float end time', () => {
    const r = spikeRate([0, 50, 111.1, 111.2, 999.99, 1000, 1000.5, -1], 1000.0000000116);
    expect(r?.rate).toEqual([26.9999999996868, 8.9999999998956, 0, 0, 0, 0, 0, 0, 17.9999999997912]);
    expect(r?.centres).toEqual([55.555555556200005, 166.66666666860002, 277.77777778100005, 388.8888888934, 500.0000000058001, 611.1111111182001, 722.2222222306001, 833.333333343, 944.4444444554001]);
  });

  it('puts a spike on an edge in the bin to its right, and the end time in the last bin', () => {
    const r = spikeRate([0, 111.11111111111111, 111.1111111111111, 222.22222222222223, 222.2222222222222, 1000, 1000.0000001], 1000);
    expect(r?.rate).toEqual([18, 18, 9, 0, 0, 0, 0, 0, 9]);
    expect(r?.centres).toEqual([55.55555555555556, 166.66666666666669, 277.77777777777777, 388.8888888888889, 500, 611.1111111111111, 722.2222222222223, 833.3333333333334, 944.4444444444445]);
    expect(r?.width).toBe(111.11111111111111);
  });

  it('has no bins for a run of zero length', () => {
    expect(spikeRate([0], 0)).toBeNull();
  });
});

describe('plot-traces', () => {
  it('one panel per unit plus the spike rates; packed traces that ECharts 6 renders', async () => {
    const tr = await shortRun();
    expect(tr.spikes.soma.length).toBeGreaterThan(0);
    const fig = (await exec(plotTraces, { traces: tr }, { title: 'Soma clamp' })).figure as FigureValue;
    expect(fig.kind).toBe('figure');
    expect(fig.figure).toBe('traces');
    expect(fig.title).toBe('Soma clamp');
    const o = fig.option as { grid: unknown[]; yAxis: Array<{ name: string }>; series: Array<{ name: string; type: string; yAxisIndex: number; data: Float64Array | Array<[number, number]> }> };
    expect(o.grid.length).toBe(3);
    expect(o.yAxis.map((y) => y.name)).toEqual(['V (mV)', 'I (nA)', 'spike rate (Hz)']);
    expect(o.series.map((s) => [s.name, s.type, s.yAxisIndex])).toEqual([
      ['soma', 'line', 0],
      ['axon,tip', 'line', 0],
      ['clamp', 'line', 1],
      ['soma spike rate', 'line', 2],
    ]);
    // Traces packed t0, v0, t1, v1, … (no array per sample), every sample kept.
    const soma = o.series[0].data as Float64Array;
    expect(soma).toBeInstanceOf(Float64Array);
    expect(soma.length).toBe(2 * tr.t.length);
    expect([soma[200], soma[201]]).toEqual([tr.t[100], tr.traces.soma[100]]);
    expect((o.series[3].data as Array<[number, number]>).map((p) => p[1])).toEqual(spikeRate(tr.spikes.soma, tr.t[tr.t.length - 1])?.rate);
    // Apart from the packed data, plain JSON: nothing is lost in a round trip (no undefined, NaN or functions).
    const bare = { ...fig.option, series: o.series.map((s) => ({ ...s, data: s.data instanceof Float64Array ? Array.from(s.data) : s.data })) };
    expect(JSON.parse(JSON.stringify(bare))).toStrictEqual(bare);

    const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: 900, height: 700 });
    try {
      chart.setOption(fig.option);
      const svg = chart.renderToSVGString();
      expect(svg).toMatch(/^<svg/);
      expect((svg.match(/<path/g) ?? []).length).toBeGreaterThan(4);
      for (const name of ['soma spike rate', 'clamp', 'V (mV)', 'I (nA)', 'time (ms)']) expect(svg).toContain(name);
    } finally {
      chart.dispose();
    }
  });

  it('without spike rates: no rate panel', async () => {
    const tr = await shortRun();
    const fig = (await exec(plotTraces, { traces: tr }, { spikeRates: false })).figure as FigureValue;
    expect((fig.option.yAxis as unknown[]).length).toBe(2);
  });

  it('writes t,<label>,… with every double exactly and quotes labels that need it', async () => {
    const tr = await shortRun();
    const csv = tracesCsv(tr);
    const lines = csv.trimEnd().split('\n');
    expect(lines[0]).toBe('t,soma,"axon,tip",clamp');
    expect(lines.length).toBe(tr.t.length + 1);
    for (const k of [0, 1, 437, tr.t.length - 1]) {
      const cells = lines[k + 1].split(',').map(Number);
      expect(cells).toEqual([tr.t[k], tr.traces.soma[k], tr.traces['axon,tip'][k], tr.traces.clamp[k]]);
    }
    const fig = (await exec(plotTraces, { traces: tr })).figure as FigureValue;
    // Written when first read (a download), not at every recompute; copies still carry it.
    expect(typeof Object.getOwnPropertyDescriptor(fig, 'csv')?.get).toBe('function');
    expect(fig.csv).toBe(csv);
    expect({ ...fig }.csv).toBe(csv);
    expect(JSON.parse(JSON.stringify(fig)).csv).toBe(csv);
    expect(structuredClone(fig).csv).toBe(csv);
  });

  it('says so when there is nothing to plot', async () => {
    const empty: TracesValue = { kind: 'traces', t: new Float64Array([0]), traces: {}, units: {}, spikes: {}, run: { tstop: 0, v_init: -65, dt: 0.025, celsius: 6.3 }, sections: 1, segments: 1, wallMs: 0, warnings: [] };
    await expect(exec(plotTraces, { traces: empty })).rejects.toThrow(/Plot traces: nothing to plot/);
  });
});

describe('plot-traces of a sweep', () => {
  it('colours each trace by its point’s first swept value (viridis) and says so', async () => {
    const { plotTraces } = await import('./plot-traces.ts');
    const { viridis } = await import('./morphology-colours.ts');
    const t = Float64Array.of(0, 1, 2);
    const tr = {
      kind: 'traces',
      t,
      traces: { 'soma [a.x=1]': t, 'soma [a.x=2]': t, 'soma [a.x=3]': t },
      units: { 'soma [a.x=1]': 'mV', 'soma [a.x=2]': 'mV', 'soma [a.x=3]': 'mV' },
      spikes: {},
      run: { tstop: 2, v_init: -65, dt: 1, celsius: 6.3 },
      sections: 1,
      segments: 1,
      wallMs: 0,
      warnings: [],
      sweep: { names: ['a.x'], points: [[1], [2], [3]], of: { 'soma [a.x=1]': [0, 'soma'], 'soma [a.x=2]': [1, 'soma'], 'soma [a.x=3]': [2, 'soma'] } },
    };
    const fig = (plotTraces.compute({ traces: tr }, { title: 'V', spikeRates: false }, undefined as never) as { figure: { option: Record<string, unknown> } }).figure;
    const series = fig.option.series as Array<{ name: string; lineStyle: { color: string } }>;
    expect(series.map((s) => s.lineStyle.color)).toEqual([viridis(0), viridis(0.5), viridis(1)]);
    expect((fig.option.title as { subtext: string }).subtext).toMatch(/colour: a.x from 1 \(purple\) to 3 \(yellow\)/);
    // A colour bar in place of the legend: the parameter and its lowest value, the ramp from
    // viridis(0) to viridis(1), the highest value.
    expect(fig.option.legend).toEqual({ show: false });
    const [bar] = fig.option.graphic as Array<{ children: Array<{ type: string; style: { text?: string; fill?: { colorStops: Array<{ offset: number; color: string }> } } }> }>;
    expect(bar.children.filter((c) => c.type === 'text').map((c) => c.style.text)).toEqual(['a.x:  1', '3']);
    const stops = bar.children.find((c) => c.type === 'rect')!.style.fill!.colorStops;
    expect([stops[0], stops[stops.length - 1]]).toEqual([{ offset: 0, color: viridis(0) }, { offset: 1, color: viridis(1) }]);
  });
});
