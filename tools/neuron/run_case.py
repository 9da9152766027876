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
    -> mechanisms (10) -> point processes, NetStims, NetCons and recorders (11) -> run (12)
    -> JSON

A second kind of case, "kind": "network", has no morphology: artificial cells (IntFire1/2/4)
and NetStims connected by NetCons, as navis' PointNetwork builds them. Its output is the
spike times of every cell. tools/neuron/EVENTS.md records how NEURON runs events.

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
    "ExpSyn": ("tau", "e"),
    "Exp2Syn": ("tau1", "tau2", "e"),
}

# Point-process variables a "record" entry may name (NEURON's RANGE names).
POINT_PROCESS_VARIABLES = {
    "IClamp": ("i",),
    "AlphaSynapse": ("i",),
    "ExpSyn": ("g", "i"),
    "Exp2Syn": ("g", "i"),
}

# Point processes with a NET_RECEIVE block, i.e. the ones a NetCon may target.
EVENT_TARGETS = ("ExpSyn", "Exp2Syn")

# Artificial cells of network cases and their parameters.
ARTIFICIAL_CELLS = {
    "IntFire1": ("tau", "refrac"),
    "IntFire2": ("taus", "taum", "ib"),
    "IntFire4": ("taue", "taui1", "taui2", "taum"),
}

NETSTIM_PARAMS = ("start", "number", "interval", "noise")

# NEURON's defaults for what a NetCon spec may leave out (documented in the README).
NETCON_DEFAULTS = {"delay": 1.0, "weight": 0.0, "threshold": 10.0}

# The start-up value of NEURON's legacy random generator (scop_random), used by NetStims
# without a seed; reseeding to it before each run makes such runs repeatable (EVENTS.md §4.1).
LEGACY_SEED = 1

RUN_DEFAULTS = {"dt": 0.025, "celsius": 6.3, "v_init": -65.0}

CASE_KINDS = ("compartment", "network")
NETWORK_KEYS = ("name", "description", "kind", "cells", "netstims", "netcons", "run")


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
    kind = case.get("kind", "compartment")
    if kind not in CASE_KINDS:
        raise CaseError(f"case file {path}: unknown kind {json.dumps(kind)} "
                        f"(known: {', '.join(CASE_KINDS)})")
    if kind == "network":
        known_keys(case, NETWORK_KEYS, f"case file {path}")
    elif not isinstance(case.get("morphology"), dict) or "swc" not in case["morphology"]:
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


def known_keys(spec, allowed, what):
    """Reject keys a newer object does not have, so a typo does not silently keep a default."""
    for key in spec:
        if key not in allowed:
            raise CaseError(f"{what}: unknown key {json.dumps(key)} (known: {', '.join(allowed)})")


def label_of(spec, where, taken):
    """A non-empty string label not in `taken` (labels name outputs, so they must be unique)."""
    label = spec.get("label")
    if not isinstance(label, str) or not label:
        raise CaseError(f"{where}: needs a label (string)")
    if label in taken:
        raise CaseError(f"{where}: label {json.dumps(label)} is used twice")
    return label


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


class PointProcess:
    """A point process of the case: its type, the NEURON object and its section."""

    def __init__(self, kind, obj, sec):
        self.kind = kind
        self.obj = obj
        self.sec = sec


def add_point_processes(h, specs, model):
    """Returns [PointProcess] in case order (also keeps them alive: NEURON deletes a point
    process when its last Python reference goes)."""
    pps = []
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
        pps.append(PointProcess(kind, pp, model.secs[index]))
    return pps


def point_process_at(pps, value, where):
    """{"pointProcess": k} -> the k-th PointProcess of the case."""
    k = number(value, where, integer=True)
    if not 0 <= k < len(pps):
        raise CaseError(f"{where}: point process {k} does not exist "
                        f"(there are {len(pps)} point processes)")
    return pps[k]


