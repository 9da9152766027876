/**
 * `<nw-library-conflict>`: the bar a tab shows when the graph open in it was saved by another
 * tab: “this graph was changed in another tab: Reload | Keep both (save mine as a copy)”.
 * Until the user chooses, this tab writes nothing to that entry (library.ts). The library adds
 * one to the page when it starts. Test ids: `library-conflict`, `library-conflict-reload`,
 * `library-conflict-keep-both`.
 */
import { LitElement, css, html, nothing, type TemplateResult } from 'lit';
import { ObservableController } from '../observe-controller.ts';
import type { Library } from './library.ts';

export class ConflictBar extends LitElement {
  static override properties = {
    library: { attribute: false },
    busy: { state: true },
  };
  declare library: Library | null;
  private declare busy: boolean;
  /** The library's conflict, if any (followed when another library is handed in). */
  private conflict = new ObservableController(this, () => this.library?.conflict$);

  constructor() {
    super();
    this.library = null;
    this.busy = false;
  }

  static override styles = css`
    :host { position: fixed; top: 52px; left: 50%; transform: translateX(-50%); z-index: 950; font: 13px system-ui, sans-serif; }
    .bar { display: flex; align-items: center; gap: 10px; padding: 8px 12px; background: #fff6e0; color: #5a3b00; border: 1px solid #e8c36a; border-radius: 8px; box-shadow: 0 6px 20px #0002; max-width: 720px; }
    .bar span { flex: 1; }
    button { font: inherit; border: 1px solid #c9a24a; background: #fff; border-radius: 6px; padding: 2px 10px; cursor: pointer; }
    button:hover { border-color: #3d6fd8; }
    button:disabled { opacity: 0.5; cursor: default; }
  `;

  private async act(f: () => Promise<unknown>): Promise<void> {
    this.busy = true;
    try {
      await f();
    } finally {
      this.busy = false;
    }
  }

  protected override render(): TemplateResult | typeof nothing {
    const c = this.conflict.value;
    const lib = this.library;
    if (!c || !lib) return nothing;
    return html`<div class="bar" role="alertdialog" aria-label="graph changed in another tab" data-testid="library-conflict">
      <span>“${c.title}” was changed in another tab${c.mine ? '; your edits here are not saved yet' : ''}.</span>
      <button data-testid="library-conflict-reload" ?disabled=${this.busy} title="open the version saved in the other tab${c.mine ? ' (your edits here are dropped)' : ''}" @click=${() => void this.act(() => lib.reloadConflict())}>Reload</button>
      <button data-testid="library-conflict-keep-both" ?disabled=${this.busy} title="save the graph as it is here as a new library entry; the other tab's version stays" @click=${() => void this.act(() => lib.keepBoth())}>Keep both (save mine as a copy)</button>
    </div>`;
  }
}

if (!customElements.get('nw-library-conflict')) customElements.define('nw-library-conflict', ConflictBar);
