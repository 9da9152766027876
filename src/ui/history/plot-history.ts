/**
 * The run history of one plot of one graph: the last N complete runs (pinned ones are never
 * evicted), their labels and show/pin flags, and the plot's settings, kept in the library's
 * IndexedDB through a {@link HistoryBackend}.
 *
 * Off the critical path: {@link PlotHistory.offer} only queues the figure (a reference, no
 * copying); the queued runs are reduced (reduce.ts) and written later, when the page is idle
 * and at most once per `minIntervalMs` per plot, as one transaction. A slider drag that
 * produces many runs keeps the last N of them. Partial figures (a run still going) are never
 * queued.
 */
import type { FigureValue } from '../../../nodes/values.ts';
import type { HistoryBackend, HistoryBatch } from './history-db.ts';
import { reduceFigure } from './reduce.ts';
import { autoLabel, DEFAULT_LIMIT, MAX_LIMIT, RUN_BUDGET_BYTES, type PlotSettings, type StoredRun } from './run.ts';

/** What a plot history needs from its surroundings (the hub gives it; tests give their own). */
export interface HistoryEnv {
  backend: Promise<HistoryBackend>;
  /** Run `fn` after at least `ms`, when the page is idle; returns a cancel function. */
  later(fn: () => void, ms: number): () => void;
  now(): number;
  newId(): string;
  /** Run storage operations one after another (all plots share one queue). */
  serial<T>(op: () => Promise<T>): Promise<T>;
  /** A storage problem, in words. */
  error(message: string): void;
  /** Shortest time between two writes of one plot's runs (ms). */
  minIntervalMs?: number;
  /** Bytes of samples per stored run. */
  budgetBytes?: number;
}

/** Labels are short text; a longer one is cut. */
export const MAX_LABEL = 120;

/** A key that is kept in memory only (a graph not in the library, see run.ts). */
export const transientKey = (key: string): boolean => key.startsWith('session:');

export class PlotHistory {
  /** Oldest first. Replaced (not changed in place) on every change. */
  runs: readonly StoredRun[] = [];
  settings: PlotSettings;
  /** The run drawn in colour against the current one (for this visit), or null. */
  compare: string | null = null;
  /** Bumped on every change. */
  version = 0;
  /** Resolves once the stored history is read. */
  readonly ready: Promise<void>;
  private queue: Array<{ figure: FigureValue; at: number }> = [];
  private readonly byFigure = new WeakMap<FigureValue, string>();
  private cancel: (() => void) | null = null;
  private lastWrite = -Infinity;
  private readonly listeners = new Set<() => void>();

  constructor(
    public key: string,
    readonly plot: string,
    private readonly env: HistoryEnv,
  ) {
    this.settings = { graph: key, plot, limit: DEFAULT_LIMIT, keep: false, next: 1 };
    this.ready = env.serial(async () => {
      if (transientKey(this.key)) return;
      try {
        const loaded = await (await env.backend).load(this.key, plot);
        if (loaded.settings) this.settings = { ...loaded.settings, graph: this.key };
        // Numbers go on after the highest stored one, whatever the settings say.
        const top = loaded.runs.reduce((m, r) => Math.max(m, r.n), 0);
        if (this.settings.next <= top) this.settings = { ...this.settings, next: top + 1 };
        this.runs = loaded.runs;
        this.changed();
      } catch (e) {
        env.error(`could not read the run history of plot “${plot}”: ${e instanceof Error ? e.message : String(e)}`);
      }
    });
  }

