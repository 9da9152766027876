/**
 * Decompression bombs: a graph link or an image whose compressed graph inflates 1 MB → 1 GB is
 * refused with a message, within bounded time and memory (before the cap, a bomb PNG took 3.1 GB
 * of browser memory and then said "the file is empty").
 */
import { describe, expect, it } from 'vitest';
import { constants, deflateRawSync, inflateRawSync } from 'node:zlib';
import { deflate, InflateLimitError, inflateCapped, MAX_INFLATED } from './inflate.ts';
import { extractGraph, GRAPH_KEYWORD, makeChunk, PNG_SIGNATURE } from './png-graph.ts';
import { decodeShare, toBase64Url } from './share-link.ts';

const MiB = 1024 * 1024;

/**
 * A raw-deflate stream of `blocks` MiB of zeros, built from one compressed MiB repeated: the
 * MiB is compressed with a sync flush (a non-final block ending on a byte boundary that refers
 * only to zeros), so copies of it can follow each other; an empty final block ends the stream.
 */
function zeroBombRaw(blocks: number): Uint8Array {
  const one = deflateRawSync(Buffer.alloc(MiB), { level: 9, finishFlush: constants.Z_SYNC_FLUSH });
  const end = Uint8Array.of(0x03, 0x00); // final fixed-Huffman block holding only end-of-block
  const out = new Uint8Array(one.length * blocks + end.length);
  for (let k = 0; k < blocks; k++) out.set(one, k * one.length);
  out.set(end, one.length * blocks);
  return out;
}

/** The same as a zlib stream (header, raw data, Adler-32 of the inflated bytes). */
function zeroBombZlib(blocks: number): Uint8Array {
  const raw = zeroBombRaw(blocks);
  const n = blocks * MiB;
  // Adler-32 of n zero bytes: a stays 1, b adds a once per byte.
  const a = 1;
  const b = n % 65521;
  const out = new Uint8Array(2 + raw.length + 4);
  out.set([0x78, 0xda], 0);
  out.set(raw, 2);
  new DataView(out.buffer).setUint32(2 + raw.length, ((b << 16) | a) >>> 0);
  return out;
}

/** The bomb: ~1 MB that inflates to 1 GiB. */
const BOMB_MIB = 1024;

function pngWith(chunk: Uint8Array): Uint8Array {
  const ihdr = new Uint8Array(13);
  new DataView(ihdr.buffer).setUint32(0, 1);
  new DataView(ihdr.buffer).setUint32(4, 1);
  const parts = [PNG_SIGNATURE, makeChunk('IHDR', ihdr), chunk, makeChunk('IEND', new Uint8Array())];
  const out = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
  let at = 0;
  for (const p of parts) (out.set(p, at), (at += p.length));
  return out;
}

const latin1 = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));

/** Run `f`, measuring wall time (ms) and the largest growth of the process's memory (MB) seen while it ran. */
async function measure<T>(f: () => Promise<T>): Promise<{ value: T; ms: number; peakMB: number }> {
  const base = process.memoryUsage().rss;
  let peak = base;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5);
  const t0 = performance.now();
  try {
    const value = await f();
    return { value, ms: performance.now() - t0, peakMB: (Math.max(peak, process.memoryUsage().rss) - base) / MiB };
  } finally {
    clearInterval(timer);
  }
}

describe('decompression bombs', () => {
  it('the test bomb is real: a small copy inflates with zlib to exactly its zeros', () => {
    const small = inflateRawSync(zeroBombRaw(3));
    expect(small.length).toBe(3 * MiB);
    expect(small.every((b) => b === 0)).toBe(true);
    const bomb = zeroBombRaw(BOMB_MIB);
    // ~1 MB of input for 1 GiB of output.
    expect(bomb.length).toBeGreaterThan(0.9e6);
    expect(bomb.length).toBeLessThan(1.2e6);
  });

  it('inflation stops at the cap: 1 MB → 1 GiB is refused in bounded time and memory', async () => {
    const bomb = zeroBombZlib(BOMB_MIB);
    const r = await measure(() => inflateCapped(bomb, 'deflate').then(() => 'inflated', (e: unknown) => e));
    expect(r.value).toBeInstanceOf(InflateLimitError);
    expect((r.value as Error).message).toContain('more than 64 MB');
    console.log(`bomb ${(bomb.length / 1e6).toFixed(2)} MB → 1 GiB refused in ${r.ms.toFixed(0)} ms, peak memory growth ${r.peakMB.toFixed(0)} MB`);
    expect(r.ms).toBeLessThan(10_000);
    // The cap is 64 MiB; the kept parts plus one slice's output stay well under 4× that.
    expect(r.peakMB).toBeLessThan(256);
  });

  it('exactly at the cap is fine, one byte over is refused; small graphs inflate unchanged', async () => {
    const data = new TextEncoder().encode('x'.repeat(100_000));
    const packed = await deflate(data, 'deflate-raw');
    expect((await inflateCapped(packed, 'deflate-raw', 100_000)).length).toBe(100_000);
    await expect(inflateCapped(packed, 'deflate-raw', 99_999)).rejects.toBeInstanceOf(InflateLimitError);
    expect(MAX_INFLATED).toBe(64 * MiB);
  });

  it('a #g= link holding the bomb is refused with a message', async () => {
    const r = await measure(() => decodeShare(`#g=${toBase64Url(zeroBombRaw(BOMB_MIB))}`));
    expect(r.value).toEqual({ ok: false, message: expect.stringContaining('the shared link was not opened: its graph unpacks to more than 64 MB') });
    expect(r.ms).toBeLessThan(10_000);
    expect(r.peakMB).toBeLessThan(256);
  });

  it('a PNG whose iTXt or zTXt graph chunk is the bomb is refused with a message', async () => {
    const bomb = zeroBombZlib(BOMB_MIB);
    const kw = latin1(GRAPH_KEYWORD);
    const iTXt = new Uint8Array(kw.length + 5 + bomb.length);
    iTXt.set(kw, 0);
    iTXt.set([0, 1, 0, 0, 0], kw.length); // compressed, method 0, no language, no translation
    iTXt.set(bomb, kw.length + 5);
    const zTXt = new Uint8Array(kw.length + 2 + bomb.length);
    zTXt.set(kw, 0);
    zTXt.set([0, 0], kw.length);
    zTXt.set(bomb, kw.length + 2);
    for (const [type, data] of [['iTXt', iTXt], ['zTXt', zTXt]] as const) {
      const r = await measure(() => extractGraph(pngWith(makeChunk(type, data))));
      expect(r.value, type).toEqual({ ok: false, message: expect.stringContaining('the NeuroWire graph in this image was not opened: it unpacks to more than 64 MB') });
      expect(r.ms).toBeLessThan(10_000);
      expect(r.peakMB).toBeLessThan(256);
    }
  });

  it('a zTXt graph chunk of normal size is read', async () => {
    const text = '{"format":"neurowire-graph","version":1}';
    const kw = latin1(GRAPH_KEYWORD);
    const packed = await deflate(latin1(text), 'deflate');
    const data = new Uint8Array(kw.length + 2 + packed.length);
    data.set(kw, 0);
    data.set(packed, kw.length + 2);
    expect(await extractGraph(pngWith(makeChunk('zTXt', data)))).toEqual({ ok: true, text, kind: 'png' });
  });
});
