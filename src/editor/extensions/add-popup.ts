/**
 * The add-block popup on the canvas: a double-click on empty canvas, Space or Tab (the editor
 * focused, no text field), or a new wire dropped on nothing opens it where the pointer is. The
 * picked block is added there (its corner at that point) as one undo step with its wires: to the
 * dragged socket (the list then holds only blocks that socket can reach), else from the one
 * selected block's output (auto-wire.ts).
 */
import type { SocketData } from 'rete-connection-plugin';
import type { GraphStore } from '../../dataflow/store.ts';
import { BLOCKS, blockDef } from '../../../nodes/index.ts';
import { AddPopup } from '../add-popup.ts';
import { popupEntries, type PopupEntry } from '../popup-entries.ts';
import type { Params } from '../../../nodes/types.ts';
import { NODE_WIDTH } from '../view-model.ts';
import { blocksForSocket, fillFromUpstream, socketType, wireToDragged, type DraggedSocket } from '../auto-wire.ts';
import { isTextTarget } from '../view-model.ts';
import type { BlockCommands } from './commands.ts';
import { clientToArea } from './coordinates.ts';
import { listen } from './listen.ts';
import type { Selection } from './selection.ts';
import type { Area, Destroy } from './types.ts';

export interface AddPopupHandle {
  /** Open at a point on screen (client px), for a dragged socket or for any block. */
  open(client: { x: number; y: number }, dragged?: DraggedSocket): void;
  /** A new wire was dropped on nothing (wiring.ts). */
  droppedOnNothing(from: SocketData): void;
  isOpen(): boolean;
  destroy: Destroy;
}

/** Where in a composed path the canvas is not empty: a block, a wire, a menu, the minimap, an overlay. */
function onSomething(path: readonly EventTarget[], container: HTMLElement): boolean {
  for (const t of path) {
    if (t === container) return false;
    if (!(t instanceof Element)) continue;
    if (t.classList.contains('nw-node') || t.classList.contains('nw-probe') || t.classList.contains('nw-band')) return true;
    // A group's bar (rename, collapse), a wire or a reroute point has its own double-click.
    if ([...t.classList].some((c) => c.startsWith('nw-group') || c === 'nw-reroute') || t instanceof SVGPathElement) return true;
    const tag = t.tagName.toLowerCase();
    if (tag.startsWith('rete-') && tag !== 'rete-ref') return true;
    if (tag === 'nw-add-popup' || tag === 'input' || tag === 'button' || tag === 'textarea' || tag === 'select') return true;
  }
  return false;
}

const TITLES: Readonly<Record<string, string>> = { neuron: 'a neuron', selection: 'nodes', model: 'a model', traces: 'traces', edges: 'edges', network: 'a network', spikes: 'spikes', table: 'a table', figure: 'a figure' };

