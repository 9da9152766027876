/**
 * Files embedded in a graph, stored by the SHA-256 of their content.
 *
 * Keying by content makes a graph file self-contained without duplicates: the same SWC used by
 * three blocks, or embedded twice under two names, is stored once, and a reference
 * (`asset:<hash>`) can never silently point at different data after an edit. Text is stored as
 * text (readable, diffable); anything given as bytes as base64.
 *
 * Hashing uses the Web Crypto API (`crypto.subtle`, in browsers and Node ≥ 20), which is
 * asynchronous; reading is synchronous.
 */
import { CoreError } from '../core/errors.ts';
import { base64ToBytes, bytesToBase64 } from '../core/base64.ts';
import { ASSET_PREFIX, assetRef, parseFileRef, type Asset, type Graph, type Issue, type JsonValue } from './graph.ts';

// Where the app and tests have always found them.
export { base64ToBytes, bytesToBase64 } from '../core/base64.ts';

const encoder = new TextEncoder();
// fatal: a base64 asset that is not UTF-8 must not turn into text full of U+FFFD silently.
const decoder = new TextDecoder('utf-8', { fatal: true });

/** Lowercase hex SHA-256 of some bytes. */
export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  // Copy into a plain ArrayBuffer-backed array: digest() does not take views of shared memory.
  const digest = await crypto.subtle.digest('SHA-256', new Uint8Array(bytes));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

function assetBytes(a: Asset): Uint8Array {
  return a.encoding === 'utf8' ? encoder.encode(a.data) : base64ToBytes(a.data);
}

/**
 * Embed a file in the graph (changing `graph.assets`) and return its reference `asset:<hash>`.
 * Content already embedded, as text or bytes, is not stored again; the first name stays.
 */
export async function addAsset(graph: Graph, name: string, mime: string, content: string | Uint8Array): Promise<string> {
  const bytes = typeof content === 'string' ? encoder.encode(content) : content;
  const hash = await sha256Hex(bytes);
  if (!graph.assets[hash]) {
    graph.assets[hash] =
      typeof content === 'string' ? { name, mime, encoding: 'utf8', data: content } : { name, mime, encoding: 'base64', data: bytesToBase64(content) };
  }
  return assetRef(hash);
}

// ---------------------------------------------------------------------------------------------
// Files a graph refers to but does not carry

/**
 * Files known to be missing from the graphs opened in this page, by hash: what a shared link
 * left out (too large for a URL). Kept here, beside the reading, so that the error of the
 * block that needs one names the file and says what to do, whichever code path reads it.
 */
const absent = new Map<string, { name: string; where: string }>();

/**
 * Remember that the file `name` with this content hash was left out of what was opened
 * (`where`: "this link"); reading it then fails with "<name> is not in <where>; drop it here".
 */
export function noteAbsentAsset(hash: string, name: string, where: string): void {
  absent.set(hash, { name, where });
}

/** The left-out file with this hash, if one was noted. */
export function absentAsset(hash: string): { name: string; where: string } | undefined {
  return absent.get(hash);
}

/** The file was given after all: forget that it was missing. */
export function forgetAbsentAsset(hash: string): void {
  absent.delete(hash);
}

/** The embedded file a reference points at; throws a CoreError naming the reference (or the left-out file) otherwise. */
export function getAsset(graph: Graph, ref: string): Asset {
  const r = parseFileRef(ref);
  if (r.kind !== 'asset') throw new CoreError('input', `'${ref}' is not a reference to an embedded file (${ASSET_PREFIX}<sha256>)`);
  const a = graph.assets[r.hash];
  if (!a) {
    const gone = absent.get(r.hash);
    if (gone) throw new CoreError('input', `${gone.name} is not in ${gone.where}; drop it here (on the page) and the graph runs`);
    throw new CoreError('input', `the embedded file ${ASSET_PREFIX}${r.hash.slice(0, 12)}… is not in this graph`);
  }
  return a;
}

