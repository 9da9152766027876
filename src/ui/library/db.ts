/**
 * The graph library in the browser's IndexedDB (through `idb`), or in memory when the browser
 * refuses storage.
 *
 * Object stores (database `neurowire`, version {@link DB_VERSION}):
 *
 * - `graphs`: one summary per saved graph, key `id`:
 *   `{ id, title, created, modified, formatVersion, size, revision }` (times in ms since 1970;
 *   `formatVersion` is the graph-format version of the text; `size` its length; `revision`
 *   counts the saves of the text, absent (0) in records saved before it existed). Index `modified`.
 * - `texts`: the graph file of each, key `id`: `{ id, text }` — the text `serializeGraph` writes
 *   (embedded SWC/CSV files included), read back with `parseGraph`, which upgrades graphs saved by
 *   an older NeuroWire (dataflow/migrate.ts). Kept apart so that listing reads no graph text.
 * - `meta`: small values by key (`lastOpen`: the id of the graph open last).
 * - `runs`: the run history of plots (src/ui/history/): one record per kept run, key `id`,
 *   indexes `graph` (the history key of a graph) and `plot` (`[graph, plot]`).
 * - `plots`: per plot of a graph, its history settings, key `[graph, plot]`, index `graph`.
 * - `blocks`: subgraphs saved to "My blocks" (src/ui/library/saved-blocks.ts), key `id`:
 *   `{ id, title, saved, text }`, `text` the JSON of the definition and those it uses.
 *
 * Storage versions ({@link UPGRADES}, each a step k → k+1, run in the upgrade transaction):
 * 1 kept the text inside the `graphs` records; 2 moved it to `texts` and added the index;
 * 3 added `runs` and `plots` (graphs, texts and meta are left as they are); 4 added `blocks`.
 *
 * Saves are safe against other tabs and crashes: the summary and the text of a graph are written
 * in one transaction (a crash or a failed write leaves the previous version whole), and a save
 * names the revision it was made from: when the stored revision is another (another tab saved
 * in between), nothing is written and {@link RevisionConflict} says so.
 *
 * Nothing is swallowed: every failure becomes a {@link LibraryError} with a message for the user
 * (a full disk, another tab holding an older or newer version, storage refused in private
 * mode), and a record that cannot be read is reported, never overwritten or "repaired".
 */
import { openDB, type IDBPDatabase, type IDBPTransaction } from 'idb';

export const DB_NAME = 'neurowire';
export const DB_VERSION = 4;

export interface GraphSummary {
  id: string;
  title: string;
  created: number;
  modified: number;
  formatVersion: number;
  size: number;
  /** How many times the graph text was saved (1 after the first save). */
  revision: number;
}

export type ListEntry = { ok: true; summary: GraphSummary } | { ok: false; id: string; message: string };

export type ReadResult = { ok: true; summary: GraphSummary; text: string } | { ok: false; message: string };

/** A storage failure in the user's words. */
export class LibraryError extends Error {}

/** A save refused because the stored graph is not the revision the save was made from (another tab saved it). */
export class RevisionConflict extends LibraryError {
  constructor(
    /** The record as stored now. */
    readonly stored: GraphSummary,
    /** The revision the refused save was made from (null: it expected no record). */
    readonly expected: number | null,
  ) {
    super(`“${stored.title}” was changed in another tab (saved there as revision ${stored.revision}; this tab has revision ${expected ?? 'none'}): not overwritten`);
    this.name = 'RevisionConflict';
  }
}

/**
 * What a save expects to find: `undefined` writes whatever is stored (a copy under a fresh id);
 * `null` expects no record; a number expects that stored revision (a record deleted meanwhile
 * is written again: nothing is lost by that).
 */
export type ExpectedRevision = number | null | undefined;

/** Where saved graphs live: IndexedDB, or memory for this visit only. */
export interface LibraryBackend {
  /** True when graphs survive a reload. */
  readonly persistent: boolean;
  /** Every saved graph, newest first; damaged records are listed as such. */
  list(): Promise<ListEntry[]>;
  /** One graph, null when there is none with that id. */
  read(id: string): Promise<ReadResult | null>;
  /**
   * Save a graph (new, or over a record that reads back fine: a damaged one is refused) and
   * return its new revision. Over an existing record the stored title and creation time stay
   * (titles change through `rename`); `summary.revision` is ignored. Throws
   * {@link RevisionConflict}, writing nothing, when the stored revision is not `expected`.
   */
  write(summary: GraphSummary, text: string, expected?: ExpectedRevision): Promise<number>;
  /** Change a saved graph's title (refused for a damaged record). */
  rename(id: string, title: string): Promise<void>;
  remove(id: string): Promise<void>;
  getMeta(key: string): Promise<string | null>;
  setMeta(key: string, value: string | null): Promise<void>;
  /** The IndexedDB connection the other stores of this database use (run history), null in memory or once closed. */
  connection(): IDBPDatabase | null;
  close(): void;
}

