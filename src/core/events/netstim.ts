import type { CellHost } from './intfire.ts';
import type { ExpSource } from './random.ts';

/** NEURON's NetStim: a train of `number` spikes from `start` every `interval` ms, with `noise` 0–1. */
export interface NetStimParams {
  /** Mean time between spikes (ms). */
  interval: number;
  /** Number of spikes (ceil(number) are produced). */
  number: number;
  /** Time of the first spike (ms) when noise is 0; no spikes if negative. */
  start: number;
  /** Fraction of each interval that is random (negative-exponential), 0 (regular) to 1 (Poisson). */
  noise: number;
}

export const NETSTIM_DEFAULTS: NetStimParams = { interval: 10, number: 10, start: 50, noise: 0 };

/**
 * A NetStim as NEURON 8.2 runs it (tools/neuron/EVENTS.md §4; netstim.mod): INITIAL schedules
 * the first spike at start + invl(interval) − interval·(1 − noise); each spike draws the next
 * interval (1 − noise)·interval + noise·interval·negexp(1), also after the last one.
 */
export class NetStim {
  on = 0;
  ispike = 0;
  noise: number;
  constructor(
    readonly p: NetStimParams,
    readonly rand: ExpSource,
  ) {
    this.noise = p.noise;
  }

  private invl(mean: number): number {
    if (mean <= 0) mean = 0.01;
    return this.noise === 0 ? mean : (1 - this.noise) * mean + this.noise * mean * this.rand.negexp();
  }

  initialize(host: CellHost, t: number): void {
    this.on = 0;
    this.ispike = 0;
    this.noise = Math.min(1, Math.max(0, this.p.noise));
    if (this.p.start >= 0 && this.p.number > 0) {
      this.on = 1;
      let event = this.p.start + this.invl(this.p.interval) - this.p.interval * (1 - this.noise);
      if (event < 0) event = 0;
      host.sendSelf(t + event, 3);
    }
  }

  receive(host: CellHost, t: number, flag: number): void {
    if (flag === 3) {
      if (this.on === 1) {
        this.ispike = 0;
        host.sendSelf(t + 0, 1);
      }
    } else if (flag === 1 && this.on === 1) {
      this.ispike += 1;
      host.fire(t);
      const event = this.invl(this.p.interval);
      if (this.ispike >= this.p.number) this.on = 0;
      else host.sendSelf(t + event, 1);
    }
    // External events (flag 0) are not used: nothing connects into a NetStim here.
  }
}
