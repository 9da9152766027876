/**
 * The run history store over the library's IndexedDB (fake-indexeddb): the last N runs per
 * graph and plot, pins kept, labels and flags that survive a new connection (a reload), writes
 * batched off the critical path, histories moving with their graph into the library.
 */
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import type { FigureValue } from '../../../nodes/values.ts';
import { openLibrary } from '../library/db.ts';
import { IdbHistory, type HistoryBackend, type HistoryBatch } from './history-db.ts';
import { HistoryHub } from './hub.ts';

let dbs = 0;
const fresh = () => `history-${++dbs}-${Math.random().toString(36).slice(2)}`;

/** A complete traces figure whose one trace is y = value at t = 0, 1, 2 ms (or partial). */
function fig(value: number, partial = false): FigureValue {
  return {
    kind: 'figure',
    figure: 'traces',
    title: `run with ${value}`,
    csv: partial ? '' : 't,soma\n',
    option: { yAxis: [{ name: 'V (mV)' }], series: [{ name: 'soma', type: 'line', data: [[0, value], [1, value + 1], [2, value + 2]] }] },
    ...(partial ? { partial: { fraction: 0.5, t: 1 } } : {}),
  } as FigureValue;
}

/** Timers the test runs by hand, and a clock. */
function manual() {
  const jobs: Array<{ fn: () => void; ms: number }> = [];
  let now = 1_700_000_000_000;
  return {
    later: (fn: () => void, ms: number) => {
      const job = { fn, ms };
      jobs.push(job);
      return () => void jobs.splice(jobs.indexOf(job), 1);
    },
    now: () => now,
    advance: (ms: number) => (now += ms),
    run: () => jobs.splice(0).forEach((j) => j.fn()),
    jobs,
  };
}

/** A library database and a history backend on it that counts its writes. */
async function storage(name = fresh()) {
  const lib = await openLibrary({ error: (m) => expect.unreachable(m) }, { name });
  const idb = new IdbHistory(() => lib.connection());
  const writes: HistoryBatch[] = [];
  const backend: HistoryBackend = {
    persistent: true,
    load: (g, p) => idb.load(g, p),
    apply: (b) => (writes.push(b), idb.apply(b)),
    rekey: (f, t) => idb.rekey(f, t),
    forget: (g) => idb.forget(g),
  };
  return { name, lib, backend, writes };
}

const values = (h: { runs: ReadonlyArray<{ option: Record<string, unknown> }> }) =>
  h.runs.map((r) => {
    const d = (r.option.series as Array<{ data: Float64Array }>)[0].data;
    return d[1];
  });