// ---------------------------------------------------------------------------------------------
// Messages

const NAME_WORDS: Record<string, string> = {
  QuotaExceededError: "the browser's storage for this page is full: delete graphs you no longer need from the library, or save this one as a file",
  VersionError: 'the library in this browser was written by a newer NeuroWire; reload the page to get that version',
  InvalidStateError: 'the library was closed (NeuroWire was probably updated in another tab): reload the page',
  SecurityError: 'the browser does not allow this page to store data (private browsing, or site data blocked)',
  UnknownError: 'the browser could not read or write its storage (disk error, or storage cleared while the page was open)',
  AbortError: 'the browser cancelled the storage operation',
  NotFoundError: "the library's storage is missing a part it needs (it may have been cleared): reload the page",
  ReadOnlyError: 'the library is read-only here',
  DataCloneError: 'the graph could not be stored (it holds something the browser cannot store)',
  TransactionInactiveError: 'a storage operation came too late (internal error)',
};

/** A storage failure, as a sentence for the user, starting with what was being done. */
export function describeStorageError(doing: string, e: unknown): string {
  // Already in words, naming what was being done.
  if (e instanceof LibraryError) return e.message;
  const name = e instanceof Error || (typeof DOMException !== 'undefined' && e instanceof DOMException) ? (e as Error).name : '';
  const detail = e instanceof Error ? e.message : String(e);
  const words = NAME_WORDS[name];
  return words ? `${doing}: ${words}${detail && !words.includes(detail) ? ` (${detail})` : ''}` : `${doing}: ${detail || 'unknown storage error'}`;
}

function fail(doing: string, e: unknown): never {
  // Already in words (and maybe a RevisionConflict the caller acts on): as it is.
  if (e instanceof LibraryError) throw e;
  throw new LibraryError(describeStorageError(doing, e));
}

// ---------------------------------------------------------------------------------------------
// Record checks (what IndexedDB hands back is whatever was stored: check it)

type Raw = Record<string, unknown>;

const isObject = (v: unknown): v is Raw => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A summary record, or what is wrong with it. */
export function checkSummary(v: unknown): GraphSummary | string {
  if (!isObject(v)) return `the saved record is ${v === null ? 'empty' : `a ${Array.isArray(v) ? 'list' : typeof v}`}, not a graph entry`;
  const bad: string[] = [];
  if (typeof v.id !== 'string' || !v.id) bad.push('id');
  if (typeof v.title !== 'string') bad.push('title');
  for (const f of ['created', 'modified', 'formatVersion', 'size'] as const) if (typeof v[f] !== 'number' || !Number.isFinite(v[f])) bad.push(f);
  // Records saved before revisions existed have none: revision 0.
  if (v.revision !== undefined && (typeof v.revision !== 'number' || !Number.isInteger(v.revision) || v.revision < 0)) bad.push('revision');
  if (bad.length) return `the saved record's ${bad.join(', ')} ${bad.length === 1 ? 'is' : 'are'} missing or wrong`;
  return { id: v.id as string, title: v.title as string, created: v.created as number, modified: v.modified as number, formatVersion: v.formatVersion as number, size: v.size as number, revision: (v.revision as number | undefined) ?? 0 };
}

function checkText(v: unknown): string | { bad: string } {
  if (v === undefined) return { bad: 'its graph text is missing' };
  if (!isObject(v) || typeof v.text !== 'string') return { bad: 'its graph text is damaged (not text)' };
  return v.text;
}

const damaged = (id: string, why: string): string => `saved graph “${id}” is damaged (${why}); it is left as it is`;

/**
 * Run `body` in a read-write transaction and wait for the commit. Any failure inside (a refusal,
 * a put that throws at once, a rejected request) aborts the whole transaction: without the
 * explicit abort, requests already issued would still commit and leave half a save.
 */
