#!/usr/bin/python3
"""Run one NeuroWire validation case in NEURON 8.2 and write the traces as JSON.

Usage:
    /usr/bin/python3 tools/neuron/run_case.py CASE.json -o OUT.json \
        [--geometry] [--time N] [--shared-dir DIR]

This is the NEURON half of `npm run validate:neuron`; the TypeScript half builds the same
model from the same case file with independent code. Both follow tools/neuron/README.md,
which defines the case format, how an SWC skeleton becomes sections (rules 1-12) and the
output format. The steps here mirror that README:

    read SWC (rule 1) -> reroot (2) -> children / tree order (3) -> section paths (4, 5)
    -> NEURON sections with pt3dadd (6) and connect (7) -> nseg (8) -> node locations (9)
    -> mechanisms (10) -> point processes and recorders (11) -> run (12) -> JSON

The traces are compared to 1e-6 mV, so nothing here may round: coordinates are scaled in
double precision before pt3dadd, NEURON's own L and arc3d are used for nseg and locations,
and the output keeps every double exactly (Python's json writes repr, which round-trips).

Only errors go to stdout/stderr, plus one summary line on stderr at the end (NEURON's own
"no DISPLAY" banner is outside our control). Bad input exits with status 2 and one line
naming the problem.
"""

import argparse
import json
import math
import os
import re
import statistics
import sys
import time


class CaseError(Exception):
    """A problem with the case or its input files; reported in one line, exit status 2."""


# ---------------------------------------------------------------------------------------------
# Mechanisms and point processes this script knows, with the case parameter -> NEURON name.
# Anything else is rejected rather than passed through, so a typo fails loudly instead of
# silently keeping NEURON's default while the TypeScript side does something else.

MECHANISMS = {
    "pas": {"g": "g_pas", "e": "e_pas"},
    # ena/ek are the ion reversal potentials, which NEURON names without a suffix.
    "hh": {"gnabar": "gnabar_hh", "gkbar": "gkbar_hh", "gl": "gl_hh", "el": "el_hh",
           "ena": "ena", "ek": "ek"},
}

POINT_PROCESSES = {
    "IClamp": ("del", "dur", "amp"),
    "AlphaSynapse": ("onset", "tau", "gmax", "e"),
}

RUN_DEFAULTS = {"dt": 0.025, "celsius": 6.3, "v_init": -65.0}


# ---------------------------------------------------------------------------------------------
# Command line and case file

def parse_args(argv):
    here = os.path.dirname(os.path.abspath(__file__))
    repo_root = os.path.dirname(os.path.dirname(here))
    p = argparse.ArgumentParser(description="Run a NeuroWire case file in NEURON.")
    p.add_argument("case", help="case file (JSON)")
    p.add_argument("-o", "--output", required=True, help="output file (JSON)")
    p.add_argument("--geometry", action="store_true",
                   help="add per-section L, nseg, parent, area and ri to the output")
    p.add_argument("--time", type=int, default=None, metavar="N",
                   help="run N times and report every run time and the median")
    p.add_argument("--shared-dir", default=os.path.join(repo_root, "..", "shared", "data"),
                   help="directory that 'shared:' morphology paths refer to")
    args = p.parse_args(argv)
    if args.time is not None and args.time < 1:
        p.error("--time N needs N >= 1")
    return args


def load_case(path):
    try:
        with open(path, encoding="utf-8") as f:
            case = json.load(f)
    except OSError as e:
        raise CaseError(f"cannot read case file {path}: {e.strerror}")
    except json.JSONDecodeError as e:
        raise CaseError(f"case file {path} is not valid JSON: {e}")
    if not isinstance(case, dict):
        raise CaseError(f"case file {path}: expected a JSON object at the top level")
    if not isinstance(case.get("morphology"), dict) or "swc" not in case["morphology"]:
        raise CaseError(f"case file {path}: missing morphology.swc")
    return case


