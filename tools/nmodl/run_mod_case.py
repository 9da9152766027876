#!/usr/bin/python3
"""Run one NMODL zoo case (tools/nmodl/cases.ts) in NEURON 8.2 and write the traces as JSON.

Usage:
    /usr/bin/python3 tools/nmodl/run_mod_case.py CASE.json [--out OUT.json]
    ... | /usr/bin/python3 tools/nmodl/run_mod_case.py - --out OUT.json

Run it from a folder without an `x86_64/` subfolder (NEURON loads ./x86_64 on its own); the
library named by the case is loaded with h.nrn_load_dll. The case is the data of cases.ts plus:
  "library": absolute path of libnrnmech.so (absent: only NEURON's built-ins),
  "renames": {"hh": "hh_zoo", ...} the names the compiled copy uses for built-in names.
Mechanism names in the case are the files' own names; `renames` maps them (and their suffixed
variables) to the compiled ones. Stimuli (IClamp, NetStim) are always NEURON's built-ins.

Output: {"neuron_version", "renames", "t": [...], "series": {label: [...]}, "spikes": {label: [...]},
"seconds"}; every double as Python's repr (exact). Bad input: exit status 2 and one line.
Mechanisms that printf (order.mod) write to stdout, so use --out when the JSON must be parsed.
"""

import argparse
import json
import math
import re
import sys
import time


class CaseError(Exception):
    """A problem with the case; reported in one line, exit status 2."""


def loc(sections, at, where):
    """A segment from {"section": name, "x": 0..1}."""
    if not isinstance(at, dict) or "section" not in at:
        raise CaseError(f"{where}: 'at' must be {{\"section\": name, \"x\": 0..1}}")
    name = at["section"]
    if name not in sections:
        raise CaseError(f"{where}: no section {json.dumps(name)} (have {', '.join(sections)})")
    x = float(at.get("x", 0.5))
    if not 0.0 <= x <= 1.0:
        raise CaseError(f"{where}: x must be in [0, 1], got {x}")
    return sections[name], x


def build_cell(h, cell):
    """One compartment ("soma") or an unbranched cable of sections cable0..cableN-1."""
    kind = cell.get("type", "soma")
    sections = {}
    if kind == "soma":
        names = ["soma"]
    elif kind == "cable":
        names = [f"cable{i}" for i in range(int(cell.get("sections", 5)))]
    else:
        raise CaseError(f"cell.type must be soma or cable, got {json.dumps(kind)}")
    previous = None
    for name in names:
        sec = h.Section(name=name)
        sec.L = float(cell.get("L", 20.0))
        sec.diam = float(cell.get("diam", 20.0))
        sec.nseg = int(cell.get("nseg", 1))
        sec.Ra = float(cell.get("Ra", 100.0))
        sec.cm = float(cell.get("cm", 1.0))
        if previous is not None:
            sec.connect(previous(1), 0)
        sections[name] = sec
        previous = sec
    return sections


def set_globals(h, mech, values, where):
    for name, value in (values or {}).items():
        full = f"{name}_{mech}"
        if not hasattr(h, full):
            raise CaseError(f"{where}: {mech} has no GLOBAL {json.dumps(name)}")
        setattr(h, full, float(value))


def assign(obj, name, value, where):
    """obj.name = value; a list sets the elements of an array parameter (VClamp's dur[3])."""
    if not hasattr(obj, name):
        raise CaseError(f"{where}: no parameter {json.dumps(name)}")
    if isinstance(value, list):
        array = getattr(obj, name)
        for k, x in enumerate(value):
            array[k] = float(x)
    else:
        setattr(obj, name, float(value))


def has_ion(sec, species):
    """Whether a mechanism in the section uses the ion (its <ion>_ion mechanism is there)."""
    try:
        return bool(sec.has_membrane(f"{species}_ion"))
    except (RuntimeError, NameError, ValueError):
        return False


def ref_of(obj, variable, where):
    """obj._ref_<variable>, with "name[i]" for an element of an array variable."""
    m = re.fullmatch(r"([A-Za-z_][A-Za-z0-9_]*)(?:\[(\d+)\])?", variable)
    if not m:
        raise CaseError(f"{where}: bad variable name {json.dumps(variable)}")
    try:
        ref = getattr(obj, "_ref_" + m.group(1))
    except (AttributeError, NameError, LookupError) as e:
        raise CaseError(f"{where}: no variable {json.dumps(variable)} ({e})")
    return ref if m.group(2) is None else ref[int(m.group(2))]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("case", help="case JSON file, or - for stdin")
    parser.add_argument("--out", help="output JSON file (default: stdout)")
    args = parser.parse_args()
    try:
        case = json.load(sys.stdin if args.case == "-" else open(args.case))
        result = run(case)
    except CaseError as e:
        print(f"run_mod_case: {e}", file=sys.stderr)
        sys.exit(2)
    except (OSError, ValueError, KeyError, TypeError, RuntimeError) as e:
        # json errors, a missing key, or NEURON's own hoc error: one line, not a traceback.
        print(f"run_mod_case: {type(e).__name__}: {e}", file=sys.stderr)
        sys.exit(1)
    text = json.dumps(result, allow_nan=False, separators=(",", ":"))
    if args.out:
        with open(args.out, "w") as f:
            f.write(text)
    else:
        sys.stdout.write(text + "\n")


