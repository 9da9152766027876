import { describe, expect, it } from 'vitest';
import { EditPacer, type FrameClock, type ParamEdit } from './edit-pacer.ts';

/** A frame clock driven by the test: `frame()` runs what was requested. */
function fakeFrames(): FrameClock & { frame(): void; requested: number } {
  let queue: Array<[number, () => void]> = [];
  let next = 1;
  return {
    requested: 0,
    request(cb) {
      this.requested++;
      queue.push([next, cb]);
      return next++;
    },
    cancel(h) {
      queue = queue.filter(([k]) => k !== h);
    },
    frame() {
      const run = queue;
      queue = [];
      for (const [, cb] of run) cb();
    },
  };
}

describe('EditPacer', () => {
  it('sends a lone edit at once', () => {
    const sent: ParamEdit[] = [];
    const pacer = new EditPacer((e) => sent.push(e), fakeFrames());
    pacer.push('props', 'Ra', 100);
    expect(sent).toEqual([{ id: 'props', name: 'Ra', value: 100, gesture: false }]);
  });

  it('a 60 moves/s drag over 10 frames sends at most one edit per frame, each the latest, the last one too', () => {
    const sent: Array<ParamEdit & { frame: number }> = [];
    const clock = fakeFrames();
    let frame = 0;
    const pacer = new EditPacer((e) => sent.push({ ...e, frame }), clock);
    // 4 moves per frame (a slow main thread sees several pointer moves between frames).
    let v = 200;
    for (let f = 0; f < 10; f++) {
      frame = f;
      for (let k = 0; k < 4; k++) pacer.push('props', 'Ra', v++, true);
      // The frame callbacks run at the start of the next frame.
      frame = f + 1;
      clock.frame();
    }
    frame = 11;
    clock.frame();
    const perFrame = new Map<number, number>();
    for (const e of sent) perFrame.set(e.frame, (perFrame.get(e.frame) ?? 0) + 1);
    expect(Math.max(...perFrame.values())).toBe(1);
    expect(sent.length).toBe(11);
    // The first move at once, then at each frame the newest value of the previous one.
    expect(sent.map((e) => e.value)).toEqual([200, 203, 207, 211, 215, 219, 223, 227, 231, 235, 239]);
    expect(sent.every((e) => e.gesture)).toBe(true);
    expect(pacer.pending).toBe(0);
  });

  it('flush sends what waits now (slider released) and the next edit goes at once', () => {
    const sent: ParamEdit[] = [];
    const clock = fakeFrames();
    const pacer = new EditPacer((e) => sent.push(e), clock);
    pacer.push('props', 'Ra', 1, true);
    pacer.push('props', 'Ra', 2, true);
    pacer.push('props', 'Ra', 3, true);
    expect(sent.map((e) => e.value)).toEqual([1]);
    // The field shows the value waiting, not the store's older one.
    expect(pacer.held('props', 'Ra')).toBe(3);
    expect(pacer.held('props', 'cm')).toBeUndefined();
    pacer.flush();
    expect(sent.map((e) => e.value)).toEqual([1, 3]);
    expect(pacer.held('props', 'Ra')).toBeUndefined();
    pacer.push('props', 'cm', 0.5);
    expect(sent.map((e) => e.value)).toEqual([1, 3, 0.5]);
    // The flushed frame never fires a stale send.
    clock.frame();
    clock.frame();
    expect(sent.length).toBe(3);
  });

  it('during a drag, the next value waits while the graph still computes the last one; typing does not wait; release sends at once', () => {
    const sent: ParamEdit[] = [];
    const clock = fakeFrames();
    let computing = false;
    const pacer = new EditPacer((e) => (sent.push(e), (computing = true)), clock, () => computing);
    pacer.push('props', 'Ra', 100, true);
    expect(sent.map((e) => e.value)).toEqual([100]);
    // Moves over 5 frames while the run of 100 goes on: nothing more is sent, the newest waits.
    for (let f = 0; f < 5; f++) {
      pacer.push('props', 'Ra', 101 + f, true);
      clock.frame();
    }
    expect(sent.map((e) => e.value)).toEqual([100]);
    expect(pacer.held('props', 'Ra')).toBe(105);
    // The run finished: the newest value goes at the next frame, and starts a run.
    computing = false;
    clock.frame();
    expect(sent.map((e) => e.value)).toEqual([100, 105]);
    // A frame with nothing waiting, then a move while 105 computes: it waits too (no frame is pending, still it is held).
    clock.frame();
    pacer.push('props', 'Ra', 106, true);
    expect(sent.map((e) => e.value)).toEqual([100, 105]);
    computing = false;
    clock.frame();
    expect(sent.map((e) => e.value)).toEqual([100, 105, 106]);
    // A typed edit (not a gesture) is not held back by a run.
    pacer.push('props', 'cm', 2);
    clock.frame();
    expect(sent.map((e) => e.value)).toEqual([100, 105, 106, 2]);
    // Letting go sends the last value at once, running or not.
    pacer.push('props', 'Ra', 120, true);
    pacer.flush();
    expect(sent.map((e) => e.value)).toEqual([100, 105, 106, 2, 120]);
  });

  it('keeps edits of different fields, in the order of their newest edits', () => {
    const sent: ParamEdit[] = [];
    const clock = fakeFrames();
    const pacer = new EditPacer((e) => sent.push(e), clock);
    pacer.push('a', 'x', 1);
    pacer.push('a', 'x', 2);
    pacer.push('b', 'y', 'text');
    pacer.push('a', 'x', 3);
    clock.frame();
    expect(sent.map((e) => `${e.id}.${e.name}=${String(e.value)}`)).toEqual(['a.x=1', 'b.y=text', 'a.x=3']);
  });
});