def resolve_swc_path(spec, case_dir, shared_dir):
    """'shared:x/y.swc' -> <shared_dir>/x/y.swc; other relative paths are relative to the case."""
    if spec.startswith("shared:"):
        path = os.path.join(shared_dir, spec[len("shared:"):])
    elif os.path.isabs(spec):
        path = spec
    else:
        path = os.path.join(case_dir, spec)
    return os.path.normpath(path)


def number(value, what, integer=False, positive=False):
    """Check a number from the case file (bool is an int in Python, so exclude it)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise CaseError(f"{what} must be a finite number, got {json.dumps(value)}")
    if integer and value != int(value):
        raise CaseError(f"{what} must be an integer, got {value}")
    if positive and value <= 0:
        raise CaseError(f"{what} must be positive, got {value}")
    return int(value) if integer else float(value)


def mapping(value, what):
    """An optional JSON object from the case file ({} when absent)."""
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise CaseError(f"{what} must be a JSON object, got {json.dumps(value)}")
    return value


def listing(value, what):
    """An optional JSON array from the case file ([] when absent)."""
    if value is None:
        return []
    if not isinstance(value, list):
        raise CaseError(f"{what} must be a JSON array, got {json.dumps(value)}")
    return value


# ---------------------------------------------------------------------------------------------
# SWC reading (rule 1) and rerooting (rule 2). Nodes are kept as rows in line order, so
# "file order" everywhere below is simply row order.

# The same number syntax the TypeScript reader accepts (no nan/inf/underscores).
NUMBER = re.compile(r"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$")


class Skeleton:
    """Rows in SWC line order: ids, scaled coordinates and radii, parent row (-1 = root)."""

    def __init__(self, ids, xyz, radius, parent):
        self.ids = ids
        self.xyz = xyz
        self.radius = radius
        self.parent = parent
        self.row_of = {node_id: row for row, node_id in enumerate(ids)}

    def __len__(self):
        return len(self.ids)


def swc_field(tok, line, col, integer=False):
    if not NUMBER.match(tok):
        raise CaseError(f"SWC line {line}: {col} '{tok}' is not a number")
    v = float(tok)
    if integer:
        if v != int(v):
            raise CaseError(f"SWC line {line}: {col} '{tok}' is not an integer")
        return int(v)
    return v


def read_swc(path, scale):
    try:
        # utf-8-sig drops a BOM; undecodable bytes can only matter inside comments.
        with open(path, encoding="utf-8-sig", errors="replace", newline="") as f:
            text = f.read()
    except OSError as e:
        raise CaseError(f"cannot read SWC file {path}: {e.strerror}")

    ids, xyz, radius, parent_ids, lines = [], [], [], [], []
    # Split on CRLF, CR or LF only (str.splitlines would also split on form feeds etc.).
    for ln, raw in enumerate(re.split(r"\r\n|\r|\n", text), start=1):
        s = raw.split("#", 1)[0].strip()
        if not s:
            continue
        tok = re.split(r"[\s,]+", s)
        if len(tok) != 7:
            raise CaseError(f"SWC line {ln}: expected 7 fields (id type x y z radius parent), "
                            f"found {len(tok)}")
        node_id = swc_field(tok[0], ln, "id", integer=True)
        swc_field(tok[1], ln, "type", integer=True)  # validated, not used
        x, y, z, r = (swc_field(t, ln, c) for t, c in zip(tok[2:6], ("x", "y", "z", "radius")))
        if r < 0:
            raise CaseError(f"SWC line {ln}: node {node_id} has a negative radius ({tok[5]})")
        ids.append(node_id)
        # Scale in double precision, before NEURON rounds to float32 in pt3dadd.
        xyz.append((x * scale, y * scale, z * scale))
        radius.append(r * scale)
        parent_ids.append(swc_field(tok[6], ln, "parent", integer=True))
        lines.append(ln)
    if not ids:
        raise CaseError(f"SWC file {path}: no nodes found")

    row_of = {}
    for row, node_id in enumerate(ids):
        if node_id in row_of:
            raise CaseError(f"SWC line {lines[row]}: node id {node_id} is already used on line "
                            f"{lines[row_of[node_id]]}")
        row_of[node_id] = row
    parent = []
    for row, pid in enumerate(parent_ids):
        if pid < 0:
            parent.append(-1)
        elif pid not in row_of:
            raise CaseError(f"SWC line {lines[row]}: parent {pid} of node {ids[row]} does not exist")
        elif row_of[pid] == row:
            raise CaseError(f"SWC line {lines[row]}: node {ids[row]} is its own parent")
        else:
            parent.append(row_of[pid])
    check_cycles(parent, ids, path)
    return Skeleton(ids, xyz, radius, parent)


def check_cycles(parent, ids, path):
    """Every node must reach a root by following parents; otherwise name the cycle."""
    state = [0] * len(parent)  # 0 unvisited, 1 on the current walk, 2 reaches a root
    for start in range(len(parent)):
        walk = []
        i = start
        while i >= 0 and state[i] == 0:
            state[i] = 1
            walk.append(i)
            i = parent[i]
        if i >= 0 and state[i] == 1:
            cycle = [ids[r] for r in walk[walk.index(i):]]
            shown = " -> ".join(str(c) for c in cycle[:8]) + (" -> ..." if len(cycle) > 8 else "")
            raise CaseError(f"SWC file {path}: the parent links form a cycle through nodes {shown}")
        for r in walk:
            state[r] = 2


def reroot(sk, node_id):
    """Rule 2: reverse the parent links on the path from node_id up to its tree's root."""
    if node_id not in sk.row_of:
        raise CaseError(f"morphology.root: node {node_id} is not in the SWC file")
    path = [sk.row_of[node_id]]
    while sk.parent[path[-1]] >= 0:
        path.append(sk.parent[path[-1]])
    sk.parent[path[0]] = -1
    for child, new_parent in zip(path[1:], path[:-1]):
        sk.parent[child] = new_parent