async function atomically<T>(tx: { abort(): void; readonly done: Promise<void> }, body: () => Promise<T>): Promise<T> {
  let value: T;
  try {
    value = await body();
  } catch (e) {
    tx.done.catch(() => undefined);
    try {
      tx.abort();
    } catch {
      // A failed request aborts its transaction itself: nothing of it committed.
    }
    throw e;
  }
  await tx.done;
  return value;
}

/** The record a save writes: over a stored one, its title and creation time stay and the revision goes up. */
function nextRecord(summary: GraphSummary, stored: GraphSummary | null): GraphSummary {
  return stored ? { ...summary, title: stored.title, created: stored.created, revision: stored.revision + 1 } : { ...summary, revision: 1 };
}

const byNewest = (a: ListEntry, b: ListEntry): number => (a.ok ? a.summary.modified : -Infinity) - (b.ok ? b.summary.modified : -Infinity) || 0;

// ---------------------------------------------------------------------------------------------
// Storage versions

type UpgradeTx = IDBPTransaction<unknown, string[], 'versionchange'>;

/** Upgrade steps: `UPGRADES[k]` takes the database from version k to k + 1. */
export const UPGRADES: ReadonlyArray<(db: IDBPDatabase, tx: UpgradeTx) => Promise<void> | void> = [
  // 0 → 1: graphs with their text inside, and meta.
  (db) => {
    db.createObjectStore('graphs', { keyPath: 'id' });
    db.createObjectStore('meta');
  },
  // 1 → 2: texts apart (listing reads no graph text); index by modification time.
  async (db, tx) => {
    db.createObjectStore('texts', { keyPath: 'id' });
    const graphs = tx.objectStore('graphs');
    graphs.createIndex('modified', 'modified');
    const texts = tx.objectStore('texts');
    let cursor = await graphs.openCursor();
    while (cursor) {
      const v = cursor.value as unknown;
      // Records of version 1 that read fine move their text; anything else is left untouched
      // (listed as damaged later, never rewritten).
      if (isObject(v) && typeof v.text === 'string' && typeof v.id === 'string') {
        const { text, ...summary } = v;
        await texts.put({ id: v.id, text });
        await cursor.update({ ...summary, size: typeof summary.size === 'number' ? summary.size : text.length });
      }
      cursor = await cursor.continue();
    }
  },
  // 2 → 3: the run history of plots (src/ui/history/history-db.ts); nothing else changes.
  (db) => {
    const runs = db.createObjectStore('runs', { keyPath: 'id' });
    runs.createIndex('graph', 'graph');
    runs.createIndex('plot', ['graph', 'plot']);
    const plots = db.createObjectStore('plots', { keyPath: ['graph', 'plot'] });
    plots.createIndex('graph', 'graph');
  },
  // 3 → 4: subgraphs saved to My blocks (saved-blocks.ts); nothing else changes.
  (db) => {
    db.createObjectStore('blocks', { keyPath: 'id' });
  },
];

// ---------------------------------------------------------------------------------------------
// IndexedDB

export interface StorageEvents {
  /** A storage problem the user must know about (shown as an error message). */
  error(message: string): void;
}

class IdbLibrary implements LibraryBackend {
  readonly persistent = true;
  /** Why the connection is gone (another tab upgraded, the browser closed it), once it is. */
  closedBecause: string | null = null;

  constructor(private readonly db: IDBPDatabase) {}

  private live(doing: string): IDBPDatabase {
    if (this.closedBecause) throw new LibraryError(`${doing}: ${this.closedBecause}`);
    return this.db;
  }

  async list(): Promise<ListEntry[]> {
    const doing = 'could not list the saved graphs';
    try {
      const tx = this.live(doing).transaction('graphs', 'readonly');
      const [keys, values] = await Promise.all([tx.store.getAllKeys(), tx.store.getAll()]);
      const out = keys.map((key, i): ListEntry => {
        const s = checkSummary(values[i]);
        return typeof s === 'string' ? { ok: false, id: String(key), message: damaged(String(key), s) } : { ok: true, summary: s };
      });
      return out.sort(byNewest).reverse();
    } catch (e) {
      fail(doing, e);
    }
  }

