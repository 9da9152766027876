/**
 * `edge-list`: the connections of a point network, from the tutorial's toy network or from a
 * `source,target,weight` CSV file (a connectome's synapse counts, or model weights).
 */
import { CoreError } from '../src/core/errors.ts';
import { buildEdgeList, countsToWeights, readEdgeList, type EdgeList } from '../src/core/network/edges.ts';
import { readEdgeSource } from '../src/core/network/edge-files.ts';
import type { BlockDef, ComputeContext, Params } from './types.ts';
import type { EdgesValue } from './values.ts';
import { paramValues } from './param-values.ts';

const SOURCES = ['tutorial', 'table', 'file'] as const;

/** The table a new edge list starts from: the tutorial's network, with its delays written out. */
export const TUTORIAL_TABLE = 'source,target,weight,delay\nA,C,0.5,5\nB,C,-1,5\n';
/** Edge-list files: CSV, gzip-compressed CSV (".csv.gz" ends in ".gz"), Arrow IPC/Feather, Parquet. */
export const EDGE_FILE_TYPES = ['.csv', '.gz', '.arrow', '.feather', '.ipc', '.parquet'] as const;
const WEIGHTS = ['as-is', 'synapse counts'] as const;
const DUPLICATES = ['sum', 'error'] as const;
const SELF_LOOPS = ['keep', 'drop', 'error'] as const;

/**
 * The tutorial's toy network (navis-neuron-tutorial.rst, "Networks"): A excites C with weight
 * 0.5, B inhibits C with weight −1, in that row order.
 */
function tutorialEdges(): EdgeList {
  return buildEdgeList(['A', 'B'], ['C', 'C'], [0.5, -1], { label: 'tutorial edge list' });
}

/** Read a file parameter, turning a missing or unreadable file into a message that names it. */
export async function readFileParam(ctx: ComputeContext, ref: string, what: string): Promise<string> {
  try {
    return await ctx.readText(ref);
  } catch (e: unknown) {
    if (e instanceof CoreError && e.code === 'aborted') throw e;
    const why = e instanceof Error ? e.message : String(e);
    throw new CoreError('input', `${what} "${ref}" could not be read: ${why}`);
  }
}

/**
 * Read an edge-list file as a stream of bytes (any format edge-files.ts reads), with progress:
 * no whole-file string. An error reading the file names it; errors in its content are the reader's.
 */
async function readEdgeStream(ctx: ComputeContext, ref: string, opts: { name: string; duplicates: 'sum' | 'error'; selfLoops: 'keep' | 'drop' | 'error' }): Promise<EdgeList> {
  try {
    const src = await ctx.readBytes!(ref);
    return await readEdgeSource(src, { ...opts, signal: ctx.signal, onProgress: (f) => ctx.progress(f) });
  } catch (e: unknown) {
    if (e instanceof CoreError) throw e;
    const why = e instanceof Error ? e.message : String(e);
    throw new CoreError('input', `edge list file "${ref}" could not be read: ${why}`);
  }
}

/** The last path component of a file reference, to keep messages short. */
export function fileLabel(ref: string): string {
  return ref.split(/[\\/]/).pop() || ref;
}