def add_recorders(h, specs, model, pps):
    """Returns [(label, Vector)] in case order, plus the time vector.

    {label, at} records the membrane potential there; {label, pointProcess, variable}
    records a variable of a point process (its current i or conductance g)."""
    recs = []
    for k, spec in enumerate(specs):
        where = f"record[{k}]"
        spec = mapping(spec, where)
        label = label_of(spec, where, {l for l, _ in recs})
        vec = h.Vector()
        if "pointProcess" in spec:
            pp = point_process_at(pps, spec["pointProcess"], f"{where}.pointProcess")
            variable = spec.get("variable")
            if variable not in POINT_PROCESS_VARIABLES[pp.kind]:
                raise CaseError(f"{where}: {pp.kind} has no variable {json.dumps(variable)} "
                                f"(known: {', '.join(POINT_PROCESS_VARIABLES[pp.kind])})")
            # sec= tells NEURON which thread/cell the pointer belongs to.
            vec.record(getattr(pp.obj, "_ref_" + variable), sec=pp.sec)
        else:
            index, x = model.resolve_at(spec.get("at"), where)
            vec.record(model.secs[index](x)._ref_v)
        recs.append((label, vec))
    t_vec = h.Vector()
    t_vec.record(h._ref_t)
    return recs, t_vec


# ---------------------------------------------------------------------------------------------
# Events: NetStims, NetCons and spike recording (both kinds of case). EVENTS.md has the
# semantics NEURON gives them; here we only build them and check the input.

def make_netstims(h, specs):
    """NetStims in case order. A "seed" gives the NetStim its own Random123 stream
    noiseFromRandom123(seed, k, 0) (k = its index), which finitialize restarts; without one
    its noise comes from NEURON's legacy generator, shared by all unseeded NetStims, which
    simulate() reseeds before every run."""
    stims = []
    for k, spec in enumerate(specs):
        where = f"netstims[{k}]"
        spec = mapping(spec, where)
        known_keys(spec, ("params", "seed"), where)
        ns = h.NetStim()
        for p, v in mapping(spec.get("params"), f"{where}.params").items():
            if p not in NETSTIM_PARAMS:
                raise CaseError(f"{where}: NetStim has no parameter {json.dumps(p)} "
                                f"(known: {', '.join(NETSTIM_PARAMS)})")
            setattr(ns, p, number(v, f"{where}.params.{p}"))
        # NEURON would silently clamp or replace these; reject them instead.
        if not 0.0 <= ns.noise <= 1.0:
            raise CaseError(f"{where}.params.noise must be in [0, 1], got {ns.noise}")
        if ns.interval <= 0.0:
            raise CaseError(f"{where}.params.interval must be positive, got {ns.interval}")
        if ns.number < 0.0:
            raise CaseError(f"{where}.params.number must be >= 0, got {ns.number}")
        if spec.get("seed") is not None:
            seed = number(spec["seed"], f"{where}.seed", integer=True)
            if not 0 <= seed < 2 ** 32:
                raise CaseError(f"{where}.seed must be in [0, 2^32), got {seed}")
            ns.noiseFromRandom123(seed, k, 0)
        stims.append(ns)
    return stims


def reseed_legacy_generator(stims):
    """Restart the generator of unseeded noisy NetStims (one global stream in NEURON)."""
    if stims:
        stims[0].seed(LEGACY_SEED)  # NetStim.seed() sets the global scop_random seed


class EventSource:
    """What a NetCon listens to. NEURON keeps one PreSyn per source, shared by all NetCons
    from it: one threshold and one spike-record vector. `key` identifies that PreSyn."""

    def __init__(self, key, obj, sec=None, threshold=None):
        self.key = key
        self.obj = obj              # NetStim, artificial cell, or a pointer to a segment's v
        self.sec = sec              # the section of a v pointer (NetCon needs it)
        self.threshold = threshold  # only for v sources


