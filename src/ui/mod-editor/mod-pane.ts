/**
 * `<nw-mod-pane>`: the NMODL text of a block's .mod file in a code editor (CodeMirror 6, own
 * NMODL highlighting). Typing recompiles and re-runs live: ~200 ms after the last key the text
 * becomes the block's embedded file (a new content-addressed asset, the file parameter pointing
 * at it), and a burst of typing is one undo step of the graph (a keyed store transaction). The
 * block's compile errors and unit warnings are shown at their lines. Undo in the graph, or
 * another file given to the block, replaces the text shown.
 */
import { LitElement, html, nothing, type TemplateResult } from 'lit';
import { EditorState, Annotation } from '@codemirror/state';
import { EditorView, keymap, lineNumbers, highlightActiveLine, highlightActiveLineGutter, drawSelection } from '@codemirror/view';
import { defaultKeymap, history, historyKeymap, indentWithTab } from '@codemirror/commands';
import { indentUnit } from '@codemirror/language';
import { ASSET_PREFIX, assetRef } from '../../dataflow/graph.ts';
import type { GraphStore } from '../../dataflow/store.ts';
import type { NodeStatus } from '../../dataflow/evaluator.ts';
import { withAssetNames } from '../../editor/error-snippet.ts';
import { textAsset } from '../files.ts';
import { ObservableController } from '../observe-controller.ts';
import { codeTheme, nmodlHighlight } from './nmodl-highlight.ts';
import { diagnosticsField, diagnosticsOf, setDiagnostics, type PaneDiagnostic } from './diagnostics.ts';

/** How long after the last key the text is compiled and run (ms). */
export const EDIT_DEBOUNCE_MS = 200;

/** Marks a change of the text that came from the graph (not typed): it is not written back. */
const fromGraph = Annotation.define<boolean>();

export interface ModTarget {
  id: string;
  param: string;
}

export class ModPane extends LitElement {
  static override properties = {
    store: { attribute: false },
    target: { attribute: false },
    status: { attribute: false },
  };
  declare store: GraphStore | null;
  declare target: ModTarget | null;
  declare status: NodeStatus | null;
  private view: EditorView | null = null;
  /** The file reference the text shown corresponds to (written by us, or read from the graph). */
  private shownRef: string | null = null;
  /** The target the editor was made for. */
  private viewFor: string | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private readonly changes = new ObservableController(this, () => this.store?.changes$, { next: () => this.follow() });

