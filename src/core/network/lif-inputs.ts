/**
 * Inputs of the LIF population (lif-population.ts), as events per time step in CSR form (the
 * events of step s are neuron[start[s] .. start[s+1])): explicit input spikes (a shared spike
 * file, so that Brian2 and NeuroWire get the very same inputs) and seeded Poisson drive.
 */
import { CoreError } from '../errors.ts';
import { createRng, type Rng } from '../random.ts';
import { brianTimestep } from './lif-params.ts';

/** Input events by step: the neurons hit at step s are neuron[start[s] .. start[s+1]). */
export interface StepEvents {
  start: Int32Array;
  neuron: Int32Array;
}

/**
 * Input spikes (neuron index, time in ms) sorted into the steps of a run of `steps` steps of
 * dtMs, as Brian2's SpikeGeneratorGroup bins them (step ⌊(t + 10⁻³·dt)/dt⌋, times in s): within
 * a step, in the order given. Spikes at or after the end are dropped (`dropped` counts them).
 */
export function inputSchedule(neuron: ArrayLike<number>, timeMs: ArrayLike<number>, n: number, dtMs: number, steps: number): StepEvents & { dropped: number } {
  const m = neuron.length;
  if (timeMs.length !== m) throw new CoreError('input', `input spikes: ${m} neurons but ${timeMs.length} times`);
  const dt = dtMs * 0.001;
  const step = new Int32Array(m);
  const start = new Int32Array(steps + 1);
  let dropped = 0;
  for (let k = 0; k < m; k++) {
    const i = neuron[k];
    const t = timeMs[k];
    if (!(Number.isInteger(i) && i >= 0 && i < n)) throw new CoreError('input', `input spike ${k + 1}: neuron ${i} does not exist (the population has ${n})`);
    if (!(t >= 0) || !Number.isFinite(t)) throw new CoreError('input', `input spike ${k + 1} (neuron ${i}): time must be a number of ms ≥ 0, got ${t}`);
    const s = brianTimestep(t * 0.001, dt);
    if (s >= steps) {
      step[k] = -1;
      dropped++;
      continue;
    }
    step[k] = s;
    start[s + 1]++;
  }
  for (let s = 0; s < steps; s++) start[s + 1] += start[s];
  const fill = start.slice(0, steps);
  const out = new Int32Array(m - dropped);
  for (let k = 0; k < m; k++) if (step[k] >= 0) out[fill[step[k]]++] = neuron[k];
  return { start, neuron: out, dropped };
}

/** Steps per block of Poisson draws (fixed: the draws, so the inputs, depend on it). */
export const POISSON_BLOCK = 1024;

/**
 * Poisson drive of a set of neurons: at every step each neuron receives an event with
 * probability p (Brian2's PoissonInput with N = 1 draws exactly this Bernoulli per step). Drawn
 * as geometric gaps between events (one random number per event, not per step), block by block
 * of POISSON_BLOCK steps, so that memory stays small however long the run; seeded, so the same
 * seed gives the same events (and `all` lists them for a spike file).
 */
export class PoissonDrive {
  private readonly rng: Rng;
  /** Next event step of each driven neuron. */
  private readonly next: Float64Array;
  private readonly logq: number;
  /** The current block: events of steps [blockStart, blockStart + POISSON_BLOCK). */
  blockStart = -POISSON_BLOCK;
  readonly events: StepEvents = { start: new Int32Array(POISSON_BLOCK + 1), neuron: new Int32Array(0) };
  private stepOf = new Int32Array(0);
  private who = new Int32Array(0);

  constructor(
    readonly neurons: Int32Array,
    readonly p: number,
    seed: number,
  ) {
    this.rng = createRng(seed);
    this.logq = Math.log1p(-Math.min(p, 1));
    this.next = new Float64Array(neurons.length);
    for (let k = 0; k < neurons.length; k++) this.next[k] = this.gap() - 1;
  }

  /** Steps from one event to the next: geometric with success probability p (≥ 1). */
  private gap(): number {
    if (this.p >= 1) return 1;
    if (!(this.p > 0)) return Infinity;
    return 1 + Math.floor(Math.log(1 - this.rng.uniform()) / this.logq);
  }