class SpikeRecords:
    """Spike times by output label. Labels of one source share its one vector (see above)."""

    def __init__(self, h):
        self.h = h
        self.vectors = {}   # source key -> Vector
        self.labels = []    # (label, source key) in case order

    def add(self, label, source, netcon):
        if source.key not in self.vectors:
            vec = self.h.Vector()
            netcon.record(vec)
            self.vectors[source.key] = vec
        self.labels.append((label, source.key))

    def taken(self):
        return {label for label, _ in self.labels}

    def output(self):
        return {label: finite_or_none(self.vectors[key].to_python()) for label, key in self.labels}


def netstim_source(stims, value, where):
    k = number(value, where, integer=True)
    if not 0 <= k < len(stims):
        raise CaseError(f"{where}: NetStim {k} does not exist (there are {len(stims)} NetStims)")
    return EventSource(("netstim", k), stims[k])


class VoltageSources:
    """Threshold sources {"at", "threshold"} of a compartment case, one per NEURON node:
    two locations in one segment (or a child's 0 end and its parent's node) are one source."""

    def __init__(self, model):
        self.model = model
        self.seen = []  # (pointer, EventSource, where)

    def resolve(self, spec, where):
        index, x = self.model.resolve_at(spec.get("at"), where)
        sec = self.model.secs[index]
        ptr = sec(x)._ref_v
        threshold = number(spec.get("threshold", NETCON_DEFAULTS["threshold"]), f"{where}.threshold")
        for other_ptr, source, other_where in self.seen:
            if other_ptr == ptr:  # hoc pointers compare by address
                if source.threshold != threshold:
                    raise CaseError(f"{where}: watches the same node as {other_where} with another "
                                    f"threshold ({threshold} vs {source.threshold}); NEURON keeps "
                                    f"one threshold per node")
                return source
        source = EventSource(("v", len(self.seen)), ptr, sec, threshold)
        self.seen.append((ptr, source, where))
        return source


def add_netcons(h, specs, resolve_source, resolve_target, records):
    """NetCons in case order (the order matters: equal-time events to one target are
    delivered in NetCon creation order, EVENTS.md §2.4). Returns the NetCons."""
    netcons = []
    for k, spec in enumerate(specs):
        where = f"netcons[{k}]"
        spec = mapping(spec, where)
        known_keys(spec, ("source", "target", "delay", "weight", "label"), where)
        source = resolve_source(mapping(spec.get("source"), f"{where}.source"), f"{where}.source")
        target = None
        if spec.get("target") is not None:
            target = resolve_target(mapping(spec["target"], f"{where}.target"), f"{where}.target")
        delay = number(spec.get("delay", NETCON_DEFAULTS["delay"]), f"{where}.delay")
        if delay < 0:
            raise CaseError(f"{where}.delay must be >= 0, got {delay}")
        weight = number(spec.get("weight", NETCON_DEFAULTS["weight"]), f"{where}.weight")
        label = label_of(spec, where, records.taken()) if "label" in spec else None

        if source.sec is not None:
            nc = h.NetCon(source.obj, target, sec=source.sec)
            nc.threshold = source.threshold
        else:
            nc = h.NetCon(source.obj, target)
        nc.delay = delay
        nc.weight[0] = weight
        if label is not None:
            records.add(label, source, nc)
        netcons.append(nc)
    return netcons


def compartment_netcons(h, case, model, pps, stims, records):
    """NetCons of a compartment case: from a NetStim or a voltage threshold, to an
    ExpSyn/Exp2Syn or to nothing (a spike detector)."""
    voltages = VoltageSources(model)

    def resolve_source(spec, where):
        if "netstim" in spec:
            known_keys(spec, ("netstim",), where)
            return netstim_source(stims, spec["netstim"], f"{where}.netstim")
        if "at" in spec:
            known_keys(spec, ("at", "threshold"), where)
            return voltages.resolve(spec, where)
        raise CaseError(f'{where} must be {{"netstim": k}} or {{"at": location, "threshold": mV}}')

    def resolve_target(spec, where):
        if "pointProcess" not in spec:
            raise CaseError(f'{where} must be {{"pointProcess": k}} or null')
        known_keys(spec, ("pointProcess",), where)
        pp = point_process_at(pps, spec["pointProcess"], f"{where}.pointProcess")
        if pp.kind not in EVENT_TARGETS:
            raise CaseError(f"{where}: point process {spec['pointProcess']} is an {pp.kind}, "
                            f"which cannot receive events ({' and '.join(EVENT_TARGETS)} can)")
        return pp.obj

    return add_netcons(h, listing(case.get("netcons"), "netcons"),
                       resolve_source, resolve_target, records)