export function addPopup(deps: { container: HTMLElement; area: Area; store: GraphStore; commands: Pick<BlockCommands, 'addBlock' | 'addAfterSelection'>; selection: Pick<Selection, 'ids' | 'set'> }): AddPopupHandle {
  const { container, area, store, commands, selection } = deps;
  let popup: AddPopup | null = null;
  let at: { x: number; y: number } = { x: 0, y: 0 };
  let dragged: DraggedSocket | undefined;
  /** The selection when the popup opened. */
  let selectedAtOpen: readonly string[] = [];
  /** The last pointer position (client px): where Space/Tab and a dropped wire open the popup. */
  let pointer: { x: number; y: number } | null = null;

  function close(): void {
    popup?.remove();
    popup = null;
    dragged = undefined;
  }

  function open(client: { x: number; y: number }, from?: DraggedSocket): void {
    close();
    const type = from ? socketType(store.graph, blockDef, from) : undefined;
    if (from && !type) return;
    at = client;
    dragged = from;
    selectedAtOpen = selection.ids();
    const el = new AddPopup();
    el.dataset.testid = 'add-popup';
    el.entries = popupEntries(from && type ? blocksForSocket(BLOCKS, from.side, type) : BLOCKS);
    el.heading = from && type ? (from.side === 'output' ? `Blocks that take ${TITLES[type] ?? type}` : `Blocks that give ${TITLES[type] ?? type}`) : '';
    const r = container.getBoundingClientRect();
    // Inside the editor, however near its edge it opened.
    const left = Math.max(4, Math.min(client.x - r.left, r.width - 304));
    const top = Math.max(4, Math.min(client.y - r.top, r.height - 390));
    el.style.left = `${left}px`;
    el.style.top = `${top}px`;
    el.addEventListener('nw-popup-pick', (e) => pick((e as CustomEvent<PopupEntry>).detail));
    // The canvas under it must not see its pointer and wheel events (a click would clear the selection, a wheel zoom).
    for (const t of ['pointerdown', 'pointerup', 'wheel', 'dblclick', 'contextmenu']) el.addEventListener(t, (e) => e.stopPropagation());
    el.addEventListener('nw-popup-close', () => {
      close();
      container.focus({ preventScroll: true });
    });
    container.appendChild(el);
    popup = el;
    void el.updateComplete.then(() => el.focus());
  }

  function pick(entry: PopupEntry): void {
    const from = dragged;
    const { type } = entry;
    const params: Params = entry.params ?? {};
    const [x, y] = clientToArea(area, at.x, at.y);
    const before = selectedAtOpen;
    close();
    container.focus({ preventScroll: true });
    if (!from) {
      commands.addAfterSelection(type, [Math.round(x), Math.round(y)], params);
      return;
    }
    // Feeding an input, the block's output (its right edge) is where the wire was dropped.
    const corner: [number, number] = [Math.round(from.side === 'input' ? x - NODE_WIDTH : x), Math.round(y)];
    store.transaction(() => {
      const id = commands.addBlock(type, corner, params);
      const w = wireToDragged(store.graph, blockDef, from, id);
      if (w) store.connect(w);
      // A block that feeds an input takes its other inputs from upstream of that block.
      if (from.side === 'input') for (const c of fillFromUpstream(store.graph, blockDef, id, from.node)) store.connect(c);
      if (from.side === 'input' && entry.preset) nameAfterPreset(from.node, entry.preset);
    });
    if (from.side === 'input' && before.length === 1 && before[0] === from.node) selection.set([from.node]);
  }

  /**
   * A recorder whose label is still its default is named after the preset that now says where it
   * records ("soma", "axon_tip"), as the tutorial names its traces; a label the user gave stays.
   */
  function nameAfterPreset(id: string, preset: string): void {
    const node = store.node(id);
    const spec = node ? blockDef(node.type)?.params.find((p) => p.name === 'label' && p.kind === 'string') : undefined;
    if (!node || !spec || Object.hasOwn(node.params, 'label')) return;
    store.setParam(id, 'label', preset.trim().replace(/\s+/g, '_'));
  }

  const offs: Destroy[] = [
    listen(window, 'pointermove', (e) => (pointer = { x: e.clientX, y: e.clientY }), true),
    listen(window, 'pointerup', (e) => (pointer = { x: e.clientX, y: e.clientY }), true),
    // A pointer press outside the popup closes it.
    listen(
      window,
      'pointerdown',
      (e) => {
        if (popup && !e.composedPath().includes(popup)) close();
      },
      true,
    ),
    // Capture: the area would zoom in on a double-click; on empty canvas it opens the popup instead.
    listen(
      container,
      'dblclick',
      (e) => {
        if (onSomething(e.composedPath(), container)) return;
        e.stopPropagation();
        e.preventDefault();
        open({ x: e.clientX, y: e.clientY });
      },
      true,
    ),
    listen(document, 'keydown', (e) => {
      if (e.defaultPrevented || popup || e.ctrlKey || e.metaKey || e.altKey) return;
      // Shift+Tab still moves the focus on (out of the editor).
      if ((e.key !== ' ' && e.key !== 'Tab') || e.shiftKey) return;
      const active = document.activeElement;
      if (active !== container && !(active && container.contains(active))) return;
      const origin = (e.composedPath()[0] ?? e.target) as (Element & { isContentEditable?: boolean; type?: string }) | null;
      if (isTextTarget(origin) || (active && active !== container && isTextTarget(active as HTMLElement))) return;
      e.preventDefault();
      const r = container.getBoundingClientRect();
      const inside = pointer && pointer.x >= r.left && pointer.x <= r.right && pointer.y >= r.top && pointer.y <= r.bottom;
      open(inside && pointer ? pointer : { x: r.left + r.width / 2 - 150, y: r.top + r.height / 3 });
    }),
  ];

  return {
    open,
    droppedOnNothing: (from) => {
      // Dropped on a block (not a socket): no popup, as before.
      const p = pointer;
      if (!p) return;
      const hit = (container.getRootNode() as Document | ShadowRoot).elementFromPoint?.(p.x, p.y);
      if (!hit || !container.contains(hit) || hit.closest('.nw-node')) return;
      open(p, { node: from.nodeId, port: from.key, side: from.side });
    },
    isOpen: () => popup !== null,
    destroy: () => {
      for (const off of offs) off();
      close();
    },
  };
}
