// The pan/zoom layer: will-change only while the view keeps moving, gone once it is still; the holder carries the canvas class while the extension lives.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { GESTURE_GAP_MS, PAN_LAYER_CLASS, SETTLE_MS, gestureLayer } from './gesture-layer.ts';
import type { Area } from './types.ts';

/** An area with only what the extension touches: the holder's style and the signal pipes. */
function fakeArea() {
  const style: { willChange: string; removeProperty(name: string): void } = {
    willChange: '',
    removeProperty(name: string) {
      if (name === 'will-change') this.willChange = '';
    },
  };
  const classes = new Set<string>();
  const classList = { add: (c: string) => void classes.add(c), remove: (c: string) => void classes.delete(c) };
  const pipes: Array<(s: unknown) => unknown> = [];
  const area = { area: { content: { holder: { style, classList } } }, addPipe: (p: (s: unknown) => unknown) => pipes.push(p) };
  const send = (type: string) => {
    for (const p of pipes) p({ type, data: {} });
  };
  return { area: area as unknown as Area, style, classes, send };
}

describe('gestureLayer', () => {
  afterEach(() => vi.useRealTimers());

  it('a single jump gets no layer; a second change within the gap does, until the view is still', () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
    const { area, style, classes, send } = fakeArea();
    const destroy = gestureLayer(area);
    expect([...classes]).toEqual([PAN_LAYER_CLASS]);
    send('zoomed');
    expect(style.willChange).toBe('');
    vi.advanceTimersByTime(GESTURE_GAP_MS + 50);
    send('translated');
    expect(style.willChange).toBe('');
    vi.advanceTimersByTime(16);
    send('translated');
    expect(style.willChange).toBe('transform');
    // Still moving: a change every frame keeps the layer past SETTLE_MS.
    for (let i = 0; i < 20; i++) {
      vi.advanceTimersByTime(16);
      send(i % 2 ? 'zoomed' : 'translated');
    }
    expect(style.willChange).toBe('transform');
    vi.advanceTimersByTime(SETTLE_MS - 1);
    expect(style.willChange).toBe('transform');
    vi.advanceTimersByTime(1);
    expect(style.willChange).toBe('');
    // Other signals (a block moved) are not view changes.
    send('nodetranslated');
    vi.advanceTimersByTime(16);
    send('nodetranslated');
    expect(style.willChange).toBe('');
    // Destroyed mid-gesture: the hint goes and no timer is left.
    vi.advanceTimersByTime(GESTURE_GAP_MS + 50);
    send('translated');
    vi.advanceTimersByTime(16);
    send('translated');
    expect(style.willChange).toBe('transform');
    destroy();
    expect(style.willChange).toBe('');
    expect(classes.size).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
  });
});
