/**
 * The fast event engine (fan-out ring entries, position-keyed self heap, cell blocks) against a
 * plain reference written from NEURON's TQueue semantics (EVENTS.md §2.4): a cached least event
 * plus one list sorted by (time, insertion number), one event per NetCon, cells as objects.
 * Random operation sequences and random networks (seeded), with times on a coarse grid so that
 * ties are everywhere: the order of every event and every spike time must be identical.
 */
import { describe, expect, it } from 'vitest';
import { createRng, type Rng } from '../random.ts';
import { IntFire1Block, IntFire4Block } from './cell-blocks.ts';
import { IntFire1, IntFire2, IntFire4, intFire4Factors, INTFIRE4_DEFAULTS, type CellHost } from './intfire.ts';
import { NetStim, type NetStimParams } from './netstim.ts';
import { NetStimBlock } from './netstim-block.ts';
import { EventQueue } from './queue.ts';
import { Random123Stream } from './random.ts';
import { EventSystem, netConsOf, type ArtificialCell } from './system.ts';

interface Ev {
  t: number;
  s: number;
  a: number;
  b: number;
  w: number;
}

/** NEURON's TQueue, as simply as it can be written. */
class RefQueue {
  private list: Ev[] = [];
  private least: Ev | null = null;
  private counter = 0;
  /** Each receiver's movable (last flag-1) self-event. */
  private movable = new Map<number, Ev>();

  insert(t: number, a: number, b: number, w: number, movable = false): void {
    if (movable) this.movable.delete(a);
    const ev = { t, s: this.counter++, a, b, w };
    if (movable) this.movable.set(a, ev);
    this.place(ev);
  }

  /** An event with its sequence number taken: it becomes the least if strictly earlier, else queues. */
  private place(ev: Ev): void {
    if (!this.least) this.least = ev;
    else if (ev.t < this.least.t) {
      this.least.s = this.counter++;
      this.enqueue(this.least);
      this.least = ev;
    } else this.enqueue(ev);
  }

  private enqueue(ev: Ev): void {
    let i = this.list.length;
    while (i > 0 && (this.list[i - 1].t > ev.t || (this.list[i - 1].t === ev.t && this.list[i - 1].s > ev.s))) i--;
    this.list.splice(i, 0, ev);
  }

  hasMovable(a: number): boolean {
    return this.movable.has(a);
  }

  unmovable(a: number): void {
    this.movable.delete(a);
  }

  move(a: number, tnew: number): void {
    const ev = this.movable.get(a)!;
    if (ev === this.least) {
      ev.t = tnew;
      if (this.list.length && this.list[0].t < tnew) {
        this.least = this.list.shift()!;
        ev.s = this.counter++;
        this.enqueue(ev);
      }
      return;
    }
    this.list.splice(this.list.indexOf(ev), 1);
    ev.t = tnew;
    ev.s = this.counter++;
    this.place(ev);
  }

  pop(til: number): Ev | null {
    const ev = this.least;
    if (!ev || ev.t > til) return null;
    this.least = this.list.shift() ?? null;
    return ev;
  }
}

