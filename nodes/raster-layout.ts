/**
 * A raster's rows and, for big networks, its density: which row each neuron gets (in neuron
 * order, or grouped by label: a connectome's cell types) and, when there are more spikes than
 * a screen can show one by one, the spike count per (time bin, band of rows) cell.
 */

/** Row of each neuron and neuron of each row. `byLabel`: rows grouped by label (labels in order of first appearance), neuron order within a group. */
export function rowOrder(labels: readonly string[], byLabel: boolean): { rowOf: Int32Array; neuronAt: Int32Array; groups: Array<{ label: string; first: number; last: number }> } {
  const n = labels.length;
  const neuronAt = new Int32Array(n);
  const groups: Array<{ label: string; first: number; last: number }> = [];
  if (!byLabel) {
    for (let i = 0; i < n; i++) neuronAt[i] = i;
  } else {
    // Counting sort by the label's first appearance: stable, linear.
    const index = new Map<string, number>();
    const of = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      let g = index.get(labels[i]);
      if (g === undefined) index.set(labels[i], (g = index.size));
      of[i] = g;
    }
    const start = new Int32Array(index.size + 1);
    for (let i = 0; i < n; i++) start[of[i] + 1]++;
    for (let g = 0; g < index.size; g++) start[g + 1] += start[g];
    const next = start.slice(0, index.size);
    for (let i = 0; i < n; i++) neuronAt[next[of[i]]++] = i;
    for (const [label, g] of index) groups.push({ label, first: start[g], last: start[g + 1] - 1 });
  }
  const rowOf = new Int32Array(n);
  for (let r = 0; r < n; r++) rowOf[neuronAt[r]] = r;
  return { rowOf, neuronAt, groups };
}

/**
 * Spike counts on a grid of `columns` time bins over [0, tstop] (ms) × `bands` bands of rows
 * (band b holds rows ⌊b·n/bands⌋ … ⌊(b+1)·n/bands⌋ − 1). Spikes at tstop fall in the last bin.
 */
export function densityGrid(spikes: readonly ArrayLike<number>[], rowOf: Int32Array, tstop: number, columns: number, bands: number): { counts: Uint32Array; max: number } {
  const n = rowOf.length;
  const counts = new Uint32Array(columns * bands);
  let max = 0;
  const perMs = tstop > 0 ? columns / tstop : 0;
  for (let i = 0; i < spikes.length; i++) {
    const band = Math.min(bands - 1, Math.floor((rowOf[i] * bands) / Math.max(n, 1)));
    const times = spikes[i];
    const base = band * columns;
    for (let k = 0; k < times.length; k++) {
      const c = Math.min(columns - 1, Math.max(0, Math.floor(times[k] * perMs)));
      const v = ++counts[base + c];
      if (v > max) max = v;
    }
  }
  return { counts, max };
}
