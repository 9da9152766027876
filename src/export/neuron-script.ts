/**
 * The standalone NEURON script of an export: a readable Python file that builds every model
 * the graph runs, runs it with the run block's options and writes the same CSV files as
 * `neurowire run`. It imports only `neuron` and the standard library. The skeleton geometry
 * (and a network's edges and NetStims) goes into a JSON data file next to the script; the
 * rest (properties, mechanisms, point processes, NetStims, NetCons, recorders, run options) is
 * written into the script itself, each part with a comment naming the block that added it.
 *
 * The script follows the rules NeuroWire and tools/neuron/run_case.py share
 * (tools/neuron/README.md, rules 6–12, and EVENTS.md): pt3dadd of float32 points, connect,
 * nseg, then mechanisms, point processes, NetStims, NetCons and recorders in the model's order,
 * then h.celsius, h.dt, the default generator reseeded to 1, finitialize(v_init),
 * continuerun(tstop). Point networks run with ParallelContext (round-robin gids, gid_connect,
 * spike_record, psolve) so that `mpiexec -n N python3 model.py` runs them in parallel.
 *
 * A run that a sweep repeats gets build/simulate functions of the numbers the sweep sets
 * (`P[k]`, plan-diff.ts); each point builds its own model from the literal tables of
 * sweep-script.ts, serially or on the MPI processes (bulletin board), with the same results.
 *
 * A graph comes from anyone, so no text of it is ever part of the script's code: ids, labels,
 * names, file names and the command appear only as escaped string literals (pyStr), also in
 * comments and docstrings; Python names are generated (build_run_1, run_run_1, ... in plan
 * order) and output files are `<safe name>.csv` (src/dataflow/safe-names.ts). The script is
 * printable ASCII and has no f-strings (messages are built with `%`).
 */
import { CoreError } from '../core/errors.ts';
import { safeFileNames } from '../dataflow/safe-names.ts';
import type { CompartmentPlan, NetworkPlan, Origin, Plan, PlanValue, SectionSet } from './plan.ts';
import type { PlanColumn, PlanPath } from './plan-diff.ts';
import type { MetricsExport, SweepExport } from './sweep-plan.ts';
import { metricsOptions, SWEEP_HELPERS, sweepFunctions, sweepName } from './sweep-script.ts';
import { DEFAULT_OUT_HELPER, PLOT_HELPERS } from './plot-script.ts';
import { asciiJson, pyDict, pyList, pyNum, pyOpt, pyStr, wellFormed } from './python.ts';
import { JS_MATH_HELPERS, pythonFunction } from './py-expr.ts';
import { MOD_HELPERS, mergeModFiles, type ModFile } from './mods.ts';

export interface ScriptOptions {
  /** The graph file's name, for the docstring. */
  graphName: string;
  /** File name of the data file (next to the script): a safe name, it is written into the code. */
  dataFile: string;
  /** The script's own file name, for the usage line of the docstring. */
  scriptFile?: string;
  /**
   * Output file stem per run id (`<stem>.csv`), as safeFileNames gives them for every block id
   * of the graph (so that `neurowire run` writes the same names). Default: safeFileNames of the
   * run ids.
   */
  fileNames?: ReadonlyMap<string, string>;
  /** Blocks not part of the script (plots, tables). */
  notExported: Array<{ id: string; type: string }>;
  /** How the script was made, e.g. `neurowire export neuron x.graph.json -o x.py`. */
  command?: string;
  /** Put this data into the script instead of a file next to it (one file to download). */
  embed?: ScriptData;
  /** Sweeps and Trace metrics blocks the script runs (sweep-plan.ts), with the file stem of every block id. */
  sweeps?: SweepScript;
}

/** What the script does beyond the runs: sweeps of them and metrics of their traces. */
export interface SweepScript {
  sweeps: SweepExport[];
  metrics: MetricsExport[];
  /** Per swept run id, the plan numbers each point sets (P of its build function). */
  columns: ReadonlyMap<string, readonly PlanColumn[]>;
  /** Output file stem per block id (safeFileNames of every block id, as `neurowire run` names its files). */
  files: ReadonlyMap<string, string>;
}

/** The data file: per run block (keyed by its output file stem), what is too large to read well in the script. */
export interface ScriptData {
  format: 'neurowire-neuron-export';
  version: 1;
  runs: Record<string, Record<string, unknown>>;
  /** The .mod files every compartment model's mechanisms come from, in load order (absent: none). */
  mods?: Array<{ name: string; file: string; text: string }>;
}

/** A file name the script writes in code: only safe-name characters (and dots) may reach it. */
function checkedFileName(name: string): string {
  if (!/^[A-Za-z0-9_-][A-Za-z0-9_.-]*$/.test(name) || name.includes('..')) throw new Error(`internal: unsafe file name ${JSON.stringify(name)} in an export`);
  return name;
}

