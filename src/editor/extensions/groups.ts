/**
 * Groups in the editor: a titled, coloured frame behind its blocks (the bounding box of the
 * blocks, redrawn at most once per animation frame when something moves). Dragging the title
 * bar moves the blocks together (one undo step, reroute points of the wires among them too); a
 * click on it selects them. The bar's buttons collapse/expand (collapsed: the blocks are hidden,
 * the group is one compact box at their top-left corner, wires to the outside end on it and wires
 * inside are not drawn), recolour and ungroup; a double-click on the title renames. Ctrl+G groups
 * the selected blocks, Ctrl+Shift+G ungroups the groups they are in.
 *
 * Titles come from graph files: they are set as text (textContent), never as HTML.
 */
import type { GraphGroup } from '../../dataflow/graph.ts';
import type { GraphStore } from '../../dataflow/store.ts';
import { isTextTarget } from '../view-model.ts';
import type { Wire } from '../block-node.ts';
import type { WireHooks } from './render.ts';
import { listen, watch } from './listen.ts';
import type { Selection } from './selection.ts';
import type { Area, Destroy, Editor } from './types.ts';

/** Space around the blocks inside a frame, and the title bar's height (editor px). */
const PAD = 16;
const BAR = 30;
/** A collapsed group's box (editor px). */
export const COLLAPSED_WIDTH = 220;
export const COLLAPSED_HEIGHT = 64;

export interface Groups {
  /** Frame the selected blocks as a new group; returns its id (null when nothing is selected). */
  groupSelection(): string | null;
  /** Remove the groups the selected blocks are in. */
  ungroupSelection(): void;
  destroy: Destroy;
}

interface Frame {
  root: HTMLDivElement;
  title: HTMLSpanElement;
  collapse: HTMLButtonElement;
  color: HTMLInputElement;
  count: HTMLDivElement;
  group: GraphGroup;
}

interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