# ---------------------------------------------------------------------------------------------
# Sections (rules 3-5): lists of rows, in depth-first pre-order.

def children_lists(sk):
    """Rule 3: children of each row in file order (rows are appended in increasing order)."""
    children = [[] for _ in range(len(sk))]
    for row, p in enumerate(sk.parent):
        if p >= 0:
            children[p].append(row)
    return children


class SectionPlan:
    """One section before it exists in NEURON: its rows and where its 0 end attaches."""

    def __init__(self, rows, parent, parent_x):
        self.rows = rows          # skeleton rows; rows[0] is the root or a branch point
        self.parent = parent      # index of the parent section, -1 for a tree's root section
        self.parent_x = parent_x  # 1 (end of the parent) or 0 (the root section's 0 end)


def plan_sections(sk, children):
    """Rules 4, 5 and 7. Returns (plans, roots): roots are the tree-root rows in file order.

    Iterative (explicit stack) because real skeletons are deep enough to hit Python's
    recursion limit. A tree whose root has no children yields no sections (rule 4: a root
    with k children starts k sections).
    """
    roots = [row for row, p in enumerate(sk.parent) if p < 0]
    plans = []
    for root in roots:
        root_sec = len(plans)  # the first section started at this root (if any)
        # Stack entries: (start row, first child row, parent section, parent x).
        # The root's 2nd..kth sections attach to the root section's 0 end.
        stack = [(root, c, root_sec, 0.0) for c in reversed(children[root][1:])]
        if children[root]:
            stack.append((root, children[root][0], -1, 0.0))
        while stack:
            start, row, parent_sec, parent_x = stack.pop()
            rows = [start, row]
            while len(children[row]) == 1:  # follow the unbranched run
                row = children[row][0]
                rows.append(row)
            index = len(plans)
            plans.append(SectionPlan(rows, parent_sec, parent_x))
            # Pushed in reverse so the first child in file order is built next (pre-order).
            for c in reversed(children[row]):
                stack.append((row, c, index, 1.0))
    return plans, roots


