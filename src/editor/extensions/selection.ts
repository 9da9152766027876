/**
 * Which blocks are selected. Clicking a block selects it; Shift/Ctrl/⌘-click adds or removes it.
 * The selection holds only blocks the store has; blocks draw themselves selected.
 */
import { BehaviorSubject, type Observable } from 'rxjs';
import type { GraphStore } from '../../dataflow/store.ts';
import { listen, watch } from './listen.ts';
import type { Area, Destroy, Editor } from './types.ts';

/** Modifier keys of the last pointerdown in the editor (Rete's node events do not carry them). */
export interface PointerMods {
  /** Shift, Ctrl or ⌘: add to the selection instead of replacing it. */
  add: boolean;
  shift: boolean;
}

export interface Selection {
  readonly selected$: Observable<string[]>;
  /** The selected block ids, in the order they were selected. */
  ids(): readonly string[];
  has(id: string): boolean;
  /** Select exactly these blocks (unknown ids and repeats are dropped). */
  set(ids: readonly string[]): void;
  mods(): PointerMods;
  destroy: Destroy;
}

export function selection(deps: { container: HTMLElement; editor: Editor; area: Area; store: GraphStore }): Selection {
  const { container, editor, area, store } = deps;
  const subject = new BehaviorSubject<string[]>([]);
  let mods: PointerMods = { add: false, shift: false };

  function set(ids: readonly string[]): void {
    const next = [...new Set(ids)].filter((id) => store.node(id));
    const before = new Set(subject.value);
    const after = new Set(next);
    for (const id of new Set([...before, ...after])) {
      const n = editor.getNode(id);
      if (!n) continue;
      const sel = after.has(id);
      if (n.selected !== sel) {
        n.selected = sel;
        void area.update('node', id);
      }
    }
    const same = next.length === subject.value.length && next.every((id, i) => id === subject.value[i]);
    if (!same) subject.next(next);
  }

  const offs: Destroy[] = [
    listen(
      container,
      'pointerdown',
      (e) => {
        mods = { add: e.shiftKey || e.ctrlKey || e.metaKey, shift: e.shiftKey };
      },
      true,
    ),
    watch(area, (s) => {
      if (s.type !== 'nodepicked') return;
      const id = s.data.id;
      const sel = subject.value;
      if (mods.add) set(sel.includes(id) ? sel.filter((x) => x !== id) : [...sel, id]);
      else if (!sel.includes(id)) set([id]);
    }),
  ];

  return {
    selected$: subject.asObservable(),
    ids: () => subject.value,
    has: (id) => subject.value.includes(id),
    set,
    mods: () => mods,
    destroy: () => {
      for (const off of offs) off();
      subject.complete();
    },
  };
}
