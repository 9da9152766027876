/**
 * The run histories of the plots on the page ({@link PlotHistory}, one per graph key and plot
 * block), sharing one storage backend and one queue of storage operations (so that a history
 * moving to another key and the writes of its runs happen in the order they were asked for).
 */
import type { HistoryBackend } from './history-db.ts';
import { MemoryHistory } from './history-db.ts';
import { PlotHistory, type HistoryEnv } from './plot-history.ts';

export interface HubOptions {
  /** A storage problem, in words (the app shows it as an error toast). */
  error?(message: string): void;
  later?: HistoryEnv['later'];
  now?: () => number;
  minIntervalMs?: number;
  budgetBytes?: number;
}

/** Later, when the page is idle (requestIdleCallback where there is one), after at least `ms`. */
export function whenIdle(fn: () => void, ms: number): () => void {
  let idle = 0;
  const timer = setTimeout(() => {
    const ric = (globalThis as { requestIdleCallback?: (f: () => void, o: { timeout: number }) => number }).requestIdleCallback;
    if (ric) idle = ric(fn, { timeout: 1000 });
    else fn();
  }, ms);
  return () => {
    clearTimeout(timer);
    if (idle) (globalThis as { cancelIdleCallback?: (h: number) => void }).cancelIdleCallback?.(idle);
  };
}

let counter = 0;
function newId(): string {
  const rnd = typeof crypto !== 'undefined' && typeof crypto.randomUUID === 'function' ? crypto.randomUUID() : Math.random().toString(36).slice(2);
  return `${Date.now().toString(36)}-${(++counter).toString(36)}-${rnd}`;
}

export class HistoryHub {
  private readonly plots = new Map<string, PlotHistory>();
  private chain: Promise<unknown> = Promise.resolve();
  private readonly env: HistoryEnv;
  private lastError = { text: '', at: 0 };

  /** `backend` may come later (the library opens its storage first); memory until then is not used: operations wait. */
  constructor(backend: Promise<HistoryBackend> = Promise.resolve(new MemoryHistory()), opts: HubOptions = {}) {
    const settled = backend.catch(() => new MemoryHistory());
    this.env = {
      backend: settled,
      later: opts.later ?? whenIdle,
      now: opts.now ?? (() => Date.now()),
      newId,
      serial: (op) => {
        const p = this.chain.then(op);
        this.chain = p.catch(() => undefined);
        return p;
      },
      // The same problem (a closed library, a full disk) is said once, not at every write.
      error: (m) => {
        const now = Date.now();
        if (m === this.lastError.text && now - this.lastError.at < 10_000) return;
        this.lastError = { text: m, at: now };
        opts.error?.(m);
      },
      minIntervalMs: opts.minIntervalMs,
      budgetBytes: opts.budgetBytes,
    };
  }

  /** The history of plot `plot` of the graph with history key `key` (made, and its stored runs read, on first use). */
  get(key: string, plot: string): PlotHistory {
    const k = JSON.stringify([key, plot]);
    let h = this.plots.get(k);
    if (!h) {
      h = new PlotHistory(key, plot, this.env);
      this.plots.set(k, h);
    }
    return h;
  }

  /** The open graph's history key changed (it entered the library): its plots' histories move with it. */
  rekey(from: string, to: string): Promise<void> {
    if (from === to) return Promise.resolve();
    const moving = [...this.plots.values()].filter((h) => h.key === from);
    for (const h of moving) {
      this.plots.delete(JSON.stringify([from, h.plot]));
      this.plots.set(JSON.stringify([to, h.plot]), h);
    }
    // Plots not on the page have stored runs under the old key too.
    if (!moving.length) {
      return this.env.serial(async () => {
        if (from.startsWith('session:') || to.startsWith('session:')) return;
        try {
          await (await this.env.backend).rekey(from, to);
        } catch (e) {
          this.env.error(`could not move the run history: ${e instanceof Error ? e.message : String(e)}`);
        }
      });
    }
    // The first move carries every stored run of the key; the others only write their own.
    return Promise.all(moving.map((h) => h.moveTo(to))).then(() => undefined);
  }

  /** Another graph opened: the histories of `key` are stored now and let go. */
  release(key: string): Promise<void> {
    const going = [...this.plots.entries()].filter(([, h]) => h.key === key);
    for (const [k] of going) this.plots.delete(k);
    return Promise.all(going.map(([, h]) => h.flush())).then(() => undefined);
  }

  /** Store every queued run now; resolves when everything asked so far is written. */
  async flush(): Promise<void> {
    await Promise.all([...this.plots.values()].map((h) => h.flush()));
    await this.chain;
  }

  /** Forget the stored runs of a history key (its graph was deleted from the library). */
  forget(key: string): Promise<void> {
    return this.env.serial(async () => {
      try {
        await (await this.env.backend).forget(key);
      } catch (e) {
        this.env.error(`could not delete the run history: ${e instanceof Error ? e.message : String(e)}`);
      }
    });
  }
}
