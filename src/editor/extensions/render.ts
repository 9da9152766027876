/**
 * How blocks, sockets, wires, the context menu and the minimap are drawn (lit render plugin
 * presets), and where wires end on a socket.
 */
import { html, svg } from 'lit';
import { LitPlugin, Presets as LitPresets, type LitArea2D } from '@retejs/lit-plugin';
import { BatchedSocketPosition } from '../socket-positions.ts';
import type { BlockNode, Schemes, Wire } from '../block-node.ts';
import { socketColor } from '../sockets.ts';
import { wirePath, type Point } from '../wire-path.ts';
import type { Area, AreaExtra, Editor } from './types.ts';

export type SocketWatcher = BatchedSocketPosition<Schemes, LitArea2D<Schemes>>;

/**
 * What the wire drawing asks the extensions that change it (groups, reroute points). Filled in
 * by them after the render plugin is made; the defaults draw every wire plainly.
 */
export interface WireHooks {
  /** Where a wire ends instead of a block's socket (the box of its collapsed group), or null. */
  endAt(nodeId: string, side: 'output' | 'input'): Point | null;
  /** True for a wire not drawn at all (both ends inside one collapsed group). */
  hidden(wire: Wire): boolean;
  /** The wire's reroute points (editor px). */
  via(wire: Wire): readonly Point[];
  /** Pointer handlers on the wire's path and on its reroute points. */
  onWire(wire: Wire, e: MouseEvent): void;
  onReroute(wire: Wire, index: number, e: PointerEvent | MouseEvent): void;
}

export interface Render {
  plugin: LitPlugin<Schemes, AreaExtra>;
  sockets: SocketWatcher;
  wires: WireHooks;
}

/** Wire colour: the colour of the type of the output it leaves (grey when unknown). */
function wireColor(editor: Editor, c: Wire): string {
  const type = editor.getNode(c.source)?.def.outputs[c.sourceOutput]?.type;
  return type ? socketColor(type) : '#8a93a3';
}

export function createRender(editor: Editor): Render {
  const plugin = new LitPlugin<Schemes, AreaExtra>();
  const wires: WireHooks = { endAt: () => null, hidden: () => false, via: () => [], onWire: () => undefined, onReroute: () => undefined };
  // Wires end at the edge of the socket's dot (6 px from its centre).
  // Measured in batches, one layout per frame (socket-positions.ts).
  const sockets: SocketWatcher = new BatchedSocketPosition<Schemes, LitArea2D<Schemes>>((p, _node, side) => ({ x: p.x + (side === 'input' ? -6 : 6), y: p.y }));
  plugin.addPreset(
    LitPresets.classic.setup<Schemes, LitArea2D<Schemes>>({
      socketPositionWatcher: sockets,
      customize: {
        node: (data) => (props) => html`<nw-block .data=${data.payload} .emit=${props.emit}></nw-block>`,
        // A plain dot, not a custom element per socket (600 fewer elements to create, style and
        // lay out in a 300-block graph); its colour is the `--c` its socket element sets (elements.ts).
        socket: () => () => html`<span class="nw-dot"></span>`,
        connection: (data) => (props) => {
          const w = data.payload;
          const color = wireColor(editor, w);
          if (!w.isPseudo && wires.hidden(w)) return html`<svg style="display: none" data-testid="wire" data-wire=${w.id} data-hidden="true"></svg>`;
          // Inline styles: the wire lives in the wrapper's shadow root, which the editor's stylesheet does not reach.
          // The path is drawn here (not Rete's) so that it can bend through reroute points and end at a collapsed group.
          // The wrapper renders before its sockets are measured (no start or end yet): nothing to draw then.
          const start = (!w.isPseudo && wires.endAt(w.source, 'output')) || (props.start ? ([props.start.x, props.start.y] as const) : null);
          const end = (!w.isPseudo && wires.endAt(w.target, 'input')) || (props.end ? ([props.end.x, props.end.y] as const) : null);
          if (!start || !end) return html`<svg style="display: none" data-testid="wire" data-wire=${w.id}></svg>`;
          const via = w.isPseudo ? [] : wires.via(w);
          // The SVG covers the wire's own box (its points and bends, with room for the curve and
          // the reroute handles), not a fixed 9999 px square: smaller boxes to paint and composite.
          const b = wireBox(start, via, end);
          return html`<svg style="overflow: visible; position: absolute; pointer-events: none; left: ${b.x}px; top: ${b.y}px; width: ${b.w}px; height: ${b.h}px" viewBox="${b.x} ${b.y} ${b.w} ${b.h}" data-testid="wire" data-wire=${w.id}>
            <path
              d=${wirePath(start, via, end)}
              fill="none"
              stroke=${color}
              stroke-width="3"
              stroke-linecap="round"
              style="pointer-events: auto; cursor: pointer"
              opacity=${w.isPseudo ? 0.6 : 0.9}
              @pointerdown=${(e: PointerEvent) => wires.onWire(w, e)}
              @dblclick=${(e: MouseEvent) => wires.onWire(w, e)}
            ></path>
            ${via.map(
              (p, i) => svg`<circle class="nw-reroute" data-testid="reroute-${w.id}-${i}" cx=${p[0]} cy=${p[1]} r="7" stroke=${color} stroke-width="3" fill="#fff" style="pointer-events: auto; cursor: move"
                @pointerdown=${(e: PointerEvent) => wires.onReroute(w, i, e)}
                @dblclick=${(e: MouseEvent) => wires.onReroute(w, i, e)}></circle>`,
            )}
          </svg>`;
        },
      },
    }),
  );
  plugin.addPreset(LitPresets.contextMenu.setup({ delay: 300 }));
  plugin.addPreset(LitPresets.minimap.setup({ size: 110 }));
  return { plugin, sockets, wires };
}

/** The box (editor px) a wire is drawn in: its end and reroute points, the curve's horizontal reach, a margin. */
function wireBox(start: Point, via: readonly Point[], end: Point): { x: number; y: number; w: number; h: number } {
  const pts = [start, ...via, end];
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  for (let i = 0; i < pts.length; i++) {
    y0 = Math.min(y0, pts[i][1]);
    y1 = Math.max(y1, pts[i][1]);
    // A leg's control points lie 0.3 × its span outside its ends (wire-path.ts); the curve stays within them.
    const reach = i > 0 ? Math.abs(pts[i][0] - pts[i - 1][0]) * 0.3 : 0;
    for (const x of i > 0 ? [pts[i][0], pts[i - 1][0]] : [pts[i][0]]) {
      x0 = Math.min(x0, x - reach);
      x1 = Math.max(x1, x + reach);
    }
  }
  const m = 12;
  return { x: Math.floor(x0 - m), y: Math.floor(y0 - m), w: Math.ceil(x1 - x0 + 2 * m), h: Math.ceil(y1 - y0 + 2 * m) };
}

/**
 * What to do when a block's measured size changes: tell the area (the minimap and wires follow)
 * and measure its sockets again (Rete re-measures only outputs on resize; a comment moves inputs too).
 */
export function onBlockResized(area: Area, sockets: SocketWatcher): (node: BlockNode) => void {
  async function refreshSockets(id: string): Promise<void> {
    const list = sockets.indexed.ofNode(id);
    await Promise.all(
      list.map(async (s) => {
        const p = await sockets.calculatePosition(id, s.side, s.key, s.element);
        if (p) s.position = p;
      }),
    );
    sockets.emitter.emit({ nodeId: id });
  }
  return (node) => {
    void area.emit({ type: 'noderesized', data: { id: node.id, size: { width: node.width, height: node.height } } }).then(() => refreshSockets(node.id));
  };
}
