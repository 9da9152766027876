/**
 * The sweep and metrics parts of an exported script: the points as literal tables (computed by
 * NeuroWire at export time, seeded draws included), a function per sweep that runs its points
 * (serially, or farmed out with ParallelContext's bulletin board under MPI) and writes the
 * sweep's CSV files as `neurowire run` does (nodes/sweep.ts puts the traces together), and
 * Trace metrics computed from the script's own traces (a port of
 * src/core/analysis/trace-metrics.ts, operation for operation, so that the same traces give
 * the same numbers).
 *
 * Graph text (block ids in the swept names and labels) reaches the script only as pyStr literals.
 */
import { pyList, pyNum, pyStr } from './python.ts';
import type { MetricsExport, SweepExport } from './sweep-plan.ts';

/** Python helpers of scripts with a sweep or a metrics block. */
export const SWEEP_HELPERS = `
NAN = float("nan")
INF = float("inf")


# ---------------------------------------------------------------------------------------------
# Sweeps: each point builds and runs its own model, so that points give the same results
# whichever process runs them and in whichever order.

def run_points(pc, point, n):
    """The results of point(0) ... point(n - 1): with more than one process (mpiexec), farmed
    out with the bulletin board (pc.submit, pc.working, pc.pyret); with one, one after another."""
    results = [None] * n
    if int(pc.nhost()) > 1:
        for k in range(n):
            pc.submit(point, k)
        while pc.working():
            k, r = pc.pyret()
            results[int(k)] = r
    else:
        for k in range(n):
            results[k] = point(k)[1]
    return results


def combine_points(results, suffixes):
    """The traces and spike trains of every point as one result, as NeuroWire's sweep block puts
    them together: each labelled with its point (label + suffix); of[label] = (point, label)."""
    traces, spikes, of = {}, {}, {}
    for k, r in enumerate(results):
        for label, values in r["traces"]:
            traces[label + suffixes[k]] = values
            of[label + suffixes[k]] = (k, label)
        for label, times in r["spikes"]:
            spikes[label + suffixes[k]] = times
            of[label + suffixes[k]] = (k, label)
    return {"t": results[0]["t"], "traces": list(traces.items()), "spikes": list(spikes.items()), "of": of}


# ---------------------------------------------------------------------------------------------
# Trace metrics, as NeuroWire measures them (src/core/analysis/trace-metrics.ts).

def crossing_times(t, v, threshold):
    """Upward crossings of threshold (mV), linearly interpolated between samples (ms)."""
    out = []
    for k in range(1, len(v)):
        a, b = v[k - 1], v[k]
        if a < threshold and b >= threshold:
            out.append(t[k - 1] + ((threshold - a) / (b - a)) * (t[k] - t[k - 1]))
    return out


def half_width(t, v, threshold, rest):
    """Width (ms) of the first spike at half its height above rest; NaN if it does not fall back."""
    k = 1
    while k < len(v) and not (v[k - 1] < threshold and v[k] >= threshold):
        k += 1
    top = k
    j = k
    while j < len(v) and v[j] >= threshold:
        if v[j] > v[top]:
            top = j
        j += 1
    if j >= len(v):
        return NAN
    level = (v[top] + rest) / 2
    r = top
    while r > 0 and v[r - 1] >= level:
        r -= 1
    f = top
    while f < len(v) - 1 and v[f + 1] >= level:
        f += 1
    if r == 0 or f == len(v) - 1:
        return NAN
    rise = t[r - 1] + ((level - v[r - 1]) / (v[r] - v[r - 1])) * (t[r] - t[r - 1])
    fall = t[f] + ((v[f] - level) / (v[f] - v[f + 1])) * (t[f + 1] - t[f])
    return fall - rise


def trace_metrics(t, v, o):
    """spikes, rate (Hz), latency (ms), peak, time to peak (ms), rest (mV), half-width (ms)."""
    a = bisect.bisect_left(t, o["from"])
    b = bisect.bisect_left(t, o["to"])
    if b < len(t) and t[b] == o["to"]:
        b += 1  # the window includes its end
    n = max(0, b - a)
    tw, vw = t[a:b], v[a:b]
    spikes = crossing_times(tw, vw, o["threshold"])
    last = t[-1] if t else o["from"]
    half = (t[1] - t[0]) / 2 if len(t) > 1 else 0
    end = o["to"] if o["to"] <= last + half else last
    span = end - o["from"]
    peak, k_peak = -INF, -1
    for k in range(n):
        if vw[k] > peak:
            peak, k_peak = vw[k], k
    total, count = 0, 0
    k = bisect.bisect_left(t, o["baselineFrom"])
    while k < len(t) and t[k] <= o["baselineTo"]:
        total += v[k]  # in order, as NeuroWire sums
        count += 1
        k += 1
    rest = total / count if count else NAN
    return [
        len(spikes),
        len(spikes) * 1000 / span if span > 0 else NAN,
        spikes[0] - o["onset"] if spikes else NAN,
        peak if k_peak >= 0 else NAN,
        tw[k_peak] - o["onset"] if k_peak >= 0 else NAN,
        rest,
        half_width(tw, vw, o["threshold"], rest) if spikes and rest == rest else NAN,
    ]


def window_error(t, o):
    """Why the metrics' window or baseline holds no sample, or None."""
    t_end = t[-1] if t else 0
    end = min(o["to"], t_end)
    if not end > o["from"] or not any(o["from"] <= x <= end for x in t):
        return "the window %r-%r ms holds no step of the run (0-%r ms)" % (o["from"], o["to"], t_end)
    if not any(o["baselineFrom"] <= x <= o["baselineTo"] for x in t):
        return "the baseline window %r-%r ms holds no sample of the run (0-%r ms)" % (o["baselineFrom"], o["baselineTo"], t_end)
    return None


def write_metrics_csv(path, result, o, names=None, points=None):
    """The metrics table of neurowire run: per trace (per point x trace after a sweep, with the
    point and its swept values first). Returns 0, or 1 when the window holds no sample."""
    error = window_error(result["t"], o)
    if error is not None:
        say("error: %s: %s" % (os.path.basename(path), error))
        return 1
    head = ["trace", "spikes", "rate_Hz", "latency_ms", "peak", "time_to_peak_ms", "rest_mV", "half_width_ms"]
    rows = [(["point"] + names if names is not None else []) + head]
    for label, values in result["traces"]:
        m = trace_metrics(result["t"], values, o)
        if names is None:
            rows.append([label] + m)
        else:
            k, trace = result["of"][label]
            rows.append([k + 1] + list(points[k]) + [trace] + m)
    write_csv(path, rows, missing="")
    return 0
`;