# ---------------------------------------------------------------------------------------------
# NEURON model

def build_sections(h, sk, plans):
    """Rules 6 and 7: one NEURON section per plan, 3-D points and connections."""
    secs = []
    for index, plan in enumerate(plans):
        sec = h.Section(name=f"sec_{index}")
        for row in plan.rows:
            x, y, z = sk.xyz[row]
            # The branch point is repeated as the first point; NEURON stores float32.
            h.pt3dadd(x, y, z, 2.0 * sk.radius[row], sec=sec)
        if plan.parent >= 0:
            sec.connect(secs[plan.parent](plan.parent_x), 0)
        secs.append(sec)
    return secs


def set_discretization(secs, disc):
    """Rule 8, with NEURON's L (computed from its float32 3-D points)."""
    if disc is None:
        return  # README: parameters not given keep NEURON's defaults (nseg = 1)
    if not isinstance(disc, dict) or len(disc) != 1 or not ({"res", "nseg"} & disc.keys()):
        raise CaseError(f'discretization must be {{"res": r}} or {{"nseg": n}}, got {json.dumps(disc)}')
    if "nseg" in disc:
        n = number(disc["nseg"], "discretization.nseg", integer=True, positive=True)
        for sec in secs:
            sec.nseg = n
    else:
        res = number(disc["res"], "discretization.res", positive=True)
        for sec in secs:
            sec.nseg = 1 + 2 * int(sec.L / (2 * res))


def set_passive(secs, case):
    for key in ("Ra", "cm"):
        if key in case:
            value = number(case[key], key)
            for sec in secs:
                setattr(sec, key, value)


class Model:
    """The built NEURON model plus what is needed to map node ids to locations."""

    def __init__(self, sk, plans, secs):
        self.sk = sk
        self.plans = plans
        self.secs = secs
        # Rule 9: a tree root maps to its root section's 0 end ...
        self.root_section = {p.rows[0]: i for i, p in enumerate(plans) if p.parent == -1}
        # ... every other row is a non-first point of exactly one section.
        self.point_of = {}
        for index, plan in enumerate(plans):
            for i, row in enumerate(plan.rows[1:], start=1):
                self.point_of[row] = (index, i)

    def node_location(self, node_id, where):
        """Rule 9: node id -> (section index, x), with NEURON's arc lengths."""
        node_id = number(node_id, f"{where}: node", integer=True)
        row = self.sk.row_of.get(node_id)
        if row is None:
            raise CaseError(f"{where}: node {node_id} is not in the SWC file")
        if self.sk.parent[row] < 0:
            if row not in self.root_section:
                raise CaseError(f"{where}: node {node_id} is a tree of one node, "
                                f"which has no section")
            return self.root_section[row], 0.0
        index, i = self.point_of[row]
        if i == len(self.plans[index].rows) - 1:
            return index, 1.0
        sec = self.secs[index]
        return index, sec.arc3d(i) / sec.L

    def section_index(self, value, where):
        index = number(value, where, integer=True)
        if not 0 <= index < len(self.secs):
            raise CaseError(f"{where}: section {index} does not exist "
                            f"(there are {len(self.secs)} sections)")
        return index

    def resolve_at(self, at, where):
        """{node} (rule 11) or {section, x} -> (section index, x)."""
        if isinstance(at, dict) and "node" in at:
            return self.node_location(at["node"], f"{where}.at")
        if isinstance(at, dict) and "section" in at:
            index = self.section_index(at["section"], f"{where}.at.section")
            x = number(at.get("x"), f"{where}.at.x")
            if not 0.0 <= x <= 1.0:
                raise CaseError(f"{where}.at: x = {x} is outside [0, 1]")
            return index, x
        raise CaseError(f'{where}.at must be {{"node": id}} or {{"section": i, "x": x}}')

    def select_sections(self, spec, where):
        """Rule 10: "all", {nodes: [...]} or {sections: [...]} -> sorted section indices."""
        if spec == "all":
            return list(range(len(self.secs)))
        if isinstance(spec, dict) and isinstance(spec.get("nodes"), list):
            return sorted({self.node_location(n, where)[0] for n in spec["nodes"]})
        if isinstance(spec, dict) and isinstance(spec.get("sections"), list):
            return sorted({self.section_index(s, where) for s in spec["sections"]})
        raise CaseError(f'{where} must be "all", {{"nodes": [...]}} or {{"sections": [...]}}')