  /** Draw the events of the block starting at step s0 (blocks in order, each once). */
  fill(s0: number): void {
    this.blockStart = s0;
    const end = s0 + POISSON_BLOCK;
    const start = this.events.start;
    start.fill(0);
    let count = 0;
    const nk = this.neurons.length;
    // About p·POISSON_BLOCK events per neuron: grow the scratch arrays when a block needs more.
    for (let k = 0; k < nk; k++) {
      let s = this.next[k];
      while (s < end) {
        if (count === this.stepOf.length) this.grow();
        this.stepOf[count] = s - s0;
        this.who[count++] = this.neurons[k];
        start[s - s0 + 1]++;
        s += this.gap();
      }
      this.next[k] = s;
    }
    for (let j = 0; j < POISSON_BLOCK; j++) start[j + 1] += start[j];
    if (this.events.neuron.length < count) this.events.neuron = new Int32Array(this.stepOf.length);
    const fillAt = start.slice(0, POISSON_BLOCK);
    const out = this.events.neuron;
    for (let e = 0; e < count; e++) out[fillAt[this.stepOf[e]]++] = this.who[e];
  }

  private grow(): void {
    const size = Math.max(1024, this.stepOf.length * 2);
    const a = new Int32Array(size);
    a.set(this.stepOf);
    const b = new Int32Array(size);
    b.set(this.who);
    this.stepOf = a;
    this.who = b;
  }
}

/** Every event of a fresh drive over `steps` steps, as (neuron, step) columns (for a spike file). */
export function poissonEvents(neurons: Int32Array, p: number, seed: number, steps: number): { neuron: Int32Array; step: Int32Array } {
  const d = new PoissonDrive(neurons, p, seed);
  const nr: number[] = [];
  const st: number[] = [];
  for (let s0 = 0; s0 < steps; s0 += POISSON_BLOCK) {
    d.fill(s0);
    const { start, neuron } = d.events;
    for (let j = 0; j < POISSON_BLOCK && s0 + j < steps; j++) {
      for (let e = start[j]; e < start[j + 1]; e++) {
        nr.push(neuron[e]);
        st.push(s0 + j);
      }
    }
  }
  return { neuron: Int32Array.from(nr), step: Int32Array.from(st) };
}

/**
 * Read an input spike file: CSV with a header `neuron,time` (time in ms; extra columns ignored);
 * neurons by name when names are given, else by index. Errors name the line.
 */
export function readSpikeFile(text: string, names?: string[]): { neuron: Int32Array; time: Float64Array } {
  const lines = text.split(/\r?\n/);
  const header = lines[0].split(',').map((h) => h.trim().toLowerCase());
  const ci = header.indexOf('neuron');
  const ti = header.findIndex((h) => h === 'time' || h === 'time_ms' || h === 't');
  if (ci < 0 || ti < 0) throw new CoreError('input', `spike file: the header must name the columns "neuron" and "time" (ms), got "${lines[0]}"`);
  const index = names ? new Map(names.map((nm, i) => [nm, i])) : null;
  const neuron: number[] = [];
  const time: number[] = [];
  for (let l = 1; l < lines.length; l++) {
    const line = lines[l].trim();
    if (!line) continue;
    const cols = line.split(',');
    const id = (cols[ci] ?? '').trim();
    const i = index ? index.get(id) : /^\d+$/.test(id) ? Number(id) : undefined;
    if (i === undefined) throw new CoreError('input', `spike file line ${l + 1}: neuron "${id}" is not in the population`, { line: l + 1 });
    const t = Number((cols[ti] ?? '').trim());
    if (!(t >= 0) || !Number.isFinite(t)) throw new CoreError('input', `spike file line ${l + 1}: time must be a number of ms ≥ 0, got "${cols[ti]}"`, { line: l + 1 });
    neuron.push(i);
    time.push(t);
  }
  return { neuron: Int32Array.from(neuron), time: Float64Array.from(time) };
}
