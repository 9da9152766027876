/**
 * Files of a block that computes in a worker: the worker has neither the graph's embedded files
 * nor the user's, so the page (or the CLI) reads what the block's file parameters name before
 * sending it, and the worker answers the block's readText / readBytes from those bytes.
 */
import type { BlockDef, ComputeContext, Params } from '../../nodes/types.ts';
import { bytesSource, concatBytes, type ByteSource } from '../core/byte-source.ts';
import { CoreError } from '../core/errors.ts';
import { parseFileRef } from '../dataflow/graph.ts';

/** A file's bytes, or why it could not be read (said again when the block reads it). */
export type ReadFile = ({ bytes: Uint8Array } | { error: string }) & { /** The name the file goes by (ComputeContext.fileName). */ name?: string };

/**
 * The files a block's file parameters name (embedded files and paths; built-in sources are the
 * block's own), read as bytes: through readBytes where the parameter is `streamed` and the
 * context has it, else as text (so the whole-file rules of readText apply).
 */
export async function prereadFiles(def: BlockDef, params: Params, ctx: ComputeContext): Promise<Record<string, ReadFile>> {
  const out: Record<string, ReadFile> = Object.create(null) as Record<string, ReadFile>;
  for (const spec of def.params) {
    if (spec.kind !== 'file') continue;
    const ref = params[spec.name];
    if (typeof ref !== 'string' || ref === '' || Object.hasOwn(out, ref)) continue;
    const kind = parseFileRef(ref).kind;
    if (kind !== 'asset' && kind !== 'path') continue;
    const name = ctx.fileName?.(ref);
    try {
      let bytes: Uint8Array;
      if (spec.streamed && ctx.readBytes) {
        const src = await ctx.readBytes(ref);
        const parts: Uint8Array[] = [];
        for await (const c of src.chunks()) parts.push(c);
        bytes = concatBytes(parts);
      } else bytes = new TextEncoder().encode(await ctx.readText(ref));
      out[ref] = name === undefined ? { bytes } : { bytes, name };
    } catch (e) {
      if (ctx.signal.aborted) throw e;
      const error = e instanceof Error ? e.message : String(e);
      out[ref] = name === undefined ? { error } : { error, name };
    }
  }
  return out;
}

/** The worker's readText and readBytes over pre-read files. */
export function filesReader(files: Readonly<Record<string, ReadFile>> | undefined): Pick<ComputeContext, 'readText'> & { readBytes(ref: string): Promise<ByteSource>; fileName(ref: string): string } {
  const get = (ref: string): Uint8Array => {
    const f = files && Object.hasOwn(files, ref) ? files[ref] : undefined;
    if (!f) throw new CoreError('input', 'files are read before a block goes to the worker');
    if ('error' in f) throw new Error(f.error);
    return f.bytes;
  };
  return {
    readText: async (ref) => new TextDecoder().decode(get(ref)),
    readBytes: async (ref) => bytesSource(get(ref)),
    fileName: (ref) => (files && Object.hasOwn(files, ref) ? files[ref].name : undefined) ?? ref,
  };
}