  constructor() {
    super();
    this.store = null;
    this.target = null;
    this.status = null;
  }

  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.flush();
    this.view?.destroy();
    this.view = null;
    this.viewFor = null;
  }

  /** The block's file parameter now: its reference and, if embedded, the asset. */
  private file(): { ref: string; name: string; text: string | null } | null {
    const t = this.target;
    const node = t && this.store?.node(t.id);
    if (!t || !node) return null;
    const ref = typeof node.params[t.param] === 'string' ? (node.params[t.param] as string) : '';
    const asset = ref.startsWith(ASSET_PREFIX) ? this.store!.graph.assets[ref.slice(ASSET_PREFIX.length)] : undefined;
    return { ref, name: asset?.name ?? (ref.split(/[\\/]/).pop() || 'mechanism.mod'), text: asset ? asset.data : null };
  }

  protected override render(): TemplateResult {
    const t = this.target;
    if (!t) return html``;
    const f = this.file();
    const st = this.status;
    const errors = st?.state === 'error' ? diagnosticsOf(withAssetNames(st.message, this.store?.graph.assets ?? {}), 'error') : [];
    const state =
      !st || st.state === 'idle'
        ? ''
        : st.state === 'error'
          ? errors.length
            ? `✖ ${errors.length} error${errors.length === 1 ? '' : 's'}`
            : `✖ ${withAssetNames(st.message, this.store?.graph.assets ?? {})}`
          : st.state === 'done'
            ? `✓ compiled and run${st.warnings?.length ? ` · ⚠ ${st.warnings.length}` : ''}`
            : st.state === 'running'
              ? 'running…'
              : st.message;
    return html`<div class="mod-pane" data-testid="mod-pane">
      <header class="mod-pane-head">
        <span class="mod-pane-title" title="the block's .mod file (embedded in the graph)">${f?.name ?? ''}</span>
        <span class="mod-pane-block">block <code>${t.id}</code></span>
        <span class="mod-pane-state ${st?.state ?? ''}" data-testid="mod-pane-state">${state}</span>
        ${errors.length
          ? html`<button class="mod-pane-first" data-testid="mod-pane-first-error" title="show the line" @click=${() => this.reveal(errors[0].line)}>line ${errors[0].line}: ${errors[0].message.replace(/^\d+:\d+: /, '')}</button>`
          : nothing}
        <span class="spacer"></span>
        <button data-testid="mod-pane-close" title="close the code pane (the text stays in the graph)" @click=${() => this.close()}>✕</button>
      </header>
      ${f && f.text === null ? html`<div class="mod-pane-note">${f.ref ? `“${f.ref}” is not embedded in the graph: drop the file on the page to edit it here.` : 'This block has no .mod file.'}</div>` : nothing}
      <div class="mod-pane-code"></div>
      <footer class="mod-pane-foot">Edits are compiled and run ${EDIT_DEBOUNCE_MS} ms after you stop typing; Ctrl+Z in the text undoes typing, the toolbar's Undo a whole burst.</footer>
    </div>`;
  }

  protected override updated(): void {
    this.follow();
  }

  /** Make the editor for the target, keep its text on the block's file, show the block's messages. */
  private follow(): void {
    const t = this.target;
    const host = this.querySelector<HTMLElement>('.mod-pane-code');
    const f = this.file();
    if (!t || !host || !f) return;
    const key = `${t.id}\u0000${t.param}`;
    if (this.viewFor !== key || !this.view) {
      this.flush();
      this.view?.destroy();
      this.view = new EditorView({ parent: host, state: this.newState(f.text ?? '', f.text === null) });
      this.viewFor = key;
      this.shownRef = f.ref;
    } else if (f.ref !== this.shownRef && this.timer === null) {
      // The graph changed the file (undo, redo, another file dropped): show its text.
      this.shownRef = f.ref;
      if (f.text !== null && f.text !== this.view.state.doc.toString()) {
        this.view.dispatch({ changes: { from: 0, to: this.view.state.doc.length, insert: f.text }, annotations: fromGraph.of(true) });
      }
    }
    this.view.dispatch({ effects: setDiagnostics.of(this.diagnostics()) });
  }

  /** Scroll a line (1-based) into the middle of the pane and put the cursor on it. */
  private reveal(line: number): void {
    const view = this.view;
    if (!view) return;
    const l = view.state.doc.line(Math.min(Math.max(1, line), view.state.doc.lines));
    view.dispatch({ selection: { anchor: l.from }, effects: EditorView.scrollIntoView(l.from, { y: 'center' }) });
    view.focus();
  }

  private diagnostics(): PaneDiagnostic[] {
    const st = this.status;
    const assets = this.store?.graph.assets ?? {};
    if (st?.state === 'error') return diagnosticsOf(withAssetNames(st.message, assets), 'error');
    if (st?.state === 'done' && st.warnings) return st.warnings.flatMap((w) => diagnosticsOf(withAssetNames(w, assets), 'warning'));
    return [];
  }

  private newState(text: string, readOnly: boolean): EditorState {
    return EditorState.create({
      doc: text,
      extensions: [
        lineNumbers(),
        highlightActiveLine(),
        highlightActiveLineGutter(),
        drawSelection(),
        history(),
        indentUnit.of('\t'),
        keymap.of([...defaultKeymap, ...historyKeymap, indentWithTab]),
        nmodlHighlight,
        diagnosticsField,
        codeTheme,
        EditorState.readOnly.of(readOnly),
        // Long comments wrap: no sideways scrolling in a pane beside the graph.
        EditorView.lineWrapping,
        EditorView.contentAttributes.of({ 'data-testid': 'mod-pane-text', 'aria-label': 'NMODL text of the .mod file' }),
        EditorView.updateListener.of((u) => {
          if (u.docChanged && !u.transactions.some((tr) => tr.annotation(fromGraph))) this.schedule();
        }),
      ],
    });
  }

  private schedule(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.commit(), EDIT_DEBOUNCE_MS);
  }

  /** Write a pending edit now (closing the pane or switching blocks does not lose it). */
  private flush(): void {
    if (this.timer === null) return;
    clearTimeout(this.timer);
    void this.commit();
  }

  /** The text as the block's embedded file: one undo step per burst of typing. */
  private async commit(): Promise<void> {
    this.timer = null;
    const t = this.target;
    const store = this.store;
    const f = this.file();
    const view = this.view;
    if (!t || !store || !f || !view) return;
    const { hash, asset } = await textAsset(f.name, view.state.doc.toString());
    if (!store.node(t.id)) return;
    const ref = assetRef(hash);
    this.shownRef = ref;
    store.transaction(
      () => {
        store.addAsset(hash, asset);
        store.setParam(t.id, t.param, ref);
      },
      { key: `mod-text:${t.id}:${t.param}` },
    );
  }

  private close(): void {
    this.flush();
    this.dispatchEvent(new CustomEvent('nw-close-mod-pane', { bubbles: true }));
  }
}

if (!customElements.get('nw-mod-pane')) customElements.define('nw-mod-pane', ModPane);