def run(case):
    from neuron import h

    started = time.perf_counter()
    if case.get("library"):
        if h.nrn_load_dll(case["library"]) != 1:
            raise CaseError(f"NEURON could not load {case['library']}")
    h.load_file("stdrun.hoc")
    renames = case.get("renames") or {}

    def mech(name):
        return renames.get(name, name)

    sections = build_cell(h, case.get("cell") or {})
    all_secs = list(sections.values())

    for i, ins in enumerate(case.get("insert") or []):
        where = f"insert[{i}] {ins.get('mechanism')}"
        name = mech(ins["mechanism"])
        targets = [sections[s] for s in ins.get("sections", list(sections))]
        for sec in targets:
            try:
                sec.insert(name)
            except ValueError as e:
                raise CaseError(f"{where}: {e}")
            for seg in sec:
                m = getattr(seg, name)
                for p, value in (ins.get("params") or {}).items():
                    assign(m, p, value, where)
        set_globals(h, name, ins.get("globals"), where)

    points = {}
    for i, pp in enumerate(case.get("points") or []):
        where = f"points[{i}] {pp.get('label')}"
        name = mech(pp["mechanism"])
        cls = getattr(h, name, None)
        if cls is None:
            raise CaseError(f"{where}: NEURON has no point process {name}")
        if pp.get("at") is not None:
            sec, x = loc(sections, pp["at"], where)
            obj = cls(sec(x))
        else:
            obj = cls()
        for p, value in (pp.get("params") or {}).items():
            assign(obj, p, value, where)
        set_globals(h, name, pp.get("globals"), where)
        points[pp["label"]] = obj

    for i, ion in enumerate(case.get("ions") or []):
        where = f"ions[{i}] {ion.get('ion')}"
        species = ion["ion"]
        for key, value in (ion.get("init") or {}).items():
            # cai0_ca_ion etc.: what finitialize starts the concentrations from.
            full = f"{key}_{species}_ion"
            if not hasattr(h, full):
                raise CaseError(f"{where}: NEURON has no {full}")
            setattr(h, full, float(value))
        for sec in all_secs:
            if not has_ion(sec, species):
                continue  # no mechanism in this section uses the ion
            if "style" in ion:
                c, e, einit, eadvance, cinit = (int(s) for s in ion["style"])
                h.ion_style(f"{species}_ion", c, e, einit, eadvance, cinit, sec=sec)
            for key, value in (ion.get("values") or {}).items():
                for seg in sec:
                    setattr(seg, key, float(value))

    keep = []  # NEURON objects that must outlive this scope
    for i, st in enumerate(case.get("stimuli") or []):
        where = f"stimuli[{i}] {st.get('type')}"
        if st["type"] == "IClamp":
            sec, x = loc(sections, st["at"], where)
            stim = h.IClamp(sec(x))
            stim.delay, stim.dur, stim.amp = float(st["del"]), float(st["dur"]), float(st["amp"])
            keep.append(stim)
        elif st["type"] == "NetStim":
            ns = h.NetStim()
            ns.start, ns.interval, ns.number = float(st["start"]), float(st["interval"]), float(st["number"])
            ns.noise = 0
            if st["target"] not in points:
                raise CaseError(f"{where}: no point {json.dumps(st['target'])}")
            nc = h.NetCon(ns, points[st["target"]])
            weights = st["weight"] if isinstance(st["weight"], list) else [st["weight"]]
            for k, w in enumerate(weights):
                nc.weight[k] = float(w)
            nc.delay = float(st.get("delay", 1.0))
            keep += [ns, nc]
            if "label" in st:
                points[st["label"]] = ns
        else:
            raise CaseError(f"{where}: unknown stimulus type")

    t_vec = h.Vector()
    t_vec.record(h._ref_t)
    series = {}
    for i, rec in enumerate(case.get("record") or []):
        where = f"record[{i}] {rec.get('label')}"
        vec = h.Vector()
        if "point" in rec:
            obj = points.get(rec["point"])
            if obj is None:
                raise CaseError(f"{where}: no point {json.dumps(rec['point'])}")
            vec.record(ref_of(obj, rec["variable"], where))
        else:
            sec, x = loc(sections, rec["at"], where)
            seg = sec(x)
            owner = seg
            if rec.get("mechanism"):
                name = mech(rec["mechanism"])
                owner = getattr(seg, name, None)
                if owner is None:
                    raise CaseError(f"{where}: {name} is not inserted there")
            vec.record(ref_of(owner, rec["variable"], where), sec=sec)
        series[rec["label"]] = vec

    spikes = {}
    for i, sp in enumerate(case.get("spikes") or []):
        where = f"spikes[{i}] {sp.get('label')}"
        vec = h.Vector()
        if "point" in sp:
            source = points.get(sp["point"])
            if source is None:
                raise CaseError(f"{where}: no point {json.dumps(sp['point'])}")
            nc = h.NetCon(source, None)
        else:
            sec, x = loc(sections, sp["at"], where)
            nc = h.NetCon(sec(x)._ref_v, None, sec=sec)
            nc.threshold = float(sp.get("threshold", 0.0))
        nc.record(vec)
        keep.append(nc)
        spikes[sp["label"]] = vec

    run_opts = case.get("run") or {}
    h.cvode_active(0)
    h.celsius = float(run_opts.get("celsius", 6.3))
    h.dt = float(run_opts.get("dt", 0.025))
    h.steps_per_ms = 1.0 / h.dt
    h.finitialize(float(run_opts.get("v_init", -65.0)))
    h.continuerun(float(run_opts["tstop"]))

    def values(vec):
        out = list(vec)
        bad = [k for k, v in enumerate(out) if not math.isfinite(v)]
        if bad:
            raise CaseError(f"a recorded value is not finite at t = {t_vec[bad[0]]} ms")
        return out

    return {
        "neuron_version": h.nrnversion(),
        "renames": renames,
        "t": values(t_vec),
        "series": {k: values(v) for k, v in series.items()},
        "spikes": {k: list(v) for k, v in spikes.items()},
        "seconds": time.perf_counter() - started,
    }


if __name__ == "__main__":
    main()