export function groups(deps: { container: HTMLElement; editor: Editor; area: Area; store: GraphStore; selection: Selection; wires: WireHooks }): Groups {
  const { container, editor, area, store, selection, wires } = deps;
  const layer = document.createElement('div');
  layer.className = 'nw-groups-layer';
  layer.dataset.testid = 'groups-layer';
  const holder = area.area.content.holder;
  holder.insertBefore(layer, holder.firstChild);

  const frames = new Map<string, Frame>();
  /** Block id → its collapsed group's id (blocks of expanded groups are not here). */
  let collapsedOf = new Map<string, string>();
  /** Collapsed groups' boxes, by group id. */
  const boxes = new Map<string, Box>();
  let destroyed = false;

  wires.endAt = (nodeId, side) => {
    const g = collapsedOf.get(nodeId);
    const b = g === undefined ? undefined : boxes.get(g);
    if (!b) return null;
    return side === 'output' ? [b.x + b.w, b.y + b.h / 2] : [b.x, b.y + b.h / 2];
  };
  wires.hidden = (w: Wire) => {
    const a = collapsedOf.get(w.source);
    return a !== undefined && a === collapsedOf.get(w.target);
  };

  function bounds(ids: readonly string[]): Box | null {
    let x0 = Infinity;
    let y0 = Infinity;
    let x1 = -Infinity;
    let y1 = -Infinity;
    for (const id of ids) {
      const v = area.nodeViews.get(id);
      const n = editor.getNode(id);
      if (!v || !n) continue;
      x0 = Math.min(x0, v.position.x);
      y0 = Math.min(y0, v.position.y);
      x1 = Math.max(x1, v.position.x + n.width);
      y1 = Math.max(y1, v.position.y + n.height);
    }
    return Number.isFinite(x0) ? { x: x0, y: y0, w: x1 - x0, h: y1 - y0 } : null;
  }

  function makeFrame(g: GraphGroup): Frame {
    const root = document.createElement('div');
    root.className = 'nw-group';
    root.dataset.testid = `group-${g.id}`;
    const bar = document.createElement('div');
    bar.className = 'nw-group-bar';
    bar.dataset.testid = `group-bar-${g.id}`;
    const title = document.createElement('span');
    title.className = 'nw-group-title';
    title.dataset.testid = `group-title-${g.id}`;
    title.title = 'drag to move the group, double-click to rename';
    const collapse = document.createElement('button');
    collapse.dataset.testid = `group-collapse-${g.id}`;
    const colorLabel = document.createElement('label');
    colorLabel.textContent = '●';
    colorLabel.title = 'colour';
    const color = document.createElement('input');
    color.type = 'color';
    color.dataset.testid = `group-color-${g.id}`;
    colorLabel.appendChild(color);
    const ungroup = document.createElement('button');
    ungroup.textContent = '✕';
    ungroup.title = 'ungroup (the blocks stay)';
    ungroup.dataset.testid = `group-ungroup-${g.id}`;
    const count = document.createElement('div');
    count.className = 'nw-group-count';
    count.dataset.testid = `group-count-${g.id}`;
    bar.append(title, collapse, colorLabel, ungroup);
    root.append(bar, count);
    layer.appendChild(root);
    const id = g.id;
    for (const el of [collapse, colorLabel, ungroup]) el.addEventListener('pointerdown', (e) => e.stopPropagation());
    collapse.addEventListener('click', (e) => {
      e.stopPropagation();
      const now = store.graph.groups?.find((x) => x.id === id);
      if (now) store.updateGroup(id, { collapsed: !now.collapsed });
    });
    ungroup.addEventListener('click', (e) => {
      e.stopPropagation();
      store.ungroup(id);
    });
    color.addEventListener('change', () => store.updateGroup(id, { color: color.value }));
    title.addEventListener('dblclick', (e) => {
      e.stopPropagation();
      const now = store.graph.groups?.find((x) => x.id === id);
      const text = window.prompt('Group title', now?.title ?? '');
      if (text !== null) store.updateGroup(id, { title: text.trim() });
    });
    bar.addEventListener('pointerdown', (e) => startDrag(id, e));
    bar.addEventListener('dblclick', (e) => e.stopPropagation());
    return { root, title, collapse, color, count, group: g };
  }

  function paint(f: Frame, g: GraphGroup): void {
    f.group = g;
    f.root.style.setProperty('--g', g.color);
    f.title.textContent = g.title || 'Group';
    f.collapse.textContent = g.collapsed ? '▸' : '▾';
    f.collapse.title = g.collapsed ? 'expand: show the blocks' : 'collapse: one box for the group';
    f.color.value = g.color;
    f.root.classList.toggle('nw-group-collapsed', Boolean(g.collapsed));
    f.root.dataset.collapsed = g.collapsed ? 'true' : 'false';
    f.count.textContent = g.collapsed ? `${g.nodes.length} block${g.nodes.length === 1 ? '' : 's'}: ${g.nodes.join(', ')}` : '';
  }

  /** Wires touching these blocks, drawn again (their ends or visibility changed). */
  function redrawWires(ids: ReadonlySet<string>): void {
    if (!ids.size) return;
    for (const c of editor.getConnections()) if (ids.has(c.source) || ids.has(c.target)) void area.update('connection', c.id);
  }

  function refresh(): void {
    if (destroyed) return;
    const list = store.graph.groups ?? [];
    const alive = new Set(list.map((g) => g.id));
    for (const [id, f] of frames) {
      if (!alive.has(id)) {
        f.root.remove();
        frames.delete(id);
      }
    }
    const nextCollapsed = new Map<string, string>();
    for (const g of list) if (g.collapsed) for (const n of g.nodes) nextCollapsed.set(n, g.id);
    // Blocks that changed side: shown or hidden, and their wires drawn again.
    const changed = new Set<string>();
    for (const id of new Set([...collapsedOf.keys(), ...nextCollapsed.keys()])) {
      // Checked every time: a block drawn after its group was collapsed (a graph still opening) is hidden too.
      const el = area.nodeViews.get(id)?.element;
      // visibility, not display: hidden blocks keep their layout, so their sockets can still be measured.
      const visibility = nextCollapsed.has(id) ? 'hidden' : '';
      if (el && el.style.visibility !== visibility) {
        el.style.visibility = visibility;
        changed.add(id);
      }
      if (collapsedOf.get(id) !== nextCollapsed.get(id)) changed.add(id);
    }
    collapsedOf = nextCollapsed;
    for (const g of list) {
      let f = frames.get(g.id);
      if (!f) frames.set(g.id, (f = makeFrame(g)));
      if (f.group !== g || !f.root.style.getPropertyValue('--g')) paint(f, g);
      const b = bounds(g.nodes);
      if (!b) {
        f.root.style.display = 'none';
        continue;
      }
      f.root.style.display = '';
      if (g.collapsed) {
        const box = { x: b.x, y: b.y, w: COLLAPSED_WIDTH, h: COLLAPSED_HEIGHT };
        const old = boxes.get(g.id);
        boxes.set(g.id, box);
        if (!old || old.x !== box.x || old.y !== box.y) for (const n of g.nodes) changed.add(n);
        place(f.root, box.x, box.y, box.w, box.h);
      } else {
        boxes.delete(g.id);
        place(f.root, b.x - PAD, b.y - PAD - BAR, b.w + 2 * PAD, b.h + 2 * PAD + BAR);
      }
    }
    for (const id of boxes.keys()) if (!alive.has(id) || !list.find((g) => g.id === id)?.collapsed) boxes.delete(id);
    redrawWires(changed);
  }

  function place(el: HTMLElement, x: number, y: number, w: number, h: number): void {
    el.style.transform = `translate(${x}px, ${y}px)`;
    el.style.width = `${w}px`;
    el.style.height = `${h}px`;
  }

  let frame = 0;
  function schedule(): void {
    if (frame === 0 && !destroyed) frame = requestAnimationFrame(() => {
      frame = 0;
      refresh();
    });
  }

  // Dragging a group by its title bar.
  function startDrag(id: string, e: PointerEvent): void {
    if (e.button !== 0) return;
    e.stopPropagation();
    e.preventDefault();
    const g = store.graph.groups?.find((x) => x.id === id);
    if (!g) return;
    const members = g.nodes.filter((n) => area.nodeViews.has(n));
    const start = new Map(members.map((n) => [n, { ...area.nodeViews.get(n)!.position }]));
    const sx = e.clientX;
    const sy = e.clientY;
    let moved = false;
    let dx = 0;
    let dy = 0;
    const move = (ev: PointerEvent) => {
      const k = area.area.transform.k;
      dx = Math.round((ev.clientX - sx) / k);
      dy = Math.round((ev.clientY - sy) / k);
      if (!moved && Math.abs(ev.clientX - sx) + Math.abs(ev.clientY - sy) < 3) return;
      moved = true;
      for (const [n, p] of start) void area.translate(n, { x: p.x + dx, y: p.y + dy });
    };
    const up = () => {
      offMove();
      offUp();
      if (!moved) {
        selection.set(members);
        return;
      }
      const inside = new Set(members);
      store.transaction(() => {
        store.moveNodes([...start].map(([n, p]) => ({ id: n, position: [Math.round(p.x + dx), Math.round(p.y + dy)] as [number, number] })));
        // Reroute points of wires among the group's blocks travel with them.
        for (const c of store.graph.connections) {
          if (c.via && inside.has(c.from.node) && inside.has(c.to.node)) store.setVia(c, c.via.map((p) => [p[0] + dx, p[1] + dy] as [number, number]));
        }
      });
    };
    const offMove = listen(window, 'pointermove', move);
    const offUp = listen(window, 'pointerup', up);
  }

  function groupSelection(): string | null {
    const ids = selection.ids();
    if (!ids.length) return null;
    return store.group(ids, { title: `Group ${(store.graph.groups?.length ?? 0) + 1}` });
  }

  function ungroupSelection(): void {
    const ids = new Set(selection.ids());
    const gone = (store.graph.groups ?? []).filter((g) => g.nodes.some((n) => ids.has(n)));
    if (!gone.length) return;
    store.transaction(() => {
      for (const g of gone) store.ungroup(g.id);
    });
  }

  const sub = store.changes$.subscribe(() => schedule());
  const offs: Destroy[] = [
    watch(area, (s) => {
      if (s.type === 'nodetranslated' || s.type === 'noderesized' || s.type === 'nodecreated' || s.type === 'noderemoved') schedule();
    }),
    listen(document, 'keydown', (e) => {
      if (e.defaultPrevented || !(e.ctrlKey || e.metaKey) || e.altKey || e.key.toLowerCase() !== 'g') return;
      const origin = (e.composedPath()[0] ?? e.target) as (Element & { isContentEditable?: boolean; type?: string }) | null;
      if (isTextTarget(origin) || !container.isConnected || !selection.ids().length) return;
      e.preventDefault();
      if (e.shiftKey) ungroupSelection();
      else groupSelection();
    }),
  ];
  schedule();

  return {
    groupSelection,
    ungroupSelection,
    destroy: () => {
      if (destroyed) return;
      destroyed = true;
      if (frame !== 0) cancelAnimationFrame(frame);
      sub.unsubscribe();
      for (const off of offs) off();
      layer.remove();
      wires.endAt = () => null;
      wires.hidden = () => false;
    },
  };
}
