// The minimap's redraws: at most one a frame; a view change that rescales it (the view reaching
// outside the blocks) waits until the view is still; one inside the blocks is drawn at once.
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { MinimapPlugin } from 'rete-minimap-plugin';
import type { Schemes } from '../block-node.ts';
import { VIEW_SETTLE_MS, minimapPerFrame, within } from './minimap-per-frame.ts';

const FRAME_MS = 16;

/** A minimap with only what the extension reads: blocks, their places, the view; `draws` counts the plugin's own redraws. */
function fakeMinimap() {
  const blocks = [
    { id: 'a', width: 200, height: 100 },
    { id: 'b', width: 200, height: 100 },
  ];
  const nodeViews = new Map([
    ['a', { position: { x: 0, y: 0 } }],
    ['b', { position: { x: 2000, y: 1000 } }],
  ]);
  const transform = { x: 0, y: 0, k: 1 };
  const state = { draws: 0 };
  const minimap = {
    render: () => {
      state.draws++;
    },
    editor: { getNodes: () => blocks },
    area: { nodeViews, area: { transform } },
  };
  return { minimap: minimap as unknown as MinimapPlugin<Schemes>, plugin: minimap as { render(): void }, nodeViews, transform, state };
}

describe('minimapPerFrame', () => {
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  it('within: edges included, any side out is outside', () => {
    const outer = { left: 0, top: 0, right: 2200, bottom: 1100 };
    expect(within({ left: 0, top: 0, right: 2200, bottom: 1100 }, outer)).toBe(true);
    expect(within({ left: 100, top: 100, right: 1100, bottom: 700 }, outer)).toBe(true);
    expect(within({ left: -1, top: 100, right: 1100, bottom: 700 }, outer)).toBe(false);
    expect(within({ left: 100, top: 100, right: 1100, bottom: 1101 }, outer)).toBe(false);
  });

  it('draws a view inside the blocks at the next frame, and one that rescales the minimap once the view is still', () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    vi.stubGlobal('requestAnimationFrame', (cb: (t: number) => void) => setTimeout(() => cb(0), FRAME_MS));
    vi.stubGlobal('cancelAnimationFrame', (id: ReturnType<typeof setTimeout>) => clearTimeout(id));
    let resized: ((entries: Array<{ contentRect: { width: number; height: number } }>) => void) | null = null;
    vi.stubGlobal(
      'ResizeObserver',
      class {
        constructor(cb: typeof resized) {
          resized = cb;
        }
        observe(): void {}
        disconnect(): void {}
      },
    );
    const { minimap, plugin, nodeViews, transform, state } = fakeMinimap();
    const ext = minimapPerFrame(minimap, {} as HTMLElement);
    // The editor is 1000 × 600 px: the first size report draws the minimap.
    resized!([{ contentRect: { width: 1000, height: 600 } }]);
    vi.advanceTimersByTime(FRAME_MS);
    expect(state.draws).toBe(1);

    // Blocks span (0, 0)–(2200, 1100). At zoom 1 from (100, 100) the view is (100, 100)–(1100, 700): inside.
    transform.x = -100;
    transform.y = -100;
    plugin.render();
    plugin.render();
    vi.advanceTimersByTime(FRAME_MS);
    expect(state.draws).toBe(2);

    // Zoomed out to 0.25 the view is 4000 × 2400 editor px: outside the blocks. A pan of 12 frames draws nothing …
    transform.k = 0.25;
    for (let i = 0; i < 12; i++) {
      transform.x = -10 * i;
      plugin.render();
      vi.advanceTimersByTime(FRAME_MS);
    }
    expect(state.draws).toBe(2);
    // … until the view has been still for VIEW_SETTLE_MS since the last frame (then a frame).
    vi.advanceTimersByTime(VIEW_SETTLE_MS - 1);
    expect(state.draws).toBe(2);
    vi.advanceTimersByTime(1 + FRAME_MS);
    expect(state.draws).toBe(3);
    // Nothing changed since: a render request draws nothing.
    plugin.render();
    vi.advanceTimersByTime(FRAME_MS + VIEW_SETTLE_MS + FRAME_MS);
    expect(state.draws).toBe(3);

    // A block moved while zoomed out: drawn at the next frame, view or not.
    nodeViews.get('b')!.position.x = 2100;
    plugin.render();
    vi.advanceTimersByTime(FRAME_MS);
    expect(state.draws).toBe(4);

    // Destroyed while a redraw waits: no timer is left.
    transform.x = -500;
    plugin.render();
    vi.advanceTimersByTime(FRAME_MS);
    expect(vi.getTimerCount()).toBe(1);
    ext.destroy();
    expect(vi.getTimerCount()).toBe(0);
    expect(state.draws).toBe(4);
  });
});