def insert_mechanisms(specs, model):
    for k, spec in enumerate(specs):
        where = f"mechanisms[{k}]"
        spec = mapping(spec, where)
        name = spec.get("name")
        if name not in MECHANISMS:
            raise CaseError(f"{where}: unknown mechanism {json.dumps(name)} "
                            f"(known: {', '.join(MECHANISMS)})")
        params = mapping(spec.get("params"), f"{where}.params")
        for p in params:
            if p not in MECHANISMS[name]:
                raise CaseError(f"{where}: mechanism {name} has no parameter {json.dumps(p)} "
                                f"(known: {', '.join(MECHANISMS[name])})")
        values = {MECHANISMS[name][p]: number(v, f"{where}.params.{p}") for p, v in params.items()}
        for index in model.select_sections(spec.get("where", "all"), f"{where}.where"):
            sec = model.secs[index]
            sec.insert(name)  # must come after nseg is final: changing nseg resets values
            for seg in sec:
                for attr, v in values.items():
                    setattr(seg, attr, v)


def add_point_processes(h, specs, model):
    keep = []  # NEURON deletes a point process when its last Python reference goes
    for k, spec in enumerate(specs):
        where = f"pointProcesses[{k}]"
        spec = mapping(spec, where)
        kind = spec.get("type")
        if kind not in POINT_PROCESSES:
            raise CaseError(f"{where}: unknown point process {json.dumps(kind)} "
                            f"(known: {', '.join(POINT_PROCESSES)})")
        index, x = model.resolve_at(spec.get("at"), where)
        pp = getattr(h, kind)(model.secs[index](x))
        for p, v in mapping(spec.get("params"), f"{where}.params").items():
            if p not in POINT_PROCESSES[kind]:
                raise CaseError(f"{where}: {kind} has no parameter {json.dumps(p)} "
                                f"(known: {', '.join(POINT_PROCESSES[kind])})")
            setattr(pp, p, number(v, f"{where}.params.{p}"))
        keep.append(pp)
    return keep


def add_recorders(h, specs, model):
    """Returns [(label, Vector)] in case order, plus the time vector."""
    recs = []
    for k, spec in enumerate(specs):
        where = f"record[{k}]"
        spec = mapping(spec, where)
        label = spec.get("label")
        if not isinstance(label, str) or not label:
            raise CaseError(f"{where}: needs a label (string)")
        if any(label == l for l, _ in recs):
            raise CaseError(f"{where}: label {json.dumps(label)} is used twice")
        index, x = model.resolve_at(spec.get("at"), where)
        vec = h.Vector()
        vec.record(model.secs[index](x)._ref_v)
        recs.append((label, vec))
    t_vec = h.Vector()
    t_vec.record(h._ref_t)
    return recs, t_vec


def run_settings(case):
    run = dict(RUN_DEFAULTS)
    run.update(mapping(case.get("run"), "run"))
    if "tstop" not in run:
        raise CaseError("run.tstop is missing")
    return {k: number(run[k], f"run.{k}") for k in ("tstop", "v_init", "dt", "celsius")}


def simulate(h, run, repeats):
    """Rule 12, repeated `repeats` times; returns the wall time of each run in ms."""
    times = []
    for _ in range(repeats):
        h.celsius = run["celsius"]
        h.dt = run["dt"]
        t0 = time.perf_counter()
        h.finitialize(run["v_init"])
        h.continuerun(run["tstop"])
        times.append((time.perf_counter() - t0) * 1000.0)
    return times


