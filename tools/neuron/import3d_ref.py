#!/usr/bin/python3
"""Load SWC files with NEURON 8.2's Import3d and print what it builds, as JSON.

Usage:
    /usr/bin/python3 tools/neuron/import3d_ref.py FILE.swc [FILE.swc ...] [--res 10]

The NEURON half of src/core/morphology/import3d.test.ts: NeuroWire's 'import3d' soma policy
is checked against this. Per file (one JSON object per line, in the order given):

    file, error (if Import3d could not build it), sections: per section its name, number of
    pt3d points, the points (x, y, z, diam), L, nseg, membrane area summed over segments
    (µm²), parent section index and parent x; area (total, µm²); the root section (the one
    Import3d builds first: the soma when there is one); v: the root section's v(0.5) (mV)
    every step of a passive run, and vEnd: v(1) of every section at the end. Values that are
    not finite (zero diameters) are null.

The run is the same for every file: Ra 100 Ω·cm, cm 1 µF/cm², pas g 1e-4 S/cm², e −65 mV,
v_init −65, an IClamp of 0.1 nA from 1 ms for 1 ms at the root section's 0.5, tstop 5 ms,
dt 0.025 ms, nseg = 1 + 2·floor(L / (2·res)) on every section (NeuroWire's rule; Import3d
itself leaves nseg at 1). Only Import3d's own code builds the geometry: Import3d_SWC_read
then Import3d_GUI.instantiate(nil), i.e. top-level sections soma, axon[i], dend[i], apic[i].
All files run in one process (sections are deleted between files).
"""

import json
import math
import os
import sys


def main():
    args = sys.argv[1:]
    res = 10.0
    if '--res' in args:
        i = args.index('--res')
        res = float(args[i + 1])
        del args[i:i + 2]
    if not args:
        print('usage: import3d_ref.py FILE.swc [FILE.swc ...] [--res 10]', file=sys.stderr)
        sys.exit(2)
    # NEURON prints banners and Import3d notices on stdout; keep stdout for our JSON only.
    out = os.fdopen(os.dup(1), 'w')
    os.dup2(2, 1)
    from neuron import h
    h.load_file('stdrun.hoc')
    h.load_file('import3d.hoc')
    for f in args:
        out.write(json.dumps(one(h, f, res)) + '\n')
        out.flush()


def one(h, path, res):
    for sec in list(h.allsec()):
        h.delete_section(sec=sec)
    r = {'file': path}
    swc = h.Import3d_SWC_read()
    swc.quiet = 1
    try:
        swc.input(path)
        gui = h.Import3d_GUI(swc, 0)
        gui.instantiate(None)
    except Exception as e:  # hoc errors surface as RuntimeError
        r['error'] = str(e)
        return r
    secs = list(h.allsec())
    if not secs:
        r['error'] = 'Import3d built no section'
        return r
    # The root: the section Import3d built first (swc.sections.o(0)).
    name = h.ref('')
    gui.name(swc.sections.o(0), name)
    # name() leaves out the index 0 ("soma"); the section itself is "soma[0]".
    rootname = name[0] if '[' in name[0] else name[0] + '[0]'
    root = next(s for s in secs if s.name() == rootname)
    index = {s.name(): k for k, s in enumerate(secs)}
    for s in secs:
        s.nseg = 1 + 2 * int(math.floor(s.L / (2 * res)))
        s.Ra = 100
        s.cm = 1
        s.insert('pas')
        for seg in s:
            seg.pas.g = 1e-4
            seg.pas.e = -65
    out = []
    total = 0.0
    for s in secs:
        ref = h.SectionRef(sec=s)
        parent, px = -1, None
        if ref.has_parent():
            parent = index[ref.parent.name()]
            px = s.parentseg().x
        area = sum(seg.area() for seg in s)
        total += area
        n = int(s.n3d())
        out.append({
            'name': s.name(), 'n3d': n,
            'pts': [[s.x3d(i), s.y3d(i), s.z3d(i), s.diam3d(i)] for i in range(n)],
            'L': s.L, 'nseg': s.nseg, 'area': area if math.isfinite(area) else None, 'parent': parent, 'parentX': px,
        })
    stim = h.IClamp(root(0.5))
    stim.delay, stim.dur, stim.amp = 1, 1, 0.1
    v = h.Vector().record(root(0.5)._ref_v)
    h.dt = 0.025
    h.steps_per_ms = 40
    h.tstop = 5
    h.v_init = -65
    h.finitialize(-65)
    h.continuerun(5)
    # Zero diameters make NaN voltages; JSON has no NaN, so they are written as null.
    num = lambda a: a if math.isfinite(a) else None
    r.update({'sections': out, 'area': num(total), 'root': index[root.name()], 'v': [num(a) for a in v], 'vEnd': [num(s(1).v) for s in secs]})
    stim = None
    return r


if __name__ == '__main__':
    main()
