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

/** The pane's look: a light theme, monospace, the token colours. */
export const codeTheme = EditorView.theme({
  '&': { height: '100%', fontSize: '13px', backgroundColor: '#fbfcfe' },
  '.cm-scroller': { fontFamily: "ui-monospace, 'DejaVu Sans Mono', Menlo, Consolas, monospace", lineHeight: '1.45' },
  '.cm-gutters': { backgroundColor: '#f1f4f9', color: '#8a93a6', borderRight: '1px solid #dde2ea' },
  '.cm-activeLine': { backgroundColor: '#f2f6ff' },
  '.cm-activeLineGutter': { backgroundColor: '#e4ebfa' },
  '.cm-nmodl-comment': { color: '#6a7a5a', fontStyle: 'italic' },
  '.cm-nmodl-block': { color: '#7a1fa2', fontWeight: '600' },
  '.cm-nmodl-keyword': { color: '#1f4fbf' },
  '.cm-nmodl-number': { color: '#0b7a55' },
  '.cm-nmodl-unit': { color: '#a35a00' },
  '.cm-nmodl-def': { color: '#0b5f8a', fontWeight: '600' },
  '.cm-nmodl-error-line': { backgroundColor: '#fdecee' },
  '.cm-nmodl-warning-line': { backgroundColor: '#fff6dc' },
  '.cm-nmodl-message': { font: "12px/1.3 system-ui, sans-serif", padding: '2px 8px 3px 28px', whiteSpace: 'pre-wrap' },
  '.cm-nmodl-message.error': { color: '#b00020', backgroundColor: '#fdecee', borderBottom: '1px solid #f1c4cc' },
  '.cm-nmodl-message.warning': { color: '#8a5a00', backgroundColor: '#fff6dc' },
});