describe('run history (IndexedDB)', () => {
  it('keeps the last N complete runs, numbered; partial figures are not kept; a reload reads them back', async () => {
    const s = await storage();
    const t = manual();
    const hub = new HistoryHub(Promise.resolve(s.backend), { later: t.later, now: t.now });
    const h = hub.get('graph:g1', 'traces');
    await h.ready;
    await h.setLimit(3);
    for (let v = 1; v <= 5; v++) {
      h.offer(fig(-v, true)); // a run still going
      h.offer(fig(v));
      await hub.flush();
    }
    expect(h.runs.map((r) => r.n)).toEqual([3, 4, 5]);
    expect(values(h)).toEqual([3, 4, 5]);
    expect(h.runs[2].auto).toMatch(/^run 5 · \d\d:\d\d:\d\d$/);
    s.lib.close();
    // Another visit: a new connection, a new hub.
    const again = await storage(s.name);
    const h2 = new HistoryHub(Promise.resolve(again.backend)).get('graph:g1', 'traces');
    await h2.ready;
    expect(h2.runs.map((r) => r.n)).toEqual([3, 4, 5]);
    expect(values(h2)).toEqual([3, 4, 5]);
    // The stored copy is the figure's numbers exactly: t, y pairs.
    expect(Array.from((h2.runs[0].option.series as Array<{ data: Float64Array }>)[0].data)).toEqual([0, 3, 1, 4, 2, 5]);
    expect(h2.settings).toMatchObject({ limit: 3, keep: false, next: 6 });
    again.lib.close();
  });

  it('pinned runs are never evicted by the limit', async () => {
    const s = await storage();
    const t = manual();
    const hub = new HistoryHub(Promise.resolve(s.backend), { later: t.later, now: t.now });
    const h = hub.get('graph:g', 'traces');
    const first = fig(100);
    h.offer(first);
    // Pinning a queued run stores it at once.
    await h.togglePin(first);
    expect(h.runOf(first)).toMatchObject({ n: 1, pinned: true, visible: true });
    for (let v = 1; v <= 12; v++) {
      h.offer(fig(v));
      await hub.flush();
    }
    // 10 newest (runs 4–13) and the pinned run 1.
    expect(h.runs.map((r) => r.n)).toEqual([1, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13]);
    expect(values(h)[0]).toBe(100);
    // Unpinned, it goes with the next run.
    await h.setPinned(h.runs[0].id, false);
    h.offer(fig(13));
    await hub.flush();
    expect(h.runs.map((r) => r.n)).toEqual([5, 6, 7, 8, 9, 10, 11, 12, 13, 14]);
    s.lib.close();
    const again = await storage(s.name);
    const h2 = new HistoryHub(Promise.resolve(again.backend)).get('graph:g', 'traces');
    await h2.ready;
    expect(h2.runs.map((r) => r.n)).toEqual([5, 6, 7, 8, 9, 10, 11, 12, 13, 14]);
    again.lib.close();
  });

  it('keeps each graph and each plot apart; labels, hidden runs and keep lines persist', async () => {
    const s = await storage();
    const t = manual();
    const hub = new HistoryHub(Promise.resolve(s.backend), { later: t.later, now: t.now });
    const a = hub.get('graph:A', 'traces');
    const b = hub.get('graph:B', 'traces');
    const a2 = hub.get('graph:A', 'other');
    a.offer(fig(1));
    a.offer(fig(2));
    b.offer(fig(10));
    a2.offer(fig(20));
    await hub.flush();
    expect(values(a)).toEqual([1, 2]);
    expect(values(b)).toEqual([10]);
    expect(values(a2)).toEqual([20]);
    await a.setLabel(a.runs[0].id, '  gmax = 0.07  ');
    await a.setVisible(a.runs[1].id, false);
    await a.setKeep(true);
    s.lib.close();
    const again = await storage(s.name);
    const hub2 = new HistoryHub(Promise.resolve(again.backend));
    const [ra, rb] = [hub2.get('graph:A', 'traces'), hub2.get('graph:B', 'traces')];
    await Promise.all([ra.ready, rb.ready]);
    expect(ra.runs.map((r) => [r.n, r.label, r.visible])).toEqual([
      [1, 'gmax = 0.07', true],
      [2, '', false],
    ]);
    expect(ra.settings.keep).toBe(true);
    expect(rb.runs.map((r) => [r.n, r.label])).toEqual([[1, '']]);
    expect(rb.settings.keep).toBe(false);
    again.lib.close();
  });

  it('a drag of many runs: one write per interval, off the critical path; the last N kept, older ones never reduced', async () => {
    const s = await storage();
    const t = manual();
    const hub = new HistoryHub(Promise.resolve(s.backend), { later: t.later, now: t.now, minIntervalMs: 1000 });
    const h = hub.get('graph:drag', 'traces');
    await h.ready;
    const writesBefore = s.writes.length;
    // 40 runs complete while nothing is written: queued only (no write scheduled but one).
    for (let v = 1; v <= 40; v++) h.offer(fig(v));
    expect(h.runs).toHaveLength(0);
    expect(h.queued).toBe(10);
    expect(t.jobs).toHaveLength(1);
    expect(t.jobs[0].ms).toBe(0);
    t.run();
    await hub.flush();
    expect(s.writes.length - writesBefore).toBe(1);
    expect(values(h)).toEqual([31, 32, 33, 34, 35, 36, 37, 38, 39, 40]);
    expect(h.runs.map((r) => r.n)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    // The next run within the second waits for the rest of it.
    t.advance(300);
    h.offer(fig(41));
    expect(t.jobs.map((j) => j.ms)).toEqual([700]);
    t.run();
    await hub.flush();
    expect(s.writes.length - writesBefore).toBe(2);
    expect(values(h).slice(-2)).toEqual([40, 41]);
    s.lib.close();
  });

  it('an example saved in the library: its runs move to the graph key (a reload of the library graph finds them)', async () => {
    const s = await storage();
    const t = manual();
    const hub = new HistoryHub(Promise.resolve(s.backend), { later: t.later, now: t.now });
    const h = hub.get('example:compartment-tutorial', 'traces');
    h.offer(fig(1));
    await hub.flush();
    await h.setLabel(h.runs[0].id, 'as shipped');
    await hub.rekey('example:compartment-tutorial', 'graph:G');
    expect(hub.get('graph:G', 'traces')).toBe(h);
    h.offer(fig(2));
    await hub.flush();
    // A graph opened without an id yet (session key): in memory only, then written when it gets one.
    const tmp = hub.get('session:3', 'traces');
    tmp.offer(fig(7));
    await hub.flush();
    expect(values(tmp)).toEqual([7]);
    expect(await s.backend.load('session:3', 'traces')).toEqual({ settings: null, runs: [] });
    await hub.rekey('session:3', 'graph:H');
    s.lib.close();
    const again = await storage(s.name);
    const hub2 = new HistoryHub(Promise.resolve(again.backend));
    const g = hub2.get('graph:G', 'traces');
    await g.ready;
    expect(g.runs.map((r) => [r.n, r.label, r.graph])).toEqual([
      [1, 'as shipped', 'graph:G'],
      [2, '', 'graph:G'],
    ]);
    expect((await again.backend.load('example:compartment-tutorial', 'traces')).runs).toEqual([]);
    expect(values(await again.backend.load('graph:H', 'traces'))).toEqual([7]);
    // The graph deleted from the library: its runs go too.
    await hub2.forget('graph:G');
    expect((await again.backend.load('graph:G', 'traces')).runs).toEqual([]);
    again.lib.close();
  });

  it('deletes a run, and the compared run goes with it', async () => {
    const s = await storage();
    const hub = new HistoryHub(Promise.resolve(s.backend), { later: manual().later });
    const h = hub.get('graph:d', 'traces');
    h.offer(fig(1));
    h.offer(fig(2));
    await hub.flush();
    h.setCompare(h.runs[0].id);
    await h.remove(h.runs[0].id);
    expect(h.compare).toBeNull();
    expect(values(h)).toEqual([2]);
    expect(values(await s.backend.load('graph:d', 'traces'))).toEqual([2]);
    s.lib.close();
  });
});
