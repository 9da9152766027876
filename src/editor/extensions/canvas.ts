/** The editor's own DOM in its container: the stylesheet, the root class, focusability and the empty-graph hint. */
import { EDITOR_CSS } from '../styles.ts';
import type { Destroy } from './types.ts';

export interface Canvas {
  /** Show the "drag blocks here" hint (only while the graph is empty). */
  showHint(show: boolean): void;
  destroy: Destroy;
}

export function canvas(container: HTMLElement): Canvas {
  const style = document.createElement('style');
  style.textContent = EDITOR_CSS;
  container.appendChild(style);
  container.classList.add('nw-editor-root');
  // Overlays (band, probe, hint) are positioned against the container.
  if (getComputedStyle(container).position === 'static') container.style.position = 'relative';
  // Focusable, so that keyboard shortcuts know the editor is where the user works.
  if (!container.hasAttribute('tabindex')) container.tabIndex = -1;
  container.style.outline = 'none';

  const hint = document.createElement('div');
  hint.className = 'nw-editor-hint';
  hint.textContent = 'Drag blocks here from the palette, or double-click (or press Space) to search for one.';
  container.appendChild(hint);

  return {
    showHint: (show) => {
      hint.style.display = show ? '' : 'none';
    },
    destroy: () => {
      style.remove();
      hint.remove();
      container.classList.remove('nw-editor-root', 'nw-picking');
    },
  };
}
