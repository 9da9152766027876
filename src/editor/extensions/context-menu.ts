/**
 * The right-click menu: on the background, the block catalogue by category (added where the
 * menu was opened, wired from the one selected block when they share a socket type), with a
 * search box that has the focus and filters with the block search as you type; on a block, duplicate, delete, mute, comment, rename and probe (for all
 * selected blocks when it is one of them); on a wire, delete it.
 */
import { ContextMenuPlugin } from 'rete-context-menu-plugin';
import type { Item } from 'rete-context-menu-plugin/_types/types';
import type { Connection } from '../../dataflow/graph.ts';
import type { GraphStore } from '../../dataflow/store.ts';
import { BLOCKS } from '../../../nodes/index.ts';
import { BlockNode, Wire, type Schemes } from '../block-node.ts';
import { groupBlocks } from '../palette-model.ts';
import { searchBlocks } from '../block-search.ts';
import { CATEGORY_LABELS } from '../sockets.ts';
import type { BlockCommands } from './commands.ts';
import { clientToArea } from './coordinates.ts';
import { listen, watch } from './listen.ts';
import type { Selection } from './selection.ts';
import type { Area, Destroy } from './types.ts';

type Menu = { searchBar: boolean; list: Item[] };
const EMPTY: Menu = { searchBar: false, list: [] };
/** At most this many blocks are listed for a search. */
const MAX_FOUND = 12;

/** The lit plugin's menu element, as far as the search needs it. */
type MenuElement = HTMLElement & { filter: string; items: Item[]; getItems(): Item[]; requestUpdate(): void; updateComplete: Promise<boolean> };

export function contextMenu(deps: {
  container: HTMLElement;
  area: Area;
  store: GraphStore;
  selection: Selection;
  commands: BlockCommands;
  duplicateSelection: () => void;
  openProbe: (id: string) => void;
}): Destroy {
  const { container, area, store, selection, commands } = deps;
  /** Where the menu was opened (editor px): blocks added from it go there. */
  let menuPoint: [number, number] = [0, 0];
  let on = true;

  function addAt(type: string, at: [number, number]): void {
    commands.addAfterSelection(type, [Math.round(at[0]), Math.round(at[1])]);
  }

  function rootMenu(): Menu {
    const at = menuPoint;
    return {
      searchBar: true,
      list: groupBlocks(BLOCKS).map((g) => ({
        label: CATEGORY_LABELS[g.category] ?? g.category,
        key: `cat-${g.category}`,
        handler: () => undefined,
        subitems: g.blocks.map((b) => ({ label: b.title, key: b.type, handler: () => addAt(b.type, at) })),
      })),
    };
  }

  /**
   * The plugin's own search matches the query as a regular expression against the categories'
   * labels only: the menu's element lists the block search's matches instead (a flat list of
   * blocks), and its search box takes the focus so that typing filters at once.
   */
  function searchable(host: HTMLElement): void {
    const el = host.querySelector<MenuElement>('rete-context-menu');
    if (!el || !el.shadowRoot) return;
    const at = menuPoint;
    el.getItems = function (this: MenuElement): Item[] {
      const q = this.filter ?? '';
      if (!q.trim()) return this.items;
      return searchBlocks(BLOCKS, q)
        .slice(0, MAX_FOUND)
        .map((b) => ({ label: b.title, key: b.type, handler: () => addAt(b.type, at) }));
    };
    el.requestUpdate();
    void el.updateComplete.then(() => {
      const search = el.shadowRoot?.querySelector('rete-context-menu-search');
      const input = search?.shadowRoot?.querySelector('input');
      input?.focus({ preventScroll: true });
    });
  }

  function blockMenu(node: BlockNode): Menu {
    const id = node.id;
    const ids = selection.has(id) ? [...selection.ids()] : [id];
    const g = store.node(id);
    const muted = Boolean(g?.bypass);
    const list: Item[] = [
      { label: ids.length > 1 ? `Duplicate ${ids.length} blocks` : 'Duplicate', key: 'duplicate', handler: () => (selection.set(ids), deps.duplicateSelection()) },
      { label: ids.length > 1 ? `Delete ${ids.length} blocks` : 'Delete', key: 'delete', handler: () => (selection.set(ids), commands.deleteSelection()) },
      { label: muted ? 'Unmute' : 'Mute', key: 'mute', handler: () => commands.setMuted(ids, !muted) },
      {
        label: 'Comment…',
        key: 'comment',
        handler: () => {
          const text = window.prompt(`Comment on ${id}`, g?.comment ?? '');
          if (text !== null && store.node(id)) store.setComment(id, text.trim());
        },
      },
      {
        label: 'Rename…',
        key: 'rename',
        handler: () => {
          const text = window.prompt(`Title of ${id}`, node.title);
          if (text !== null && store.node(id)) store.setTitle(id, text.trim() === node.def.title ? '' : text.trim());
        },
      },
    ];
    if (Object.keys(node.def.outputs).length) list.push({ label: 'Probe', key: 'probe', handler: () => deps.openProbe(id) });
    list.push({ label: ids.length > 1 ? `Group ${ids.length} blocks (Ctrl+G)` : 'Group (Ctrl+G)', key: 'group', handler: () => void store.group(ids, { title: `Group ${(store.graph.groups?.length ?? 0) + 1}` }) });
    const inGroup = (store.graph.groups ?? []).filter((x) => x.nodes.some((n) => ids.includes(n)));
    if (inGroup.length) list.push({ label: 'Ungroup (Ctrl+Shift+G)', key: 'ungroup', handler: () => store.transaction(() => inGroup.forEach((x) => store.ungroup(x.id))) });
    return { searchBar: false, list };
  }

  function wireMenu(w: Wire): Menu {
    const c: Connection = { from: { node: w.source, port: w.sourceOutput }, to: { node: w.target, port: w.targetInput } };
    return { searchBar: false, list: [{ label: 'Delete wire', key: 'delete-wire', handler: () => store.disconnect(c) }] };
  }

  const plugin = new ContextMenuPlugin<Schemes>({
    // unknown, not the plugin's union: anything else gets an empty menu rather than a wrong one.
    items: (context: unknown) => {
      if (!on) return EMPTY;
      if (context === 'root') return rootMenu();
      if (context instanceof BlockNode) return blockMenu(context);
      if (context instanceof Wire) return wireMenu(context);
      return EMPTY;
    },
  });
  area.use(plugin);

  const offs: Destroy[] = [
    listen(
      container,
      'contextmenu',
      (e) => {
        menuPoint = clientToArea(area, e.clientX, e.clientY);
      },
      true,
    ),
    // The root menu's element, once drawn, searches with the block search.
    watch(area, (s) => {
      if (s.type !== 'render' || s.data.type !== 'contextmenu') return;
      const host = s.data.element;
      if (!(s.data.items as unknown[]).some((i) => (i as Item).key?.startsWith('cat-'))) return;
      requestAnimationFrame(() => searchable(host));
    }),
    // Right-clicking a block that is not selected selects it (the menu acts on the selection).
    watch(area, (s) => {
      if (s.type !== 'contextmenu') return;
      const c = s.data.context;
      if (c instanceof BlockNode && !selection.has(c.id)) selection.set([c.id]);
    }),
  ];

  return () => {
    on = false;
    for (const off of offs) off();
  };
}
