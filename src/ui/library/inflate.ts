/**
 * Bounded decompression for what strangers send: the graph inside a `#g=` link and inside a
 * PNG's text chunk. A few hundred kilobytes of deflate can inflate to gigabytes (a
 * "decompression bomb"), so the output is read chunk by chunk from a DecompressionStream and
 * the stream is cancelled as soon as it passes a cap: memory stays near the cap, never the
 * bomb's full size, and the caller gets a message instead of a frozen tab.
 *
 * Pure (no DOM): the browser and Node (≥ 20) both have DecompressionStream.
 */
import { concatBytes } from '../../core/byte-source.ts';

/** The most a shared graph may inflate to (bytes): far above any real graph file, far below a tab's memory. */
export const MAX_INFLATED = 64 * 1024 * 1024;

/** Inflation stopped at the cap (`limit` in bytes). */
export class InflateLimitError extends Error {
  constructor(readonly limit: number) {
    super(`unpacks to more than ${Math.round(limit / (1024 * 1024))} MB, far more than any graph (a damaged or hostile file)`);
    this.name = 'InflateLimitError';
  }
}

/**
 * Inflate `bytes` ('deflate' = zlib, 'deflate-raw' = bare deflate) into at most `limit` bytes.
 * Throws {@link InflateLimitError} past the cap (after reading at most one stream chunk beyond
 * it), and the stream's own error for data that is not valid compressed data.
 */
export async function inflateCapped(bytes: Uint8Array, format: 'deflate' | 'deflate-raw', limit = MAX_INFLATED): Promise<Uint8Array> {
  return pump(slices(bytes).pipeThrough(new DecompressionStream(format)), limit);
}

/** Input slice (bytes): deflate inflates at most ~1032×, so one slice yields at most ~4 MB. */
const SLICE = 4096;

/**
 * The input in small slices, each handed over only when the decompressor asks for more: the
 * output waiting to be read stays within about one slice's worth however large the bomb.
 */
function slices(bytes: Uint8Array): ReadableStream<BufferSource> {
  let at = 0;
  return new ReadableStream<BufferSource>(
    {
      pull(c) {
        if (at >= bytes.length) return c.close();
        // A copy: the stream may transfer (detach) the buffer it is given.
        c.enqueue(bytes.slice(at, at + SLICE));
        at += SLICE;
      },
    },
    { highWaterMark: 0 },
  );
}

/** Compress `bytes` (no cap: the input is our own). */
export async function deflate(bytes: Uint8Array, format: 'deflate' | 'deflate-raw'): Promise<Uint8Array> {
  return pump(new Blob([new Uint8Array(bytes)]).stream().pipeThrough(new CompressionStream(format)), Infinity);
}

async function pump(stream: ReadableStream<Uint8Array>, limit: number): Promise<Uint8Array> {
  const reader = stream.getReader();
  const parts: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.length;
    if (total > limit) {
      // Cancel so the stream stops inflating; its rejection (if any) is not news.
      await reader.cancel().catch(() => undefined);
      parts.length = 0;
      throw new InflateLimitError(limit);
    }
    parts.push(value);
  }
  return concatBytes(parts);
}
