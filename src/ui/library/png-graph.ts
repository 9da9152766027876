/**
 * Graphs carried inside exported images: a plot saved as PNG or SVG holds the graph file that
 * made it, and dropping the image on the page opens that graph again.
 *
 * - PNG: an `iTXt` chunk with the keyword {@link GRAPH_KEYWORD}, right after `IHDR`. The text is
 *   the graph file (UTF-8), zlib-compressed (compression flag 1, method 0). Readers also accept
 *   an uncompressed `iTXt`, a `zTXt` and a `tEXt` chunk with that keyword.
 * - SVG: a `<metadata>` element right inside the root `<svg>`, holding
 *   `<nw:graph xmlns:nw="urn:neurowire:graph">…escaped graph file…</nw:graph>`.
 *
 * Compressed text is inflated with a cap (inflate.ts): a chunk that unpacks to more than
 * {@link MAX_INFLATED} bytes is refused with a message, not read into memory.
 *
 * Pure (no DOM): runs in the browser and in Node (≥ 20: CompressionStream is a global).
 *
 * The chunk layout and the CRC are those of the PNG specification (W3C, "Portable Network
 * Graphics (PNG) Specification", sections 5.2 "PNG signature", 5.3 "Chunk layout", 11.3.3.4
 * "iTXt International textual data", 11.3.3.3 "tEXt", and Annex D "CRC algorithm"): a chunk is
 * a 4-byte big-endian data length, a 4-byte type, the data, and a CRC-32 (ISO 3309 / ITU-T
 * V.42, reflected polynomial 0xEDB88320, initial value and final XOR 0xFFFFFFFF) over the type
 * and the data.
 */

import { deflate, InflateLimitError, inflateCapped, MAX_INFLATED } from './inflate.ts';

/** The keyword of the text chunk (and the element name in SVG) that carries a graph. */
export const GRAPH_KEYWORD = 'neurowire-graph';

/** What the user reads when an image carries no graph. */
export const NO_GRAPH_MESSAGE = 'this image has no NeuroWire graph in it';

const SVG_NS = 'urn:neurowire:graph';

/** The 8 bytes every PNG file starts with (PNG spec 5.2). */
export const PNG_SIGNATURE = Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a);

export type ExtractResult = { ok: true; text: string; kind: 'png' | 'svg' } | { ok: false; message: string };

// ---------------------------------------------------------------------------------------------
// CRC-32 (PNG spec Annex D)

let crcTable: Uint32Array | null = null;

function table(): Uint32Array {
  if (crcTable) return crcTable;
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return (crcTable = t);
}