def run_settings(case):
    run = dict(RUN_DEFAULTS)
    run.update(mapping(case.get("run"), "run"))
    if "tstop" not in run:
        raise CaseError("run.tstop is missing")
    return {k: number(run[k], f"run.{k}") for k in ("tstop", "v_init", "dt", "celsius")}


def simulate(h, run, repeats, before_init=None):
    """Rule 12, repeated `repeats` times; returns the wall time of each run in ms.
    `before_init` runs before each finitialize (to restart random streams)."""
    times = []
    for _ in range(repeats):
        h.celsius = run["celsius"]
        h.dt = run["dt"]
        if before_init is not None:
            before_init()
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
# Network cases: artificial cells, NetStims and NetCons, no sections.

def make_cells(h, specs):
    """Artificial cells in case order -> {label: (model name, NEURON object)}."""
    if not specs:
        raise CaseError("cells: a network case needs at least one cell")
    cells = {}
    for k, spec in enumerate(specs):
        where = f"cells[{k}]"
        spec = mapping(spec, where)
        known_keys(spec, ("label", "model", "params"), where)
        label = label_of(spec, where, cells)
        model = spec.get("model")
        if model not in ARTIFICIAL_CELLS:
            raise CaseError(f"{where}: unknown model {json.dumps(model)} "
                            f"(known: {', '.join(ARTIFICIAL_CELLS)})")
        cell = getattr(h, model)()
        for p, v in mapping(spec.get("params"), f"{where}.params").items():
            if p not in ARTIFICIAL_CELLS[model]:
                raise CaseError(f"{where}: {model} has no parameter {json.dumps(p)} "
                                f"(known: {', '.join(ARTIFICIAL_CELLS[model])})")
            setattr(cell, p, number(v, f"{where}.params.{p}"))
        cells[label] = (model, cell)
    return cells


def network_netcons(h, case, cells, stims, records):
    """NetCons of a network case: from a cell or a NetStim, to a cell or to nothing."""
    def cell_source(value, where):
        if not isinstance(value, str) or value not in cells:
            raise CaseError(f"{where}: unknown cell {json.dumps(value)} "
                            f"(cells: {', '.join(cells)})")
        return EventSource(("cell", value), cells[value][1])

    def resolve_source(spec, where):
        if "cell" in spec:
            known_keys(spec, ("cell",), where)
            return cell_source(spec["cell"], f"{where}.cell")
        if "netstim" in spec:
            known_keys(spec, ("netstim",), where)
            return netstim_source(stims, spec["netstim"], f"{where}.netstim")
        raise CaseError(f'{where} must be {{"cell": label}} or {{"netstim": k}}')

    def resolve_target(spec, where):
        if "cell" not in spec:
            raise CaseError(f'{where} must be {{"cell": label}} or null')
        known_keys(spec, ("cell",), where)
        return cell_source(spec["cell"], f"{where}.cell").obj

    return add_netcons(h, listing(case.get("netcons"), "netcons"),
                       resolve_source, resolve_target, records)


