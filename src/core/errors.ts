/**
 * Errors the user sees. Core functions throw a `CoreError` whose message names what caused it
 * (SWC line, node id, section, time) in words a scientist understands; callers (blocks, CLI)
 * show `message` as it is.
 */
export type CoreErrorCode =
  | 'swc-syntax'
  | 'swc-structure'
  | 'connector'
  | 'node-not-found'
  | 'geometry'
  | 'model'
  | 'numeric'
  | 'aborted'
  | 'input';

export class CoreError extends Error {
  readonly code: CoreErrorCode;
  /** Structured location of the problem, when known (SWC line, node id, section index, time in ms). */
  readonly where: { line?: number; node?: number; section?: number; time?: number };

  constructor(code: CoreErrorCode, message: string, where: CoreError['where'] = {}) {
    super(message);
    this.name = code === 'aborted' ? 'AbortError' : 'CoreError';
    this.code = code;
    this.where = where;
  }
}

/** True for the error a run throws when it was cancelled through its AbortSignal. */
export function isAbort(e: unknown): boolean {
  return e instanceof CoreError && e.code === 'aborted';
}
