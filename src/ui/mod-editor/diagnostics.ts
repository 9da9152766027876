/**
 * Compile errors and unit warnings in the code pane, at their line: the line tinted and the
 * message below it (a block widget). They come from the block's status (nodes/mod-mechanism.ts
 * writes "file.mod:line:col: message"), so the pane says what the block says.
 */
import { RangeSetBuilder, StateEffect, StateField, type EditorState } from '@codemirror/state';
import { Decoration, EditorView, WidgetType, type DecorationSet } from '@codemirror/view';

/** One message at a place of the text (1-based line and column). */
export interface PaneDiagnostic {
  line: number;
  col: number;
  message: string;
  severity: 'error' | 'warning';
}

const PLACE = /^(?:warning: )?[^\s:][^:]*\.mod:(\d+):(\d+): (.*)$/;

/** The messages of a block's status text (its lines that name a .mod place; quoted lines skipped). */
export function diagnosticsOf(text: string, severity: PaneDiagnostic['severity']): PaneDiagnostic[] {
  const out: PaneDiagnostic[] = [];
  for (const l of text.split('\n')) {
    const m = PLACE.exec(l);
    if (m) out.push({ line: Number(m[1]), col: Number(m[2]), message: `${m[1]}:${m[2]}: ${m[3]}`, severity });
  }
  return out;
}

class MessageWidget extends WidgetType {
  constructor(readonly d: PaneDiagnostic) {
    super();
  }
  override eq(other: MessageWidget): boolean {
    return other.d.message === this.d.message && other.d.severity === this.d.severity;
  }
  toDOM(): HTMLElement {
    const el = document.createElement('div');
    el.className = `cm-nmodl-message ${this.d.severity}`;
    el.dataset.testid = 'mod-pane-message';
    el.textContent = `${this.d.severity === 'error' ? '✖' : '⚠'} ${this.d.message}`;
    return el;
  }
}

/** Replace the shown diagnostics. */
export const setDiagnostics = StateEffect.define<PaneDiagnostic[]>();

function build(state: EditorState, list: readonly PaneDiagnostic[]): DecorationSet {
  const doc = state.doc;
  // By line, in order; a line past the end (the text changed since) goes on the last line.
  const placed = list.map((d) => ({ d, line: doc.line(Math.min(Math.max(1, d.line), doc.lines)) })).sort((a, b) => a.line.from - b.line.from);
  const b = new RangeSetBuilder<Decoration>();
  for (const { d, line } of placed) {
    b.add(line.from, line.from, Decoration.line({ class: d.severity === 'error' ? 'cm-nmodl-error-line' : 'cm-nmodl-warning-line' }));
    b.add(line.to, line.to, Decoration.widget({ widget: new MessageWidget(d), block: true, side: 1 }));
  }
  return b.finish();
}

export const diagnosticsField = StateField.define<DecorationSet>({
  create: () => Decoration.none,
  update(deco, tr) {
    let next = deco.map(tr.changes);
    for (const e of tr.effects) if (e.is(setDiagnostics)) next = build(tr.state, e.value);
    return next;
  },
  provide: (f) => EditorView.decorations.from(f),
});
