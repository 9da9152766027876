import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { openDB } from 'idb';
import { checkSummary, DB_VERSION, describeStorageError, MemoryLibrary, openLibrary, RevisionConflict, UPGRADES, type GraphSummary, type LibraryBackend } from './db.ts';

let n = 0;
const fresh = () => `test-${++n}-${Math.random().toString(36).slice(2)}`;

function collect(): { messages: string[]; events: { error(m: string): void } } {
  const messages: string[] = [];
  return { messages, events: { error: (m: string) => messages.push(m) } };
}

const summary = (id: string, modified: number, title = id, revision = 1): GraphSummary => ({ id, title, created: 1, modified, formatVersion: 1, size: 10, revision });

describe('graph library (IndexedDB)', () => {
  it('saves, lists newest first, reads, renames, deletes; remembers the last open graph', async () => {
    const { messages, events } = collect();
    const name = fresh();
    const lib = await openLibrary(events, { name });
    expect(lib.persistent).toBe(true);
    await lib.write(summary('a', 100, 'first'), 'text a');
    await lib.write(summary('b', 200, 'second'), 'text b');
    expect((await lib.list()).map((e) => e.ok && e.summary.title)).toEqual(['second', 'first']);
    expect(await lib.read('a')).toEqual({ ok: true, summary: summary('a', 100, 'first'), text: 'text a' });
    expect(await lib.read('zzz')).toBeNull();
    await lib.rename('a', 'renamed');
    expect(await lib.read('a')).toMatchObject({ ok: true, summary: { title: 'renamed' }, text: 'text a' });
    await lib.remove('b');
    expect((await lib.list()).map((e) => e.ok && e.summary.id)).toEqual(['a']);
    await lib.setMeta('lastOpen', 'a');
    lib.close();
    // A second visit finds all of it.
    const again = await openLibrary(events, { name });
    expect(await again.getMeta('lastOpen')).toBe('a');
    expect(await again.read('a')).toMatchObject({ ok: true, text: 'text a' });
    again.close();
    expect(messages).toEqual([]);
  });

  it('upgrades a version 1 library: texts move apart, damaged records are listed as such and left untouched', async () => {
    const name = fresh();
    const v1 = await openDB(name, 1, {
      upgrade(db) {
        db.createObjectStore('graphs', { keyPath: 'id' });
        db.createObjectStore('meta');
      },
    });
    await v1.put('graphs', { id: 'old', title: 'Old graph', text: '{"format":"neurowire-graph","version":0}', created: 5, modified: 6, formatVersion: 0 });
    await v1.put('graphs', { id: 'junk', title: 12 });
    await v1.put('meta', 'old', 'lastOpen');
    v1.close();
    const { messages, events } = collect();
    const lib = await openLibrary(events, { name });
    expect(messages).toEqual([]);
    const list = await lib.list();
    expect(list).toEqual([
      { ok: true, summary: { id: 'old', title: 'Old graph', created: 5, modified: 6, formatVersion: 0, size: 40, revision: 0 } },
      { ok: false, id: 'junk', message: expect.stringContaining('“junk” is damaged') },
    ]);
    expect(await lib.read('old')).toMatchObject({ ok: true, text: '{"format":"neurowire-graph","version":0}' });
    expect(await lib.read('junk')).toMatchObject({ ok: false, message: expect.stringContaining('left as it is') });
    // Saving over the damaged record is refused and it stays as it was.
    await expect(lib.write(summary('junk', 9), 'new')).rejects.toThrow(/damaged.*not overwritten/);
    await expect(lib.rename('junk', 'x')).rejects.toThrow(/damaged/);
    expect(await lib.getMeta('lastOpen')).toBe('old');
    lib.close();
    const raw = await openDB(name);
    expect(await raw.get('graphs', 'junk')).toEqual({ id: 'junk', title: 12 });
    expect(await raw.get('texts', 'junk')).toBeUndefined();
    expect(raw.version).toBe(DB_VERSION);
    raw.close();
  });

  it('upgrades a version 2 library to 3: graphs, texts and meta stay as they were; the run history stores are added', async () => {
    const name = fresh();
    // A library as NeuroWire with storage version 2 left it (its own upgrade steps).
    const v2 = await openDB(name, 2, {
      async upgrade(db, old, _new, tx) {
        for (let v = old; v < 2; v++) await UPGRADES[v](db as never, tx as never);
      },
    });
    expect([...v2.objectStoreNames].sort()).toEqual(['graphs', 'meta', 'texts']);
    await v2.put('graphs', { id: 'kept', title: 'Kept graph', created: 1, modified: 2, formatVersion: 3, size: 4, revision: 7 });
    await v2.put('texts', { id: 'kept', text: 'text!' });
    await v2.put('graphs', { id: 'junk', title: 12 });
    await v2.put('meta', 'kept', 'lastOpen');
    v2.close();
    const { messages, events } = collect();
    const lib = await openLibrary(events, { name });
    expect(messages).toEqual([]);
    expect(DB_VERSION).toBe(4);
    expect(await lib.read('kept')).toEqual({ ok: true, summary: { id: 'kept', title: 'Kept graph', created: 1, modified: 2, formatVersion: 3, size: 4, revision: 7 }, text: 'text!' });
    expect(await lib.list()).toEqual([
      { ok: true, summary: expect.objectContaining({ id: 'kept' }) },
      { ok: false, id: 'junk', message: expect.stringContaining('“junk” is damaged') },
    ]);
    expect(await lib.getMeta('lastOpen')).toBe('kept');
    const db = lib.connection()!;
    expect([...db.objectStoreNames].sort()).toEqual(['blocks', 'graphs', 'meta', 'plots', 'runs', 'texts']);
    expect([...db.transaction('runs').store.indexNames].sort()).toEqual(['graph', 'plot']);
    // The graphs are saved as before: the next revision.
    expect(await lib.write(summary('kept', 9), 'text 2', 7)).toBe(8);
    lib.close();
    expect(lib.connection()).toBeNull();
    expect(new MemoryLibrary().connection()).toBeNull();
  });

  it('a summary whose text is gone or damaged reads as damaged', async () => {
    const name = fresh();
    const lib = await openLibrary(collect().events, { name });
    await lib.write(summary('g', 1), 'ok');
    lib.close();
    const raw = await openDB(name);
    await raw.put('texts', { id: 'g', text: 42 });
    raw.close();
    const again = await openLibrary(collect().events, { name });
    expect(await again.read('g')).toEqual({ ok: false, message: 'saved graph “g” is damaged (its graph text is damaged (not text)); it is left as it is' });
    await expect(again.write(summary('g', 2), 'new')).rejects.toThrow(/not overwritten/);
    again.close();
  });

  it('a library from a newer NeuroWire, or storage refused, falls back to memory and says so', async () => {
    const name = fresh();
    (await openDB(name, DB_VERSION + 5)).close();
    const { messages, events } = collect();
    const lib = await openLibrary(events, { name });
    expect(lib).toBeInstanceOf(MemoryLibrary);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatch(/newer NeuroWire.*memory/);

    const open = indexedDB.open;
    const refused = collect();
    indexedDB.open = () => {
      throw new DOMException('The user denied permission to access the database.', 'SecurityError');
    };
    try {
      const mem = await openLibrary(refused.events, { name: fresh() });
      expect(mem.persistent).toBe(false);
      expect(refused.messages).toEqual([expect.stringMatching(/refused local storage.*does not allow.*in memory for this visit only/)]);
      // The memory library behaves the same.
      await mem.write(summary('m', 1), 't');
      expect(await mem.read('m')).toMatchObject({ ok: true, text: 't' });
    } finally {
      indexedDB.open = open;
    }
  });

  it('another tab opening a newer version closes this connection; later writes say why', async () => {
    const name = fresh();
    const { messages, events } = collect();
    const lib = await openLibrary(events, { name });
    const newer = await openDB(name, DB_VERSION + 1);
    expect(messages).toEqual([expect.stringContaining('updated in another tab')]);
    await expect(lib.write(summary('x', 1), 't')).rejects.toThrow(/updated in another tab/);
    newer.close();
  });

  it('a tab holding an older version open blocks the upgrade: memory, with the reason', async () => {
    const name = fresh();
    const old = await openDB(name, 1, { upgrade: (db) => void db.createObjectStore('graphs', { keyPath: 'id' }) });
    const { messages, events } = collect();
    const lib = await openLibrary(events, { name, blockedTimeoutMs: 50 });
    expect(lib.persistent).toBe(false);
    expect(messages[0]).toMatch(/another tab with an older version/);
    old.close();
  });

  it('storage errors in words', () => {
    expect(describeStorageError('could not save “x”', new DOMException('quota', 'QuotaExceededError'))).toMatch(/^could not save “x”: the browser's storage for this page is full/);
    expect(checkSummary(null)).toMatch(/empty/);
    expect(checkSummary({ id: 'a', title: 't', created: 1, modified: 'x', formatVersion: 1, size: 1 })).toMatch(/modified is missing or wrong/);
  });

  it('a record without a revision (saved before revisions) reads as revision 0; a bad one is damaged', () => {
    expect(checkSummary({ id: 'a', title: 't', created: 1, modified: 2, formatVersion: 1, size: 1 })).toMatchObject({ revision: 0 });
    expect(checkSummary({ id: 'a', title: 't', created: 1, modified: 2, formatVersion: 1, size: 1, revision: -1 })).toMatch(/revision is missing or wrong/);
    expect(checkSummary({ id: 'a', title: 't', created: 1, modified: 2, formatVersion: 1, size: 1, revision: '3' })).toMatch(/revision is missing or wrong/);
  });
});

/** The same revision rules for IndexedDB and for the memory fallback. */
const backends: Array<[string, () => Promise<LibraryBackend>]> = [
  ['IndexedDB', () => openLibrary(collect().events, { name: fresh() })],
  ['memory', async () => new MemoryLibrary()],
];

describe.each(backends)('revisions and concurrent saves (%s)', (_, make) => {
  it('each save raises the revision; a save from a stale revision is refused and writes nothing', async () => {
    const lib = await make();
    expect(await lib.write(summary('g', 10, 'mine'), 'v1', null)).toBe(1);
    // Two tabs both read revision 1.
    expect(await lib.write(summary('g', 20), 'tab A', 1)).toBe(2);
    const e = await lib.write(summary('g', 30), 'tab B', 1).then(
      () => null,
      (x: unknown) => x,
    );
    expect(e).toBeInstanceOf(RevisionConflict);
    expect((e as RevisionConflict).stored).toMatchObject({ id: 'g', revision: 2, modified: 20 });
    expect((e as RevisionConflict).message).toMatch(/“mine” was changed in another tab.*revision 2.*revision 1.*not overwritten/);
    // Tab A's text is what is stored; tab B's is not written.
    expect(await lib.read('g')).toMatchObject({ ok: true, text: 'tab A', summary: { revision: 2, modified: 20 } });
    // A new entry expects no record: an id already taken is a conflict too.
    await expect(lib.write(summary('g', 40), 'again new', null)).rejects.toBeInstanceOf(RevisionConflict);
    // From the current revision it saves.
    expect(await lib.write(summary('g', 50), 'tab B after reload', 2)).toBe(3);
    expect(await lib.read('g')).toMatchObject({ ok: true, text: 'tab B after reload', summary: { revision: 3 } });
    lib.close();
  });

  it('a save keeps the stored title and creation time (a rename in another tab is not undone by an edit here)', async () => {
    const lib = await make();
    await lib.write({ ...summary('g', 10, 'first'), created: 5 }, 'v1', null);
    await lib.rename('g', 'renamed elsewhere');
    const rev = await lib.write({ ...summary('g', 20, 'stale title'), created: 99 }, 'v2', 1);
    // A rename changes no graph text: it does not count as a revision.
    expect(rev).toBe(2);
    expect(await lib.read('g')).toMatchObject({ ok: true, text: 'v2', summary: { title: 'renamed elsewhere', created: 5, revision: 2 } });
    lib.close();
  });

  it('a record deleted in another tab is written again by a later save (nothing lost)', async () => {
    const lib = await make();
    await lib.write(summary('g', 10), 'v1', null);
    await lib.remove('g');
    expect(await lib.write(summary('g', 20), 'v2', 1)).toBe(1);
    expect(await lib.read('g')).toMatchObject({ ok: true, text: 'v2' });
    lib.close();
  });
});

describe('a crash in the middle of a save', () => {
  it('leaves the previous version whole: summary and text are one transaction', async () => {
    const lib = await openLibrary(collect().events, { name: fresh() });
    await lib.write(summary('g', 10, 'kept'), 'old text', null);
    // The text's put fails after the summary's put was issued (a disk error, the tab killed).
    const proto = IDBObjectStore.prototype;
    const put = proto.put;
    proto.put = function (this: IDBObjectStore, ...args: Parameters<IDBObjectStore['put']>) {
      if (this.name === 'texts') throw new DOMException('disk gone', 'UnknownError');
      return put.apply(this, args);
    };
    try {
      await expect(lib.write(summary('g', 20), 'new text', 1)).rejects.toThrow(/could not save “g”: the browser could not read or write its storage/);
    } finally {
      proto.put = put;
    }
    expect(await lib.read('g')).toEqual({ ok: true, summary: summary('g', 10, 'kept', 1), text: 'old text' });
    lib.close();
  });
});
