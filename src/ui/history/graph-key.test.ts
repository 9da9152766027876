/** The history key of the open graph through the ways graphs open and enter the library. */
import { describe, expect, it } from 'vitest';
import { GraphKeys } from './graph-key.ts';

describe('GraphKeys', () => {
  it('an example keeps its name until its first edit saves it; then its runs move to the library id', () => {
    const k = new GraphKeys('compartment-tutorial');
    expect(k.key).toBe('example:compartment-tutorial');
    // First edit: the autosave gives it an id (no graph opened just before).
    expect(k.tracked('G')).toEqual({ from: 'example:compartment-tutorial', to: 'graph:G' });
    expect(k.key).toBe('graph:G');
    expect(k.tracked('G')).toBeNull();
  });

  it('a library graph opened is its own key (nothing moves); an example opened after it is the example', () => {
    const k = new GraphKeys('compartment-tutorial');
    k.opened(null);
    expect(k.tracked('G')).toBeNull();
    k.settle('G');
    expect(k.key).toBe('graph:G');
    k.opened('synaptic-input');
    expect(k.tracked(null)).toBeNull();
    k.settle(null);
    expect(k.key).toBe('example:synaptic-input');
    // The same library graph opened again while open: the library gives no new id, the key is its own.
    k.opened(null);
    k.settle('H');
    expect(k.key).toBe('graph:H');
  });

  it('a dropped file is adopted at once (its own key); keep both moves this tab’s runs to the copy', () => {
    const k = new GraphKeys(null);
    expect(k.key).toBe('session:1');
    k.opened(null);
    expect(k.key).toBe('session:2');
    expect(k.tracked('F')).toBeNull();
    k.settle('F');
    expect(k.tracked('F-copy')).toEqual({ from: 'graph:F', to: 'graph:F-copy' });
  });
});
