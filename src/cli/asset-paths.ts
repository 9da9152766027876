/**
 * Which local files a graph may make the CLI read, and reading them with a bound.
 *
 * A graph file comes from anyone, so its file parameters are not the user's choice: they may
 * name only regular files inside the graph file's folder (no absolute path, no `..` out of it,
 * no symbolic link whose target is outside it), each at most a size cap. `--allow-paths` lifts
 * the folder rule (not the regular-file rule or the cap), and a path given with `--set` on the
 * command line is the user's own choice, allowed like with `--allow-paths`.
 *
 * Messages name the path and why it is refused, never the content of the file.
 */
import { closeSync, constants, fstatSync, openSync, readSync, realpathSync, statSync, type Stats } from 'node:fs';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { parseFileRef } from '../dataflow/graph.ts';

/** Default cap on one file a graph reads (bytes): 256 MiB. */
export const DEFAULT_MAX_FILE_BYTES = 256 * 1024 * 1024;

/**
 * Default cap on one file a block reads as a stream (bytes): 16 GiB. Such a file never becomes
 * one string or buffer (an edge list goes straight into columns, whose size the block checks);
 * FlyWire's edge list as a full-precision CSV is 538 MB.
 */
export const DEFAULT_MAX_STREAM_BYTES = 16 * 1024 ** 3;

/** Rules for the files one graph may read. */
export interface PathPolicy {
  /** Absolute folder of the graph file: relative paths are resolved against it. */
  graphDir: string;
  /** `--allow-paths`: paths outside `graphDir` (absolute, `..`, links out) are allowed. */
  allowPaths: boolean;
  /** Largest file read whole (bytes). */
  maxBytes: number;
  /** Largest file read as a stream (bytes; a file parameter with `streamed`); default maxBytes. */
  maxStreamBytes?: number;
  /** Values the user gave with `--set` (absolute paths): allowed wherever they point. */
  userPaths: ReadonlySet<string>;
}

/**
 * The cap on one file (bytes): `NEUROWIRE_MAX_FILE_BYTES` when it is a positive integer
 * (tests use a small one), else 256 MiB; anything else in the variable is a usage error.
 */
export function maxFileBytes(env: NodeJS.ProcessEnv = process.env): number | { error: string } {
  return capFrom(env, 'NEUROWIRE_MAX_FILE_BYTES', DEFAULT_MAX_FILE_BYTES);
}

/** The cap on one streamed file (bytes): `NEUROWIRE_MAX_STREAM_BYTES` as maxFileBytes reads its variable, else 16 GiB. */
export function maxStreamBytes(env: NodeJS.ProcessEnv = process.env): number | { error: string } {
  return capFrom(env, 'NEUROWIRE_MAX_STREAM_BYTES', DEFAULT_MAX_STREAM_BYTES);
}

function capFrom(env: NodeJS.ProcessEnv, name: string, fallback: number): number | { error: string } {
  const s = env[name];
  if (s === undefined || s === '') return fallback;
  const n = Number(s);
  if (!Number.isSafeInteger(n) || n <= 0) return { error: `${name} must be a positive whole number of bytes, got "${s}"` };
  return n;
}

