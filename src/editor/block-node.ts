/** The Rete node of a block: a view of one GraphNode (the store's document is the truth). */
import { ClassicPreset, type GetSchemes } from 'rete';
import type { NodeStatus } from '../dataflow/evaluator.ts';
import type { GraphNode } from '../dataflow/graph.ts';
import type { BlockDef } from '../../nodes/types.ts';
import { estimateNodeSize, paramSummary } from './view-model.ts';

const sockets = new Map<string, ClassicPreset.Socket>();

/** One Rete socket per socket type; its name is the type. */
export function socketOf(type: string): ClassicPreset.Socket {
  let s = sockets.get(type);
  if (!s) sockets.set(type, (s = new ClassicPreset.Socket(type)));
  return s;
}

/** A stand-in definition for a block type the catalogue does not know (drawn, never run). */
export function unknownDef(type: string): BlockDef {
  return {
    type,
    title: `Unknown block “${type}”`,
    category: 'skeleton',
    description: `This graph uses a block type (${type}) that this version of NeuroWire does not have.`,
    inputs: {},
    outputs: {},
    params: [],
    compute: () => {
      throw new Error(`unknown block type "${type}"`);
    },
  };
}

export class BlockNode extends ClassicPreset.Node {
  width: number;
  height: number;
  override selected = false;
  status: NodeStatus = { state: 'idle' };
  gnode: GraphNode;
  readonly def: BlockDef;
  readonly known: boolean;
  /** Set by the editor: called when the block's measured size changes. */
  onResize: ((node: BlockNode) => void) | null = null;
  /** Set by the editor: the probe button. */
  onProbe: ((node: BlockNode) => void) | null = null;

  constructor(gnode: GraphNode, def: BlockDef | undefined) {
    super(gnode.title ?? def?.title ?? gnode.type);
    this.id = gnode.id;
    this.gnode = gnode;
    this.known = Boolean(def);
    this.def = def ?? unknownDef(gnode.type);
    Object.entries(this.def.inputs).forEach(([key, spec], index) => {
      // Several wires may be dropped on an input: the store keeps one and says so; letting Rete
      // first remove the old wire itself would make a refused connection lose it.
      const input = new ClassicPreset.Input(socketOf(spec.type), spec.label, true);
      input.index = index;
      this.addInput(key, input);
    });
    Object.entries(this.def.outputs).forEach(([key, spec], index) => {
      const output = new ClassicPreset.Output(socketOf(spec.type), spec.label, true);
      output.index = index;
      this.addOutput(key, output);
    });
    const size = estimateNodeSize(this.def, gnode, paramSummary(gnode, this.def));
    this.width = size.width;
    this.height = size.height;
    if (!this.known) this.status = { state: 'error', message: `unknown block type "${gnode.type}"` };
  }

  get title(): string {
    return this.gnode.title ?? this.def.title;
  }

  /** Take a new version of the document's node. */
  update(gnode: GraphNode): void {
    this.gnode = gnode;
    this.label = this.title;
  }
}

export class Wire extends ClassicPreset.Connection<BlockNode, BlockNode> {
  isPseudo?: boolean;
  isLoop?: boolean;
}

export type Schemes = GetSchemes<BlockNode, Wire>;