# ---------------------------------------------------------------------------------------------
# Output

def finite_or_none(values):
    """JSON has no NaN/Infinity; write null so the reader can still parse and report it."""
    return [v if math.isfinite(v) else None for v in values]


def samples(vec, every):
    return finite_or_none(vec.to_python()[::every])


def geometry(secs):
    index_of = {sec: i for i, sec in enumerate(secs)}
    out = []
    for sec in secs:
        pseg = sec.parentseg()
        out.append({
            "L": sec.L,
            "nseg": sec.nseg,
            "parent": index_of[pseg.sec] if pseg is not None else -1,
            "parentx": pseg.x if pseg is not None else None,
            "npt": int(sec.n3d()),
            "area": finite_or_none([seg.area() for seg in sec]),
            "ri": finite_or_none([seg.ri() for seg in sec]),
        })
    return {"sections": out}


def output_every(case):
    out = mapping(case.get("output"), "output")
    return number(out.get("every", 1), "output.every", integer=True, positive=True)


# ---------------------------------------------------------------------------------------------

def run_case(args):
    case_path = os.path.abspath(args.case)
    case = load_case(case_path)
    morph = case["morphology"]
    every = output_every(case)
    run = run_settings(case)

    swc_path = resolve_swc_path(str(morph["swc"]), os.path.dirname(case_path), args.shared_dir)
    sk = read_swc(swc_path, number(morph.get("scale", 1), "morphology.scale", positive=True))
    if morph.get("root") is not None:
        reroot(sk, number(morph["root"], "morphology.root", integer=True))
    plans, roots = plan_sections(sk, children_lists(sk))
    if not plans:
        raise CaseError(f"SWC file {swc_path}: no sections (every tree is a single node)")

    # Import late so argument and input errors come without NEURON's start-up banner delay.
    import neuron
    from neuron import h
    h.load_file("stdrun.hoc")

    secs = build_sections(h, sk, plans)
    set_discretization(secs, case.get("discretization"))
    set_passive(secs, case)
    model = Model(sk, plans, secs)
    insert_mechanisms(listing(case.get("mechanisms"), "mechanisms"), model)
    keep = add_point_processes(h, listing(case.get("pointProcesses"), "pointProcesses"), model)
    recs, t_vec = add_recorders(h, listing(case.get("record"), "record"), model)

    times = simulate(h, run, args.time or 1)

    meta = {
        "sections": len(secs),
        "segments": sum(sec.nseg for sec in secs),
        "trees": len(roots),
        "nodes": len(sk),
        "runtime_ms": times[-1],  # the run whose traces are written
    }
    if args.time is not None:
        meta["times_ms"] = times
        meta["median_ms"] = statistics.median(times)
    result = {
        "name": case.get("name", os.path.splitext(os.path.basename(case_path))[0]),
        "neuron_version": neuron.__version__,
        "every": every,
        "t": samples(t_vec, every),
        "traces": {label: samples(vec, every) for label, vec in recs},
        "meta": meta,
    }
    if args.geometry:
        result["geometry"] = geometry(secs)
    del keep  # point processes may go now
    return result


def main(argv=None):
    args = parse_args(sys.argv[1:] if argv is None else argv)
    try:
        result = run_case(args)
    except CaseError as e:
        print(f"run_case: {args.case}: {e}", file=sys.stderr)
        return 2
    with open(args.output, "w", encoding="utf-8") as f:
        json.dump(result, f, allow_nan=False, separators=(",", ":"))
        f.write("\n")
    m = result["meta"]
    timing = (f"median {m['median_ms']:.2f} ms of {len(m['times_ms'])} runs"
              if "median_ms" in m else f"run {m['runtime_ms']:.2f} ms")
    print(f"run_case: {result['name']}: {m['sections']} sections, {m['segments']} segments, "
          f"{m['nodes']} nodes, {m['trees']} tree(s), {len(result['t'])} samples, {timing} "
          f"-> {args.output}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