/** A path or other graph text for a one-line message: as it is when plain, else JSON-quoted (control characters escaped), long ones cut. */
export function shown(s: string, max = 200): string {
  const cut = s.length > max ? `${s.slice(0, max)}…` : s;
  return /^[^\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069"]*$/.test(cut) ? cut : JSON.stringify(cut);
}

/** "12.0 MiB", "900 bytes": a size for messages. */
function size(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  if (bytes < 1024 ** 3) return `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
  return `${(bytes / 1024 ** 3).toFixed(1)} GiB`;
}

/** What a non-regular file is, in words. */
function kindOf(st: Stats): string {
  if (st.isDirectory()) return 'a folder';
  if (st.isFIFO()) return 'a named pipe (FIFO)';
  if (st.isCharacterDevice() || st.isBlockDevice()) return 'a device';
  if (st.isSocket()) return 'a socket';
  return 'not a regular file';
}

/** Whether `p` is `dir` or inside it (both absolute and normalised). */
function inside(dir: string, p: string): boolean {
  const r = relative(dir, p);
  return r === '' || (!r.startsWith(`..${sep}`) && r !== '..' && !isAbsolute(r));
}

const OUTSIDE = "outside the graph's folder; pass --allow-paths to allow it";

/** The file a path reference reads, or why it may not be read (words that follow `parameter "x" `). */
export type PathCheck = { ok: true; path: string; bytes: number } | { ok: false; reason: string };

/**
 * Check a file parameter's path against the policy: the real path to read (links resolved)
 * and its size in bytes, or the reason it is refused. Only for references of kind `path`.
 */
export function checkAssetPath(ref: string, policy: PathPolicy, streamed = false): PathCheck {
  const r = parseFileRef(ref);
  if (r.kind !== 'path') return { ok: false, reason: `is not a path: ${shown(ref)}` };
  const path = resolve(policy.graphDir, r.path);
  const free = policy.allowPaths || policy.userPaths.has(ref) || policy.userPaths.has(path);
  // Decided on the text alone first: nothing is looked up outside the folder for a refused path.
  if (!free && (r.absolute || !inside(policy.graphDir, path))) return { ok: false, reason: `names ${shown(path)}, ${OUTSIDE}` };
  let real: string;
  try {
    real = realpathSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return { ok: false, reason: `names a file that does not exist: ${shown(path)}` };
    if (code === 'ELOOP') return { ok: false, reason: `names ${shown(path)}, a symbolic link that loops` };
    return { ok: false, reason: `names ${shown(path)}, which cannot be read (${code ?? 'error'})` };
  }
  if (!free) {
    let dirReal: string;
    try {
      dirReal = realpathSync(policy.graphDir);
    } catch {
      dirReal = policy.graphDir;
    }
    if (!inside(dirReal, real)) return { ok: false, reason: `names ${shown(path)}, a link to ${shown(real)}, ${OUTSIDE}` };
  }
  let st: Stats;
  try {
    st = statSync(real);
  } catch (e) {
    return { ok: false, reason: `names ${shown(path)}, which cannot be read (${(e as NodeJS.ErrnoException).code ?? 'error'})` };
  }
  if (!st.isFile()) return { ok: false, reason: `names ${shown(path)}, which is ${kindOf(st)}, not a file` };
  const cap = streamed ? (policy.maxStreamBytes ?? policy.maxBytes) : policy.maxBytes;
  const capName = streamed && policy.maxStreamBytes !== undefined ? 'NEUROWIRE_MAX_STREAM_BYTES' : 'NEUROWIRE_MAX_FILE_BYTES';
  if (st.size > cap) return { ok: false, reason: `names ${shown(path)}, which is ${size(st.size)}, more than the limit of ${size(cap)} (${capName})` };
  return { ok: true, path: real, bytes: st.size };
}

/** A file's bytes could not be read within the rules (message names the file, never its content). */
export class FileRefused extends Error {}

/**
 * Read a regular file as UTF-8 text, at most `maxBytes` bytes (a file that grows past the cap
 * while it is read is refused, not cut). Opening does not block on a FIFO (O_NONBLOCK) and the
 * opened file is checked again, so a file swapped for a device after the check is not read.
 */
export function readBoundedText(path: string, maxBytes: number): string {
  const fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) throw new FileRefused(`${shown(path)} is ${kindOf(st)}, not a file`);
    if (st.size > maxBytes) throw new FileRefused(`${shown(path)} is ${size(st.size)}, more than the limit of ${size(maxBytes)} (NEUROWIRE_MAX_FILE_BYTES)`);
    const chunks: Buffer[] = [];
    let total = 0;
    const CHUNK = 1 << 20;
    for (;;) {
      const buf = Buffer.allocUnsafe(Math.min(CHUNK, maxBytes + 1 - total));
      const n = readSync(fd, buf, 0, buf.length, null);
      if (n === 0) break;
      total += n;
      if (total > maxBytes) throw new FileRefused(`${shown(path)} is more than the limit of ${size(maxBytes)} (NEUROWIRE_MAX_FILE_BYTES)`);
      chunks.push(n === buf.length ? buf : buf.subarray(0, n));
    }
    return Buffer.concat(chunks, total).toString('utf8');
  } finally {
    closeSync(fd);
  }
}

/** Check then read a file parameter's path: the text, or a FileRefused saying why. */
export function readAssetPath(ref: string, policy: PathPolicy): string {
  const c = checkAssetPath(ref, policy);
  if (!c.ok) throw new FileRefused(`the path ${c.reason}`);
  return readBoundedText(c.path, policy.maxBytes);
}
