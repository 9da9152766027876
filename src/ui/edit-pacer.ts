/**
 * At most one parameter edit per animation frame. A slider fires an input event per pointer
 * move (and typing one per key), and every edit re-runs what depends on it: the first edit of a
 * frame goes out at once (a single change is never delayed), later ones wait for the next frame
 * and the newest value of a field replaces an older one still waiting. So a 60 moves/s drag
 * sends at most one edit per frame, always the latest, and the last value is never lost.
 *
 * During a drag the edits after the first also wait while the graph is still computing the
 * previous one (`holdGesturesWhile`): a newer value would cancel a run that is about to finish,
 * and on a model whose run takes longer than the frames between moves no run would ever finish
 * while the slider moves. So each run completes (its plot drawn in full) and the next starts
 * from the newest value; letting go of the slider sends the last value at once.
 */
import type { JsonValue } from '../dataflow/graph.ts';

export interface ParamEdit {
  id: string;
  name: string;
  value: JsonValue;
  /** Part of a slider drag (one undo step for the whole drag). */
  gesture: boolean;
}

/** The frame clock: requestAnimationFrame in the page, a fake in tests. */
export interface FrameClock {
  request(cb: () => void): number;
  cancel(handle: number): void;
}

const animationFrames: FrameClock = {
  request: (cb) => requestAnimationFrame(cb),
  cancel: (h) => cancelAnimationFrame(h),
};

export class EditPacer {
  /** Waiting edits by field, in the order their fields were first edited. */
  private readonly waiting = new Map<string, ParamEdit>();
  /** The frame after an edit went out (0: none; the next edit may go at once). */
  private frame = 0;

  constructor(
    private readonly send: (edit: ParamEdit) => unknown,
    private readonly clock: FrameClock = animationFrames,
    private readonly holdGesturesWhile: () => boolean = () => false,
  ) {}

  push(id: string, name: string, value: JsonValue, gesture = false): void {
    const edit = { id, name, value, gesture };
    if (this.frame === 0 && !(gesture && this.holdGesturesWhile())) {
      this.send(edit);
      this.frame = this.clock.request(this.tick);
      return;
    }
    const key = `${id}\u0000${name}`;
    // Re-inserted: a field keeps the place of its newest edit, so edits of different fields stay in order.
    this.waiting.delete(key);
    this.waiting.set(key, edit);
    // Held by a computation: look again at the next frame.
    if (this.frame === 0) this.frame = this.clock.request(this.tick);
  }

  /** Send what waits now (the slider was let go, the inspector goes away). */
  flush(): void {
    if (this.frame !== 0) this.clock.cancel(this.frame);
    this.frame = 0;
    this.sendWaiting();
  }

  /** The value waiting to be sent for a field, or undefined: fields show it rather than the store's older one. */
  held(id: string, name: string): JsonValue | undefined {
    return this.waiting.get(`${id}\u0000${name}`)?.value;
  }

  /** Edits not sent yet (for tests). */
  get pending(): number {
    return this.waiting.size;
  }

  private readonly tick = (): void => {
    this.frame = 0;
    if (!this.waiting.size) return;
    if ([...this.waiting.values()].every((e) => e.gesture) && this.holdGesturesWhile()) {
      // A drag while the last value still computes: look again next frame.
      this.frame = this.clock.request(this.tick);
      return;
    }
    this.sendWaiting();
    // This frame has its edit now: the next one waits for the frame after.
    this.frame = this.clock.request(this.tick);
  };

  private sendWaiting(): void {
    const edits = [...this.waiting.values()];
    this.waiting.clear();
    for (const e of edits) this.send(e);
  }
}
