import { describe, expect, it } from 'vitest';
import { activeTab, ALL_TAB, resultTabs, shownUnder } from './result-tabs.ts';

describe('result tabs', () => {
  const label = (id: string) => `Plot ${id}`;
  it('no tabs for up to 4 panels; All plus one per block above', () => {
    expect(resultTabs(['a', 'b', 'c', 'd'], label)).toBeNull();
    expect(resultTabs(['a', 'b', 'c', 'd', 'e'], label)).toEqual([
      { id: ALL_TAB, label: 'All (5)' },
      { id: 'a', label: 'Plot a' },
      { id: 'b', label: 'Plot b' },
      { id: 'c', label: 'Plot c' },
      { id: 'd', label: 'Plot d' },
      { id: 'e', label: 'Plot e' },
    ]);
  });
  it('a chosen tab holds while its block is there and tabs exist, else All', () => {
    const five = ['a', 'b', 'c', 'd', 'e'];
    expect(activeTab('c', five)).toBe('c');
    expect(activeTab('z', five)).toBe(ALL_TAB);
    expect(activeTab('c', ['a', 'b', 'c'])).toBe(ALL_TAB);
    expect(shownUnder('c', 'c')).toBe(true);
    expect(shownUnder('c', 'd')).toBe(false);
    expect(shownUnder(ALL_TAB, 'd')).toBe(true);
  });
});
