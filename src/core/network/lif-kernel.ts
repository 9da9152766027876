/**
 * The hot loops of the LIF population (lif-population.ts), as small top-level functions over
 * typed arrays that V8 optimizes on their own (inside one big run() with closures the state
 * arrays live in a context and the update loop ran 3–4× slower).
 */

/**
 * Groups and thresholds of one step: every neuron's exact update v' = c7 + (c8·x + c9·v),
 * x' = c10·x (Brian2's expression and order), then spikes where v' > vth and the neuron is not
 * refractory (step ≥ until), written to `list` in ascending order; returns their number.
 * Refractory neurons are updated too — branch-free is faster than testing each neuron — and
 * put back by the caller (`stash`/`unstash`): they are few (the spikes of the last t_rfc).
 */
export function advance(n: number, step: number, v: Float64Array, x: Float64Array, until: Int32Array, c7: number, c8: number, c9: number, c10: number, vth: number, list: Int32Array): number {
  let ns = 0;
  for (let i = 0; i < n; i++) {
    const xi = x[i];
    const vi = c7 + (c8 * xi + c9 * v[i]);
    v[i] = vi;
    x[i] = c10 * xi;
    if (vi > vth && step >= until[i]) list[ns++] = i;
  }
  return ns;
}

/**
 * Save v, x of the neurons refractory at `step` among those that spiked in the given recent
 * lists (they keep their values while refractory); returns how many were saved.
 */
export function stash(step: number, lists: Int32Array[], counts: Int32Array, slots: Int32Array, nslots: number, until: Int32Array, v: Float64Array, x: Float64Array, who: Int32Array, sv: Float64Array, sx: Float64Array): number {
  let k = 0;
  for (let q = 0; q < nslots; q++) {
    const list = lists[slots[q]];
    const c = counts[slots[q]];
    for (let j = 0; j < c; j++) {
      const i = list[j];
      if (until[i] > step) {
        who[k] = i;
        sv[k] = v[i];
        sx[k++] = x[i];
      }
    }
  }
  return k;
}

/** Put back what stash saved. */
export function unstash(k: number, who: Int32Array, sv: Float64Array, sx: Float64Array, v: Float64Array, x: Float64Array): void {
  for (let j = 0; j < k; j++) {
    const i = who[j];
    v[i] = sv[j];
    x[i] = sx[j];
  }
}

/**
 * Synapses of one step: each source of `src` (ascending), each of its edges in CSR order, adds
 * weight·wsyn to its target's x unless the target is refractory (Brian2's conditional write).
 * Returns the number of edges walked.
 */
export function deliver(step: number, src: Int32Array, cnt: number, start: Int32Array, target: Int32Array, weight: Float64Array, wsyn: number, x: Float64Array, until: Int32Array): number {
  let events = 0;
  for (let q = 0; q < cnt; q++) {
    const s = src[q];
    const e0 = start[s];
    const e1 = start[s + 1];
    for (let e = e0; e < e1; e++) {
      const t = target[e];
      if (step >= until[t]) x[t] += weight[e] * wsyn;
    }
    events += e1 - e0;
  }
  return events;
}

/** Input events neuron[a .. b) add win to v unless refractory. */
export function applyInputs(a: number, b: number, neuron: Int32Array, step: number, until: Int32Array, v: Float64Array, win: number): void {
  for (let e = a; e < b; e++) {
    const i = neuron[e];
    if (step >= until[i]) v[i] += win;
  }
}

/** Resets of one step: v = vrst, x = 0, refractory until step + rfc. */
export function resetSpiking(list: Int32Array, ns: number, step: number, v: Float64Array, x: Float64Array, until: Int32Array, rfc: Int32Array, vrst: number): void {
  for (let q = 0; q < ns; q++) {
    const i = list[q];
    v[i] = vrst;
    x[i] = 0;
    // Refractory while step − m < rfc (Brian2: timestep(t − lastspike) < timestep(t_rfc)).
    until[i] = step + rfc[i];
  }
}
