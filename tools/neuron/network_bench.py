#!/usr/bin/python3
"""Time a point network in NEURON 8.2, built as NeuroWire's PointNetwork builds it.

Usage:
    /usr/bin/python3 tools/neuron/network_bench.py EDGES.csv SPEC.json -o OUT.json

EDGES.csv: `source,target,weight` with integer neuron indices 0..n-1 (weights as the model
uses them). SPEC.json: {"n": int, "model": "IntFire4", "delay": 5,
"noise": {"frequency": Hz, "randomness": 0..1, "weight": w, "seed": s}, "tstop": ms, "dt": ms}.

Cells are created in index order, then one NetCon per edge in file order (delay `delay`),
then per neuron a NetStim (start 0, interval 1000/f, number trunc(9999999999/1000·f),
noise = randomness, noiseFromRandom123(seed, k, 0) with k the neuron index) and its NetCon
(delay 0): navis's add_background_noise with NeuroWire's per-stimulus Random123 streams, so the
spikes are the same as NeuroWire's. Only finitialize + continuerun is timed. Writes spike
counts, the first spikes of a few cells (for a cross-check), events delivered (NetCons'
deliveries are not counted by NEURON; we report the total spikes × out-degree), the run time
and the process's peak memory.
"""

import argparse
import csv
import json
import resource
import sys
import time


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("edges")
    ap.add_argument("spec")
    ap.add_argument("-o", "--out", required=True)
    args = ap.parse_args()
    from neuron import h

    h.load_file("stdrun.hoc")
    with open(args.spec) as f:
        spec = json.load(f)
    n = spec["n"]
    model = getattr(h, spec.get("model", "IntFire4"))
    t0 = time.perf_counter()
    cells = [model() for _ in range(n)]
    rec = []
    for c in cells:
        v = h.Vector()
        nc = h.NetCon(c, None)
        nc.record(v)
        rec.append((nc, v))
    ncs = []
    outdeg = [0] * n
    delay = spec.get("delay", 5)
    with open(args.edges) as f:
        r = csv.reader(f)
        next(r)
        for s, t, w in r:
            s = int(s)
            nc = h.NetCon(cells[s], cells[int(t)])
            nc.weight[0] = float(w)
            nc.delay = delay
            ncs.append(nc)
            outdeg[s] += 1
    noise = spec["noise"]
    stims = []
    freq = noise["frequency"]
    for k, c in enumerate(cells):
        ns = h.NetStim()
        ns.start = 0
        ns.interval = 1000.0 / freq
        ns.number = int(9999999999 / 1000 * freq)
        ns.noise = noise["randomness"]
        ns.noiseFromRandom123(noise["seed"], k, 0)
        nc = h.NetCon(ns, c)
        nc.weight[0] = noise["weight"]
        nc.delay = 0
        stims.append((ns, nc))
    build_s = time.perf_counter() - t0
    h.dt = spec.get("dt", 0.025)
    t1 = time.perf_counter()
    h.finitialize(-65)
    h.continuerun(spec["tstop"])
    run_ms = (time.perf_counter() - t1) * 1000
    spikes = [len(v) for _, v in rec]
    total = sum(spikes)
    out = {
        "run_ms": run_ms,
        "build_s": build_s,
        "spikes": total,
        "netcon_deliveries": sum(len(v) * outdeg[i] for i, (_, v) in enumerate(rec)),
        "first": {str(i): list(rec[i][1])[:20] for i in range(min(5, n))},
        "peak_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "t_final": h.t,
    }
    with open(args.out, "w") as f:
        json.dump(out, f)
    print(f"network_bench: {n} cells, {len(ncs)} edges, {total} spikes, run {run_ms:.0f} ms", file=sys.stderr)


if __name__ == "__main__":
    main()