/** Python helpers every script has: CSV output exactly as `neurowire run` writes it, data loading. */
export const OUTPUT_HELPERS = `
# ---------------------------------------------------------------------------------------------
# Output: the CSV files of \`neurowire run\`, byte for byte.

def js_number(x):
    """A number as JavaScript prints it (shortest digits that read back to the same double),
    so that the CSV files are those \`neurowire run\` writes."""
    x = float(x)
    if x != x:
        return "NaN"
    if x in (float("inf"), float("-inf")):
        return "Infinity" if x > 0 else "-Infinity"
    if x == 0:
        return "0"
    sign, digits, exp = Decimal(repr(x)).as_tuple()
    s = "".join(map(str, digits)).rstrip("0")
    e = exp + len(digits) - len(s)  # |x| = int(s) * 10**e
    k, n = len(s), len(s) + e
    if k <= n <= 21:
        out = s + "0" * (n - k)
    elif 0 < n <= 21:
        out = s[:n] + "." + s[n:]
    elif -6 < n <= 0:
        out = "0." + "0" * -n + s
    else:
        out = s[0] + ("." + s[1:] if k > 1 else "") + "e" + ("+" if n > 1 else "-") + str(abs(n - 1))
    return ("-" if sign else "") + out


def csv_cell(v, missing="NaN"):
    """missing: how NaN is written (tables leave the cell empty, as \`neurowire run\` does)."""
    if isinstance(v, (int, float)) and v != v:
        return missing
    s = js_number(v) if isinstance(v, (int, float)) else str(v)
    return '"' + s.replace('"', '""') + '"' if any(c in s for c in '",\\r\\n') else s


def write_csv(path, rows, missing="NaN"):
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write("\\n".join(",".join(csv_cell(v, missing) for v in row) for row in rows) + "\\n")


# What the run wrote, for --plot / --plot-png: (kind, path, data).
WRITTEN = []


def write_traces_csv(path, t, traces):
    """t (ms), then one column per trace (label, values)."""
    WRITTEN.append(("traces", path, (t, traces)))
    columns = [t] + [values for _, values in traces]
    write_csv(path, [["t"] + [label for label, _ in traces]] + [list(r) for r in zip(*columns)])


def write_spikes_csv(path, trains):
    """label,t (ms): one row per spike, train after train."""
    WRITTEN.append(("spikes", path, trains))
    write_csv(path, [["label", "t"]] + [[label, t] for label, times in trains for t in times])


_LOADED = {}


def load_data(run_id):
    if DATA is not None:
        return DATA["runs"][run_id]
    if run_id not in _LOADED:  # read once per process (a sweep builds the model per point)
        with open(DATA_FILE, encoding="utf-8") as f:
            _LOADED[run_id] = json.load(f)["runs"][run_id]
    return _LOADED[run_id]


def load_mods():
    """The .mod files (name, file, text) of the data file."""
    with open(DATA_FILE, encoding="utf-8") as f:
        return json.load(f).get("mods", [])
`;

const COMPARTMENT_HELPERS = `
# ---------------------------------------------------------------------------------------------
# Compartment models (tools/neuron/README.md, rules 6-12).

def build_sections(geometry, prefix):
    """One section per unbranched run of the skeleton: its 3-D points (um, float32 as NEURON
    stores them; d = diameter), its 0 end connected to the parent's 1 end (or to the root
    section's 0 end for the other sections leaving a root), then nseg."""
    secs = []
    for k, s in enumerate(geometry):
        sec = h.Section(name=prefix + str(k))
        for x, y, z, d in zip(s["x"], s["y"], s["z"], s["d"]):
            h.pt3dadd(x, y, z, d, sec=sec)
        if s["parent"] >= 0:
            sec.connect(secs[s["parent"]](s["parentX"]), 0)
        secs.append(sec)
    for sec, s in zip(secs, geometry):
        sec.nseg = s["nseg"]
    return secs


def sections_of(secs, where):
    return secs if where == "all" else [secs[i] for i in where]


def indices_of(secs, where):
    return range(len(secs)) if where == "all" else where


def set_property(secs, where, name, value):
    """Ra (ohm cm) or cm (uF/cm2) of these sections."""
    for sec in sections_of(secs, where):
        setattr(sec, name, value)


def segment_places(secs, geometry, env):
    """Per section, the arguments of a per-segment expression, (d, x, y, z, diam, label), at
    each segment's centre and at the section's centre: d is NEURON's path distance
    (h.distance, origin at the 0 end of the tree's root section), the others as NeuroWire
    computed them (in the data: the centre's x, y, z, label; the segment's diam, or the 3-D
    diameter at the section's centre)."""
    root = []
    for k, s in enumerate(geometry):
        root.append(k if s["parent"] < 0 else root[s["parent"]])
    trees = {}
    for k, r in enumerate(root):
        trees.setdefault(r, []).append(k)
    places = [None] * len(secs)
    for r, members in trees.items():
        h.distance(0, secs[r](0))
        for k in members:
            e = env[k]
            segs = [(h.distance(seg),) + tuple(e["seg"][j]) for j, seg in enumerate(secs[k])]
            places[k] = (segs, (h.distance(secs[k](0.5)),) + tuple(e["mid"]))
    return places


def expr_value(f, place, what):
    value = f(*place)
    if not math.isfinite(value):
        raise ValueError("%s is %r where d = %r um" % (what, value, place[0]))
    return value


def set_property_expr(secs, where, name, f, places):
    """Ra from an expression at each section's centre, or cm at each segment's centre."""
    for k in indices_of(secs, where):
        if name == "Ra":
            secs[k].Ra = expr_value(f, places[k][1], name)
        else:
            for seg, place in zip(secs[k], places[k][0]):
                seg.cm = expr_value(f, place, name)


def insert(secs, where, mechanism, params, exprs=None, places=None):
    """Insert a density mechanism into these sections and set its parameters in every
    segment (after nseg is final: changing nseg would reset them); exprs are functions of
    the segment (segment_places)."""
    for k in indices_of(secs, where):
        sec = secs[k]
        sec.insert(mechanism)
        for j, seg in enumerate(sec):
            for name, value in params.items():
                setattr(seg, name, value)
            for name, f in (exprs or {}).items():
                setattr(seg, name, expr_value(f, places[k][0][j], name))


def set_globals(values):
    """GLOBAL parameters of .mod mechanisms (one value per mechanism): q10_kdr, ..."""
    for name, value in values.items():
        setattr(h, name, value)


def point_process(secs, kind, sec, x, params):
    """A point process at secs[sec](x): NEURON puts it on the node of the segment holding x
    (x = 0 and 1 are the section's end nodes). An ARTIFICIAL_CELL is only filed there."""
    pp = getattr(h, kind)(secs[sec](x))
    for name, value in params.items():
        setattr(pp, name, value)
    return pp


def netstim(k, params, seed):
    """A NetStim; with a seed its noise comes from its own Random123 stream (seed, k, 0),
    which finitialize restarts; without one from NEURON's default generator, shared by all
    unseeded NetStims and reseeded before the run."""
    ns = h.NetStim()
    for name, value in params.items():
        setattr(ns, name, value)
    if seed is not None:
        ns.noiseFromRandom123(seed, k, 0)
    return ns


def netcon(source, target, weight, delay):
    """A NetCon from a NetStim, or from a point process or artificial cell that sends events
    (net_event) (weight in uS, delay in ms)."""
    nc = h.NetCon(source, target)
    nc.weight[0] = weight
    nc.delay = delay
    return nc


def netcon_v(secs, sec, x, threshold, target, weight, delay):
    """A NetCon watching v at secs[sec](x): a spike when v rises above threshold (mV)."""
    nc = h.NetCon(secs[sec](x)._ref_v, target, sec=secs[sec])
    nc.threshold = threshold
    nc.weight[0] = weight
    nc.delay = delay
    return nc


def record(ref, sec=None):
    vec = h.Vector()
    if sec is None:
        vec.record(ref)
    else:
        vec.record(ref, sec=sec)
    return vec


def record_var(secs, sec, x, variable):
    """A variable at secs[sec](x): v on NEURON's node there; a mechanism's (gbar_kdr, m_hh) or
    an ion's (cai, ica) in the segment holding x (x = 0 / 1: the first / last segment)."""
    return record(getattr(secs[sec](x), "_ref_" + variable), sec=secs[sec])


def record_pp(pp, variable):
    """A point process's variable: i (nA), g (uS), any field of a .mod point process."""
    ref = getattr(pp, "_ref_" + variable)
    # An ARTIFICIAL_CELL has no segment (hasattr is False for it).
    return record(ref, sec=pp.get_segment().sec) if hasattr(pp, "get_segment") else record(ref)


def record_spikes(netcons, sources):
    """Spike times per label; NEURON keeps one recording per source, shared by its NetCons."""
    vectors, out = {}, []
    for label, k in sources:
        if k not in vectors:
            vectors[k] = h.Vector()
            netcons[k].record(vectors[k])
        out.append((label, vectors[k]))
    return out
`;