  async read(id: string): Promise<ReadResult | null> {
    const doing = `could not read saved graph “${id}”`;
    try {
      const tx = this.live(doing).transaction(['graphs', 'texts'], 'readonly');
      const [s, t] = await Promise.all([tx.objectStore('graphs').get(id), tx.objectStore('texts').get(id)]);
      if (s === undefined) return null;
      const summary = checkSummary(s);
      if (typeof summary === 'string') return { ok: false, message: damaged(id, summary) };
      const text = checkText(t);
      if (typeof text !== 'string') return { ok: false, message: damaged(summary.title || id, text.bad) };
      return { ok: true, summary, text };
    } catch (e) {
      fail(doing, e);
    }
  }

  async write(summary: GraphSummary, text: string, expected?: ExpectedRevision): Promise<number> {
    const doing = `could not save “${summary.title}”`;
    try {
      // One transaction: the check of the stored revision and both puts commit together or not
      // at all (IndexedDB runs overlapping read-write transactions of all tabs one at a time).
      const tx = this.live(doing).transaction(['graphs', 'texts'], 'readwrite');
      return await atomically(tx, async () => {
        const graphs = tx.objectStore('graphs');
        const texts = tx.objectStore('texts');
        const [old, oldText] = await Promise.all([graphs.get(summary.id), texts.get(summary.id)]);
        let stored: GraphSummary | null = null;
        if (old !== undefined) {
          const s = checkSummary(old);
          const why = typeof s === 'string' ? s : oldText !== undefined && typeof checkText(oldText) !== 'string' ? 'its graph text is damaged' : null;
          if (why) throw new LibraryError(`${doing}: ${damaged(summary.id, why)}; not overwritten`);
          stored = s as GraphSummary;
        }
        if (expected === null ? stored !== null : typeof expected === 'number' && stored !== null && stored.revision !== expected) throw new RevisionConflict(stored!, expected ?? null);
        const next = nextRecord(summary, stored);
        // Each request's rejection is handled: if the second throws at once, the first one's
        // abort (below) is expected, not an unhandled error.
        const putSummary = graphs.put(next);
        putSummary.catch(() => undefined);
        await Promise.all([putSummary, texts.put({ id: summary.id, text })]);
        return next.revision;
      });
    } catch (e) {
      fail(doing, e);
    }
  }

  async rename(id: string, title: string): Promise<void> {
    const doing = `could not rename “${id}”`;
    try {
      const tx = this.live(doing).transaction('graphs', 'readwrite');
      await atomically(tx, async () => {
        const s = checkSummary(await tx.store.get(id));
        if (typeof s === 'string') throw new LibraryError(`${doing}: ${damaged(id, s)}`);
        await tx.store.put({ ...s, title });
      });
    } catch (e) {
      fail(doing, e);
    }
  }

  async remove(id: string): Promise<void> {
    const doing = `could not delete “${id}”`;
    try {
      const tx = this.live(doing).transaction(['graphs', 'texts'], 'readwrite');
      await atomically(tx, async () => void (await Promise.all([tx.objectStore('graphs').delete(id), tx.objectStore('texts').delete(id)])));
    } catch (e) {
      fail(doing, e);
    }
  }

  async getMeta(key: string): Promise<string | null> {
    try {
      const v: unknown = await this.live('could not read the library settings').get('meta', key);
      return typeof v === 'string' ? v : null;
    } catch (e) {
      fail('could not read the library settings', e);
    }
  }

  async setMeta(key: string, value: string | null): Promise<void> {
    try {
      const db = this.live('could not write the library settings');
      if (value === null) await db.delete('meta', key);
      else await db.put('meta', value, key);
    } catch (e) {
      fail('could not write the library settings', e);
    }
  }

  connection(): IDBPDatabase | null {
    return this.closedBecause ? null : this.db;
  }

  close(): void {
    this.closedBecause ??= 'the library is closed';
    this.db.close();
  }
}

// ---------------------------------------------------------------------------------------------
// Memory (IndexedDB refused): the same behaviour for this visit.

export class MemoryLibrary implements LibraryBackend {
  readonly persistent = false;
  private readonly graphs = new Map<string, { summary: GraphSummary; text: string }>();
  private readonly meta = new Map<string, string>();

