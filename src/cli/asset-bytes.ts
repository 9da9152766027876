/**
 * File parameters as streamed bytes in the CLI (ComputeContext.readBytes): a path is read from
 * disk in chunks (a 538 MB edge list never becomes one string), with random access for
 * Parquet, and gzip is inflated by node:zlib. The same rules as for text hold: the path must
 * pass the graph's path policy, be a regular file (checked again on the opened descriptor, so
 * a file swapped for a FIFO or device is not read) and stay within the size cap while read.
 */
import { closeSync, constants, createReadStream, fstatSync, openSync, readSync } from 'node:fs';
import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import type { ByteSource } from '../core/byte-source.ts';
import { bytesSource } from '../core/byte-source.ts';
import { readAssetBytes } from '../dataflow/assets.ts';
import { parseFileRef, type Graph } from '../dataflow/graph.ts';
import { checkAssetPath, FileRefused, shown, type PathPolicy } from './asset-paths.ts';

/** Open a regular file without blocking on a FIFO; refuse anything else. */
function openRegular(path: string): number {
  const fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  const st = fstatSync(fd);
  if (!st.isFile()) {
    closeSync(fd);
    throw new FileRefused(`${shown(path)} is not a regular file`);
  }
  return fd;
}

/** A checked path as a ByteSource: chunks streamed from disk, slices read on demand. */
export function fileByteSource(path: string, size: number, maxBytes: number, capName = 'NEUROWIRE_MAX_STREAM_BYTES'): ByteSource {
  return {
    size,
    async *chunks() {
      const stream = createReadStream('', { fd: openRegular(path), highWaterMark: 1 << 20 });
      let seen = 0;
      for await (const c of stream as AsyncIterable<Buffer>) {
        seen += c.length;
        if (seen > maxBytes) {
          stream.destroy();
          throw new FileRefused(`${shown(path)} grew past the limit of ${maxBytes} bytes (${capName}) while it was read`);
        }
        yield new Uint8Array(c.buffer, c.byteOffset, c.length);
      }
    },
    random: {
      byteLength: size,
      slice(start: number, end = size) {
        const fd = openRegular(path);
        try {
          const out = new Uint8Array(Math.max(0, Math.min(end, size) - start));
          let o = 0;
          while (o < out.length) {
            const n = readSync(fd, out, o, out.length - o, start + o);
            if (n === 0) break;
            o += n;
          }
          return out.buffer;
        } finally {
          closeSync(fd);
        }
      },
    },
    gunzip: (chunks) => {
      // pipe() does not pass a read error on: the gunzip stream ends with it instead of waiting.
      const from = Readable.from(chunks);
      const gz = createGunzip();
      from.on('error', (e) => gz.destroy(e));
      return from.pipe(gz) as AsyncIterable<Uint8Array>;
    },
  };
}

/** ComputeContext.readBytes for a graph run by the CLI: embedded files' bytes, or paths under the policy. */
export function fileBytesReader(graph: Graph, policy: PathPolicy) {
  return async (ref: string): Promise<ByteSource> => {
    const r = parseFileRef(ref);
    if (r.kind === 'asset') return bytesSource(readAssetBytes(graph, ref));
    if (r.kind === 'builtin') throw new Error(`built-in file "${ref}" is handled by the block`);
    if (r.kind !== 'path') throw new Error(r.kind === 'invalid' ? r.reason : 'no file given');
    // Read as a stream: the streamed-file cap (a block that reads bytes builds bounded columns).
    const c = checkAssetPath(ref, policy, true);
    if (!c.ok) throw new Error(`the path ${c.reason}`);
    return policy.maxStreamBytes === undefined ? fileByteSource(c.path, c.bytes, policy.maxBytes, 'NEUROWIRE_MAX_FILE_BYTES') : fileByteSource(c.path, c.bytes, policy.maxStreamBytes);
  };
}