export const edgeListBlock: BlockDef = {
  type: 'edge-list',
  title: 'Edge list',
  // Reading and mapping millions of edges is seconds of work: not on the page's thread.
  heavy: true,
  equivalents: 'navis: edges = pandas.DataFrame(columns=[\'source\', \'target\', \'weight\'])',
  aliases: ['from_edge_list', 'PointNetwork.from_edge_list', 'edges', 'adjacency'],
  category: 'network',
  exportable: true,
  description: 'Connections between named neurons (source → target, weight, optional delay): the tutorial’s toy network, a table edited in the inspector, or a CSV file.',
  inputs: {},
  outputs: { edges: { type: 'edges', label: 'edges' } },
  params: [
    {
      name: 'source',
      label: 'source',
      kind: 'enum',
      options: SOURCES,
      default: 'tutorial',
      help: 'tutorial: the tutorial’s toy network (A → C weight 0.5, B → C weight −1). table: the rows of the table below, edited here (add, remove, paste from a spreadsheet). file: a CSV with a header and the columns source, target, weight and optionally delay (extra columns are ignored).',
    },
    {
      name: 'table',
      label: 'edges',
      kind: 'string',
      default: TUTORIAL_TABLE,
      multiline: true,
      columns: ['source', 'target', 'weight', 'delay'],
      help: 'One row per connection: source and target neuron names, weight (as "weights are" says), and delay in ms (empty column: the network block’s synaptic delay). Paste rows from a spreadsheet into any cell.',
      visibleWhen: { param: 'source', equals: ['table'] },
    },
    {
      name: 'file',
      label: 'CSV file',
      kind: 'file',
      accept: EDGE_FILE_TYPES,
      default: '',
      optional: true,
      streamed: true,
      help: 'A `source,target,weight` CSV (header required), the same gzip-compressed (.csv.gz), or an Arrow/Feather or Parquet table with those columns (integer or text ids). Ids may be any text; numeric ids are later sorted numerically, as navis does. Large files are read as a stream, straight into columns.',
      visibleWhen: { param: 'source', equals: ['file'] },
    },
    {
      name: 'weights',
      label: 'weights are',
      kind: 'enum',
      options: WEIGHTS,
      default: 'as-is',
      help: 'as-is: the weight column is the NetCon weight (1 makes a presynaptic spike trigger a postsynaptic one; negative inhibits). synapse counts: weight = sign · min(|count| / scale, cap).',
    },
    {
      name: 'scale',
      softMin: 0, softMax: 1000,
      label: 'synapses per unit weight',
      kind: 'number',
      unit: '',
      default: 100,
      min: 0,
      exclusive: true,
      max: 1e6,
      help: 'Synapse count that makes weight 1: weight = count / scale (before the cap).',
      visibleWhen: { param: 'weights', equals: ['synapse counts'] },
    },
    {
      name: 'cap',
      softMin: 0, softMax: 10,
      label: 'weight cap',
      kind: 'number',
      unit: '',
      default: 1,
      min: 0,
      exclusive: true,
      max: 100,
      help: 'Largest weight magnitude an edge gets from its synapse count (1: one presynaptic spike is enough to make a postsynaptic one).',
      visibleWhen: { param: 'weights', equals: ['synapse counts'] },
    },
    {
      name: 'duplicates',
      label: 'repeated edges',
      kind: 'enum',
      options: DUPLICATES,
      default: 'sum',
      help: 'A source → target pair listed more than once: sum the weights (counts are summed before conversion) or stop with an error naming the lines.',
    },
    {
      name: 'selfLoops',
      label: 'self-loops',
      kind: 'enum',
      options: SELF_LOOPS,
      default: 'keep',
      help: 'Edges from a neuron to itself (connectomes have real autapses): keep them as NetCons, drop them (with a warning), or stop with an error.',
    },
  ],
  async compute(_inputs, params: Params, ctx) {
    const p = paramValues(edgeListBlock, params);
    const duplicates = p.choice('duplicates', DUPLICATES);
    const selfLoops = p.choice('selfLoops', SELF_LOOPS);
    let edges: EdgeList;
    const source = p.choice('source', SOURCES);
    if (source === 'table') {
      edges = readEdgeList(p.string('table'), { name: 'table', duplicates, selfLoops });
    } else if (source === 'file') {
      const ref = p.file('file').trim();
      if (!ref) throw new CoreError('input', 'edge list: no CSV file chosen (set "CSV file", or choose source "tutorial")');
      const opts = { name: fileLabel(ref), duplicates, selfLoops };
      edges = ctx.readBytes ? await readEdgeStream(ctx, ref, opts) : readEdgeList(await readFileParam(ctx, ref, 'edge list file'), opts);
    } else {
      // The built-in list has neither duplicates nor self-loops: the options cannot change it.
      edges = tutorialEdges();
    }
    if (p.choice('weights', WEIGHTS) === 'synapse counts') {
      const scale = p.number('scale');
      const cap = p.number('cap');
      edges = { ...edges, weight: countsToWeights(edges.weight, scale, cap), warnings: [...edges.warnings] };
      let capped = 0;
      for (let k = 0; k < edges.weight.length; k++) if (Math.abs(edges.weight[k]) === cap) capped++;
      if (capped) edges.warnings.push(`${capped} edge(s) have at least ${scale * cap} synapses and were capped at weight ${cap}`);
    }
    const value: EdgesValue = { kind: 'edges', edges };
    return { edges: value };
  },
};