  async list(): Promise<ListEntry[]> {
    return [...this.graphs.values()].map((g): ListEntry => ({ ok: true, summary: { ...g.summary } })).sort(byNewest).reverse();
  }
  async read(id: string): Promise<ReadResult | null> {
    const g = this.graphs.get(id);
    return g ? { ok: true, summary: { ...g.summary }, text: g.text } : null;
  }
  async write(summary: GraphSummary, text: string, expected?: ExpectedRevision): Promise<number> {
    const stored = this.graphs.get(summary.id)?.summary ?? null;
    if (expected === null ? stored !== null : typeof expected === 'number' && stored !== null && stored.revision !== expected) {
      throw new RevisionConflict({ ...stored! }, expected ?? null);
    }
    const next = nextRecord(summary, stored);
    this.graphs.set(summary.id, { summary: next, text });
    return next.revision;
  }
  async rename(id: string, title: string): Promise<void> {
    const g = this.graphs.get(id);
    if (!g) throw new LibraryError(`could not rename “${id}”: it is not in the library`);
    g.summary = { ...g.summary, title };
  }
  async remove(id: string): Promise<void> {
    this.graphs.delete(id);
  }
  async getMeta(key: string): Promise<string | null> {
    return this.meta.get(key) ?? null;
  }
  async setMeta(key: string, value: string | null): Promise<void> {
    if (value === null) this.meta.delete(key);
    else this.meta.set(key, value);
  }
  connection(): null {
    return null;
  }
  close(): void {}
}

// ---------------------------------------------------------------------------------------------

export const MEMORY_ONLY = 'graphs are kept in memory for this visit only: use “Export” to keep one as a file';

export interface OpenOptions {
  /** Database name (tests). */
  name?: string;
  /** Give up waiting for another tab to let go of an older version after this long (ms). */
  blockedTimeoutMs?: number;
}

/**
 * The library: IndexedDB when the browser gives it, otherwise memory (said once through
 * `events.error`). Never throws. Later problems of the connection (another tab upgrading to a
 * newer version, the browser closing it) are reported through `events.error` too.
 */
export async function openLibrary(events: StorageEvents, opts: OpenOptions = {}): Promise<LibraryBackend> {
  const memory = (why: string): LibraryBackend => {
    events.error(`${why}; ${MEMORY_ONLY}`);
    return new MemoryLibrary();
  };
  if (typeof indexedDB === 'undefined' || indexedDB === null) return memory('this browser has no local storage (IndexedDB)');
  let lib: IdbLibrary | null = null;
  let gaveUp = false;
  let blockedTimer: ReturnType<typeof setTimeout> | undefined;
  let onBlocked: (() => void) | null = null;
  const blocked = new Promise<'blocked'>((resolve) => (onBlocked = () => resolve('blocked')));
  const opening = (async () => {
    const db = await openDB(opts.name ?? DB_NAME, DB_VERSION, {
      async upgrade(db, oldVersion, _newVersion, tx) {
        try {
          for (let v = oldVersion; v < DB_VERSION; v++) await UPGRADES[v](db as IDBPDatabase, tx as unknown as UpgradeTx);
        } catch (e) {
          events.error(describeStorageError('could not upgrade the library', e));
          tx.abort();
        }
      },
      blocked() {
        // Another tab has this library open with an older version and does not let go.
        blockedTimer = setTimeout(() => onBlocked?.(), opts.blockedTimeoutMs ?? 1500);
      },
      blocking(_current, _next, event) {
        // Another tab wants a newer version: let it have it.
        if (lib) lib.closedBecause = 'NeuroWire was updated in another tab, so this tab stopped saving to the library (reload it to go on; its open graph is still here, “Export” keeps it)';
        (event.target as IDBDatabase).close();
        events.error(`the library: ${lib?.closedBecause ?? 'closed for a newer NeuroWire in another tab'}`);
      },
      terminated() {
        if (lib) lib.closedBecause = 'the browser closed the library’s storage (storage cleared, or a disk problem): reload the page';
        events.error(`the library: ${lib?.closedBecause ?? 'closed by the browser'}`);
      },
    });
    if (gaveUp) {
      db.close();
      return null;
    }
    clearTimeout(blockedTimer);
    return (lib = new IdbLibrary(db as IDBPDatabase));
  })();
  try {
    const r = await Promise.race([opening, blocked]);
    if (r === 'blocked') {
      gaveUp = true;
      opening.catch(() => undefined);
      return memory('NeuroWire is open in another tab with an older version, which keeps the library from opening: close or reload that tab, then reload this one');
    }
    return r!;
  } catch (e) {
    clearTimeout(blockedTimer);
    const name = e instanceof Error ? e.name : '';
    if (name === 'VersionError') return memory(`the library in this browser was written by a newer NeuroWire (this one reads storage version ${DB_VERSION}): reload the page to get it`);
    return memory(describeStorageError('the browser refused local storage (IndexedDB)', e));
  }
}