const NETWORK_HELPERS = `
# ---------------------------------------------------------------------------------------------
# Point networks with ParallelContext: neuron i has gid i and lives on rank i % nhost; each
# rank builds its neurons, the NetCons into them and the NetStims that drive them.

class ExportError(Exception):
    pass


def run_point_network(pc, data, model, params, delay, seed, tstop, dt):
    """Build, run and return the spike trains (on rank 0; None elsewhere)."""
    rank, nhost = int(pc.id()), int(pc.nhost())
    names = data["names"]
    n = len(names)
    delays = data["edges"].get("delay")  # per edge (ms), when the edge list gives them
    if nhost > 1 and delay <= 0 and data["edges"]["source"]:
        raise ExportError("edge delay %s ms: NetCons between processes need a delay > 0; run on one process" % (delay,))
    noisy = any(s["params"]["noise"] > 0 for s in data["netstims"])
    if nhost > 1 and noisy and seed is None:
        raise ExportError("the stimuli draw noise from NEURON's default generator, one stream shared "
                          "in event order, which differs when the NetStims are spread over processes; "
                          "run on one process or choose random123 noise in the point-network block")
    cells = {}
    for gid in range(rank, n, nhost):
        cell = getattr(h, model)()
        for name, value in params.items():
            setattr(cell, name, value)
        pc.set_gid2node(gid, rank)
        pc.cell(gid, h.NetCon(cell, None))  # its spike detector, as navis's PointNeuron makes one
        cells[gid] = cell
    tvec, idvec = h.Vector(), h.Vector()
    pc.spike_record(-1, tvec, idvec)
    netcons = []
    edges = data["edges"]
    for k, (s, t, w) in enumerate(zip(edges["source"], edges["target"], edges["weight"])):
        if t in cells:
            nc = pc.gid_connect(s, cells[t])
            nc.weight[0] = w
            nc.delay = delay if delays is None else delays[k]
            netcons.append(nc)
    # A NetStim is made on every rank that holds one of its targets; copies of a shared one
    # draw the same Random123 stream (seed, k, 0), so they give the same train.
    stims = []
    for k, s in enumerate(data["netstims"]):
        local = [t for t in s["targets"] if t in cells]
        if not local:
            continue
        ns = h.NetStim()
        for name, value in s["params"].items():
            setattr(ns, name, value)
        if seed is not None:
            ns.noiseFromRandom123(seed, k, 0)
        stims.append(ns)
        for t in local:
            nc = h.NetCon(ns, cells[t])
            nc.weight[0] = s["weight"]
            nc.delay = 0
            netcons.append(nc)
    pc.set_maxstep(10)
    h.dt = dt
    if stims and seed is None:
        stims[0].seed(1)  # NEURON's default generator as a fresh process starts it
    h.finitialize(-65)  # v_init does not reach artificial cells (navis's run_simulation)
    pc.psolve(tstop)
    parts = pc.py_gather(list(zip(idvec.to_python(), tvec.to_python())), 0)
    pc.gid_clear()
    if rank != 0:
        return None
    trains = [[] for _ in range(n)]
    for part in parts:
        for gid, t in part:
            trains[int(gid)].append(t)
    return [(names[i], sorted(trains[i])) for i in range(n)]
`;

/** A block type in a comment: as is when it is a plain word (every catalogue type is), else a literal. */
function typeText(type: string): string {
  return /^[a-z][a-z0-9-]{0,39}$/.test(type) ? type : pyStr(type);
}

function originComment(o: Origin | null): string {
  return o ? `  # ${pyStr(o.block)} (${typeText(o.type)})` : '';
}

function where(s: SectionSet, indent: string): string {
  return s === 'all' ? '"all"' : pyList(s, indent);
}

function chainText(plan: Plan, chainIds: string[]): string {
  return (chainIds.length ? chainIds : [plan.sourceId]).map(pyStr).join(' -> ');
}

/** What the script knows of one run block: its generated Python name and its output file stem. */
interface RunNames {
  /** `run_<k>`, k = 1, 2, ... in plan order: the functions are build_run_k and run_run_k. */
  f: string;
  /** Output file stem (safe name) and the run's key in the data. */
  file: string;
}

/**
 * The plan's numbers as the script writes them: a literal, or `P[k]` for a column a sweep sets
 * per point (the build and simulate functions then take the point's values P).
 */