/** A random sequence of inserts (single, fan-out, self), moves and pops on both queues: the same events in the same order. */
function queueAgainstReference(seed: number, ops: number): number {
  const rng = createRng(seed);
  const R = 20;
  const delays = [0.5, 1, 2];
  const slots = 200;
  const target = Int32Array.from({ length: slots }, () => rng.int(0, R - 1));
  const payload = Float64Array.from({ length: slots }, (_, k) => k + 0.25);
  const q = new EventQueue(R, delays);
  q.setFanout(target, payload);
  const ref = new RefQueue();
  const grid = () => Math.floor(rng.uniform() * 8) * 0.5; // ties everywhere
  let now = 0;
  let popped = 0;
  for (let op = 0; op < ops; op++) {
    const u = rng.uniform();
    if (u < 0.3) {
      // A spike's fan-out: mostly at now + delay (in order), sometimes anywhere (the heap fallback).
      const d = rng.int(0, delays.length - 1);
      const te = rng.uniform() < 0.85 ? now + delays[d] : now + grid();
      const k0 = rng.int(0, slots - 1);
      const k1 = Math.min(slots, k0 + rng.int(0, 12));
      q.insertFanout(te, q.ringOf(delays[d]), k0, k1);
      for (let k = k0; k < k1; k++) ref.insert(te, target[k], 0, payload[k]);
    } else if (u < 0.45) {
      const te = now + grid();
      const a = rng.int(0, R - 1);
      const w = rng.uniform();
      const d = rng.int(0, delays.length - 1);
      q.insertEvent(te, a, w, rng.uniform() < 0.5 ? q.ringOf(delays[d]) : -1);
      ref.insert(te, a, 0, w);
    } else if (u < 0.6) {
      const te = now + grid();
      const a = rng.int(0, R - 1);
      const flag = rng.uniform() < 0.7 ? 1 : 2;
      q.insertSelf(te, a, flag, op);
      ref.insert(te, a, flag, op, flag === 1);
    } else if (u < 0.8) {
      const a = rng.int(0, R - 1);
      expect(q.hasMovable(a)).toBe(ref.hasMovable(a));
      if (ref.hasMovable(a)) {
        const te = now + grid();
        q.moveSelf(a, te);
        ref.move(a, te);
      }
    } else {
      const til = now + grid();
      for (;;) {
        const e = ref.pop(til);
        const got = q.pop(til);
        expect(got).toBe(e !== null);
        if (!e) break;
        expect([q.t, q.a, q.b, q.w]).toEqual([e.t, e.a, e.b, e.w]);
        // As the event system does on delivery: a delivered flag-1 event leaves nothing to move.
        if (e.b === 1) {
          q.unmovable(e.a);
          ref.unmovable(e.a);
        }
        now = e.t;
        popped++;
      }
    }
  }
  for (let e = ref.pop(Infinity); e; e = ref.pop(Infinity)) {
    expect(q.pop(Infinity)).toBe(true);
    expect([q.t, q.a, q.b, q.w]).toEqual([e.t, e.a, e.b, e.w]);
    popped++;
  }
  expect(q.pop(Infinity)).toBe(false);
  return popped;
}

interface RandomNet {
  cells: () => ArtificialCell[];
  stims: () => NetStim[];
  stimBlock: () => NetStimBlock;
  netcons: Array<{ source: number; target: number; weight: number; delay: number }>;
  model: 'IntFire1' | 'IntFire2' | 'IntFire4';
  n: number;
}

/**
 * n cells of one model, n/2 NetStims (half regular on a shared 2 ms grid: simultaneous
 * spikes from different sources; half Poisson), NetCons in random order from cells and
 * NetStims with delays from `delays` (equal and mixed within a source), some to no target.
 */
function randomNet(rng: Rng, model: RandomNet['model'], n: number, delays: number[]): RandomNet {
  const f4 = intFire4Factors(INTFIRE4_DEFAULTS);
  const S = n >> 1;
  const stimParams: NetStimParams[] = Array.from({ length: S }, (_, k) =>
    k % 2 ? { interval: 2, number: 1e9, start: 1, noise: 0 } : { interval: 5, number: 1e9, start: 0, noise: 1 },
  );
  const netcons: RandomNet['netcons'] = [];
  // IntFire2 has no refractory period: weaker weights keep it from running away.
  const wmax = model === 'IntFire1' ? 0.5 : model === 'IntFire2' ? 0.08 : 0.3;
  for (let k = 0; k < 8 * n; k++) {
    const fromStim = rng.uniform() < 0.25;
    netcons.push({
      source: fromStim ? n + rng.int(0, S - 1) : rng.int(0, n - 1),
      target: rng.uniform() < 0.03 ? -1 : rng.int(0, n - 1),
      weight: fromStim ? 0.6 : rng.uniform() < 0.2 ? -2 * wmax * rng.uniform() : wmax * rng.uniform(),
      delay: delays[rng.int(0, delays.length - 1)],
    });
  }
  return {
    n,
    model,
    netcons,
    cells: () =>
      Array.from({ length: n }, () =>
        model === 'IntFire1' ? new IntFire1({ tau: 10, refrac: 2 }) : model === 'IntFire2' ? new IntFire2({ taus: 20, taum: 10, ib: 0 }) : new IntFire4(f4),
      ),
    stims: () => stimParams.map((p, k) => new NetStim(p, new Random123Stream(7, k, 0))),
    stimBlock: () => new NetStimBlock(stimParams, stimParams.map((_, k) => [7, k, 0])),
  };
}