def network_run_settings(case):
    """tstop and dt; v_init and celsius do not reach artificial cells (navis' run_simulation
    calls finitialize(-65), which is what simulate() does with the defaults)."""
    run = mapping(case.get("run"), "run")
    known_keys(run, ("tstop", "dt"), "run")
    if "tstop" not in run:
        raise CaseError("run.tstop is missing")
    return {"tstop": number(run["tstop"], "run.tstop"),
            "dt": number(run.get("dt", RUN_DEFAULTS["dt"]), "run.dt", positive=True),
            "v_init": RUN_DEFAULTS["v_init"], "celsius": RUN_DEFAULTS["celsius"]}


def run_network_case(args, case, case_path):
    if args.geometry:
        raise CaseError("--geometry applies to compartment cases only")
    run = network_run_settings(case)

    import neuron
    from neuron import h
    h.load_file("stdrun.hoc")

    cells = make_cells(h, listing(case.get("cells"), "cells"))
    stims = make_netstims(h, listing(case.get("netstims"), "netstims"))
    records = SpikeRecords(h)
    # Every cell gets a spike detector first, as navis' PointNeuron does on creation.
    detectors = []
    for label, (_, cell) in cells.items():
        det = h.NetCon(cell, None)
        records.add(label, EventSource(("cell", label), cell), det)
        detectors.append(det)
    netcons = network_netcons(h, case, cells, stims, records)

    times = simulate(h, run, args.time or 1, lambda: reseed_legacy_generator(stims))

    meta = {
        "cells": len(cells),
        "netstims": len(stims),
        "netcons": len(netcons),
        # Events up to this (NEURON's accumulated) time were delivered, EVENTS.md §1.
        "t_final": h.t,
        # Parameters as NEURON ran them: IntFire2 and IntFire4 adjust some in INITIAL.
        "cell_params": {label: {p: getattr(cell, p) for p in ARTIFICIAL_CELLS[model]}
                        for label, (model, cell) in cells.items()},
        "runtime_ms": times[-1],
    }
    if args.time is not None:
        meta["times_ms"] = times
        meta["median_ms"] = statistics.median(times)
    result = {
        "name": case.get("name", os.path.splitext(os.path.basename(case_path))[0]),
        "neuron_version": neuron.__version__,
        "kind": "network",
        "spikes": records.output(),
        "meta": meta,
    }
    del detectors, netcons  # NEURON objects may go now
    return result


# ---------------------------------------------------------------------------------------------

def run_case(args):
    case_path = os.path.abspath(args.case)
    case = load_case(case_path)
    if case.get("kind") == "network":
        return run_network_case(args, case, case_path)
    return run_compartment_case(args, case, case_path)


def run_compartment_case(args, case, case_path):
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
    pps = add_point_processes(h, listing(case.get("pointProcesses"), "pointProcesses"), model)
    stims = make_netstims(h, listing(case.get("netstims"), "netstims"))
    records = SpikeRecords(h)
    netcons = compartment_netcons(h, case, model, pps, stims, records)
    recs, t_vec = add_recorders(h, listing(case.get("record"), "record"), model, pps)

    times = simulate(h, run, args.time or 1, lambda: reseed_legacy_generator(stims))

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
    if "netcons" in case:  # only then, so outputs of cases without events stay as they were
        result["spikes"] = records.output()
    if args.geometry:
        result["geometry"] = geometry(secs)
    del pps, netcons  # NEURON objects may go now
    return result


def summary(result, output):
    """The one line on stderr after a successful run."""
    m = result["meta"]
    timing = (f"median {m['median_ms']:.2f} ms of {len(m['times_ms'])} runs"
              if "median_ms" in m else f"run {m['runtime_ms']:.2f} ms")
    if result.get("kind") == "network":
        what = (f"{m['cells']} cells, {m['netstims']} NetStims, {m['netcons']} NetCons, "
                f"{sum(len(s) for s in result['spikes'].values())} spikes")
    else:
        what = (f"{m['sections']} sections, {m['segments']} segments, {m['nodes']} nodes, "
                f"{m['trees']} tree(s), {len(result['t'])} samples")
    return f"run_case: {result['name']}: {what}, {timing} -> {output}"


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
    print(summary(result, args.output), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
