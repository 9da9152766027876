"""Run NeuroWire's LIF population case in Brian2 (the reference for src/core/network/lif-population.ts).

    /usr/bin/python3 tools/brian2/run_lif.py CASE.json OUT.json

CASE.json is data only (nothing in it is evaluated as code):
  n, dt (ms), tstop (ms), params {v_0, v_rst, v_th (mV), t_mbr, tau, t_rfc, t_dly (ms),
  w_syn (mV), r_poi (Hz), f_poi}, target ("numpy" | "cython"), cache_dir (cython),
  edges: {source, target, weight}: paths of raw little-endian int32/int32/float64 files,
  inputs (optional): {neuron, time}: int32 neuron indices and float64 times (ms) of input spikes,
      given to a SpikeGeneratorGroup whose synapses add f_poi*w_syn to v,
  poisson (optional): {neurons: int32 file, seed}: Brian2's own PoissonInput (N=1, r_poi,
      f_poi*w_syn into v), its own random numbers,
  no_refractory (optional): int32 file of neurons with t_rfc = 0,
  spikes_out: prefix of the output files <prefix>.i.i32 and <prefix>.step.i32 (spikes) and
      <prefix>.v.f64, <prefix>.x.f64 (v and x at the end, V).
  reps (optional, default 1): runs from the same start (net.store/restore); sim_s is their median.
OUT.json: {spikes, build_s, sim_s and cpu_s (medians of wall and process CPU time), runs_s, peak_mib, target}.

The model is Shiu et al. 2024 (Nature 634), as NeuroWire documents it (lif-params.ts). numpy's
AVX-512 exp is 1 ulp off the C library's for some arguments (exp(-0.005) here); set
NPY_DISABLE_CPU_FEATURES="AVX512F AVX512_SKX" to have numpy use the C library's exp, which is the
one that gives the state-update constants NeuroWire computes (and that Brian2's cython target uses).
"""
import json
import resource
import sys
import time

import numpy as np


def load(path, dtype):
    return np.fromfile(path, dtype=np.dtype(dtype).newbyteorder('<'))


def main():
    case_path, out_path = sys.argv[1], sys.argv[2]
    with open(case_path) as f:
        case = json.load(f)
    import brian2 as b2
    from brian2 import mV, ms, Hz, second, volt

    target = case.get('target', 'numpy')
    b2.prefs.codegen.target = target
    if target == 'cython' and case.get('cache_dir'):
        b2.prefs.codegen.runtime.cython.cache_dir = case['cache_dir']
    b2.defaultclock.dt = float(case['dt']) * ms
    p = case['params']
    n = int(case['n'])
    t0 = time.perf_counter()
    ns = {
        'v_0': float(p['v_0']) * mV,
        'v_rst': float(p['v_rst']) * mV,
        'v_th': float(p['v_th']) * mV,
        't_mbr': float(p['t_mbr']) * ms,
        'tau': float(p['tau']) * ms,
    }
    eqs = b2.Equations('''
    dv/dt = (x - (v - v_0)) / t_mbr : volt (unless refractory)
    dx/dt = -x / tau : volt (unless refractory)
    rfc : second
    ''')
    neu = b2.NeuronGroup(n, eqs, method='linear', threshold='v > v_th', reset='v = v_rst; x = 0*volt',
                         refractory='rfc', namespace=ns, name='lif')
    neu.v = ns['v_0']
    neu.x = 0 * volt
    rfc_values = np.full(n, float(float(p['t_rfc']) * ms))
    if case.get('no_refractory'):
        rfc_values[load(case['no_refractory'], np.int32)] = 0.0
    objects = [neu]
    w_syn = float(p['w_syn']) * mV
    w_input = w_syn * float(p['f_poi'])
    e = case['edges']
    src = load(e['source'], np.int32)
    tgt = load(e['target'], np.int32)
    weights = load(e['weight'], np.float64)
    # Names fix the order within the 'synapses' slot (Brian2 sorts by name): recurrent first.
    syn = b2.Synapses(neu, neu, 'w : volt', on_pre='x_post += w', delay=float(p['t_dly']) * ms, name='syn_a_recurrent')
    syn.connect(i=src, j=tgt)
    syn.w = weights * w_syn
    objects.append(syn)
    if case.get('inputs'):
        inp = case['inputs']
        gi = load(inp['neuron'], np.int32)
        gt = load(inp['time'], np.float64)
        gen = b2.SpikeGeneratorGroup(n, gi, gt * ms, name='input_spikes')
        isyn = b2.Synapses(gen, neu, on_pre='v_post += w_input', namespace={'w_input': w_input}, name='syn_b_input')
        isyn.connect(j='i')
        objects += [gen, isyn]
    if case.get('poisson'):
        pz = case['poisson']
        b2.seed(int(pz.get('seed', 1)))
        driven = load(pz['neurons'], np.int32)
        if not pz.get('refractory', False):
            rfc_values[driven] = 0.0
        # One PoissonInput over a contiguous range when possible (the usual case: all neurons).
        if len(driven) == n and np.array_equal(driven, np.arange(n)):
            objects.append(b2.PoissonInput(neu, 'v', N=1, rate=float(p['r_poi']) * Hz, weight=w_input))
        else:
            for i in driven:
                objects.append(b2.PoissonInput(neu[int(i):int(i) + 1], 'v', N=1, rate=float(p['r_poi']) * Hz, weight=w_input))
    neu.rfc = rfc_values * second
    mon = b2.SpikeMonitor(neu)
    objects.append(mon)
    net = b2.Network(*objects)
    # namespace={}: names are looked up only in the groups' own namespaces, never in this script's locals.
    net.run(0 * ms, namespace={})  # compile (cython) and prepare, outside the simulated time
    build_s = time.perf_counter() - t0
    # reps > 1: the same run again from the stored start (net.restore, not timed); the median is reported.
    reps = int(case.get('reps', 1))
    if reps > 1:
        net.store('start')
    sims, cpus = [], []
    for r in range(reps):
        if r:
            net.restore('start')
        t1 = time.perf_counter()
        c1 = time.process_time()
        net.run(float(case['tstop']) * ms, namespace={})
        sims.append(time.perf_counter() - t1)
        cpus.append(time.process_time() - c1)
    sim_s = sorted(sims)[len(sims) // 2]
    cpu_s = sorted(cpus)[len(cpus) // 2]
    i = np.asarray(mon.i[:], dtype=np.int32)
    step = np.asarray(np.round(np.asarray(mon.t[:] / second) / float(b2.defaultclock.dt_)), dtype=np.int32)
    prefix = case['spikes_out']
    i.astype('<i4').tofile(prefix + '.i.i32')
    step.astype('<i4').tofile(prefix + '.step.i32')
    np.asarray(neu.v_[:], dtype='<f8').tofile(prefix + '.v.f64')
    np.asarray(neu.x_[:], dtype='<f8').tofile(prefix + '.x.f64')
    with open(out_path, 'w') as f:
        json.dump({'spikes': int(len(i)), 'build_s': build_s, 'sim_s': sim_s, 'cpu_s': cpu_s, 'runs_s': sims, 'target': target,
                   'peak_mib': resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}, f)


if __name__ == '__main__':
    main()