/** Spikes of every source: the reference (objects, one event per NetCon, RefQueue) and the engine (blocks where there are some, NetStims as a block, fan-outs). */
function runBoth(net: RandomNet, tstop: number): { ref: number[][]; fast: number[][]; events: number } {
  const cells: ArtificialCell[] = [...net.cells(), ...net.stims()];
  const q = new RefQueue();
  const ref: number[][] = cells.map(() => []);
  let current = -1;
  const out = cells.map((_, r) => net.netcons.filter((nc) => nc.source === r && nc.target >= 0));
  const host: CellHost = {
    fire: (t) => {
      ref[current].push(t);
      for (const nc of out[current]) q.insert(t + nc.delay, nc.target, 0, nc.weight);
    },
    sendSelf: (t, flag) => q.insert(t, current, flag, 0, flag === 1),
    moveSelf: (t) => q.move(current, t),
  };
  cells.forEach((c, r) => {
    current = r;
    c.initialize(host, 0);
  });
  for (let e = q.pop(tstop); e; e = q.pop(tstop)) {
    if (e.b === 1) q.unmovable(e.a);
    current = e.a;
    cells[e.a].receive(host, e.t, e.b, e.w);
  }
  const f4 = intFire4Factors(INTFIRE4_DEFAULTS);
  const block = net.model === 'IntFire1' ? [new IntFire1Block({ tau: 10, refrac: 2 }, net.n)] : net.model === 'IntFire4' ? [new IntFire4Block(f4, net.n)] : net.cells();
  const sys = new EventSystem([...block, net.stimBlock()], 0, 0, netConsOf(net.netcons));
  sys.initialize();
  sys.deliver(tstop);
  return { ref, fast: sys.spikes, events: sys.delivered };
}

describe('fast event engine vs a plain NEURON TQueue', () => {
  it('random inserts, fan-outs (in order and out of order), self-events, moves and pops: identical order', () => {
    let popped = 0;
    for (let seed = 1; seed <= 12; seed++) popped += queueAgainstReference(seed, 3000);
    // Enough events went through for the comparison to mean something.
    expect(popped).toBeGreaterThan(12000);
  });

  it('a fan-out entry earlier than the least takes its place and pushes it behind equal times', () => {
    const q = new EventQueue(0, [1]);
    q.setFanout(Int32Array.of(10, 11, 12), Float64Array.of(0.1, 0.2, 0.3));
    q.insertEvent(5, 0, 0); // the least
    q.insertEvent(5, 1, 0); // queued behind it
    q.insertFanout(4, q.ringOf(1), 0, 3); // all at 4: the first becomes the least, event 0 is queued again behind event 1
    q.insertFanout(4, q.ringOf(1), 1, 2); // at 4 again: behind the first fan-out's events
    const out: Array<[number, number, number]> = [];
    while (q.pop(Infinity)) out.push([q.t, q.a, q.w]);
    expect(out).toEqual([
      [4, 10, 0.1],
      [4, 11, 0.2],
      [4, 12, 0.3],
      [4, 11, 0.2],
      [5, 1, 0],
      [5, 0, 0],
    ]);
  });

  for (const model of ['IntFire1', 'IntFire2', 'IntFire4'] as const) {
    for (const [what, delays] of [
      ['one delay', [1]],
      ['mixed delays', [0, 0.5, 1, 1, 2, 3]],
      ['more delays than rings', [0.25, 0.5, 0.75, 1, 1.25, 1.5, 1.75, 2, 2.25, 2.5, 3]],
    ] as const) {
      it(`${model}, ${what}: random networks give the same spikes at the same times`, () => {
        const rng = createRng(model.length * 100 + delays.length);
        let spikes = 0;
        let events = 0;
        for (let rep = 0; rep < 3; rep++) {
          const { ref, fast, events: ev } = runBoth(randomNet(rng, model, 60, [...delays]), 200);
          expect(fast).toEqual(ref);
          for (const s of ref.slice(0, 60)) spikes += s.length;
          events += ev;
        }
        // The networks are active: the neurons (not counting stimuli) fire thousands of times.
        expect(spikes).toBeGreaterThan(2000);
        expect(events).toBeGreaterThan(20000);
      });
    }
  }
});