/** Generated Python names of sweep `k` (from 1): point_sweep_k, run_sweep_k and its tables SWEEP_k_*. */
export function sweepName(k: number): { f: string; table: string } {
  return { f: `sweep_${k}`, table: `SWEEP_${k}` };
}

/** A number or Infinity as Python writes it. */
function pyNumInf(v: number): string {
  return v === Infinity ? 'INF' : pyNum(v);
}

/** The metrics options as a Python dict (ms, mV). */
export function metricsOptions(m: MetricsExport): string {
  const o = m.opts;
  return `{"threshold": ${pyNum(o.threshold)}, "from": ${pyNum(o.from)}, "to": ${pyNumInf(o.to)}, "onset": ${pyNum(o.onset)}, "baselineFrom": ${pyNum(o.baselineFrom)}, "baselineTo": ${pyNum(o.baselineTo)}}`;
}

/**
 * The tables and functions of one sweep: `point_sweep_k(i)` runs point i with its run's
 * `simulate_run_j`, `run_sweep_k(out, pc)` runs them all and writes `<stem>.csv` (and
 * `<stem>.spikes.csv` when the run records spikes), returning the combined result.
 */
export function sweepFunctions(s: SweepExport, k: number, run: { f: string; spikes: boolean }, stem: string): string {
  const { f, table } = sweepName(k);
  const L: string[] = [];
  L.push('');
  L.push('# ---------------------------------------------------------------------------------------------');
  L.push(`# Sweep block ${pyStr(s.id)}: ${s.points.length} point(s) of run block ${pyStr(s.runId)}.`);
  L.push(`# ${table}_NAMES: the swept parameters; ${table}_POINTS: their values per point (as the graph`);
  L.push(`# gives them); ${table}_VALUES: the numbers P of simulate_${run.f} per point (NEURON's units);`);
  L.push(`# ${table}_SUFFIXES: what each point adds to its trace labels.`);
  L.push(`${table}_NAMES = [${s.names.map(pyStr).join(', ')}]`);
  L.push(`${table}_POINTS = [`);
  for (const p of s.points) L.push(`    ${pyList(p, '    ')},`);
  L.push(']');
  L.push(`${table}_VALUES = [`);
  for (const r of s.rows) L.push(`    ${pyList(r, '    ')},`);
  L.push(']');
  L.push(`${table}_SUFFIXES = [`);
  for (const x of s.suffixes) L.push(`    ${pyStr(x)},`);
  L.push(']');
  L.push('');
  L.push('');
  L.push(`def point_${f}(k):`);
  L.push(`    """Point k of the sweep above: (k, its results). (The bulletin board passes k as a float.)"""`);
  L.push('    k = int(k)');
  L.push(`    return k, simulate_${run.f}(${table}_VALUES[k])`);
  L.push('');
  L.push('');
  L.push(`def run_${f}(out, pc):`);
  L.push(`    """Run every point of the sweep above and write its CSV files; returns the combined results."""`);
  L.push(`    r = combine_points(run_points(pc, point_${f}, len(${table}_VALUES)), ${table}_SUFFIXES)`);
  L.push(`    write_traces_csv(os.path.join(out, ${pyStr(`${stem}.csv`)}), r["t"], r["traces"])`);
  if (run.spikes) L.push(`    write_spikes_csv(os.path.join(out, ${pyStr(`${stem}.spikes.csv`)}), r["spikes"])`);
  L.push(`    say("%s: %d points on %d process(es) -> %s" % (${pyStr(s.id)}, len(${table}_VALUES), int(pc.nhost()), out))`);
  L.push('    return r');
  return L.join('\n');
}
