import { describe, expect, it } from 'vitest';
import { nextChoice, parseChoice, resolveTheme } from './theme.ts';

describe('theme', () => {
  it('auto follows the system, light and dark do not', () => {
    expect(resolveTheme('auto', true)).toBe('dark');
    expect(resolveTheme('auto', false)).toBe('light');
    expect(resolveTheme('light', true)).toBe('light');
    expect(resolveTheme('dark', false)).toBe('dark');
  });
  it('the toggle cycles auto → light → dark → auto; unknown stored values are auto', () => {
    expect([nextChoice('auto'), nextChoice('light'), nextChoice('dark')]).toEqual(['light', 'dark', 'auto']);
    expect(parseChoice('dark')).toBe('dark');
    expect(parseChoice('purple')).toBe('auto');
    expect(parseChoice(null)).toBe('auto');
  });
});
