/**
 * A file's bytes as a reader may want them: in order, in chunks (no whole-file string; files
 * larger than V8's string limit), with random access when the holder has it (Parquet's footer
 * is at the end). Files in the CLI are streamed from disk; the app's embedded files are bytes.
 */
export interface ByteSource {
  /** The bytes in order, in chunks of any size (each call starts again from the first byte). */
  chunks(): AsyncIterable<Uint8Array>;
  /** Size in bytes, when known (progress, sizing of columns). */
  size?: number;
  /** Random access (hyparquet's AsyncBuffer shape): `slice(start, end)` of the file's bytes. */
  random?: { byteLength: number; slice(start: number, end?: number): ArrayBuffer | Promise<ArrayBuffer> };
  /** Decompress gzip (the CLI's node:zlib); default the web's DecompressionStream. */
  gunzip?: (chunks: AsyncIterable<Uint8Array>) => AsyncIterable<Uint8Array>;
}

/** Bytes in memory as a ByteSource (an embedded file, a File read as an ArrayBuffer), in 1 MiB chunks. */
export function bytesSource(bytes: Uint8Array): ByteSource {
  return {
    size: bytes.length,
    random: { byteLength: bytes.byteLength, slice: (start, end) => bytes.slice(start, end).buffer },
    async *chunks() {
      for (let i = 0; i < bytes.length; i += 1 << 20) yield bytes.subarray(i, i + (1 << 20));
    },
  };
}

/** Byte chunks joined into one array, in order (the one chunk itself when there is only one). */
export function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  if (parts.length === 1) return parts[0];
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}
