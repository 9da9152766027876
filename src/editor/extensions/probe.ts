/**
 * The probe popover: the last value of one output port of a block, next to the block. It
 * follows the block when it or the view moves, and shows why there is no value yet.
 */
import { html, render as litRender } from 'lit';
import { probeModel, type ProbeModel } from '../probe-model.ts';
import { probeTemplate } from '../probe-view.ts';
import type { BlockNode } from '../block-node.ts';
import { listen, watch } from './listen.ts';
import type { Area, Destroy, Editor } from './types.ts';

export interface Probe {
  /** Open the popover on a block's port (its first output when `port` is not one of them). */
  open(id: string, port?: string): void;
  close(): void;
  /** The block the popover is open on, or null. */
  openOn(): string | null;
  /** Draw the popover again (the block's status or value changed). */
  refresh(): void;
  destroy: Destroy;
}

/** What the popover says when there is no value: the block's status, in words. */
function noValue(node: BlockNode): ProbeModel {
  const s = node.status;
  return { kind: 'none', summary: s.state === 'error' || s.state === 'waiting' ? s.message : s.state === 'running' ? 'running…' : 'no value yet' };
}

export function probe(deps: {
  container: HTMLElement;
  editor: Editor;
  area: Area;
  /** Last output value of a port, or undefined. */
  read: (nodeId: string, port: string) => unknown;
  toast: (message: string, kind?: 'info' | 'error') => void;
}): Probe {
  const { container, editor, area, read, toast } = deps;
  let state: { id: string; port: string; el: HTMLDivElement; offs: Destroy[] } | null = null;

  function open(id: string, port?: string): void {
    const node = editor.getNode(id);
    if (!node) return;
    const ports = Object.keys(node.def.outputs);
    if (!ports.length) {
      toast(`${id} has no outputs to probe`);
      return;
    }
    const chosen = port && ports.includes(port) ? port : ports[0];
    if (!state) {
      const el = document.createElement('div');
      el.className = 'nw-probe';
      el.dataset.testid = 'probe';
      // Clicks and wheel inside the popover are not the editor's.
      const stop = (e: Event) => e.stopPropagation();
      const offs = ['pointerdown', 'wheel', 'dblclick', 'contextmenu'].map((t) => listen(el, t, stop));
      container.appendChild(el);
      state = { id, port: chosen, el, offs };
    } else {
      state.id = id;
      state.port = chosen;
    }
    state.el.dataset.node = id;
    refresh();
    position();
  }

  function refresh(): void {
    if (!state) return;
    const node = editor.getNode(state.id);
    if (!node) return close();
    const { id, port } = state;
    let model: ProbeModel;
    try {
      const value = read(id, port);
      model = value === undefined && node.status.state !== 'done' ? noValue(node) : probeModel(value);
    } catch (e) {
      // Reading or summarising the value failed: say so where the user is looking.
      model = { kind: 'none', summary: `could not show the value of ${port}: ${e instanceof Error ? e.message : String(e)}` };
    }
    state.el.dataset.port = port;
    litRender(
      probeTemplate({
        nodeId: id,
        title: node.title,
        ports: Object.entries(node.def.outputs).map(([key, s]) => ({ key, label: s.label, type: s.type })),
        port,
        model,
        onPort: (p) => open(id, p),
        onClose: () => close(),
      }),
      state.el,
    );
  }

  /** Beside the block (right, or left when there is no room), inside the container. */
  function position(): void {
    if (!state) return;
    const view = area.nodeViews.get(state.id);
    if (!view) return;
    const r = container.getBoundingClientRect();
    const nr = view.element.getBoundingClientRect();
    const el = state.el;
    const w = el.offsetWidth || 260;
    const h = el.offsetHeight || 160;
    let left = nr.right - r.left + 10;
    if (left + w > r.width - 4) left = Math.max(4, nr.left - r.left - w - 10);
    const top = Math.min(Math.max(4, nr.top - r.top), Math.max(4, r.height - h - 4));
    el.style.left = `${Math.round(left)}px`;
    el.style.top = `${Math.round(top)}px`;
  }

  function close(): void {
    if (!state) return;
    litRender(html``, state.el);
    for (const off of state.offs) off();
    state.el.remove();
    state = null;
  }

  const unwatch = watch(area, (s) => {
    if (state && (s.type === 'nodetranslated' || s.type === 'translated' || s.type === 'zoomed')) position();
  });

  return {
    open,
    close,
    openOn: () => state?.id ?? null,
    refresh,
    destroy: () => {
      unwatch();
      close();
    },
  };
}