  /** Call `fn` after every change; returns the unsubscribe function. */
  subscribe(fn: () => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  /** The stored run of a figure (once it is stored), else undefined. */
  runOf(figure: FigureValue | null): StoredRun | undefined {
    const id = figure ? this.byFigure.get(figure) : undefined;
    return id === undefined ? undefined : this.runs.find((r) => r.id === id);
  }

  /** Runs not stored yet (queued). */
  get queued(): number {
    return this.queue.length;
  }

  /**
   * A figure the plot drew: queued to be kept when it is complete (a partial figure, of a run
   * still going, is not) and not queued or kept already. Cheap: a reference is queued.
   */
  offer(figure: FigureValue): void {
    if (figure.partial || this.byFigure.has(figure) || this.queue.some((q) => q.figure === figure)) return;
    this.queue.push({ figure, at: this.env.now() });
    // Older queued runs would be evicted by the newer ones anyway: not even reduced.
    if (this.queue.length > this.settings.limit) this.queue.splice(0, this.queue.length - this.settings.limit);
    this.schedule();
  }

  /** Store the queued runs now; resolves when they are written. */
  flush(): Promise<void> {
    this.cancel?.();
    this.cancel = null;
    return this.env.serial(async () => {
      const queued = this.queue;
      this.queue = [];
      if (!queued.length) return;
      const put = queued.map((q) => this.capture(q.figure, q.at));
      const removed = this.evict();
      this.changed();
      this.lastWrite = this.env.now();
      await this.write({ put: put.filter((r) => !removed.includes(r.id)), remove: removed, settings: this.settings });
    });
  }

  /** Pin the run of `figure` (storing it now if it is only queued), or unpin it. */
  async togglePin(figure: FigureValue): Promise<void> {
    if (figure.partial) return;
    await this.env.serial(async () => {
      let run = this.runOf(figure);
      if (!run) {
        // Queued runs before it are stored first, so that run numbers stay in time order.
        const q = this.queue.findIndex((x) => x.figure === figure);
        const taken = q >= 0 ? this.queue.splice(0, q + 1) : [{ figure, at: this.env.now() }];
        const put = taken.slice(0, -1).map((x) => this.capture(x.figure, x.at));
        run = this.capture(figure, taken[taken.length - 1].at);
        const removed = this.evict([run.id]);
        this.changed();
        // The pinned run itself is written by the update below.
        await this.write({ put: put.filter((r) => !removed.includes(r.id)), remove: removed, settings: this.settings });
      }
    });
    const run = this.runOf(figure);
    if (run) await this.update(run.id, { pinned: !run.pinned, visible: true });
  }

  setLabel(id: string, label: string): Promise<void> {
    return this.update(id, { label: label.trim().slice(0, MAX_LABEL) });
  }

  setVisible(id: string, visible: boolean): Promise<void> {
    return this.update(id, { visible });
  }

  setPinned(id: string, pinned: boolean): Promise<void> {
    return this.update(id, pinned ? { pinned, visible: true } : { pinned });
  }

  /** Draw `id` in colour against the current run (null: none). For this visit only. */
  setCompare(id: string | null): void {
    this.compare = id;
    this.changed();
  }

  remove(id: string): Promise<void> {
    if (!this.runs.some((r) => r.id === id)) return Promise.resolve();
    this.runs = this.runs.filter((r) => r.id !== id);
    if (this.compare === id) this.compare = null;
    this.changed();
    return this.env.serial(() => this.write({ put: [], remove: [id] }));
  }

  /** Keep the last `n` runs (1–100); older unpinned runs go now. */
  setLimit(n: number): Promise<void> {
    const limit = Math.min(MAX_LIMIT, Math.max(1, Math.round(n)));
    if (!Number.isFinite(n) || limit === this.settings.limit) return Promise.resolve();
    this.settings = { ...this.settings, limit };
    const removed = this.evict();
    this.changed();
    return this.env.serial(() => this.write({ put: [], remove: removed, settings: this.settings }));
  }

  /** Draw every visible earlier run in grey ("keep lines"), or only pinned ones. */
  setKeep(keep: boolean): Promise<void> {
    this.settings = { ...this.settings, keep };
    this.changed();
    return this.env.serial(() => this.write({ put: [], remove: [], settings: this.settings }));
  }

  /** The graph got another history key (an example saved in the library): runs and settings move with it. */
  moveTo(key: string): Promise<void> {
    const from = this.key;
    this.key = key;
    this.runs = this.runs.map((r) => ({ ...r, graph: key }));
    this.settings = { ...this.settings, graph: key };
    this.changed();
    return this.env.serial(async () => {
      if (transientKey(key)) return;
      try {
        const backend = await this.env.backend;
        if (!transientKey(from)) await backend.rekey(from, key);
      } catch (e) {
        this.env.error(`could not move the run history of plot “${this.plot}”: ${e instanceof Error ? e.message : String(e)}`);
      }
      // Runs kept in memory until now (a graph not in the library before) are written too.
      await this.write({ put: [...this.runs], remove: [], settings: this.settings });
    });
  }

  // -------------------------------------------------------------------------------------------

  private schedule(): void {
    if (this.cancel) return;
    const wait = Math.max(0, this.lastWrite + (this.env.minIntervalMs ?? 1000) - this.env.now());
    this.cancel = this.env.later(() => {
      this.cancel = null;
      void this.flush();
    }, wait);
  }

  /** The run of a figure, reduced and numbered, added to the list (not written). */
  private capture(figure: FigureValue, at: number): StoredRun {
    const reduced = reduceFigure(figure, this.env.budgetBytes ?? RUN_BUDGET_BYTES);
    const n = this.settings.next;
    this.settings = { ...this.settings, next: n + 1 };
    const run: StoredRun = {
      id: this.env.newId(),
      graph: this.key,
      plot: this.plot,
      n,
      at,
      auto: autoLabel(n, at),
      label: '',
      visible: true,
      pinned: false,
      kind: figure.figure,
      title: figure.title,
      ...reduced,
    };
    this.byFigure.set(figure, run.id);
    this.runs = [...this.runs, run];
    return run;
  }

  /** Runs beyond the newest `limit` go, unless pinned (or in `keep`); returns their ids. */
  private evict(keep: readonly string[] = []): string[] {
    const newest = new Set([...this.runs].sort((a, b) => b.n - a.n).slice(0, this.settings.limit).map((r) => r.id));
    const removed = this.runs.filter((r) => !newest.has(r.id) && !r.pinned && !keep.includes(r.id)).map((r) => r.id);
    if (removed.length) {
      this.runs = this.runs.filter((r) => !removed.includes(r.id));
      if (this.compare && removed.includes(this.compare)) this.compare = null;
    }
    return removed;
  }

  private async update(id: string, change: Partial<Pick<StoredRun, 'label' | 'visible' | 'pinned'>>): Promise<void> {
    const i = this.runs.findIndex((r) => r.id === id);
    if (i < 0) return;
    const run = { ...this.runs[i], ...change };
    this.runs = this.runs.map((r, k) => (k === i ? run : r));
    this.changed();
    await this.env.serial(() => this.write({ put: [run], remove: [] }));
  }

  private async write(batch: HistoryBatch): Promise<void> {
    if (transientKey(this.key)) return;
    try {
      await (await this.env.backend).apply(batch);
    } catch (e) {
      this.env.error(`could not store the run history of plot “${this.plot}”: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  private changed(): void {
    this.version++;
    for (const fn of this.listeners) fn();
  }
}
