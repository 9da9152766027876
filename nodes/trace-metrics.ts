/**
 * metrics: per recorded trace of a run, its spike count and rate, first-spike latency, peak,
 * time to peak, resting potential and first spike's half-width (src/core/analysis/trace-metrics.ts),
 * as a table: one row per trace. With a sweep upstream, one row per point × trace makes an f–I curve.
 */
import { traceMetrics } from '../src/core/analysis/trace-metrics.ts';
import { CoreError } from '../src/core/errors.ts';
import { requireInput } from './model-ops.ts';
import { paramValues } from './param-values.ts';
import type { BlockDef } from './types.ts';
import type { TableValue, TracesValue } from './values.ts';
import { POTENTIAL } from './quantities.ts';

const ms = (name: string, label: string, def: number, help: string, optional = false) =>
  ({ name, label, kind: 'number', unit: 'ms', default: def, min: 0, step: 10, help, ...(optional ? { optional: true } : {}) }) as const;

/**
 * Input: traces. Output: table (sink) with columns trace, spikes, rate (Hz), latency (ms),
 * peak (the trace's unit), time_to_peak (ms), rest (mV), half_width (ms).
 */
export const metricsBlock: BlockDef = {
  type: 'metrics',
  title: 'Trace metrics',
  aliases: ['spike count', 'peak', 'firing rate'],
  category: 'plot',
  description: 'Per trace: spike count and rate, first-spike latency, peak and time to peak, resting potential and spike half-width.',
  sink: true,
  inputs: { traces: { type: 'traces', label: 'traces' } },
  outputs: { table: { type: 'table', label: 'table' } },
  params: [
    { name: 'threshold', label: 'Spike threshold', ...POTENTIAL, default: 0, help: 'A spike is counted each time the trace rises through this value; its time is interpolated between samples.' },
    ms('from', 'Window start', 0, 'Measures are taken from this time on (ms).'),
    ms('to', 'Window end', 0, 'Measures are taken up to this time (ms); 0 or empty: to the end of the run.', true),
    ms('onset', 'Stimulus onset', 0, 'Latency and time to peak are counted from this time (ms), e.g. the current clamp’s delay.'),
    ms('baselineFrom', 'Baseline start', 0, 'The resting potential is the mean over the baseline window (ms).'),
    ms('baselineTo', 'Baseline end', 5, 'End of the baseline window (ms); keep it before the stimulus.'),
  ],
  compute(inputs, params) {
    const tr: TracesValue = requireInput(inputs, 'traces', 'traces', metricsBlock);
    const p = paramValues(metricsBlock, params);
    const to = p.optionalNumber('to');
    const opts = {
      threshold: p.number('threshold'),
      from: p.number('from'),
      to: to === null || to === 0 ? Infinity : to,
      onset: p.number('onset'),
      baselineFrom: p.number('baselineFrom'),
      baselineTo: p.number('baselineTo'),
    };
    // A window or baseline without samples has nothing to measure: say so rather than give NaN.
    const tEnd = tr.t.length ? tr.t[tr.t.length - 1] : 0;
    const within = (a: number, b: number) => tr.t.some((x) => x >= a && x <= b);
    const end = Math.min(opts.to, tEnd);
    if (!(end > opts.from) || !within(opts.from, end)) {
      throw new CoreError('input', `${metricsBlock.title}: the window ${opts.from}–${Number.isFinite(opts.to) ? opts.to : 'end'} ms holds no step of the run (0–${tEnd} ms): set the window inside the run`);
    }
    if (!within(opts.baselineFrom, opts.baselineTo)) throw new CoreError('input', `${metricsBlock.title}: the baseline window ${opts.baselineFrom}–${opts.baselineTo} ms holds no sample of the run (0–${tEnd} ms)`);
    const labels = Object.keys(tr.traces);
    const col = () => new Float64Array(labels.length);
    const c = { spikes: col(), rate: col(), latency: col(), peak: col(), timeToPeak: col(), rest: col(), halfWidth: col() };
    labels.forEach((l, k) => {
      const m = traceMetrics(tr.t, tr.traces[l], opts);
      c.spikes[k] = m.spikes;
      c.rate[k] = m.rate;
      c.latency[k] = m.latency;
      c.peak[k] = m.peak;
      c.timeToPeak[k] = m.timeToPeak;
      c.rest[k] = m.rest;
      c.halfWidth[k] = m.halfWidth;
    });
    // The traces of a sweep: tidy rows, one per point × trace, with the point's values as columns.
    const sw = tr.sweep;
    const swept: TableValue['columns'] = {};
    if (sw) {
      swept.point = Float64Array.from(labels, (l) => (sw.of[l]?.[0] ?? -1) + 1);
      sw.names.forEach((name, i) => (swept[name] = Float64Array.from(labels, (l) => (sw.of[l] ? sw.points[sw.of[l][0]][i] : NaN))));
    }
    const table: TableValue = {
      kind: 'table',
      title: `metrics of ${labels.length} trace${labels.length === 1 ? '' : 's'}${sw ? ` (${sw.points.length} points)` : ''}`,
      columns: { ...swept, trace: sw ? labels.map((l) => sw.of[l]?.[1] ?? l) : labels, spikes: c.spikes, rate_Hz: c.rate, latency_ms: c.latency, peak: c.peak, time_to_peak_ms: c.timeToPeak, rest_mV: c.rest, half_width_ms: c.halfWidth },
    };
    return { table };
  },
};
