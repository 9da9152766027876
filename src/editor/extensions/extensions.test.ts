// Editor extensions without a browser: each destroy removes every listener it added, and the
// logic that needs no DOM (clipboard offsets, watchers, destroy order) does what it says.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { BehaviorSubject } from 'rxjs';
import { ClassicPreset, NodeEditor, type GetSchemes } from 'rete';
import { blockDef } from '../../../nodes/index.ts';
import { emptyGraph } from '../../dataflow/graph.ts';
import { GraphStore } from '../../dataflow/store.ts';
import { BLOCK_MIME } from '../palette.ts';
import { clipboard } from './clipboard.ts';
import { keyboard } from './keyboard.ts';
import { destroyAll, listen, watch } from './listen.ts';
import { paletteDrop } from './palette-drop.ts';
import type { Selection } from './selection.ts';
import type { Area } from './types.ts';

/** An EventTarget that counts the listeners currently attached (type + capture, as the DOM keys them). */
class CountingTarget extends EventTarget {
  readonly live = new Map<string, number>();
  private key(type: string, options?: boolean | EventListenerOptions): string {
    return `${type}/${typeof options === 'boolean' ? options : Boolean(options?.capture)}`;
  }
  override addEventListener(type: string, fn: EventListenerOrEventListenerObject | null, options?: boolean | AddEventListenerOptions): void {
    const k = this.key(type, options);
    this.live.set(k, (this.live.get(k) ?? 0) + 1);
    super.addEventListener(type, fn, options);
  }
  override removeEventListener(type: string, fn: EventListenerOrEventListenerObject | null, options?: boolean | EventListenerOptions): void {
    const k = this.key(type, options);
    this.live.set(k, (this.live.get(k) ?? 0) - 1);
    super.removeEventListener(type, fn, options);
  }
  count(): number {
    return [...this.live.values()].reduce((a, b) => a + b, 0);
  }
}

/** A selection that only keeps ids (the real one also redraws blocks). */
function plainSelection(): Selection {
  const s = new BehaviorSubject<string[]>([]);
  return {
    selected$: s.asObservable(),
    ids: () => s.value,
    has: (id) => s.value.includes(id),
    set: (ids) => s.next([...ids]),
    mods: () => ({ add: false, shift: false }),
    destroy: () => s.complete(),
  };
}

describe('listen and destroyAll', () => {
  it('removes exactly the listener it added, once', () => {
    const t = new CountingTarget();
    let calls = 0;
    const off = listen(t, 'pointerdown', () => calls++);
    t.dispatchEvent(new Event('pointerdown'));
    off();
    off();
    t.dispatchEvent(new Event('pointerdown'));
    expect(calls).toBe(1);
    expect(t.count()).toBe(0);
  });

  it('removes a capture listener as a capture listener', () => {
    // Counted, not dispatched: Node 20's EventTarget does not remove a listener added with a boolean `true` capture (browsers do).
    const t = new CountingTarget();
    const off = listen(t, 'contextmenu', () => undefined, true);
    expect(t.live.get('contextmenu/true')).toBe(1);
    off();
    expect(t.live.get('contextmenu/true')).toBe(0);
    expect(t.count()).toBe(0);
  });

  it('runs destroys in reverse order, once, and a throwing one does not stop the rest', () => {
    const order: number[] = [];
    const all = destroyAll([
      () => order.push(1),
      () => {
        order.push(2);
        throw new Error('boom');
      },
      () => order.push(3),
    ]);
    expect(() => all()).toThrow('boom');
    all();
    expect(order).toEqual([3, 2, 1]);
  });
});

describe('watch', () => {
  type S = GetSchemes<ClassicPreset.Node, ClassicPreset.Connection<ClassicPreset.Node, ClassicPreset.Node>>;
  it('sees signals without changing them, and nothing after destroy', async () => {
    const editor = new NodeEditor<S>();
    const seen: string[] = [];
    const off = watch(editor, (s) => seen.push(s.type));
    expect(await editor.addNode(new ClassicPreset.Node('a'))).toBe(true);
    expect(seen).toEqual(['nodecreate', 'nodecreated']);
    off();
    expect(await editor.addNode(new ClassicPreset.Node('b'))).toBe(true);
    expect(seen).toHaveLength(2);
    expect(editor.getNodes()).toHaveLength(2);
  });
});

describe('clipboard', () => {
  it('pastes each copy 40 px further, duplicates 40 px away, selects what it made, and stops after destroy', () => {
    const store = new GraphStore(emptyGraph(), { blockDef });
    const a = store.addNode('load-skeleton', [100, 200]);
    const selection = plainSelection();
    const cb = clipboard({ store, selection });
    selection.set([a]);
    cb.copySelection();
    cb.paste();
    const p1 = selection.ids();
    cb.paste();
    const p2 = selection.ids();
    expect(p1).toHaveLength(1);
    expect(p2).toHaveLength(1);
    expect(store.node(p1[0])?.position).toEqual([140, 240]);
    expect(store.node(p2[0])?.position).toEqual([180, 280]);
    selection.set([a]);
    cb.duplicateSelection();
    expect(store.node(selection.ids()[0])?.position).toEqual([140, 240]);
    const before = store.graph.nodes.length;
    cb.destroy();
    cb.paste();
    expect(store.graph.nodes.length).toBe(before);
  });
});

