/**
 * Files the user gives the app (chosen in the inspector or dropped on the page): embedded in
 * the graph as content-addressed assets, so a saved or shared graph carries them.
 */
import { assetRef } from '../dataflow/graph.ts';
import { sha256Hex } from '../dataflow/assets.ts';
import type { GraphStore } from '../dataflow/store.ts';

export type EmbedResult = { ok: true; ref: string; name: string } | { ok: false; message: string };

/** The lower-case extension of a file name, with its dot (".swc"), or ''. */
export function extensionOf(name: string): string {
  const m = /\.[^./\\]+$/.exec(name);
  return m ? m[0].toLowerCase() : '';
}

/**
 * Embed a text file (SWC, CSV) as an asset of the open graph. Refuses a file whose extension
 * is not accepted or whose content is not text, saying so; the block that reads it reports
 * anything wrong inside it.
 */
export async function embedFile(store: GraphStore, file: File, accept: readonly string[]): Promise<EmbedResult> {
  const ext = extensionOf(file.name);
  if (accept.length && !accept.includes(ext)) {
    return { ok: false, message: `“${file.name}” is not a ${accept.join(' or ')} file` };
  }
  const bytes = new Uint8Array(await file.arrayBuffer());
  if (bytes.includes(0)) return { ok: false, message: `“${file.name}” is not a text file (it contains binary data)` };
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return { ok: false, message: `“${file.name}” is not UTF-8 text` };
  }
  const hash = await sha256Hex(bytes);
  store.addAsset(hash, { name: file.name, mime: file.type || 'text/plain', encoding: 'utf8', data: text });
  return { ok: true, ref: assetRef(hash), name: file.name };
}
