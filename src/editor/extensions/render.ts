/**
 * How blocks, sockets, wires, the context menu and the minimap are drawn (lit render plugin
 * presets), and where wires end on a socket.
 */
import { html } from 'lit';
import { LitPlugin, Presets as LitPresets, type LitArea2D } from '@retejs/lit-plugin';
import { getDOMSocketPosition, type DOMSocketPosition } from 'rete-render-utils';
import type { BlockNode, Schemes, Wire } from '../block-node.ts';
import { socketColor } from '../sockets.ts';
import type { Area, AreaExtra, Editor } from './types.ts';

export type SocketWatcher = DOMSocketPosition<Schemes, LitArea2D<Schemes>>;

export interface Render {
  plugin: LitPlugin<Schemes, AreaExtra>;
  sockets: SocketWatcher;
}

/** Wire colour: the colour of the type of the output it leaves (grey when unknown). */
function wireColor(editor: Editor, c: Wire): string {
  const type = editor.getNode(c.source)?.def.outputs[c.sourceOutput]?.type;
  return type ? socketColor(type) : '#8a93a3';
}

export function createRender(editor: Editor): Render {
  const plugin = new LitPlugin<Schemes, AreaExtra>();
  // Wires end at the edge of the socket's dot (6 px from its centre).
  const sockets: SocketWatcher = getDOMSocketPosition<Schemes, LitArea2D<Schemes>>({ offset: (p, _node, side) => ({ x: p.x + (side === 'input' ? -6 : 6), y: p.y }) });
  plugin.addPreset(
    LitPresets.classic.setup<Schemes, LitArea2D<Schemes>>({
      socketPositionWatcher: sockets,
      customize: {
        node: (data) => (props) => html`<nw-block .data=${data.payload} .emit=${props.emit}></nw-block>`,
        socket: (data) => () => html`<nw-socket .data=${data.payload}></nw-socket>`,
        connection: (data) => (props) => {
          const color = wireColor(editor, data.payload);
          return html`<svg style="overflow: visible; position: absolute; pointer-events: none; width: 9999px; height: 9999px" data-testid="wire">
            <path d=${props.path} fill="none" stroke=${color} stroke-width="3" stroke-linecap="round" style="pointer-events: auto; cursor: pointer" opacity=${data.payload.isPseudo ? 0.6 : 0.9}></path>
          </svg>`;
        },
      },
    }),
  );
  plugin.addPreset(LitPresets.contextMenu.setup({ delay: 300 }));
  plugin.addPreset(LitPresets.minimap.setup({ size: 110 }));
  return { plugin, sockets };
}

/**
 * What to do when a block's measured size changes: tell the area (the minimap and wires follow)
 * and measure its sockets again (Rete re-measures only outputs on resize; a comment moves inputs too).
 */
export function onBlockResized(area: Area, sockets: SocketWatcher): (node: BlockNode) => void {
  async function refreshSockets(id: string): Promise<void> {
    const list = sockets.sockets.snapshot().filter((s) => s.nodeId === id);
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
