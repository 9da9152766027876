import { describe, expect, it } from 'vitest';
import { EventQueue } from './queue.ts';
import { EventSystem, netConsOf } from './system.ts';
import { IntFire1 } from './intfire.ts';

const drain = (q: EventQueue) => {
  const out: Array<[number, number]> = [];
  while (q.pop(Infinity)) out.push([q.t, q.a]);
  return out;
};

describe('EventQueue (NEURON TQueue order)', () => {
  it('pops in time order; equal times first-in first-out once queued behind the least', () => {
    const q = new EventQueue(0);
    for (const [t, id] of [
      [5, 0],
      [7, 1],
      [5, 2],
      [6, 3],
      [5, 4],
    ])
      q.insertEvent(t, id, 0);
    expect(drain(q).map((e) => e[1])).toEqual([0, 2, 4, 3, 1]);
    expect(q.pop(Infinity)).toBe(false);
    expect(q.peekTime()).toBe(Infinity);
  });

  it('an earlier insert pushes the cached least behind equal-time events (EVENTS.md §2.4)', () => {
    for (const delays of [[], [1]]) {
      const q = new EventQueue(0, delays);
      const ring = q.ringOf(1);
      q.insertEvent(5, 0, 0, ring); // becomes the least
      q.insertEvent(5, 1, 0, ring); // queued (ring or heap)
      q.insertEvent(4, 2, 0, ring); // new least; event 0 is queued again, behind event 1
      expect(drain(q).map((e) => e[1])).toEqual([2, 1, 0]);
    }
  });

  it('reproduces NEURON probe e1b: IntFire1 (tau 10, refrac 5) with events inserted in four orders', () => {
    // NEURON 8.2: +0.6 at 4 makes +0.6 at 5 fire unless −5 at 5 is delivered first.
    const run = (events: Array<[number, number]>) => {
      const sys = new EventSystem([new IntFire1({ tau: 10, refrac: 5 })], 0, 0, netConsOf([]));
      sys.initialize();
      for (const [t, w] of events) sys.queue.insertEvent(t, 0, w);
      sys.deliver(100);
      return sys.spikes[0];
    };
    expect(run([[5, 0.6], [5, -5], [4, 0.6]])).toEqual([]);
    expect(run([[5, -5], [5, 0.6], [4, 0.6]])).toEqual([5]);
    expect(run([[4, 0.6], [5, 0.6], [5, -5]])).toEqual([5]);
    expect(run([[4, 0.6], [5, -5], [5, 0.6]])).toEqual([]);
  });

  it('moves pending self-events (net_move), including the least one', () => {
    const q = new EventQueue(3);
    q.insertEvent(1, 10, 0);
    q.insertSelf(10, 1, 1);
    q.insertEvent(3, 12, 0);
    q.moveSelf(1, 2); // from the self heap to between the two events
    expect(drain(q)).toEqual([
      [1, 10],
      [2, 1],
      [3, 12],
    ]);
    const r = new EventQueue(3);
    r.insertSelf(1, 0, 1); // the least
    r.insertEvent(2, 11, 0);
    r.moveSelf(0, 5); // now the event at 2 is strictly earlier: it becomes the least
    r.insertSelf(4, 2, 1);
    expect(drain(r)).toEqual([
      [2, 11],
      [4, 2],
      [5, 0],
    ]);
  });

  it('keeps several self-events of one receiver; only the last flag-1 one is movable (NEURON sets _tqitem for flag 1 only)', () => {
    const q = new EventQueue(2);
    q.insertSelf(5, 0, 1, 7); // flag 1: movable
    q.insertSelf(3, 0, 2, 8); // flag 2: an ordinary event, the least now
    q.insertSelf(9, 0, 1, 9); // a second flag-1 event: the one at 5 stays queued, no longer movable
    expect(q.hasMovable(0)).toBe(true);
    expect(q.hasMovable(1)).toBe(false);
    q.moveSelf(0, 4); // moves the event at 9, not the one at 5
    const out: Array<[number, number, number]> = [];
    while (q.pop(Infinity)) out.push([q.t, q.b, q.w]);
    expect(out).toEqual([
      [3, 2, 8],
      [4, 1, 9],
      [5, 1, 7],
    ]);
    expect(q.hasMovable(0)).toBe(false); // delivered: nothing left to move
    // The movable least loses its movability when another flag-1 event is sent, and keeps its place.
    const r = new EventQueue(1);
    r.insertSelf(2, 0, 1, 1); // the least
    r.insertEvent(2, 5, 0.5);
    r.insertSelf(8, 0, 1, 2);
    r.moveSelf(0, 1);
    const order: number[] = [];
    while (r.pop(Infinity)) order.push(r.t);
    expect(order).toEqual([1, 2, 2]);
  });

  it('keeps (time, order) through rings, heap and self-heap on 100,000 mixed events', () => {
    const q = new EventQueue(1000, [5]);
    let x = 0.123;
    let last = 0;
    const rand = () => (x = (x * 9301 + 49297) % 233280) / 233280;
    let n = 0;
    for (let k = 0; k < 100000; k++) {
      const kind = k % 3;
      if (kind === 0) q.insertEvent(last + 5, k, 0, q.ringOf(5)); // ring: nondecreasing
      else if (kind === 1) q.insertEvent(last + Math.floor(rand() * 20), k, 0); // heap
      else q.insertSelf(last + rand() * 30, k % 1000, 1), q.moveSelf(k % 1000, last + rand() * 30);
      if (k % 4 === 3 && q.pop(Infinity)) {
        expect(q.t).toBeGreaterThanOrEqual(last);
        last = q.t;
        n++;
      }
    }
    while (q.pop(Infinity)) {
      expect(q.t).toBeGreaterThanOrEqual(last);
      last = q.t;
      n++;
    }
    expect(n).toBe(q.size + n);
  });
});
