/**
 * NetStims as one block (cell-blocks.ts), each with its own Random123 stream, their parameters,
 * state and stream counters in typed arrays: a network with a Poisson input per neuron has as
 * many NetStims as neurons, and as objects (NetStim → params, stream → counter arrays) each of
 * their events cost several cache misses. Same arithmetic as netstim.ts and random.ts's
 * Random123Stream, so the same spike times bit for bit.
 */
import type { CellBlock } from './cell-blocks.ts';
import type { CellHost } from './intfire.ts';
import type { NetStimParams } from './netstim.ts';
import { philox4x32 } from './random.ts';

// Doubles per NetStim in `state`: parameters, then state, then the stream's next output index.
const INTERVAL = 0;
const NUMBER = 1;
const START = 2;
const NOISE_PARAM = 3;
const ON = 4;
const ISPIKE = 5;
const NOISE = 6;
const INDEX = 7;

export class NetStimBlock implements CellBlock {
  readonly count: number;
  private readonly state: Float64Array;
  /** Per NetStim: the stream's counter (4 words), then its current four outputs. */
  private readonly words: Uint32Array;
  /** The stream ids (id1, id2, id3) per NetStim, for restarting. */
  private readonly ids: Uint32Array;
  private readonly ctr = new Uint32Array(4);
  private readonly out = new Uint32Array(4);

  /**
   * @param params each NetStim's parameters (ms)
   * @param streams each NetStim's Random123 stream ids (id1, id2, id3), as Random123Stream takes
   *   them; a stream restarts at the NetStim's INITIAL
   */
  constructor(params: NetStimParams[], streams: Array<[number, number, number]>) {
    const n = params.length;
    this.count = n;
    this.state = new Float64Array(8 * n);
    this.words = new Uint32Array(8 * n);
    this.ids = new Uint32Array(3 * n);
    params.forEach((p, i) => {
      this.state.set([p.interval, p.number, p.start, p.noise], 8 * i);
      this.ids.set(streams[i].map((x) => x >>> 0), 3 * i);
    });
  }

  /** Random123Stream.negexp of NetStim i's stream. */
  private negexp(i: number): number {
    const s = this.state;
    const wd = this.words;
    const o = 8 * i;
    let index = s[o + INDEX];
    if (index === 4) {
      const { ctr, out } = this;
      for (let j = 0; j < 4; j++) ctr[j] = wd[o + j];
      philox4x32(ctr, 0, 0, out);
      for (let j = 0; j < 4; j++) wd[o + 4 + j] = out[j];
      wd[o] = (wd[o] + 1) >>> 0;
      index = 0;
    }
    s[o + INDEX] = index + 1;
    const u = (wd[o + 4 + index] + 1) / 4294967297;
    return -Math.log(u);
  }

  /** NetStim.invl for NetStim i. */
  private invl(i: number, mean: number): number {
    if (mean <= 0) mean = 0.01;
    const noise = this.state[8 * i + NOISE];
    return noise === 0 ? mean : (1 - noise) * mean + noise * mean * this.negexp(i);
  }

  initializeAt(host: CellHost, i: number, t: number): void {
    const s = this.state;
    const o = 8 * i;
    // Random123Stream.restart.
    this.words[o] = 0;
    this.words[o + 1] = this.ids[3 * i + 2];
    this.words[o + 2] = this.ids[3 * i];
    this.words[o + 3] = this.ids[3 * i + 1];
    s[o + INDEX] = 4;
    s[o + ON] = 0;
    s[o + ISPIKE] = 0;
    s[o + NOISE] = Math.min(1, Math.max(0, s[o + NOISE_PARAM]));
    if (s[o + START] >= 0 && s[o + NUMBER] > 0) {
      s[o + ON] = 1;
      let event = s[o + START] + this.invl(i, s[o + INTERVAL]) - s[o + INTERVAL] * (1 - s[o + NOISE]);
      if (event < 0) event = 0;
      host.sendSelf(t + event, 3);
    }
  }

  receiveAt(host: CellHost, i: number, t: number, flag: number): void {
    const s = this.state;
    const o = 8 * i;
    if (flag === 3) {
      if (s[o + ON] === 1) {
        s[o + ISPIKE] = 0;
        host.sendSelf(t + 0, 1);
      }
    } else if (flag === 1 && s[o + ON] === 1) {
      s[o + ISPIKE] += 1;
      host.fire(t);
      const event = this.invl(i, s[o + INTERVAL]);
      if (s[o + ISPIKE] >= s[o + NUMBER]) s[o + ON] = 0;
      else host.sendSelf(t + event, 1);
    }
  }
}