describe('palette drop', () => {
  /** The parts of the area that screen → editor coordinates read: holder at (10, 20), zoom 2. */
  const area = {
    area: { content: { holder: { getBoundingClientRect: () => ({ left: 10, top: 20 }) } }, transform: { k: 2 } },
  } as unknown as Area;

  function dropEvent(type: string, data: Record<string, string>, x: number, y: number): Event {
    const e = new Event(type, { cancelable: true });
    const dataTransfer = { types: Object.keys(data), getData: (k: string) => data[k] ?? '', dropEffect: 'none' };
    return Object.assign(e, { dataTransfer, clientX: x, clientY: y });
  }

  it('adds the dropped block under the pointer, refuses unknown types in words, and removes both listeners', () => {
    const container = new CountingTarget();
    const added: Array<[string, [number, number]]> = [];
    const toasts: string[] = [];
    const off = paletteDrop({
      container: container as unknown as HTMLElement,
      area,
      addBlock: (type, at) => (added.push([type, at]), 'x'),
      toast: (m) => toasts.push(m),
    });
    expect(container.count()).toBe(2);
    const over = dropEvent('dragover', { [BLOCK_MIME]: 'load-skeleton' }, 0, 0);
    container.dispatchEvent(over);
    expect(over.defaultPrevented).toBe(true);
    // (210 − 10) / 2 − 20 = 80, (220 − 20) / 2 − 14 = 86
    container.dispatchEvent(dropEvent('drop', { [BLOCK_MIME]: 'load-skeleton' }, 210, 220));
    container.dispatchEvent(dropEvent('drop', { [BLOCK_MIME]: 'no-such-block' }, 0, 0));
    expect(added).toEqual([['load-skeleton', [80, 86]]]);
    expect(toasts).toEqual(['there is no block type "no-such-block"']);
    off();
    expect(container.count()).toBe(0);
    container.dispatchEvent(dropEvent('drop', { [BLOCK_MIME]: 'load-skeleton' }, 0, 0));
    expect(added).toHaveLength(1);
  });
});

describe('keyboard', () => {
  afterEach(() => vi.unstubAllGlobals());

  function key(k: string, mods: { ctrlKey?: boolean; shiftKey?: boolean } = {}): Event {
    return Object.assign(new Event('keydown', { cancelable: true }), { key: k, ctrlKey: false, metaKey: false, shiftKey: false, altKey: false, ...mods });
  }

  it('turns keys into store commands, leaves keys it does not use alone, and removes both listeners', () => {
    const doc = new CountingTarget();
    vi.stubGlobal('document', doc);
    const container = Object.assign(new CountingTarget(), { isConnected: true, focus: () => undefined });
    const store = new GraphStore(emptyGraph(), { blockDef });
    const a = store.addNode('load-skeleton', [0, 0]);
    const selection = plainSelection();
    const done: string[] = [];
    const off = keyboard({
      container: container as unknown as HTMLElement,
      store,
      selection,
      clipboard: { copySelection: () => done.push('copy'), paste: () => done.push('paste'), duplicateSelection: () => done.push('duplicate') },
      commands: { deleteSelection: () => done.push('delete') },
      probe: { openOn: () => null, close: () => done.push('close probe') },
      zoomToFit: async () => void done.push('fit'),
    });
    expect(container.live.get('pointerdown/true')).toBe(1);
    expect(doc.live.get('keydown/false')).toBe(1);
    const undo = key('z', { ctrlKey: true });
    doc.dispatchEvent(undo);
    expect(undo.defaultPrevented).toBe(true);
    expect(store.graph.nodes).toHaveLength(0);
    doc.dispatchEvent(key('Z', { ctrlKey: true, shiftKey: true }));
    expect(store.graph.nodes.map((n) => n.id)).toEqual([a]);
    // Nothing selected: Delete and Escape are not the editor's.
    const del = key('Delete');
    doc.dispatchEvent(del);
    expect(del.defaultPrevented).toBe(false);
    doc.dispatchEvent(key('Escape'));
    selection.set([a]);
    doc.dispatchEvent(key('d', { ctrlKey: true }));
    doc.dispatchEvent(key('Delete'));
    doc.dispatchEvent(key('f'));
    doc.dispatchEvent(key('Escape'));
    expect(done).toEqual(['duplicate', 'delete', 'fit']);
    expect(selection.ids()).toEqual([]);
    off();
    expect(doc.count() + container.count()).toBe(0);
    doc.dispatchEvent(key('z', { ctrlKey: true }));
    expect(store.graph.nodes).toHaveLength(1);
  });
});