/** CRC-32 of some bytes, as PNG chunks use it (an unsigned 32-bit number). */
export function crc32(bytes: Uint8Array, crc = 0): number {
  const t = table();
  let c = (crc ^ 0xffffffff) >>> 0;
  for (let i = 0; i < bytes.length; i++) c = t[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

// ---------------------------------------------------------------------------------------------
// PNG chunks

export interface PngChunk {
  type: string;
  data: Uint8Array;
  /** Byte offset of the chunk (its length field) in the file. */
  offset: number;
  /** Whether the stored CRC matches the type and data. */
  crcOk: boolean;
}

export function isPng(bytes: Uint8Array): boolean {
  return bytes.length >= 8 && PNG_SIGNATURE.every((b, i) => bytes[i] === b);
}

/** Bytes as Latin-1 text (chunk types, keywords, tEXt), in slices to stay off the call-stack limit. */
function latin1(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return s;
}

/**
 * The chunks of a PNG file, in order. `truncated` tells that the file ends inside a chunk (or
 * before IEND); the chunks read until then are returned.
 */
export function readChunks(png: Uint8Array): { chunks: PngChunk[]; truncated: boolean } {
  if (!isPng(png)) throw new Error('not a PNG image (it does not start with the PNG signature)');
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  const chunks: PngChunk[] = [];
  let at = 8;
  while (at + 12 <= png.length) {
    const length = view.getUint32(at);
    if (at + 12 + length > png.length) return { chunks, truncated: true };
    const type = latin1(png.subarray(at + 4, at + 8));
    const data = png.subarray(at + 8, at + 8 + length);
    const stored = view.getUint32(at + 8 + length);
    chunks.push({ type, data, offset: at, crcOk: crc32(png.subarray(at + 4, at + 8 + length)) === stored });
    at += 12 + length;
    if (type === 'IEND') return { chunks, truncated: false };
  }
  return { chunks, truncated: true };
}

/** One chunk's bytes: length, type, data, CRC. */
export function makeChunk(type: string, data: Uint8Array): Uint8Array {
  if (!/^[A-Za-z]{4}$/.test(type)) throw new Error(`"${type}" is not a PNG chunk type`);
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i);
  out.set(data, 8);
  view.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
  return out;
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}


const encoder = new TextEncoder();

/** The data of an iTXt chunk (PNG spec 11.3.3.4): keyword, flags, empty language and translation, text. */
async function iTXtData(keyword: string, text: string, compress: boolean): Promise<Uint8Array> {
  const body = encoder.encode(text);
  const payload = compress ? await deflate(body, 'deflate') : body;
  return concat([encoder.encode(keyword), Uint8Array.of(0, compress ? 1 : 0, 0, 0, 0), payload]);
}

/** The keyword of a tEXt/iTXt chunk's data (up to its first zero byte), or null. */
function keywordOf(data: Uint8Array): string | null {
  const z = data.indexOf(0);
  return z > 0 && z < 80 ? latin1(data.subarray(0, z)) : null;
}

/**
 * A copy of a PNG with the graph file's text embedded (replacing any graph it already held).
 * Throws for bytes that are not a complete PNG.
 */
export async function embedGraphInPng(png: Uint8Array, text: string, opts: { compress?: boolean } = {}): Promise<Uint8Array> {
  const { chunks, truncated } = readChunks(png);
  if (truncated || chunks[0]?.type !== 'IHDR') throw new Error('the PNG image is incomplete');
  const chunk = makeChunk('iTXt', await iTXtData(GRAPH_KEYWORD, text, opts.compress ?? true));
  const parts: Uint8Array[] = [PNG_SIGNATURE];
  for (const c of chunks) {
    if (TEXT_CHUNKS.has(c.type) && keywordOf(c.data) === GRAPH_KEYWORD) continue;
    parts.push(png.subarray(c.offset, c.offset + 12 + c.data.length));
    if (c.type === 'IHDR') parts.push(chunk);
  }
  return concat(parts);
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** The chunk types that may carry our graph: text, international text, compressed text. */
const TEXT_CHUNKS = new Set(['tEXt', 'iTXt', 'zTXt']);

/** The text of our iTXt/zTXt/tEXt chunk's data (after its keyword); compressed text inflates to at most `limit` bytes. */
async function chunkText(c: PngChunk, limit: number): Promise<string> {
  const z = c.data.indexOf(0);
  if (c.type === 'tEXt') return latin1(c.data.subarray(z + 1));
  if (c.type === 'zTXt') {
    // zTXt (PNG spec, "zTXt Compressed textual data"): keyword \0 method compressed-Latin-1-text
    if (c.data[z + 1] !== 0) throw new Error(`its text chunk uses an unknown compression method (${c.data[z + 1]})`);
    return latin1(await inflateCapped(c.data.subarray(z + 2), 'deflate', limit));
  }
  // iTXt: keyword \0 flag method language \0 translated-keyword \0 text
  const flag = c.data[z + 1];
  const method = c.data[z + 2];
  const langEnd = c.data.indexOf(0, z + 3);
  const transEnd = langEnd < 0 ? -1 : c.data.indexOf(0, langEnd + 1);
  if (transEnd < 0) throw new Error('its text chunk is malformed');
  let body = c.data.subarray(transEnd + 1);
  if (flag === 1) {
    if (method !== 0) throw new Error(`its text chunk uses an unknown compression method (${method})`);
    body = await inflateCapped(body, 'deflate', limit);
  }
  return utf8.decode(body);
}

async function extractFromPng(png: Uint8Array, limit: number): Promise<ExtractResult> {
  const { chunks, truncated } = readChunks(png);
  const ours = chunks.find((c) => TEXT_CHUNKS.has(c.type) && keywordOf(c.data) === GRAPH_KEYWORD);
  if (!ours) {
    return { ok: false, message: truncated && !chunks.some((c) => c.type === 'IDAT') ? `the image is cut short, and ${NO_GRAPH_MESSAGE}` : NO_GRAPH_MESSAGE };
  }
  if (!ours.crcOk) return { ok: false, message: 'the NeuroWire graph in this image is damaged (its checksum does not match)' };
  try {
    return { ok: true, text: await chunkText(ours, limit), kind: 'png' };
  } catch (e) {
    if (e instanceof InflateLimitError) return { ok: false, message: `the NeuroWire graph in this image was not opened: it ${e.message}` };
    return { ok: false, message: `the NeuroWire graph in this image cannot be read: ${e instanceof Error ? e.message : String(e)}` };
  }
}

// ---------------------------------------------------------------------------------------------
// SVG

const escapeXml = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function unescapeXml(s: string): string {
  return s.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-z]+);/g, (m, e: string) => {
    if (e[0] === '#') return String.fromCodePoint(e[1] === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10));
    return ENTITIES[e] ?? m;
  });
}

