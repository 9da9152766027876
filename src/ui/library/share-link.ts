/**
 * Graphs in links: the graph file, deflate-compressed (CompressionStream 'deflate-raw') and
 * base64url-encoded, in the URL's fragment (`#g=…`), so a small graph travels as a link and
 * never reaches a server. Embedded files too large for a URL are left out: the link names them
 * and keeps their content hashes (`&omit=name,name&sha=hash,hash`, in the same order), so the
 * person opening it is told which files to drop on the page, and a dropped file is recognised
 * by its content.
 *
 * Pure (no DOM): the browser and Node (≥ 20) both have CompressionStream.
 */
import type { Graph } from '../../dataflow/graph.ts';
import { base64ToBytes, bytesToBase64 } from '../../dataflow/assets.ts';
import { serializeGraph } from '../../dataflow/serialize.ts';
import { deflate, InflateLimitError, inflateCapped, MAX_INFLATED } from './inflate.ts';

/** Embedded files together larger than this (bytes of their stored text) do not go into a link. */
export const SHARE_ASSET_LIMIT = 64 * 1024;


export interface OmittedAsset {
  hash: string;
  name: string;
  bytes: number;
}

export interface EncodedShare {
  /** The URL fragment, without '#': `g=…` (and `&omit=…`). */
  fragment: string;
  /** Embedded files left out, largest first. */
  omitted: OmittedAsset[];
}

/** A file a link left out: its name, and its SHA-256 (null in links made before hashes were kept). */
export interface SharedOmission {
  name: string;
  hash: string | null;
}

export type DecodedShare = { ok: true; text: string; omitted: SharedOmission[] } | { ok: false; message: string };

const encoder = new TextEncoder();

export function toBase64Url(bytes: Uint8Array): string {
  return bytesToBase64(bytes).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function fromBase64Url(s: string): Uint8Array {
  if (!/^[A-Za-z0-9_-]*$/.test(s) || s.length % 4 === 1) throw new Error('not base64url');
  const b64 = s.replace(/-/g, '+').replace(/_/g, '/');
  return base64ToBytes(b64 + '='.repeat((4 - (b64.length % 4)) % 4));
}

/**
 * Which embedded files stay in a link: the smallest first while together within `limit`; the
 * rest are left out.
 */
export function splitAssets(graph: Graph, limit = SHARE_ASSET_LIMIT): { kept: Graph; omitted: OmittedAsset[] } {
  const sizes = Object.entries(graph.assets)
    .map(([hash, a]) => ({ hash, name: a.name, bytes: encoder.encode(a.data).length }))
    .sort((a, b) => a.bytes - b.bytes || (a.hash < b.hash ? -1 : 1));
  const assets: Graph['assets'] = {};
  const omitted: OmittedAsset[] = [];
  let total = 0;
  for (const s of sizes) {
    if (total + s.bytes <= limit) {
      total += s.bytes;
      assets[s.hash] = graph.assets[s.hash];
    } else omitted.push(s);
  }
  omitted.reverse();
  return { kept: { ...graph, assets }, omitted };
}

/** Most left-out files a link may name (a graph uses a few; a crafted link could name thousands). */
const MAX_OMITTED = 100;

/**
 * A file name from a link as it may be shown in one line: control and line-separator
 * characters become '?', and it is cut to 120 characters (a link is written by anyone).
 */
export function shownName(name: string): string {
  const clean = name.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, '?');
  return clean.length > 120 ? `${clean.slice(0, 117)}…` : clean;
}

/** The URL fragment that carries a graph (assets over the limit left out). */
export async function encodeShare(graph: Graph, limit = SHARE_ASSET_LIMIT): Promise<EncodedShare> {
  const { kept, omitted } = splitAssets(graph, limit);
  const packed = await deflate(encoder.encode(serializeGraph(kept)), 'deflate-raw');
  let fragment = `g=${toBase64Url(packed)}`;
  if (omitted.length) fragment += `&omit=${omitted.map((o) => encodeURIComponent(o.name)).join(',')}&sha=${omitted.map((o) => o.hash).join(',')}`;
  return { fragment, omitted };
}

/** The shared graph in a URL fragment (`#g=…` or `g=…`), null when the fragment carries none. */
export async function decodeShare(fragment: string, limit = MAX_INFLATED): Promise<DecodedShare | null> {
  const params = new URLSearchParams(fragment.replace(/^#/, ''));
  const g = params.get('g');
  if (g === null) return null;
  const hashes = (params.get('sha') ?? '').split(',');
  const omitted = (params.get('omit') ?? '')
    .split(',')
    .map((s, i): SharedOmission | null => {
      if (!s) return null;
      let name = s;
      try {
        name = decodeURIComponent(s);
      } catch {
        // Shown as written.
      }
      const hash = hashes[i] ?? '';
      return { name: shownName(name), hash: /^[0-9a-f]{64}$/.test(hash) ? hash : null };
    })
    .filter((o): o is SharedOmission => o !== null)
    .slice(0, MAX_OMITTED);
  let packed: Uint8Array;
  try {
    packed = fromBase64Url(g);
  } catch {
    return { ok: false, message: 'the shared link is damaged: its graph part holds characters a link of NeuroWire never has (was it cut or changed when copied?)' };
  }
  let bytes: Uint8Array;
  try {
    bytes = await inflateCapped(packed, 'deflate-raw', limit);
  } catch (e) {
    if (e instanceof InflateLimitError) return { ok: false, message: `the shared link was not opened: its graph ${e.message}` };
    return { ok: false, message: 'the shared link is damaged or cut short: its graph cannot be unpacked (copy the whole link)' };
  }
  try {
    return { ok: true, text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), omitted };
  } catch {
    return { ok: false, message: 'the shared link is damaged: its graph is not text' };
  }
}
