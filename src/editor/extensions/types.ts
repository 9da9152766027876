/** The types every editor extension shares: the Rete scopes it plugs into and what it returns. */
import type { NodeEditor } from 'rete';
import type { AreaPlugin } from 'rete-area-plugin';
import type { LitArea2D } from '@retejs/lit-plugin';
import type { ContextMenuExtra } from 'rete-context-menu-plugin';
import type { MinimapExtra } from 'rete-minimap-plugin';
import type { Schemes } from '../block-node.ts';

/** Everything the lit render plugin draws: blocks, wires, sockets, the context menu, the minimap. */
export type AreaExtra = LitArea2D<Schemes> | ContextMenuExtra | MinimapExtra;

export type Editor = NodeEditor<Schemes>;
export type Area = AreaPlugin<Schemes, AreaExtra>;

/** Undoes everything an extension did: listeners, subscriptions, elements, timers. Safe to call twice. */
export type Destroy = () => void;
