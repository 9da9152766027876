/**
 * Skeletons across the worker boundary keep their identity: the instance sent again is the
 * instance rebuilt the first time (so what was derived from it by identity is found again),
 * and its buffers are never moved out from under the side that keeps it.
 */
import { describe, expect, it } from 'vitest';
import { emptyColumns, Skeleton } from '../core/morphology/skeleton.ts';
import { decodeValue, encodeValue, transferables } from './transfer.ts';

function skeleton(n: number, r = 1): Skeleton {
  const c = emptyColumns(n);
  for (let i = 0; i < n; i++) {
    c.id[i] = i + 1;
    c.parent[i] = i;
    c.x[i] = i;
    c.radius[i] = r;
  }
  c.parent[0] = -1;
  return new Skeleton(c, { units: 'µm' });
}

/** As a message does: a structured clone of the encoded value, then decoded. */
const travel = (v: unknown) => decodeValue(structuredClone(encodeValue(v)));

describe('skeletons across the worker boundary', () => {
  it('the same instance sent twice arrives as one instance with the same columns; another instance as another', () => {
    const a = skeleton(5);
    const b = skeleton(5, 2);
    const a1 = travel({ neuron: { skeleton: a } }) as { neuron: { skeleton: Skeleton } };
    const a2 = travel({ neuron: { skeleton: a } }) as { neuron: { skeleton: Skeleton } };
    const b1 = travel({ skeleton: b }) as { skeleton: Skeleton };
    expect(a1.neuron.skeleton).toBeInstanceOf(Skeleton);
    expect(a2.neuron.skeleton).toBe(a1.neuron.skeleton);
    expect(Array.from(a1.neuron.skeleton.x)).toEqual([0, 1, 2, 3, 4]);
    expect(b1.skeleton).not.toBe(a1.neuron.skeleton);
    expect(Array.from(b1.skeleton.radius)).toEqual([2, 2, 2, 2, 2]);
  });

  it('keeps the last few: an old one is rebuilt again (equal columns, a new instance)', () => {
    const first = skeleton(3);
    const kept = travel(first);
    for (let k = 0; k < 6; k++) travel(skeleton(3, k + 2));
    const again = travel(first) as Skeleton;
    expect(again).not.toBe(kept);
    expect(Array.from(again.radius)).toEqual([1, 1, 1]);
  });

  it('a kept skeleton sent back is copied, not moved (its buffers are not transferables)', () => {
    const here = travel(skeleton(4)) as Skeleton;
    const enc = encodeValue({ skeleton: here, v: new Float64Array(3) });
    const moved = transferables(enc);
    expect(moved).toHaveLength(1);
    expect(moved[0].byteLength).toBe(24);
    // One made here is moved as before.
    expect(transferables(encodeValue({ skeleton: skeleton(4) })).length).toBeGreaterThan(0);
  });

  it('a trace labelled like the marker stays a trace', () => {
    const v = travel({ __skeleton: new Float64Array([1, 2]) }) as Record<string, Float64Array>;
    expect(Array.from(v.__skeleton)).toEqual([1, 2]);
  });
});

describe('lists of Float64Arrays across the worker boundary', () => {
  const packedTravel = (v: unknown) => decodeValue(structuredClone(encodeValue(v, { pack: true })));

  it('travel packed in one buffer (one transferable) and arrive as views with the same values, empty trains included', () => {
    const trains = [new Float64Array([1.5, 2.25]), new Float64Array(0), new Float64Array([7]), new Float64Array(0)];
    const enc = encodeValue({ spikes: { spikes: trains, names: ['a', 'b', 'c', 'd'] } }, { pack: true });
    const moved = transferables(enc);
    // The values (3 × 8 bytes) and the offsets (5 × 8 bytes), not one buffer per train.
    expect(moved.map((b) => b.byteLength).sort((x, y) => x - y)).toEqual([24, 40]);
    const back = decodeValue(structuredClone(enc)) as { spikes: { spikes: Float64Array[]; names: string[] } };
    expect(back.spikes.spikes.map((s) => Array.from(s))).toEqual([[1.5, 2.25], [], [7], []]);
    expect(back.spikes.spikes.every((s) => s instanceof Float64Array && s.buffer === back.spikes.spikes[0].buffer)).toBe(true);
    expect(back.spikes.names).toEqual(['a', 'b', 'c', 'd']);
  });

  it('only when asked (growing partial values keep one array per trace), and mixed or empty lists stay lists', () => {
    const trains = [new Float64Array([1]), new Float64Array([2])];
    expect(transferables(encodeValue({ trains }))).toHaveLength(2);
    const mixed = packedTravel([new Float64Array([1]), new Int32Array([2])]) as ArrayLike<number>[];
    expect(mixed[1]).toBeInstanceOf(Int32Array);
    expect(packedTravel({ e: [] })).toEqual({ e: [] });
  });

  it('a key named like the marker is data; a malformed pack is refused', () => {
    const v = packedTravel({ __f64s: [1, 2] }) as Record<string, number[]>;
    expect(v.__f64s).toEqual([1, 2]);
    expect(() => decodeValue({ __f64s: { data: new Float64Array(2), offsets: new Float64Array([0, 3]) } })).toThrow(/malformed/);
    expect(() => decodeValue({ __f64s: { data: new Float64Array(2), offsets: new Float64Array([0, 2, 1, 2]) } })).toThrow(/malformed/);
  });
});

describe('buffers of kept skeletons', () => {
  it('are never moved, even in a new skeleton that shares a kept one’s columns', () => {
    const here = decodeValue(structuredClone(encodeValue(skeleton(4)))) as Skeleton;
    // A block's result: a new skeleton with new radii, every other column the kept one's.
    const derived = here.with({ radius: Float64Array.from([5, 5, 5, 5]) });
    const moved = transferables(encodeValue({ neuron: { skeleton: derived } }));
    expect(moved).toEqual([derived.radius.buffer]);
    expect(moved).not.toContain(here.x.buffer);
  });
});
