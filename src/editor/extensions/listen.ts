/**
 * Listeners that come with their own removal, so that every extension's `destroy` is a list of
 * these. Rete's scopes have no way to take a pipe back out: a removed pipe is switched off
 * instead (it then passes every signal on untouched).
 */
import type { Scope } from 'rete';
import type { Destroy } from './types.ts';

/** `target.addEventListener(type, fn, options)`; the result removes it again. */
export function listen<K extends keyof HTMLElementEventMap>(target: HTMLElement, type: K, fn: (e: HTMLElementEventMap[K]) => void, options?: boolean | AddEventListenerOptions): Destroy;
export function listen<K extends keyof DocumentEventMap>(target: Document, type: K, fn: (e: DocumentEventMap[K]) => void, options?: boolean | AddEventListenerOptions): Destroy;
export function listen<K extends keyof WindowEventMap>(target: Window, type: K, fn: (e: WindowEventMap[K]) => void, options?: boolean | AddEventListenerOptions): Destroy;
export function listen(target: EventTarget, type: string, fn: (e: Event) => void, options?: boolean | AddEventListenerOptions): Destroy;
export function listen(target: EventTarget, type: string, fn: (e: Event) => void, options?: boolean | AddEventListenerOptions): Destroy {
  target.addEventListener(type, fn, options);
  let on = true;
  return () => {
    if (!on) return;
    on = false;
    target.removeEventListener(type, fn, options);
  };
}

/**
 * Watches the signals of a Rete scope (editor, area, connection plugin) without changing them:
 * `fn` sees each signal and the signal goes on as it was. The result switches the watcher off.
 */
export function watch<P, Parents extends unknown[]>(scope: Scope<P, Parents>, fn: (signal: P | Parents[number]) => void): Destroy {
  let on = true;
  scope.addPipe((ctx) => {
    // Area pipes also see raw values from other plugins: only typed signals are ours.
    if (on && ctx && typeof ctx === 'object' && 'type' in ctx) fn(ctx);
    return ctx;
  });
  return () => {
    on = false;
  };
}

/** Runs destroys in reverse order of creation, once; a throwing one does not stop the rest. */
export function destroyAll(list: readonly Destroy[]): Destroy {
  let done = false;
  return () => {
    if (done) return;
    done = true;
    let first: unknown;
    for (const d of [...list].reverse()) {
      try {
        d();
      } catch (e) {
        first ??= e;
      }
    }
    if (first !== undefined) throw first;
  };
}
