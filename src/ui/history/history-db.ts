/**
 * Where run histories are kept: the library's IndexedDB (stores `runs` and `plots`, added by
 * storage version 3 in src/ui/library/db.ts), or memory when the library has no IndexedDB.
 * Every write is one transaction (a batch of runs, their evictions and the plot's settings
 * commit together or not at all). What is read back is checked: a record that is not a run is
 * skipped, never rewritten.
 */
import type { IDBPDatabase } from 'idb';
import type { PlotSettings, StoredRun } from './run.ts';

/** One plot's stored history. */
export interface LoadedHistory {
  settings: PlotSettings | null;
  /** Oldest first. */
  runs: StoredRun[];
}

/** A batch of changes to one plot's history. */
export interface HistoryBatch {
  put: StoredRun[];
  remove: string[];
  settings?: PlotSettings;
}

export interface HistoryBackend {
  readonly persistent: boolean;
  load(graph: string, plot: string): Promise<LoadedHistory>;
  apply(batch: HistoryBatch): Promise<void>;
  /** Every run and setting of one history key moves to another (an example saved as a library graph). */
  rekey(from: string, to: string): Promise<void>;
  /** Forget every run of a history key (its graph was deleted). */
  forget(graph: string): Promise<void>;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A stored run record, or null when it is not one. */
export function checkRun(v: unknown): StoredRun | null {
  if (!isObject(v)) return null;
  const ok =
    typeof v.id === 'string' &&
    typeof v.graph === 'string' &&
    typeof v.plot === 'string' &&
    typeof v.n === 'number' &&
    typeof v.at === 'number' &&
    typeof v.auto === 'string' &&
    typeof v.label === 'string' &&
    typeof v.visible === 'boolean' &&
    typeof v.pinned === 'boolean' &&
    typeof v.kind === 'string' &&
    typeof v.title === 'string' &&
    isObject(v.option) &&
    Array.isArray(v.option.series) &&
    typeof v.decimated === 'boolean' &&
    isObject(v.points);
  return ok ? (v as unknown as StoredRun) : null;
}

/** Plot settings, or null when the record is not that. */
export function checkSettings(v: unknown): PlotSettings | null {
  if (!isObject(v)) return null;
  const ok = typeof v.graph === 'string' && typeof v.plot === 'string' && Number.isInteger(v.limit) && (v.limit as number) >= 1 && typeof v.keep === 'boolean' && Number.isInteger(v.next) && (v.next as number) >= 1;
  return ok ? (v as unknown as PlotSettings) : null;
}

const byNumber = (a: StoredRun, b: StoredRun): number => a.n - b.n || a.at - b.at;

export class IdbHistory implements HistoryBackend {
  readonly persistent = true;

  /** `db` gives the library's connection (null once it is closed: then writes fail with a message). */
  constructor(private readonly db: () => IDBPDatabase | null) {}

  private live(): IDBPDatabase {
    const db = this.db();
    if (!db) throw new Error('the library is closed (reload the page)');
    return db;
  }

  async load(graph: string, plot: string): Promise<LoadedHistory> {
    const tx = this.live().transaction(['runs', 'plots'], 'readonly');
    const [runs, settings] = await Promise.all([tx.objectStore('runs').index('plot').getAll([graph, plot]), tx.objectStore('plots').get([graph, plot])]);
    return { settings: checkSettings(settings), runs: runs.map(checkRun).filter((r): r is StoredRun => r !== null).sort(byNumber) };
  }

  async apply(batch: HistoryBatch): Promise<void> {
    const tx = this.live().transaction(['runs', 'plots'], 'readwrite');
    const runs = tx.objectStore('runs');
    const requests: Array<Promise<unknown>> = [...batch.put.map((r) => runs.put(r)), ...batch.remove.map((id) => runs.delete(id))];
    if (batch.settings) requests.push(tx.objectStore('plots').put(batch.settings));
    // A failed request aborts the transaction: nothing of the batch is written.
    for (const r of requests) r.catch(() => undefined);
    await Promise.all([...requests, tx.done]);
  }

  async rekey(from: string, to: string): Promise<void> {
    const tx = this.live().transaction(['runs', 'plots'], 'readwrite');
    const runs = tx.objectStore('runs');
    const plots = tx.objectStore('plots');
    const [moving, settings] = await Promise.all([runs.index('graph').getAll(from), plots.index('graph').getAll(from)]);
    for (const v of moving) {
      const r = checkRun(v);
      if (r) await runs.put({ ...r, graph: to });
    }
    for (const v of settings) {
      const s = checkSettings(v);
      if (!s) continue;
      // Settings the new key has already stay.
      if ((await plots.get([to, s.plot])) === undefined) await plots.put({ ...s, graph: to });
      await plots.delete([from, s.plot]);
    }
    await tx.done;
  }

  async forget(graph: string): Promise<void> {
    const tx = this.live().transaction(['runs', 'plots'], 'readwrite');
    for (const name of ['runs', 'plots'] as const) {
      for (let c = await tx.objectStore(name).index('graph').openCursor(graph); c; c = await c.continue()) await c.delete();
    }
    await tx.done;
  }
}

/** For this visit only (the library is in memory too). */
export class MemoryHistory implements HistoryBackend {
  readonly persistent = false;
  private readonly runs = new Map<string, StoredRun>();
  private readonly settings = new Map<string, PlotSettings>();

  async load(graph: string, plot: string): Promise<LoadedHistory> {
    const runs = [...this.runs.values()].filter((r) => r.graph === graph && r.plot === plot).sort(byNumber);
    return { settings: this.settings.get(JSON.stringify([graph, plot])) ?? null, runs };
  }

  async apply(batch: HistoryBatch): Promise<void> {
    for (const r of batch.put) this.runs.set(r.id, r);
    for (const id of batch.remove) this.runs.delete(id);
    if (batch.settings) this.settings.set(JSON.stringify([batch.settings.graph, batch.settings.plot]), batch.settings);
  }

  async rekey(from: string, to: string): Promise<void> {
    for (const [id, r] of this.runs) if (r.graph === from) this.runs.set(id, { ...r, graph: to });
    for (const [k, s] of [...this.settings]) {
      if (s.graph !== from) continue;
      this.settings.delete(k);
      const key = JSON.stringify([to, s.plot]);
      if (!this.settings.has(key)) this.settings.set(key, { ...s, graph: to });
    }
  }

  async forget(graph: string): Promise<void> {
    for (const [id, r] of this.runs) if (r.graph === graph) this.runs.delete(id);
    for (const [k, s] of this.settings) if (s.graph === graph) this.settings.delete(k);
  }
}
