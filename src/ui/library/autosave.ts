/**
 * Autosave: the open graph goes to the library within a second of every edit.
 *
 * Edits are saved 300 ms after the last one, and at most 800 ms after the first unsaved one
 * (a slider drag that never pauses is still saved), and at once when the page is hidden or
 * closed (`visibilitychange`, `pagehide`). Saves run one after another, in order.
 *
 * The graph being edited has a library id. A graph opened from the library brings its own
 * ({@link Autosave.expect} before `store.open`); any other graph (an example, a file) has none
 * until its first edit, which saves it as a new entry ({@link Autosave.adopt} does that at once,
 * for imports). An edit made just before another graph opens is saved under the id it belongs to.
 */
import type { Subscription } from 'rxjs';
import type { Graph } from '../../dataflow/graph.ts';
import type { GraphStore } from '../../dataflow/store.ts';

export interface SaveRequest {
  id: string;
  graph: Graph;
  /** True the first time this id is saved (a new library entry). */
  isNew: boolean;
}

export interface AutosaveOptions {
  /** Write one graph; report its own errors (a rejection is reported through `onError`). */
  save(req: SaveRequest): Promise<void>;
  /** A fresh library id. */
  newId(): string;
  /** The id of the edited graph changed (new entry, another graph opened). */
  onTrack?(id: string | null): void;
  onError?(e: unknown): void;
  /** Quiet time after the last edit before saving (ms). */
  delayMs?: number;
  /** Longest wait after the first unsaved edit (ms). */
  maxWaitMs?: number;
}

export class Autosave {
  /** The library id of the open graph, or null when it is not in the library (yet). */
  id: string | null = null;
  private isNew = false;
  private expected: string | null = null;
  private pendingSince = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private chain: Promise<void> = Promise.resolve();
  private sub: Subscription | null = null;
  private readonly delay: number;
  private readonly maxWait: number;

  constructor(
    private readonly store: GraphStore,
    private readonly opts: AutosaveOptions,
  ) {
    this.delay = opts.delayMs ?? 300;
    this.maxWait = opts.maxWaitMs ?? 800;
  }

  start(): void {
    this.sub = this.store.changes$.subscribe((c) => {
      if (c.kind === 'open') {
        // Unsaved edits of the graph being replaced go to its own entry first.
        if (this.pendingSince && c.previous) this.enqueue(c.previous);
        this.clear();
        this.track(this.expected, false);
        this.expected = null;
        return;
      }
      this.schedule();
    });
    if (typeof document !== 'undefined') document.addEventListener('visibilitychange', this.onHide);
    if (typeof window !== 'undefined') window.addEventListener('pagehide', this.onHide);
  }

  dispose(): void {
    this.sub?.unsubscribe();
    this.clear();
    if (typeof document !== 'undefined') document.removeEventListener('visibilitychange', this.onHide);
    if (typeof window !== 'undefined') window.removeEventListener('pagehide', this.onHide);
  }

  /** The next `store.open` opens the library graph with this id (null: it did not open after all). */
  expect(id: string | null): void {
    this.expected = id;
  }

  /** Make the open graph a new library entry and save it now. */
  adopt(): Promise<void> {
    this.track(this.opts.newId(), true);
    this.pendingSince = this.pendingSince || Date.now();
    return this.flush();
  }

  /** Forget the open graph's entry (it was deleted): its next edit saves it as a new one. */
  detach(): void {
    this.track(null, false);
  }

  /** Drop the waiting edits without saving them (the user chose another tab's version). */
  discard(): void {
    this.clear();
  }

  /**
   * Go on saving the open graph under another library id (already written: "keep both" saved
   * it as a copy); edits waiting now go there.
   */
  retarget(id: string): void {
    this.track(id, false);
  }

  /** Save now what is waiting; resolves when every save so far has finished. */
  flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.pendingSince) {
      this.pendingSince = 0;
      this.enqueue(this.store.graph);
    }
    return this.chain;
  }

  /** True while an edit is waiting to be saved. */
  get pending(): boolean {
    return this.pendingSince !== 0;
  }

  // -------------------------------------------------------------------------------------------

  private onHide = (e: Event): void => {
    if (e.type === 'pagehide' || document.visibilityState === 'hidden') void this.flush();
  };

  private track(id: string | null, isNew: boolean): void {
    const changed = id !== this.id;
    this.id = id;
    this.isNew = isNew;
    if (changed) this.opts.onTrack?.(id);
  }

  private schedule(): void {
    const now = Date.now();
    if (!this.pendingSince) this.pendingSince = now;
    clearTimeout(this.timer);
    const wait = Math.max(0, Math.min(this.delay, this.pendingSince + this.maxWait - now));
    this.timer = setTimeout(() => void this.flush(), wait);
  }

  private clear(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.pendingSince = 0;
  }

  private enqueue(graph: Graph): void {
    if (this.id === null) this.track(this.opts.newId(), true);
    const req: SaveRequest = { id: this.id!, graph, isNew: this.isNew };
    this.isNew = false;
    this.chain = this.chain.then(() => this.opts.save(req)).catch((e: unknown) => this.opts.onError?.(e));
  }
}
