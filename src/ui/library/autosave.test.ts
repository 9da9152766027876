import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { GraphStore } from '../../dataflow/store.ts';
import { FAKE_BLOCKS, chain } from '../../dataflow/test-kit.ts';
import { Autosave, type SaveRequest } from './autosave.ts';

const lookup = (t: string) => FAKE_BLOCKS.find((b) => b.type === t);

function setup() {
  const store = new GraphStore(chain(), { blockDef: lookup });
  const saves: Array<SaveRequest & { res: unknown }> = [];
  let k = 0;
  const tracked: Array<string | null> = [];
  const auto = new Autosave(store, {
    save: async (r) => void saves.push({ ...r, res: r.graph.nodes.find((n) => n.id === 'model')?.params.res }),
    newId: () => `id${++k}`,
    onTrack: (id) => tracked.push(id),
  });
  auto.start();
  return { store, saves, auto, tracked };
}

describe('autosave', () => {
  beforeEach(() => void vi.useFakeTimers());
  afterEach(() => void vi.useRealTimers());

  it('saves 300 ms after the last edit, as a new entry the first time', async () => {
    const { store, saves, tracked } = setup();
    store.setParam('model', 'res', 11);
    await vi.advanceTimersByTimeAsync(250);
    expect(saves).toHaveLength(0);
    store.setParam('model', 'res', 12);
    await vi.advanceTimersByTimeAsync(300);
    expect(saves.map((s) => [s.id, s.isNew, s.res])).toEqual([['id1', true, 12]]);
    store.setParam('model', 'res', 13);
    await vi.advanceTimersByTimeAsync(300);
    expect(saves.map((s) => [s.id, s.isNew, s.res])).toEqual([
      ['id1', true, 12],
      ['id1', false, 13],
    ]);
    expect(tracked).toEqual(['id1']);
  });

  it('edits that never pause are still saved within 800 ms', async () => {
    const { store, saves } = setup();
    for (let i = 0; i < 10; i++) {
      store.setParam('model', 'res', 20 + i);
      await vi.advanceTimersByTimeAsync(100);
    }
    expect(saves.length).toBeGreaterThanOrEqual(1);
    expect(saves[0].res).toBeLessThanOrEqual(28);
  });

  it('an edit pending when another graph opens is saved under its own id; the opened graph brings its id', async () => {
    const { store, saves, auto } = setup();
    store.setParam('model', 'res', 30);
    auto.expect('lib-7');
    store.open(chain());
    await vi.advanceTimersByTimeAsync(0);
    expect(saves.map((s) => [s.id, s.res])).toEqual([['id1', 30]]);
    expect(auto.id).toBe('lib-7');
    store.setParam('model', 'res', 31);
    await auto.flush();
    expect(saves.map((s) => [s.id, s.isNew, s.res])).toEqual([
      ['id1', true, 30],
      ['lib-7', false, 31],
    ]);
    // A graph opened from elsewhere has no id until adopted (an import) or edited.
    store.open(chain());
    expect(auto.id).toBeNull();
    await auto.adopt();
    expect(saves.at(-1)).toMatchObject({ id: 'id2', isNew: true });
  });

  it('discard drops the waiting edit (the other tab’s version was chosen); retarget sends later edits to the copy', async () => {
    const { store, saves, auto, tracked } = setup();
    store.setParam('model', 'res', 40);
    await auto.flush();
    store.setParam('model', 'res', 41);
    expect(auto.pending).toBe(true);
    auto.discard();
    expect(auto.pending).toBe(false);
    await vi.advanceTimersByTimeAsync(1000);
    expect(saves.map((s) => s.res)).toEqual([40]);
    // Keep both: the copy was written by the library; edits waiting and later ones go there.
    store.setParam('model', 'res', 42);
    auto.retarget('copy-1');
    await vi.advanceTimersByTimeAsync(1000);
    expect(saves.map((s) => [s.id, s.isNew, s.res])).toEqual([
      ['id1', true, 40],
      ['copy-1', false, 42],
    ]);
    expect(tracked).toEqual(['id1', 'copy-1']);
  });
});
