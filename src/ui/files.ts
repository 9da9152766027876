/**
 * Files the user gives the app (chosen in the inspector or dropped on the page): embedded in
 * the graph as content-addressed assets, so a saved or shared graph carries them.
 */
import { assetRef, type Asset } from '../dataflow/graph.ts';
import { bytesToBase64, sha256Hex } from '../dataflow/assets.ts';
import type { GraphStore } from '../dataflow/store.ts';
import { MAX_GRAPH_TEXT } from '../dataflow/validate.ts';

export type EmbedResult = { ok: true; ref: string; name: string } | { ok: false; message: string };

/** The lower-case extension of a file name, with its dot (".swc"), or ''. */
export function extensionOf(name: string): string {
  const m = /\.[^./\\]+$/.exec(name);
  return m ? m[0].toLowerCase() : '';
}

/** Room kept in a graph file for everything but its embedded files (bytes, about characters). */
const GRAPH_OVERHEAD = 1024 * 1024;

const mib = (b: number): string => `${(b / (1024 * 1024)).toFixed(1)} MiB`;

/**
 * Embed a text file (SWC, CSV) as an asset of the open graph. Refuses a file whose extension
 * is not accepted, whose content is not text, or that would make the graph file larger than a
 * graph file may be (it could be saved but never opened again), saying so, before reading it;
 * the block that reads it reports anything wrong inside it.
 */
export async function embedFile(store: GraphStore, file: File, accept: readonly string[]): Promise<EmbedResult> {
  const r = await readEmbeddable(store, file, accept);
  if (!r.ok) return r;
  store.addAsset(r.hash, r.asset);
  return { ok: true, ref: assetRef(r.hash), name: file.name };
}

export type Embeddable = { ok: true; hash: string; asset: Asset; text: string } | { ok: false; message: string };

/** Binary formats a block may take (compressed or columnar edge tables): embedded as base64, not refused as "not text". */
const BINARY_EXTENSIONS = new Set(['.gz', '.parquet', '.arrow', '.feather', '.ipc']);

/**
 * The checks and reading of embedFile without touching the graph: the caller adds the asset
 * (store.addAsset) in the same undo step as the edit that uses it.
 */
export async function readEmbeddable(store: GraphStore, file: File, accept: readonly string[]): Promise<Embeddable> {
  const ext = extensionOf(file.name);
  if (accept.length && !accept.includes(ext)) {
    return { ok: false, message: `“${file.name}” is not a ${accept.join(' or ')} file` };
  }
  const embedded = Object.values(store.graph.assets).reduce((n, a) => n + a.data.length, 0);
  const binary = BINARY_EXTENSIONS.has(ext);
  // Base64 takes 4 characters per 3 bytes.
  const stored = binary ? Math.ceil(file.size / 3) * 4 : file.size;
  if (embedded + stored + GRAPH_OVERHEAD > MAX_GRAPH_TEXT) {
    return {
      ok: false,
      message: `“${file.name}” (${mib(file.size)}) is too large to embed: a graph file, embedded files included, may be at most ${mib(MAX_GRAPH_TEXT)}${embedded ? ` and this graph already embeds ${mib(embedded)}` : ''}`,
    };
  }
  const bytes = new Uint8Array(await file.arrayBuffer());
  if (binary) {
    return { ok: true, hash: await sha256Hex(bytes), asset: { name: file.name, mime: file.type || 'application/octet-stream', encoding: 'base64', data: bytesToBase64(bytes) }, text: '' };
  }
  if (bytes.includes(0)) return { ok: false, message: `“${file.name}” is not a text file (it contains binary data)` };
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return { ok: false, message: `“${file.name}” is not UTF-8 text` };
  }
  return { ok: true, hash: await sha256Hex(bytes), asset: { name: file.name, mime: file.type || 'text/plain', encoding: 'utf8', data: text }, text };
}

/** A text written in the app (the .mod pane) as an asset: its hash and record, not yet added. */
export async function textAsset(name: string, text: string): Promise<{ hash: string; asset: Asset }> {
  const bytes = new TextEncoder().encode(text);
  return { hash: await sha256Hex(bytes), asset: { name, mime: 'text/plain', encoding: 'utf8', data: text } };
}
