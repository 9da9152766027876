import { describe, expect, it } from 'vitest';
import { clampSize, draggedSize, loadPaneSizes, PANES, savePaneSize } from './pane-sizes.ts';

class MemoryStorage {
  data = new Map<string, string>();
  getItem(k: string): string | null {
    return this.data.get(k) ?? null;
  }
  setItem(k: string, v: string): void {
    this.data.set(k, v);
  }
  removeItem(k: string): void {
    this.data.delete(k);
  }
}

describe('pane sizes', () => {
  it('clamps to [min, max], max winning in a window too small for both', () => {
    expect(clampSize(50, 220, 900)).toBe(220);
    expect(clampSize(1000, 220, 900)).toBe(900);
    expect(clampSize(333.6, 220, 900)).toBe(334);
    expect(clampSize(300, 220, 180)).toBe(180);
    expect(clampSize(Number.NaN, 220, 900)).toBe(220);
  });

  it('a pane after its handle shrinks when the handle moves right or down', () => {
    expect(draggedSize(320, 100, 220, 900)).toBe(220);
    expect(draggedSize(320, -150, 220, 900)).toBe(470);
    expect(draggedSize(320, -2000, 220, 900)).toBe(900);
  });

  it('keeps sizes across a reload; none (app.css defaults) for missing, unreadable or too small values', () => {
    const s = new MemoryStorage();
    expect(loadPaneSizes(s)).toEqual({ inspector: null, results: null });
    savePaneSize(s, 'inspector', 451.4);
    savePaneSize(s, 'results', 260);
    expect(s.getItem(PANES.inspector.key)).toBe('451');
    expect(loadPaneSizes(s)).toEqual({ inspector: 451, results: 260 });
    s.setItem(PANES.results.key, 'garbage');
    s.setItem(PANES.inspector.key, '12');
    expect(loadPaneSizes(s)).toEqual({ inspector: null, results: null });
    savePaneSize(s, 'results', null);
    expect(s.getItem(PANES.results.key)).toBeNull();
  });

  it('a storage that throws gives no sizes and keeps nothing, without an error', () => {
    const refusing = {
      getItem: () => {
        throw new Error('denied');
      },
      setItem: () => {
        throw new Error('denied');
      },
      removeItem: () => {
        throw new Error('denied');
      },
    };
    expect(loadPaneSizes(refusing)).toEqual({ inspector: null, results: null });
    expect(() => savePaneSize(refusing, 'results', 300)).not.toThrow();
  });
});
