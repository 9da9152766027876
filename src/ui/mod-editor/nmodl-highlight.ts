/**
 * NMODL highlighting for the code pane: the tokens of nmodl-tokens.ts as CodeMirror mark
 * decorations (class `cm-nmodl-<kind>`; colours in codeTheme). The whole text is tokenized on
 * each change: .mod files are a few hundred lines, and a COMMENT opened far above changes
 * everything below it.
 */
import { RangeSetBuilder } from '@codemirror/state';
import { Decoration, EditorView, ViewPlugin, type DecorationSet, type ViewUpdate } from '@codemirror/view';
import { nmodlTokens, type TokenKind } from './nmodl-tokens.ts';

const MARKS: Readonly<Record<TokenKind, Decoration>> = {
  comment: Decoration.mark({ class: 'cm-nmodl-comment' }),
  block: Decoration.mark({ class: 'cm-nmodl-block' }),
  keyword: Decoration.mark({ class: 'cm-nmodl-keyword' }),
  number: Decoration.mark({ class: 'cm-nmodl-number' }),
  unit: Decoration.mark({ class: 'cm-nmodl-unit' }),
  def: Decoration.mark({ class: 'cm-nmodl-def' }),
};

function decorate(view: EditorView): DecorationSet {
  const b = new RangeSetBuilder<Decoration>();
  for (const t of nmodlTokens(view.state.doc.toString())) if (t.to > t.from) b.add(t.from, t.to, MARKS[t.kind]);
  return b.finish();
}

export const nmodlHighlight = ViewPlugin.fromClass(
  class {
    decorations: DecorationSet;
    constructor(view: EditorView) {
      this.decorations = decorate(view);
    }
    update(u: ViewUpdate): void {
      if (u.docChanged) this.decorations = decorate(u.view);
    }
  },
  { decorations: (v) => v.decorations },
);

/** The pane's look: monospace, the token colours; colours from the theme's --nw-code-* properties (theme.css), light by default. */
export const codeTheme = EditorView.theme({
  '&': { height: '100%', fontSize: '13px', backgroundColor: 'var(--nw-code-bg, #fbfcfe)', color: 'var(--nw-fg, #1d2330)' },
  '.cm-scroller': { fontFamily: "ui-monospace, 'DejaVu Sans Mono', Menlo, Consolas, monospace", lineHeight: '1.45' },
  '.cm-content': { caretColor: 'var(--nw-fg, #1d2330)' },
  '.cm-cursor, .cm-dropCursor': { borderLeftColor: 'var(--nw-fg, #1d2330)' },
  '.cm-gutters': { backgroundColor: 'var(--nw-code-gutter, #f1f4f9)', color: 'var(--nw-code-gutter-fg, #8a93a6)', borderRight: '1px solid var(--nw-line, #dde2ea)' },
  '.cm-activeLine': { backgroundColor: 'var(--nw-code-active, #f2f6ff)' },
  '.cm-activeLineGutter': { backgroundColor: 'var(--nw-code-active-gutter, #e4ebfa)' },
  '.cm-nmodl-comment': { color: 'var(--nw-code-comment, #6a7a5a)', fontStyle: 'italic' },
  '.cm-nmodl-block': { color: 'var(--nw-code-block, #7a1fa2)', fontWeight: '600' },
  '.cm-nmodl-keyword': { color: 'var(--nw-code-keyword, #1f4fbf)' },
  '.cm-nmodl-number': { color: 'var(--nw-code-number, #0b7a55)' },
  '.cm-nmodl-unit': { color: 'var(--nw-code-unit, #a35a00)' },
  '.cm-nmodl-def': { color: 'var(--nw-code-def, #0b5f8a)', fontWeight: '600' },
  '.cm-nmodl-error-line': { backgroundColor: 'var(--nw-code-error-bg, #fdecee)' },
  '.cm-nmodl-warning-line': { backgroundColor: 'var(--nw-code-warning-bg, #fff6dc)' },
  '.cm-nmodl-message': { font: "12px/1.3 system-ui, sans-serif", padding: '2px 8px 3px 28px', whiteSpace: 'pre-wrap' },
  '.cm-nmodl-message.error': { color: 'var(--nw-code-error-fg, #b00020)', backgroundColor: 'var(--nw-code-error-bg, #fdecee)', borderBottom: '1px solid var(--nw-line, #f1c4cc)' },
  '.cm-nmodl-message.warning': { color: 'var(--nw-code-warning-fg, #8a5a00)', backgroundColor: 'var(--nw-code-warning-bg, #fff6dc)' },
});
