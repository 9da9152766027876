import { describe, expect, it } from 'vitest';
import { EventQueue } from './queue.ts';
import { EventSystem } from './system.ts';
import { IntFire1 } from './intfire.ts';

describe('EventQueue (NEURON TQueue order)', () => {
  it('pops in time order; equal times first-in first-out once they are in the tree', () => {
    const q = new EventQueue();
    const input: Array<[number, number]> = [
      [5, 0],
      [7, 1],
      [5, 2],
      [6, 3],
      [5, 4],
    ];
    for (const [t, id] of input) q.insert(t, id, 0, -1, id / 2);
    const out: number[] = [];
    while (q.pop(Infinity)) out.push(q.a);
    expect(out).toEqual([0, 2, 4, 3, 1]);
    expect(q.pop(Infinity)).toBe(false);
    expect(q.peekTime()).toBe(Infinity);
  });

  it('an earlier insert pushes the cached least behind equal-time events (EVENTS.md §2.4)', () => {
    const q = new EventQueue();
    q.insert(5, 0, 0, -1, 0); // becomes the least
    q.insert(5, 1, 0, -1, 0); // tree
    q.insert(4, 2, 0, -1, 0); // new least; event 0 goes into the tree behind event 1
    const out: number[] = [];
    while (q.pop(Infinity)) out.push(q.a);
    expect(out).toEqual([2, 1, 0]);
  });

  it('reproduces NEURON probe e1b: IntFire1 (tau 10, refrac 5) with events inserted in four orders', () => {
    // NEURON 8.2: +0.6 at 4 makes +0.6 at 5 fire unless −5 at 5 is delivered first.
    const run = (events: Array<[number, number]>) => {
      const sys = new EventSystem([new IntFire1({ tau: 10, refrac: 5 })], 0, 0, []);
      sys.initialize();
      for (const [t, w] of events) sys.queue.insert(t, 0, 0, -1, w);
      sys.deliver(100);
      return sys.spikes[0];
    };
    expect(run([[5, 0.6], [5, -5], [4, 0.6]])).toEqual([]);
    expect(run([[5, -5], [5, 0.6], [4, 0.6]])).toEqual([5]);
    expect(run([[4, 0.6], [5, 0.6], [5, -5]])).toEqual([5]);
    expect(run([[4, 0.6], [5, -5], [5, 0.6]])).toEqual([]);
  });

  it('moves a pending event (net_move) and skips its stale copy', () => {
    const version = new Int32Array(3);
    const q = new EventQueue((a, c) => c < 0 || c === version[a]);
    q.insert(1, 0, 0, -1, 0);
    q.insert(10, 1, 1, 0, 0); // receiver 1's self-event, version 0
    q.insert(3, 2, 0, -1, 0);
    version[1] = 1;
    q.move(1, 1, 0, 1, 2); // to t = 2
    const out: Array<[number, number]> = [];
    while (q.pop(Infinity)) out.push([q.t, q.a]);
    expect(out).toEqual([
      [1, 0],
      [2, 1],
      [3, 2],
    ]);
  });

  it('grows past its initial capacity and keeps order on 100,000 events', () => {
    const q = new EventQueue(undefined, 4);
    const ts: number[] = [];
    let x = 0.123;
    for (let k = 0; k < 100000; k++) {
      x = (x * 9301 + 49297) % 233280;
      const t = Math.floor(x / 1000);
      ts.push(t);
      q.insert(t, k, 0, -1, 0);
    }
    let prev = -1;
    let n = 0;
    while (q.pop(Infinity)) {
      expect(q.t).toBeGreaterThanOrEqual(prev);
      prev = q.t;
      n++;
    }
    expect(n).toBe(100000);
  });
});