const SVG_METADATA = /<metadata\b[^>]*>\s*<nw:graph\b[^>]*>([\s\S]*?)<\/nw:graph>\s*<\/metadata>/;

/** Index just past the `>` of the root `<svg …>` start tag (quoted attribute values skipped), or -1. */
function afterSvgStartTag(svg: string): { at: number; selfClosing: boolean } | null {
  const m = /<svg[\s>/]/.exec(svg);
  if (!m) return null;
  let quote = '';
  for (let i = m.index + 4; i < svg.length; i++) {
    const ch = svg[i];
    if (quote) {
      if (ch === quote) quote = '';
    } else if (ch === '"' || ch === "'") quote = ch;
    else if (ch === '>') return { at: i + 1, selfClosing: svg[i - 1] === '/' };
  }
  return null;
}

/** An SVG document with the graph file's text in a `<metadata>` element (replacing any graph it held). */
export function embedGraphInSvg(svg: string, text: string): string {
  const clean = svg.replace(SVG_METADATA, '');
  const tag = afterSvgStartTag(clean);
  if (!tag) throw new Error('not an SVG image (no <svg> element)');
  const meta = `<metadata><nw:graph xmlns:nw="${SVG_NS}" format="${GRAPH_KEYWORD}">${escapeXml(text)}</nw:graph></metadata>`;
  if (tag.selfClosing) return `${clean.slice(0, tag.at - 2)}>${meta}</svg>${clean.slice(tag.at)}`;
  return clean.slice(0, tag.at) + meta + clean.slice(tag.at);
}

function extractFromSvg(svg: string): ExtractResult {
  const m = SVG_METADATA.exec(svg);
  return m ? { ok: true, text: unescapeXml(m[1]), kind: 'svg' } : { ok: false, message: NO_GRAPH_MESSAGE };
}

// ---------------------------------------------------------------------------------------------

/**
 * The graph file carried by an image (PNG or SVG bytes), or why there is none. Never throws:
 * a file that is neither image, a truncated PNG or a damaged chunk each give a message.
 */
export async function extractGraph(bytes: Uint8Array, limit = MAX_INFLATED): Promise<ExtractResult> {
  if (isPng(bytes)) return extractFromPng(bytes, limit);
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    return { ok: false, message: 'not a PNG or SVG image' };
  }
  if (!/<svg[\s>/]/.test(text)) return { ok: false, message: 'not a PNG or SVG image' };
  return extractFromSvg(text);
}

/** An exported image (PNG or SVG blob) carrying the graph file's text. */
export async function embedGraphInImage(format: 'png' | 'svg', image: Uint8Array, text: string): Promise<Uint8Array> {
  if (format === 'png') return embedGraphInPng(image, text);
  return encoder.encode(embedGraphInSvg(new TextDecoder().decode(image), text));
}
