/**
 * metrics: per recorded trace of a run, its spike count and rate, first-spike latency, peak,
 * time to peak, resting potential and first spike's half-width (src/core/analysis/trace-metrics.ts),
 * as a table: one row per trace. With a sweep upstream, one row per point × trace makes an f–I curve.
 */
import { traceMetrics, windowRange } from '../src/core/analysis/trace-metrics.ts';
import { parseTraceExpr, TraceEnv } from '../src/core/analysis/trace-expr.ts';
import type { Expr } from '../src/core/expr/expression.ts';
import { CoreError } from '../src/core/errors.ts';
import { requireInput } from './model-ops.ts';
import { paramValues } from './param-values.ts';
import type { BlockDef } from './types.ts';
import type { TableValue, TracesValue } from './values.ts';
import { POTENTIAL } from './quantities.ts';

const ms = (name: string, label: string, def: number, help: string, optional = false) =>
  ({ name, label, kind: 'number', unit: 'ms', default: def, min: 0, softMin: 0, softMax: 1000, step: 1, help, ...(optional ? { optional: true } : {}) }) as const;

/**
 * Input: traces. Output: table (sink) with columns trace, spikes, rate (Hz), latency (ms),
 * peak (the trace's unit), time_to_peak (ms), rest (mV), half_width (ms).
 */
export const metricsBlock: BlockDef = {
  type: 'metrics',
  title: 'Trace metrics',
  equivalents: 'NEURON/numpy: spike times from h.NetCon.record, peaks and half-widths by hand (efel-like)',
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
    {
      name: 'expressions',
      label: 'Your measures',
      kind: 'string',
      default: '',
      optional: true,
      multiline: true,
      suggestions: ['height = peak - rest', 'sag = v_at(250) - min_in(100, 250)', 'mean_late = mean_in(500, 1000)'],
      help: 'One measure per line, "name = expression" (or just the expression), a column of the table each: the measures above by name (spikes, rate, latency, peak, time_to_peak, rest, half_width), v_mean, v_min, v_max, v_std, v_integral, v_first, v_last, t_from, t_to over the window, v_at(t), mean_in(a, b), min_in(a, b), max_in(a, b), spikes_above(x), and exp, log, sqrt, abs, pow, min, max, … with + − × / ^, comparisons and c ? a : b.',
    },
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
    const measures = userMeasures(p.string('expressions'));
    const labels = Object.keys(tr.traces);
    const col = () => new Float64Array(labels.length);
    const c = { spikes: col(), rate: col(), latency: col(), peak: col(), timeToPeak: col(), rest: col(), halfWidth: col() };
    const user = measures.map(() => col());
    const [a, b] = windowRange(tr.t, opts);
    labels.forEach((l, k) => {
      const m = traceMetrics(tr.t, tr.traces[l], opts);
      if (measures.length) {
        const env = new TraceEnv(tr.t, tr.traces[l], a, b, m, opts);
        measures.forEach((u, j) => (user[j][k] = u.expr.evaluate(env)));
      }
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
      columns: { ...swept, trace: sw ? labels.map((l) => sw.of[l]?.[1] ?? l) : labels, spikes: c.spikes, rate_Hz: c.rate, latency_ms: c.latency, peak: c.peak, time_to_peak_ms: c.timeToPeak, rest_mV: c.rest, half_width_ms: c.halfWidth, ...Object.fromEntries(measures.map((u, j) => [u.name, user[j]])) },
    };
    return { table };
  },
};

/** The table's own columns: a measure of the user's may not take one of their names. */
const RESERVED = new Set(['point', 'trace', 'spikes', 'rate_Hz', 'latency_ms', 'peak', 'time_to_peak_ms', 'rest_mV', 'half_width_ms']);

/**
 * The user's measures, one per non-empty line: "name = expression" or an expression (named
 * measure_1, measure_2, … by its line). A mistake is the block's error naming the line.
 */
function userMeasures(text: string): Array<{ name: string; expr: Expr<TraceEnv> }> {
  const out: Array<{ name: string; expr: Expr<TraceEnv> }> = [];
  const names = new Set<string>();
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (!line || line.startsWith('#')) return;
    const m = /^([A-Za-z_][A-Za-z0-9_]*)\s*=(?!=)(.*)$/.exec(line);
    const name = m ? m[1] : `measure_${i + 1}`;
    const where = `${metricsBlock.title}: your measures, line ${i + 1}`;
    if (name.length > 40) throw new CoreError('input', `${where}: the name is ${name.length} characters long; at most 40`);
    if (RESERVED.has(name) || names.has(name)) throw new CoreError('input', `${where}: the table already has a column "${name}"; choose another name`);
    names.add(name);
    try {
      out.push({ name, expr: parseTraceExpr(m ? m[2].trim() : line) });
    } catch (e) {
      throw new CoreError('input', `${where}: ${e instanceof Error ? e.message : String(e)}`);
    }
  });
  if (out.length > 50) throw new CoreError('input', `${metricsBlock.title}: ${out.length} measures of your own; at most 50`);
  return out;
}