class PlanNumbers {
  private readonly cols: Map<string, number>;
  constructor(columns: readonly PlanColumn[]) {
    this.cols = new Map(columns.map((c, k) => [JSON.stringify(c.path), k]));
  }
  get swept(): boolean {
    return this.cols.size > 0;
  }
  num(path: PlanPath, v: number): string {
    const k = this.cols.get(JSON.stringify(path));
    return k === undefined ? pyNum(v) : `P[${k}]`;
  }
  dict(path: PlanPath, o: Record<string, number>): string {
    return `{${Object.entries(o)
      .map(([k, v]) => `${pyStr(k)}: ${this.num([...path, k], v)}`)
      .join(', ')}}`;
  }
}

function compartmentFunctions(p: CompartmentPlan, chain: string[], n: RunNames, columns: readonly PlanColumn[]): string {
  const f = n.f;
  const csv = checkedFileName(`${n.file}.csv`);
  const spikesCsv = checkedFileName(`${n.file}.spikes.csv`);
  const N = new PlanNumbers(columns);
  const P = N.swept ? ', P' : '';
  const I = '    ';
  const L: string[] = [];
  L.push('');
  L.push('# ---------------------------------------------------------------------------------------------');
  L.push(`# Run block ${pyStr(p.runId)}: ${p.sections.length} sections, ${p.segments} segments${p.skeletonName ? ` (skeleton ${pyStr(p.skeletonName)}, ${p.nodes} nodes)` : ''}.`);
  L.push(`# Built by ${chainText(p, chain)}.`);
  if (N.swept) {
    L.push(`# A sweep sets ${columns.length} number(s) per point, P[0] ... P[${columns.length - 1}] of build_${f} and simulate_${f}:`);
    columns.forEach((c, k) => L.push(`#   P[${k}]: ${columnText(p, c.path)}`));
    L.push(`# at the graph's values:`);
    L.push(`${n.f.toUpperCase()}_VALUES = ${pyList(columns.map((c) => c.base), '')}`);
  }
  L.push('');
  L.push(`def build_${f}(data${P}):`);
  L.push(`    """The model on the input of the run block above${N.swept ? ' with the values P' : ''}. Returns its NEURON`);
  L.push('    objects, which must stay referenced while it runs."""');
  L.push(`${I}secs = build_sections(data["sections"], ${pyStr(`${f}_sec`)})`);
  const ex = (k: number) => `expr_${k + 1}`;
  if (p.exprs.length) {
    L.push('');
    L.push(`${I}# Per-segment expressions, as functions of the segment (generated from their parsed form):`);
    p.exprs.forEach((text, k) => {
      L.push(`${I}# ${ex(k)}: ${pyStr(text)}`);
      L.push(...pythonFunction(ex(k), text, I));
      L.push('');
    });
    L.push(`${I}places = segment_places(secs, data["sections"], data["env"])`);
  }
  const property = (name: 'Ra' | 'cm', r: { value: PlanValue; sections: SectionSet }, k: number) =>
    typeof r.value === 'number'
      ? `${I}set_property(secs, ${where(r.sections, I)}, ${pyStr(name)}, ${N.num([name, k, 'value'], r.value)})`
      : `${I}set_property_expr(secs, ${where(r.sections, I)}, ${pyStr(name)}, ${ex(r.value.expr)}, places)`;
  L.push('');
  L.push(`${I}# Passive properties: axial resistivity (ohm cm) and membrane capacitance (uF/cm2).`);
  p.Ra.forEach((r, k) => L.push(property('Ra', r, k)));
  p.cm.forEach((r, k) => L.push(property('cm', r, k)));
  if (p.mechanisms.length) {
    L.push('');
    L.push(`${I}# Density mechanisms in the order the blocks inserted them (S/cm2, mV); a later entry's`);
    L.push(`${I}# parameters win where sections are shared.`);
    p.mechanisms.forEach((m, k) => {
      const exprs = Object.entries(m.exprs);
      const extra = exprs.length ? `, exprs={${exprs.map(([n, k]) => `${pyStr(n)}: ${ex(k)}`).join(', ')}}, places=places` : '';
      L.push(`${I}insert(secs, ${where(m.sections, I)}, ${pyStr(m.name)}, ${N.dict(['mechanisms', k, 'params'], m.params)}${extra})${originComment(m.origin)}`);
    });
  }
  if (Object.keys(p.globals).length) {
    L.push('');
    L.push(`${I}# GLOBAL parameters of the .mod mechanisms: one value per mechanism in NEURON.`);
    L.push(`${I}set_globals(${N.dict(['globals'], p.globals)})`);
  }
  L.push('');
  L.push(`${I}# Point processes: type, section, x, parameters (ms, nA, uS, mV).`);
  L.push(`${I}pps = [`);
  p.pointProcesses.forEach((pp, k) => L.push(`${I}${I}point_process(secs, ${pyStr(pp.type)}, ${pp.at.sec}, ${pyNum(pp.at.x)}, ${N.dict(['pointProcesses', k, 'params'], pp.params)}),${originComment(pp.origin)}`));
  L.push(`${I}]`);
  L.push('');
  L.push(`${I}# NetStims: parameters (ms) and Random123 seed (None: NEURON's default generator).`);
  L.push(`${I}stims = [`);
  p.netStims.forEach((s, k) => L.push(`${I}${I}netstim(${k}, ${N.dict(['netStims', k, 'params'], s.params)}, seed=${s.seed === null ? 'None' : N.num(['netStims', k, 'seed'], s.seed)}),${originComment(s.origin)}`));
  L.push(`${I}]`);
  L.push('');
  L.push(`${I}# NetCons in the model's order (equal-time events reach a target in this order).`);
  L.push(`${I}netcons = [`);
  p.netCons.forEach((nc, k) => {
    const target = nc.target === null ? 'None' : `pps[${nc.target}]`;
    const wd = `weight=${N.num(['netCons', k, 'weight'], nc.weight)}, delay=${N.num(['netCons', k, 'delay'], nc.delay)}`;
    const call =
      'netStim' in nc.source
        ? `netcon(stims[${nc.source.netStim}], ${target}, ${wd})`
        : 'pointProcess' in nc.source
          ? `netcon(pps[${nc.source.pointProcess}], ${target}, ${wd})`
          : `netcon_v(secs, ${nc.source.at.sec}, ${pyNum(nc.source.at.x)}, ${N.num(['netCons', k, 'source', 'threshold'], nc.source.threshold)}, ${target}, ${wd})`;
    L.push(`${I}${I}${call},${nc.label !== null ? `  # spikes ${pyStr(nc.label)}` : ''}${originComment(nc.origin)}`);
  });
  L.push(`${I}]`);
  L.push(`${I}spikes = record_spikes(netcons, [${p.spikes.map((s) => `(${pyStr(s.label)}, ${s.netCon})`).join(', ')}])`);
  L.push('');
  L.push(`${I}# Recorders: v (mV) at secs[sec](x), a mechanism's or an ion's variable in that segment, a point process's variable.`);
  L.push(`${I}t = record(h._ref_t)`);
  L.push(`${I}traces = [`);
  for (const r of p.recorders) {
    const rec =
      'at' in r
        ? r.variable === 'v'
          ? `record(secs[${r.at.sec}](${pyNum(r.at.x)})._ref_v)`
          : `record_var(secs, ${r.at.sec}, ${pyNum(r.at.x)}, ${pyStr(r.variable)})`
        : `record_pp(pps[${r.pointProcess}], ${pyStr(r.variable)})`;
    L.push(`${I}${I}(${pyStr(r.label)}, ${rec}),${originComment(r.origin)}`);
  }
  L.push(`${I}]`);
  L.push(`${I}return {"secs": secs, "pps": pps, "stims": stims, "netcons": netcons, "spikes": spikes, "t": t, "traces": traces}`);
  L.push('');
  L.push('');
  const r = p.run;
  const every = r.recordEvery;
  const sample = every === 1 ? '.to_python()' : `.to_python()[::${every}]`;
  L.push(`def simulate_${f}(${N.swept ? 'P' : ''}):`);
  L.push(`    """Build the model${N.swept ? ' with the values P' : ''} and run it: tstop ${pyNum(r.tstop)} ms, dt ${pyNum(r.dt)} ms, v_init ${pyNum(r.v_init)} mV, celsius ${pyNum(r.celsius)} degC.`);
  L.push(`    Returns t (ms), the traces and the spike trains as lists${every === 1 ? '' : ` (every ${every}th sample)`}; the model is freed on return."""`);
  L.push(`${I}m = build_${f}(load_data(${pyStr(n.file)})${P})`);
  L.push(`${I}h.celsius = ${N.num(['run', 'celsius'], r.celsius)}`);
  L.push(`${I}h.dt = ${pyNum(r.dt)}`);
  if (p.netStims.some((s) => s.seed === null)) {
    L.push(`${I}m["stims"][0].seed(1)  # NEURON's default generator as a fresh process starts it (unseeded NetStims)`);
  }
  L.push(`${I}h.finitialize(${N.num(['run', 'v_init'], r.v_init)})`);
  L.push(`${I}h.continuerun(${pyNum(r.tstop)})`);
  L.push(`${I}return {`);
  L.push(`${I}${I}"t": m["t"]${sample},`);
  L.push(`${I}${I}"traces": [(label, vec${sample}) for label, vec in m["traces"]],`);
  L.push(`${I}${I}"spikes": [(label, vec.to_python()) for label, vec in m["spikes"]],`);
  L.push(`${I}}`);
  L.push('');
  L.push('');
  L.push(`def run_${f}(out):`);
  L.push(`    """Run the model at the graph's values and write its CSV files; returns its results."""`);
  L.push(`${I}run_id = ${pyStr(p.runId)}`);
  L.push(`${I}r = simulate_${f}(${N.swept ? `${n.f.toUpperCase()}_VALUES` : ''})`);
  L.push(`${I}write_traces_csv(os.path.join(out, ${pyStr(csv)}), r["t"], r["traces"])`);
  if (p.spikes.length) L.push(`${I}write_spikes_csv(os.path.join(out, ${pyStr(spikesCsv)}), r["spikes"])`);
  L.push(`${I}say("%s: ${p.sections.length} sections, ${p.segments} segments, %d spikes -> %s" % (run_id, sum(len(v) for _, v in r["spikes"]), out))`);
  L.push(`${I}return r`);
  return L.join('\n');
}

/** What column `path` of a plan is, for the script's comment (graph text as literals only). */
function columnText(p: CompartmentPlan, path: PlanPath): string {
  const [head, k, , name] = path;
  const i = typeof k === 'number' ? k : -1;
  switch (head) {
    case 'Ra':
    case 'cm': {
      const s = p[head][i].sections;
      return `${head} of ${s === 'all' ? 'every section' : `${s.length} section(s)`}`;
    }
    case 'mechanisms':
      return `${pyStr(String(name))} of mechanism ${pyStr(p.mechanisms[i].name)}${originComment(p.mechanisms[i].origin).replace('  #', ',')}`;
    case 'globals':
      return `GLOBAL ${pyStr(String(path[1]))}`;
    case 'pointProcesses':
      return `${pyStr(String(name))} of pps[${i}] (${pyStr(p.pointProcesses[i].type)})${originComment(p.pointProcesses[i].origin).replace('  #', ',')}`;
    case 'netStims':
      return path[2] === 'seed' ? `Random123 seed of stims[${i}]` : `${pyStr(String(name))} of stims[${i}]`;
    case 'netCons':
      return `${path[2] === 'source' ? 'threshold' : String(path[2])} of netcons[${i}]`;
    case 'run':
      return `${String(path[1])} of the run`;
    default:
      return pyStr(JSON.stringify(path));
  }
}

function networkFunctions(p: NetworkPlan, chain: string[], n: RunNames): string {
  const f = n.f;
  const spikesCsv = checkedFileName(`${n.file}.spikes.csv`);
  const I = '    ';
  const L: string[] = [];
  const stimuli = new Map<number, { label: string; count: number; params: Record<string, number>; weight: number; targets: number }>();
  for (const s of p.netStims) {
    const e = stimuli.get(s.stimulus);
    if (e) {
      e.count++;
      e.targets += s.targets.length;
    } else stimuli.set(s.stimulus, { label: s.label, count: 1, params: s.params, weight: s.weight, targets: s.targets.length });
  }
  L.push('');
  L.push('# ---------------------------------------------------------------------------------------------');
  L.push(`# Run block ${pyStr(p.runId)}: ${p.names.length} ${p.model} neurons, ${p.edges.source.length} edges, ${p.netStims.length} NetStims.`);
  L.push(`# Built by ${chainText(p, chain)}.`);
  L.push(`# Neuron names, edges (source, target: neuron indices; weight) and NetStims are in the data file.`);
  for (const s of stimuli.values()) {
    L.push(`# Stimulus ${pyStr(s.label)}: ${s.count} NetStim(s) into ${s.targets} neuron(s), weight ${pyNum(s.weight)}, ${Object.entries(s.params).map(([k, v]) => `${pyStr(k)} ${pyNum(v)}`).join(', ')}.`);
  }
  L.push('');
  L.push(`def run_${f}(out, pc):`);
  L.push(`    """Run the network: ${pyNum(p.run.tstop)} ms at dt ${pyNum(p.run.dt)} ms (fixed step, as navis's run_simulation)."""`);
  L.push(`${I}run_id = ${pyStr(p.runId)}`);
  L.push(`${I}trains = run_point_network(`);
  L.push(`${I}${I}pc,`);
  L.push(`${I}${I}load_data(${pyStr(n.file)}),`);
  L.push(`${I}${I}model=${pyStr(p.model)},`);
  L.push(`${I}${I}params=${pyDict(p.params)},  # ms`);
  L.push(`${I}${I}delay=${pyNum(p.delay)},  # ms, ${p.edges.delay ? 'the smallest of the edges\' own delays (in the data file)' : 'every edge'}`);
  L.push(`${I}${I}seed=${pyOpt(p.seed)},  # Random123 seed of the NetStims' noise (None: NEURON's default generator)`);
  L.push(`${I}${I}tstop=${pyNum(p.run.tstop)},`);
  L.push(`${I}${I}dt=${pyNum(p.run.dt)},`);
  L.push(`${I})`);
  L.push(`${I}if trains is not None:`);
  L.push(`${I}${I}write_spikes_csv(os.path.join(out, ${pyStr(spikesCsv)}), trains)`);
  L.push(`${I}${I}say("%s: ${p.names.length} neurons on %d process(es), %d spikes -> %s" % (run_id, int(pc.nhost()), sum(len(t) for _, t in trains), out))`);
  return L.join('\n');
}

/** Output file stem per run id: the given names, or safeFileNames of the run ids. */
function runFileNames(plans: Plan[], given?: ReadonlyMap<string, string>): ReadonlyMap<string, string> {
  if (given && plans.every((p) => given.has(p.runId))) return given;
  return safeFileNames(plans.map((p) => p.runId));
}

/**
 * The data file's content, per run keyed by its output file stem: geometry of compartment
 * models, names/edges/NetStims of networks. Names are made well-formed (lone surrogates →
 * U+FFFD) so that Python can write them to the CSV files as Node would.
 */
export function scriptData(plans: Plan[], fileNames?: ReadonlyMap<string, string>): ScriptData {
  const files = runFileNames(plans, fileNames);
  const runs: ScriptData['runs'] = Object.create(null) as ScriptData['runs'];
  for (const p of plans) {
    const key = files.get(p.runId)!;
    if (p.kind === 'compartment') runs[key] = p.env ? { sections: p.sections, env: p.env } : { sections: p.sections };
    else runs[key] = { names: p.names.map(wellFormed), edges: p.edges, netstims: p.netStims.map((s) => ({ params: s.params, targets: s.targets, weight: s.weight })) };
  }
  const mods = scriptMods(plans);
  return { format: 'neurowire-neuron-export', version: 1, runs, ...(mods.length ? { mods: mods.map((m) => ({ name: m.name, file: m.file, text: m.text })) } : {}) };
}

/** The .mod files of every compartment model, as one library in load order (file names checked). */
export function scriptMods(plans: Plan[]): ModFile[] {
  const mods = mergeModFiles(plans.map((p) => (p.kind === 'compartment' ? p.mods : [])));
  for (const m of mods) if (!/^m[0-9]+_[A-Za-z0-9_]+\.mod$/.test(m.file)) throw new Error(`internal: unsafe .mod file name ${JSON.stringify(m.file)}`);
  return mods;
}

/** The Python script for these plans. `chains` gives, per run id, the ids of the blocks that built its value. */
export function neuronScript(plans: Plan[], chains: ReadonlyMap<string, string[]>, opts: ScriptOptions): string {
  const networks = plans.some((p) => p.kind === 'network');
  const compartments = plans.some((p) => p.kind === 'compartment');
  const files = runFileNames(plans, opts.fileNames);
  if (new Set(plans.map((p) => p.runId)).size !== plans.length) throw new CoreError('input', 'two run blocks have the same id: give every block its own id');
  // Plan k (from 1) gets the functions build_run_k / run_run_k.
  const names: RunNames[] = plans.map((p, k) => ({ f: `run_${k + 1}`, file: files.get(p.runId)! }));
  const dataFile = checkedFileName(opts.dataFile);
  const mods = scriptMods(plans);
  const exprs = plans.some((p) => p.kind === 'compartment' && p.exprs.length > 0);
  const outputs = (p: Plan, file: string) =>
    p.kind === 'compartment'
      ? [`${file}.csv           t (ms), then one column per recorder (mV, nA or uS)`, ...(p.spikes.length ? [`${file}.spikes.csv    label,t (ms) per spike detector`] : [])]
      : [`${file}.spikes.csv    label,t (ms) per neuron`];
  const sw = opts.sweeps ?? { sweeps: [], metrics: [], columns: new Map<string, PlanColumn[]>(), files: new Map<string, string>() };
  const stem = (id: string) => {
    const f = sw.files.get(id);
    if (f === undefined) throw new Error(`internal: no file name for block ${JSON.stringify(id)}`);
    return checkedFileName(f);
  };
  const planOf = (id: string) => plans.find((p) => p.runId === id);
  const runSpikes = (id: string) => {
    const p = planOf(id);
    return p?.kind === 'compartment' && p.spikes.length > 0;
  };
  const sweeps = sw.sweeps.length > 0;
  const exported = new Set([...sw.sweeps.map((s) => s.id), ...sw.metrics.map((m) => m.id)]);
  const notExported = opts.notExported.filter((b) => !exported.has(b.id));
  // The usage line names the script only when its name is a plain file name.
  const script = opts.scriptFile && /^[A-Za-z0-9_-][A-Za-z0-9_.-]{0,200}$/.test(opts.scriptFile) ? opts.scriptFile : dataFile.replace(/\.data\.json$/, '.py');
  const L: string[] = [];
  L.push('#!/usr/bin/env python3');
  L.push(`r"""NEURON model exported by NeuroWire from the graph ${pyStr(opts.graphName)}.`);
  L.push('');
  L.push('Builds the model(s) the graph runs with NEURON 8.2, runs them with the graph\'s run options and');
  L.push('writes the same CSV files as `neurowire run` into the folder given with --out (default:');
  L.push('<script name>_out next to the script):');
  L.push('');
  plans.forEach((p, k) => L.push(`    run block ${pyStr(p.runId)}:`, ...outputs(p, names[k].file).map((o) => `        ${o}`)));
  for (const s of sw.sweeps) {
    L.push(`    sweep block ${pyStr(s.id)} (${s.points.length} points of run block ${pyStr(s.runId)}):`);
    L.push(`        ${stem(s.id)}.csv    t (ms), then one column per recorder and point`);
    if (runSpikes(s.runId)) L.push(`        ${stem(s.id)}.spikes.csv    label,t (ms) per spike detector and point`);
  }
  for (const m of sw.metrics) {
    L.push(`    metrics block ${pyStr(m.id)}:`);
    L.push(`        ${stem(m.id)}.csv    per ${'sweep' in m.source ? 'point and ' : ''}trace: spikes, rate, latency, peak, rest, half-width`);
  }
  L.push('');
  L.push('Usage:');
  L.push(`    python3 ${script}    (writes into ${script.replace(/\.py$/, '')}_out/ next to it)`);
  L.push(`    python3 ${script} --out DIR`);
  L.push(`    python3 ${script} --plot-png    (also draws each CSV file into a PNG next to it; needs matplotlib)`);
  L.push(`    python3 ${script} --plot    (shows the plots in windows; needs matplotlib and a display)`);
  if (networks) L.push(`    mpiexec -n 4 python3 ${script} --out DIR    (point networks run in parallel)`);
  if (sweeps) L.push(`    mpiexec -n 4 python3 ${script} --out DIR    (the points of sweeps run on the processes: same files)`);
  L.push('');
  const what = [compartments ? 'the skeleton geometry' : '', networks ? "the networks' neuron names, edges and NetStims" : ''].filter(Boolean).join(' and ');
  L.push(opts.embed ? `DATA at the end of this file holds ${what}.` : `${dataFile} next to this file holds ${what}.`);
  if (mods.length) {
    L.push(`The mechanisms of ${mods.length} .mod file(s) are written into mod/ next to this file (${mods.map((m) => m.file).join(', ')})`);
    L.push('and compiled there with nrnivmodl (Debian: apt-get install neuron-dev) on the first run.');
  }
  L.push("Units are NEURON's: um, ms, mV, ohm cm, uF/cm2, S/cm2, nA, uS, degC, Hz.");
  if (notExported.length) {
    L.push('Not part of this script (they only read the runs\' results; run them with `neurowire run`):');
    L.push(`    ${notExported.map((b) => `${pyStr(b.id)} (${typeText(b.type)})`).join(', ')}`);
  }
  if (opts.command) L.push(`Made by: ${pyStr(opts.command)}`);
  L.push('"""');
  L.push('import argparse');
  if (sw.metrics.length) L.push('import bisect');
  L.push('import json');
  if (exprs) L.push('import math');
  L.push('import os');
  if (mods.length) L.push('import shutil', 'import subprocess');
  L.push('import sys');
  L.push('from decimal import Decimal');
  L.push('');
  L.push('from neuron import h');
  L.push('');
  L.push('h.load_file("stdrun.hoc")');
  L.push('');
  if (opts.embed) {
    L.push('DATA_FILE = None');
    L.push('DATA = None  # set at the end of this file');
  } else {
    L.push(`DATA_FILE = os.path.join(os.path.dirname(os.path.abspath(__file__)), ${pyStr(dataFile)})`);
    L.push('DATA = None  # read from DATA_FILE');
  }
  L.push('');
  L.push('');
  L.push('def say(s):');
  L.push('    print(s, file=sys.stderr, flush=True)');
  L.push('');
  L.push(OUTPUT_HELPERS.trimEnd());
  L.push('');
  L.push(DEFAULT_OUT_HELPER.trimEnd(), '');
  L.push(PLOT_HELPERS.trimEnd(), '');
  if (compartments) L.push(COMPARTMENT_HELPERS.trimEnd(), '');
  if (exprs) L.push(JS_MATH_HELPERS.trimEnd(), '');
  if (mods.length) L.push(MOD_HELPERS.trimEnd(), '');
  if (networks) L.push(NETWORK_HELPERS.trimEnd(), '');
  if (sweeps || sw.metrics.length) L.push(SWEEP_HELPERS.trimEnd(), '');
  plans.forEach((p, k) => {
    L.push(p.kind === 'compartment' ? compartmentFunctions(p, chains.get(p.runId) ?? [], names[k], sw.columns.get(p.runId) ?? []) : networkFunctions(p, chains.get(p.runId) ?? [], names[k]));
    L.push('');
  });
  sw.sweeps.forEach((s, k) => {
    L.push(sweepFunctions(s, k + 1, { f: names[plans.findIndex((p) => p.runId === s.runId)].f, spikes: runSpikes(s.runId) }, stem(s.id)));
    L.push('');
  });
  L.push('');
  L.push('# ---------------------------------------------------------------------------------------------');
  L.push('');
  L.push('def run_all(args):');
  L.push('    """Build and run every model; write the CSV files into args.out. Returns the exit status."""');
  const loadMods = (): void => {
    if (!mods.length) return;
    L.push(`    # Mechanisms from .mod files (${mods.map((m) => m.file).join(', ')}), compiled once.`);
    L.push('    mods = DATA["mods"] if DATA is not None else load_mods()');
    if (networks) {
      // Under MPI one process compiles, the others wait for it.
      L.push('    library = build_mechanisms(mods) if rank == 0 else None');
      L.push('    library = pc.py_broadcast(library, 0)');
    } else L.push('    library = build_mechanisms(mods)');
    L.push('    load_mechanisms(mods, library)');
  };
  if (!networks && !sweeps) loadMods();
  // A run or sweep whose traces a metrics block measures keeps its result in r_<name>.
  const measured = new Set(sw.metrics.map((m) => ('sweep' in m.source ? m.source.sweep : m.source.run)));
  const metricsOf = (id: string, indent: string): void => {
    for (const m of sw.metrics) {
      const src = 'sweep' in m.source ? m.source.sweep : m.source.run;
      if (src !== id) continue;
      const s = sw.sweeps.findIndex((x) => x.id === src);
      const r = s >= 0 ? `r_${sweepName(s + 1).f}` : `r_${names[plans.findIndex((p) => p.runId === src)].f}`;
      const extra = s >= 0 ? `, names=${sweepName(s + 1).table}_NAMES, points=${sweepName(s + 1).table}_POINTS` : '';
      L.push(`${indent}status |= write_metrics_csv(os.path.join(args.out, ${pyStr(`${stem(m.id)}.csv`)}), ${r}, ${metricsOptions(m)}${extra})  # metrics block ${pyStr(m.id)}`);
    }
  };
  const call = (p: Plan, indent: string) => {
    const f = names[plans.indexOf(p)].f;
    const keep = measured.has(p.runId) ? `r_${f} = ` : '';
    L.push(`${indent}${keep}run_${f}(args.out${p.kind === 'network' ? ', pc' : ''})  # run block ${pyStr(p.runId)}`);
    metricsOf(p.runId, indent);
  };
  if (sweeps) {
    // Networks run on every process together (psolve); then the other processes wait in
    // runworker for sweep points, and the first runs the compartment models and hands out points.
    L.push('    h.nrnmpi_init()  # MPI when started by mpiexec; one process otherwise');
    L.push('    pc = h.ParallelContext()');
    L.push('    rank = int(pc.id())');
    loadMods();
    L.push('    status = 0');
    if (networks) {
      L.push('    try:');
      L.push('        if rank == 0:');
      L.push('            os.makedirs(args.out, exist_ok=True)');
      L.push('        pc.barrier()');
      for (const p of plans) if (p.kind === 'network') call(p, '        ');
      L.push('    except ExportError as e:');
      L.push('        if rank == 0:');
      L.push('            say("error: %s" % (e,))');
      L.push('        status = 2');
      L.push('    pc.barrier()');
    }
    L.push('    pc.runworker()  # the other processes run sweep points from here until pc.done()');
    L.push('    os.makedirs(args.out, exist_ok=True)');
    for (const p of plans) if (p.kind === 'compartment') call(p, '    ');
    sw.sweeps.forEach((s, k) => {
      const f = sweepName(k + 1).f;
      L.push(`    ${measured.has(s.id) ? `r_${f} = ` : ''}run_${f}(args.out, pc)  # sweep block ${pyStr(s.id)}`);
      metricsOf(s.id, '    ');
    });
    L.push('    pc.done()');
    L.push('    return status');
  } else if (networks) {
    L.push('    h.nrnmpi_init()  # MPI when started by mpiexec; one process otherwise');
    L.push('    pc = h.ParallelContext()');
    L.push('    rank = int(pc.id())');
    loadMods();
    L.push('    status = 0');
    L.push('    try:');
    L.push('        if rank == 0:');
    L.push('            os.makedirs(args.out, exist_ok=True)');
    L.push('        pc.barrier()');
    for (const p of plans) {
      if (p.kind === 'network') call(p, '        ');
      else {
        L.push('        if rank == 0:  # compartment models run on one process');
        call(p, '            ');
      }
    }
    L.push('    except ExportError as e:');
    L.push('        if rank == 0:');
    L.push('            say("error: %s" % (e,))');
    L.push('        status = 2');
    L.push('    pc.barrier()');
    L.push('    pc.done()');
    L.push('    return status');
  } else {
    L.push('    os.makedirs(args.out, exist_ok=True)');
    if (sw.metrics.length) L.push('    status = 0');
    for (const p of plans) call(p, '    ');
    L.push(`    return ${sw.metrics.length ? 'status' : '0'}`);
  }
  L.push('');
  L.push('');
  L.push('def main(argv=None):');
  L.push('    parser = argparse.ArgumentParser(description="Run the NEURON model exported by NeuroWire and write its CSV files.")');
  L.push('    parser.add_argument("--out", help="folder for the CSV files (made if missing); default: <script name>_out next to the script")');
  L.push('    parser.add_argument("--plot", action="store_true", help="show the results with matplotlib (PNG files instead when there is no display)")');
  L.push('    parser.add_argument("--plot-png", action="store_true", help="draw the results with matplotlib into <file>.png next to each CSV file")');
  L.push('    args = parser.parse_args(argv)');
  L.push('    if args.out is None:');
  L.push('        args.out = default_out()');
  L.push('    status = run_all(args)');
  L.push('    if args.plot or args.plot_png:');
  L.push('        draw_plots(show=args.plot and not args.plot_png)  # only the process that wrote files draws');
  L.push('    return status');
  L.push('');
  L.push('');
  if (opts.embed) {
    // Printable ASCII without a single quote, so that the JSON can sit in a raw triple-quoted string.
    L.push('# The skeleton geometry (and network edges and NetStims) of every run block.');
    L.push(`DATA = json.loads(r'''${asciiJson(opts.embed)}''')`);
    L.push('');
    L.push('');
  }
  L.push('if __name__ == "__main__":');
  if (networks || sweeps) {
    L.push('    code = main()');
    L.push('    sys.stdout.flush()');
    L.push('    h.quit(code)  # ends MPI properly, with this exit status');
  } else L.push('    sys.exit(main())');
  L.push('');
  return L.join('\n');
}
