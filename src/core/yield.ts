/**
 * Yield to the event loop so that waiting messages (a worker's 'abort') are handled, without
 * the ≥4 ms clamp browsers put on nested `setTimeout(0)`: a run yielding every 20 ms slice
 * would otherwise idle a sixth of the time. Node: setImmediate; browsers and workers: a
 * MessageChannel message (same task source as the worker's own messages, so they interleave).
 */
type Immediate = (f: () => void) => unknown;

const immediate = (globalThis as { setImmediate?: Immediate }).setImmediate;

let channel: MessageChannel | null = null;
const waiting: Array<() => void> = [];

function viaChannel(): Promise<void> {
  if (!channel) {
    channel = new MessageChannel();
    channel.port1.onmessage = () => waiting.shift()?.();
  }
  const c = channel;
  return new Promise<void>((r) => {
    waiting.push(r);
    c.port2.postMessage(0);
  });
}

/** Resolves after the event loop had a turn (messages and timers due were handled). */
export function yieldToEvents(): Promise<void> {
  if (immediate) return new Promise<void>((r) => void immediate(r));
  if (typeof MessageChannel === 'function') return viaChannel();
  return new Promise<void>((r) => setTimeout(r, 0));
}
