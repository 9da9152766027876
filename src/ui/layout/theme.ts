/**
 * The colour theme: the user's choice (auto follows `prefers-color-scheme`, or light, or dark),
 * kept in localStorage, applied as `data-theme` on <html> (theme.css holds the colours as CSS
 * custom properties). Charts re-initialise on the `nw-theme` event (ECharts themes are fixed at
 * init).
 */
import './theme.css';

export type ThemeChoice = 'auto' | 'light' | 'dark';
export type Theme = 'light' | 'dark';

export const THEME_KEY = 'neurowire.theme';
/** Sent on window when the theme in use changes; detail: the Theme. */
export const THEME_EVENT = 'nw-theme';
const CHOICES: readonly ThemeChoice[] = ['auto', 'light', 'dark'];

/** The theme in use for a choice and the system's preference. */
export function resolveTheme(choice: ThemeChoice, systemDark: boolean): Theme {
  return choice === 'auto' ? (systemDark ? 'dark' : 'light') : choice;
}

/** The toolbar toggle's next choice: auto → light → dark → auto. */
export function nextChoice(choice: ThemeChoice): ThemeChoice {
  return CHOICES[(CHOICES.indexOf(choice) + 1) % CHOICES.length];
}

/** A stored choice read back (anything else is auto). */
export function parseChoice(v: string | null | undefined): ThemeChoice {
  return CHOICES.includes(v as ThemeChoice) ? (v as ThemeChoice) : 'auto';
}

const media = (): MediaQueryList | null => (typeof matchMedia === 'function' ? matchMedia('(prefers-color-scheme: dark)') : null);

function storedChoice(): ThemeChoice {
  try {
    return parseChoice(localStorage.getItem(THEME_KEY));
  } catch {
    return 'auto';
  }
}

let choice: ThemeChoice = 'auto';
let applied: Theme | null = null;

/** The theme in use now. */
export function currentTheme(): Theme {
  return applied ?? resolveTheme(storedChoice(), media()?.matches ?? false);
}

/** The user's choice now. */
export function themeChoice(): ThemeChoice {
  return choice;
}

function apply(): void {
  const t = resolveTheme(choice, media()?.matches ?? false);
  const root = document.documentElement;
  root.dataset.theme = t;
  root.dataset.themeChoice = choice;
  root.style.colorScheme = t;
  if (t === applied) return;
  applied = t;
  window.dispatchEvent(new CustomEvent<Theme>(THEME_EVENT, { detail: t }));
}

/** Set (and keep) the user's choice. */
export function setThemeChoice(c: ThemeChoice): void {
  choice = c;
  try {
    localStorage.setItem(THEME_KEY, c);
  } catch {
    // Not kept: holds for this visit.
  }
  apply();
}

let started = false;
/** Apply the kept choice and follow the system's preference (once per page). */
export function startTheme(): void {
  if (started) return;
  started = true;
  choice = storedChoice();
  apply();
  media()?.addEventListener('change', apply);
}