/** An embedded file's content: text for a text asset, bytes for a binary one. */
export function readAsset(graph: Graph, ref: string): string | Uint8Array {
  const a = getAsset(graph, ref);
  return a.encoding === 'utf8' ? a.data : base64ToBytes(a.data);
}

/** An embedded file as text (what blocks read through `ComputeContext.readText`). */
export function readAssetText(graph: Graph, ref: string): string {
  const a = getAsset(graph, ref);
  if (a.encoding === 'utf8') return a.data;
  try {
    return decoder.decode(base64ToBytes(a.data));
  } catch {
    throw new CoreError('input', `the embedded file '${a.name}' is binary, not UTF-8 text`);
  }
}

/** An embedded file as bytes. */
export function readAssetBytes(graph: Graph, ref: string): Uint8Array {
  return assetBytes(getAsset(graph, ref));
}

/** Every `asset:` hash a string anywhere in a parameter value refers to. */
function collectRefs(v: JsonValue, into: Set<string>): void {
  if (typeof v === 'string') {
    const r = parseFileRef(v);
    if (r.kind === 'asset') into.add(r.hash);
  } else if (Array.isArray(v)) {
    for (const x of v) collectRefs(x, into);
  } else if (v !== null && typeof v === 'object') {
    for (const x of Object.values(v)) collectRefs(x, into);
  }
}

/** Every `asset:` hash the blocks' parameters refer to (embedded or not), sorted. */
export function referencedAssets(graph: Graph): string[] {
  const used = new Set<string>();
  for (const n of graph.nodes) for (const v of Object.values(n.params)) collectRefs(v, used);
  // Blocks inside subgraph definitions use files too (a subgraph's loader, its mechanism).
  for (const d of graph.subgraphs ?? []) for (const n of d.nodes) for (const v of Object.values(n.params)) collectRefs(v, used);
  return [...used].sort();
}

/**
 * Hashes of embedded files no block parameter refers to, in key order. Any parameter counts,
 * not only file parameters: without the block catalogue this cannot tell them apart, and
 * keeping a file too many is harmless where dropping one in use is not.
 */
export function unusedAssets(graph: Graph): string[] {
  const used = new Set(referencedAssets(graph));
  return Object.keys(graph.assets)
    .filter((h) => !used.has(h))
    .sort();
}

/** Remove the embedded files no block uses (changing `graph.assets`); returns their hashes. */
export function pruneAssets(graph: Graph): string[] {
  const unused = unusedAssets(graph);
  for (const h of unused) delete graph.assets[h];
  return unused;
}

/**
 * The graph as it is written to a file or a library record: a copy holding only the embedded
 * files its blocks use (files given and then replaced are not carried along). The input is
 * not changed; unchanged parts are shared.
 */
export function withUsedAssets(graph: Graph): Graph {
  const copy: Graph = { ...graph, assets: { ...graph.assets } };
  pruneAssets(copy);
  return copy;
}

/**
 * Check that every embedded file's content still has the hash it is stored under (a file
 * edited by hand, or damaged in transit, otherwise passes unnoticed). Asynchronous because
 * hashing is; `parseGraph` does not call it, the app and CLI do after opening a file.
 */
export async function verifyAssets(graph: Graph): Promise<Issue[]> {
  const issues: Issue[] = [];
  for (const [hash, a] of Object.entries(graph.assets)) {
    const actual = await sha256Hex(assetBytes(a));
    if (actual !== hash) {
      issues.push({
        severity: 'error',
        message: `embedded file '${a.name}' does not match its hash (stored as ${hash.slice(0, 12)}…, content is ${actual.slice(0, 12)}…): it was edited or damaged`,
        asset: hash,
      });
    }
  }
  return issues;
}

/**
 * A message with every `asset:<sha256>` of this graph replaced by the embedded file's name
 * ("cad.mod:12:5: …" rather than a hash): what a block says about a file, in the user's words.
 */
export function withAssetNames(text: string, graph: Graph): string {
  return text.replace(/asset:([0-9a-f]{64})/g, (ref, hash: string) => (Object.hasOwn(graph.assets ?? {}, hash) ? graph.assets[hash].name : ref));
}
