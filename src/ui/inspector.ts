/**
 * `<nw-inspector>`: the selected block's parameters as controls that fit their type (number
 * with its unit and, when bounded, a slider; select; checkbox; text; node ids; file chooser and
 * drop zone), its title, comment and mute switch, its status and the graph validator's words
 * about it. Every edit goes through the GraphStore (so it is undoable and the evaluator sees
 * it); a value the block would refuse is shown as an error by the field and not sent.
 */
import { LitElement, html, nothing, type TemplateResult } from 'lit';
import { blockDef } from '../../nodes/index.ts';
import type { ParamSpec, ParamValue } from '../../nodes/types.ts';
import type { Graph, Issue, JsonValue, SubgraphParam } from '../dataflow/graph.ts';
import { ASSET_PREFIX, assetRef, isUnitValue } from '../dataflow/graph.ts';
import { blockName, checkParam, readParams, rangeText } from '../dataflow/params.ts';
import type { GraphStore } from '../dataflow/store.ts';
import { validateGraph } from '../dataflow/validate.ts';
import { instanceOf, ROUNDS_PARAM } from '../dataflow/subgraph.ts';
import type { NodeStatus } from '../dataflow/evaluator.ts';
import { statusLine, type PendingRun } from '../dataflow/session.ts';
import { readEmbeddable } from './files.ts';
import { namedByModFile } from './mod-drop.ts';
import { errorParts, withAssetNames } from '../editor/error-snippet.ts';
import { ObservableController } from './observe-controller.ts';
import './run-question.ts';
import './table-editor.ts';
import { EditPacer } from './edit-pacer.ts';
import { pickableParams, pickedLine } from './sweep-picker.ts';
import { keySteps, nudge, sliderRange } from './slider-range.ts';

type NumberSpec = Extract<ParamSpec, { kind: 'number' }>;

export class Inspector extends LitElement {
  static override properties = {
    store: { attribute: false },
    nodeId: { attribute: false },
    status: { attribute: false },
    pendingRun: { attribute: false },
    specs: { attribute: false },
    hideIssue: { attribute: false },
    exposed: { attribute: false },
    setRounds: { attribute: false },
  };
  /** A Repeat block's rounds table edited (the app also exposes the parameters its header names); null: an ordinary edit. */
  declare setRounds: ((id: string, text: string) => void) | null;
  /**
   * Inside a subgraph: its exposed parameters (each field offers to expose its parameter on the
   * subgraph's blocks, or to un-expose it; the app makes the edit on `nw-expose-param`). Null at
   * the top of the graph.
   */
  declare exposed: readonly SubgraphParam[] | null;
  /** Issues not to show (inside a subgraph: inputs fed from outside through its exposed inputs). */
  declare hideIssue: ((i: Issue) => boolean) | null;
  declare store: GraphStore | null;
  declare nodeId: string | null;
  declare status: NodeStatus | null;
  /** The selected block's run over the size limits, waiting for the user's OK (or null). */
  declare pendingRun: PendingRun | null;
  /**
   * A block's parameter specs as the session knows them (those from its .mod file included,
   * `paramsFrom`); without it, the definition's.
   */
  declare specs: ((id: string) => ParamSpec[]) | null;
  /** Field errors by param name (a typed value the block would refuse). */
  private fieldErrors = new Map<string, string>();
  /** The open document's changes: re-render on each (a parameter edited elsewhere, undo). */
  private readonly changes = new ObservableController(this, () => this.store?.changes$);

  constructor() {
    super();
    this.store = null;
    this.nodeId = null;
    this.status = null;
    this.pendingRun = null;
    this.specs = null;
    this.hideIssue = null;
    this.exposed = null;
    this.setRounds = null;
  }

  // Light DOM: the app's stylesheet applies and tests find fields by data-testid.
  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  protected override willUpdate(changed: Map<string, unknown>): void {
    if (changed.has('nodeId')) this.fieldErrors.clear();
    if (this.heldIn?.store !== (this.store ?? undefined)) {
      this.edits.flush();
      this.heldIn?.release();
      this.heldIn = this.store ? { store: this.store, release: this.store.holdsEdits(() => this.edits.flush()) } : null;
    }
  }

  /** The validator's issues of a document, once per document: the store replaces it on every edit, while status updates re-render often. */
  private validated: { graph: Graph; issues: Issue[] } | null = null;
  private issuesOf(graph: Graph): Issue[] {
    if (this.validated?.graph !== graph) this.validated = { graph, issues: validateGraph(graph) };
    return this.validated.issues;
  }

  protected override render(): TemplateResult {
    const store = this.store;
    const node = store && this.nodeId ? store.node(this.nodeId) : undefined;
    if (!store || !node) return html`<div class="inspector-empty">Select a block to see its parameters.</div>`;
    const def = blockDef(node.type);
    if (!def) return html`<div class="inspector-empty">Unknown block type “${node.type}”.</div>`;
    // The block's specs now (a .mod file's parameters once it is read), read as the block reads them.
    const specs = this.specs?.(node.id) ?? def.params;
    const { params } = readParams(node, { ...def, params: specs, paramsFrom: undefined });
    const issues = this.issuesOf(store.graph).filter((i) => i.node === node.id && !this.hideIssue?.(i));
    const visible = (spec: ParamSpec) => !spec.visibleWhen || spec.visibleWhen.equals.includes(params[spec.visibleWhen.param] as string | number | boolean);
    const st = this.status;
    return html`
      <div class="inspector-head">
        <input class="inspector-title" data-testid="inspector-title" .value=${node.title ?? def.title} @change=${(e: Event) => store.setTitle(node.id, (e.target as HTMLInputElement).value.trim() === def.title ? '' : (e.target as HTMLInputElement).value.trim())} />
        <div class="inspector-sub"><code>${node.id}</code> · ${def.type} · ${def.category}</div>
        ${this.subgraphName(node.type)}
        <p class="inspector-desc">${def.description}</p>
        ${st && st.state !== 'idle' ? html`<div class="inspector-status ${st.state}" data-testid="inspector-status">${statusText(withAssetNames(statusLine(st), store.graph.assets))}</div>` : nothing}
        ${st?.state === 'done' && st.warnings?.length
          ? html`<ul class="inspector-warnings" data-testid="inspector-warnings">${st.warnings.map((w) => html`<li>⚠ ${w}</li>`)}</ul>`
          : nothing}
        ${this.pendingRun ? html`<nw-run-question .nodeId=${node.id} .pending=${this.pendingRun}></nw-run-question>` : nothing}
        ${def.type === 'fit' && st?.state === 'done'
          ? html`<button class="apply-fit" data-testid="apply-fit" title="write the fitted values into their blocks (one undo step)"
              @click=${() => this.dispatchEvent(new CustomEvent('nw-apply-fit', { detail: { id: node.id }, bubbles: true }))}>Apply fitted values</button>`
          : nothing}
      </div>
      <div class="inspector-params">
        ${def.sweeps ? this.picker(node.id, def.type === 'fit' ? 'fit' : 'sweep', String(params.parameters ?? '')) : nothing}
        ${specs.filter(visible).map((spec) => this.field(node.id, spec, params[spec.name], node.params[spec.name], def.params.some((p) => p.name === spec.name)))}
      </div>
      ${issues.length ? html`<ul class="inspector-issues">${issues.map((i) => html`<li class=${i.severity}>${i.message}</li>`)}</ul>` : nothing}
      <div class="inspector-meta">
        <label class="check"><input type="checkbox" data-testid="bypass" .checked=${node.bypass === true} @change=${(e: Event) => store.setBypass(node.id, (e.target as HTMLInputElement).checked)} /> mute (pass the input through)</label>
        <label>comment<textarea data-testid="comment" rows="2" .value=${node.comment ?? ''} @change=${(e: Event) => store.setComment(node.id, (e.target as HTMLTextAreaElement).value)}></textarea></label>
      </div>
    `;
  }

  /** A sweep's or fit's list of the parameters upstream: picking one adds its line (sweep-picker.ts). */
  private picker(id: string, kind: 'sweep' | 'fit', text: string): TemplateResult {
    const store = this.store!;
    const options = pickableParams(store.graph, id, (b) => this.specs?.(b) ?? blockDef(store.node(b)?.type ?? '')?.params ?? []);
    const add = (e: Event) => {
      const sel = e.target as HTMLSelectElement;
      const p = options.find((o) => o.target === sel.value);
      sel.value = '';
      if (!p) return;
      const lines = text.split('\n').filter((l) => l.trim() !== '');
      this.set(id, 'parameters', [...lines, pickedLine(p, kind)].join('\n'));
    };
    return html`<div class="field"><label><span class="field-label">Add a parameter</span>
      <select data-testid="sweep-pick" @change=${add}>
        <option value="">${options.length ? `— one of ${options.length} upstream —` : 'no numeric parameter upstream'}</option>
        ${options.map((o) => html`<option value=${o.target}>${o.label}</option>`)}
      </select></label></div>`;
  }

  /** A subgraph or Repeat block: its subgraph's name (My blocks' and every such block's), renamed here (the app makes the edit). */
  private subgraphName(type: string): TemplateResult | typeof nothing {
    const ref = instanceOf(type);
    const d = ref && this.store?.graph.subgraphs?.find((x) => x.id === ref.id);
    if (!ref || !d) return nothing;
    return html`<label class="subgraph-name">subgraph name<input type="text" data-testid="subgraph-name" .value=${d.title}
      title="the subgraph's name, in My blocks and on every block of it: type to rename it"
      @change=${(e: Event) => this.dispatchEvent(new CustomEvent('nw-rename-subgraph', { detail: { id: ref.id, input: e.target as HTMLInputElement }, bubbles: true }))}
      @keydown=${(e: KeyboardEvent) => e.key === 'Enter' && (e.target as HTMLInputElement).blur()} /></label>`;
  }

  /** Inside a subgraph: the field's "expose on the subgraph block" switch (a .mod file's parameters cannot be exposed: `fixed` false). */
  private exposeSwitch(id: string, spec: ParamSpec, fixed: boolean): TemplateResult | typeof nothing {
    if (!this.exposed || !fixed) return nothing;
    const as = this.exposed.find((x) => x.node === id && x.param === spec.name);
    const toggle = () => this.dispatchEvent(new CustomEvent('nw-expose-param', { detail: { node: id, param: spec.name, expose: !as }, bubbles: true }));
    return html`<button class="expose ${as ? 'on' : ''}" data-testid=${`expose-${spec.name}`} aria-pressed=${as ? 'true' : 'false'} @click=${toggle}
      title=${as ? `shown on the subgraph's blocks as '${as.name}', set per block: click to un-expose (every block takes the value here again)` : "expose on the subgraph's blocks: each block of this subgraph then sets its own value"}>${as ? `⇱ exposed as ${as.name}` : '⇱ expose'}</button>`;
  }

  private field(id: string, spec: ParamSpec, stored: ParamValue, raw: JsonValue | undefined, fixed = true): TemplateResult {
    const err = this.fieldErrors.get(spec.name);
    // A value typed or dragged to but not sent yet (next frame): shown, so that a render in
    // between (a status change, the previous edit) does not put the field back to the older one.
    const held = spec.kind === 'number' || spec.kind === 'string' ? this.edits.held(id, spec.name) : undefined;
    const value = held === undefined ? stored : (held as ParamValue);
    // Help written from a .mod names its embedded file: by its name, not its hash.
    const help = withAssetNames(spec.help, this.store?.graph.assets ?? {});
    const label = html`<span class="field-label" title=${help}>${spec.label}</span>`;
    let control: TemplateResult;
    switch (spec.kind) {
      case 'number':
        control = this.numberField(id, spec, value as number | string | null, raw);
        break;
      case 'enum':
        control = html`<select data-testid=${`param-${spec.name}`} @change=${(e: Event) => this.set(id, spec.name, (e.target as HTMLSelectElement).value)}>
          ${spec.options.map((o) => html`<option value=${o} ?selected=${o === value}>${o}</option>`)}
        </select>`;
        break;
      case 'boolean':
        control = html`<input type="checkbox" data-testid=${`param-${spec.name}`} .checked=${value === true} @change=${(e: Event) => this.set(id, spec.name, (e.target as HTMLInputElement).checked)} />`;
        break;
      case 'string': {
        if (spec.columns) {
          // A table: edited as a grid; each change (a cell, a row, a paste) is one edit.
          control = html`<nw-table-editor .name=${spec.name} .columns=${spec.columns} .value=${(value as string | null) ?? ''}
            @table-change=${(e: CustomEvent<string>) => this.set(id, spec.name, e.detail)}></nw-table-editor>`;
          break;
        }
        if (spec.multiline) {
          // One parameter per line; applied when the area loses focus (a half-typed line is not an edit).
          const text = (value as string | null) ?? '';
          control = html`<textarea data-testid=${`param-${spec.name}`} rows=${Math.max(3, text.split('\n').length + 1)} spellcheck="false" placeholder=${spec.suggestions?.join('\n') ?? nothing}
            .value=${text} @change=${(e: Event) => this.setText(id, spec.name, (e.target as HTMLTextAreaElement).value)}></textarea>`;
          break;
        }
        // Suggestions (pas, hh; IClamp, ExpSyn, …) as a datalist: offered, not imposed.
        const list = spec.suggestions?.length ? `suggest-${id}-${spec.name}` : undefined;
        // The mechanism's name when its .mod file sets it and the field was left alone: shown as the file's.
        const fromFile = raw === undefined ? namedByModFile(this.store!, id, spec.name) : null;
        control = html`<input type="text" data-testid=${`param-${spec.name}`} list=${list ?? nothing} placeholder=${fromFile ? `${fromFile} (set by the .mod file)` : nothing}
          .value=${fromFile ? '' : ((value as string | null) ?? '')} @input=${(e: Event) => this.set(id, spec.name, (e.target as HTMLInputElement).value)} />
          ${list ? html`<datalist id=${list}>${spec.suggestions!.map((o) => html`<option value=${o}></option>`)}</datalist>` : nothing}`;
        break;
      }
      case 'node-ids':
        control = html`<input type="text" data-testid=${`param-${spec.name}`} placeholder=${spec.optional ? '(none)' : 'node ids, e.g. 20 or 1, 2, 3'} .value=${Array.isArray(value) ? value.join(', ') : ''}
          @change=${(e: Event) => this.nodeIds(id, spec, (e.target as HTMLInputElement).value)} />`;
        break;
      case 'file':
        control = this.fileField(id, spec, (value as string | null) ?? '');
        break;
    }
    return html`<div class="field ${err ? 'invalid' : ''}" data-field=${spec.name}>
      <label>${label}${control}</label>${this.exposeSwitch(id, spec, fixed)}
      ${err ? html`<div class="field-error" data-testid=${`param-error-${spec.name}`}>${err}</div>` : html`<div class="field-help">${help}</div>`}
    </div>`;
  }

  private numberField(id: string, spec: NumberSpec, value: number | string | null, raw: JsonValue | undefined): TemplateResult {
    const node = { id, type: this.store?.node(id)?.type ?? '' };
    // The slider spans the typical values (slider-range.ts); the number field takes any allowed value.
    const range = sliderRange(spec);
    const step = spec.step ?? (spec.integer ? 1 : 'any');
    const onInput = (e: Event) => {
      const text = (e.target as HTMLInputElement).value.trim();
      if (text === '') {
        if (spec.optional) this.set(id, spec.name, null);
        else this.fail(spec.name, numberProblem(node, spec, null) ?? `${spec.label} needs a value`);
        return;
      }
      // A per-segment field takes an expression of the segment too ("0.0002 * exp(d / 323)").
      const x = spec.perSegment && !NUMBER_TEXT.test(text) ? text : Number(text);
      const why = numberProblem(node, spec, x);
      if (why) this.fail(spec.name, why);
      else this.set(id, spec.name, x);
    };
    const expression = typeof value === 'string';
    const shown = value === null || value === undefined ? '' : String(value);
    const converted = isUnitValue(raw) ? html`<span class="field-note">(given as ${raw.value} ${raw.unit})</span>` : nothing;
    return html`<span class="number-row">
      ${range && !expression
        ? html`<input type="range" data-testid=${`param-${spec.name}-slider`} min=${range.lo} max=${range.hi} step=${range.step} .value=${shown}
            @keydown=${(e: KeyboardEvent) => {
              // Arrow keys step from the value itself, even one outside the slider's ends.
              const steps = keySteps(e.key);
              if (!steps || typeof value !== 'number') return;
              e.preventDefault();
              const x = nudge(spec, range, value, steps);
              if (x === value) return;
              const why = numberProblem(node, spec, x);
              if (why) this.fail(spec.name, why);
              else this.set(id, spec.name, x);
            }}
            @input=${(e: Event) => {
              const x = Number((e.target as HTMLInputElement).value);
              const why = numberProblem(node, spec, x);
              if (why) this.fail(spec.name, why);
              else this.set(id, spec.name, x, true);
            }}
            @change=${() => this.endGesture()} />`
        : nothing}
      ${spec.perSegment
        ? html`<input type="text" class=${expression ? 'expression' : 'per-segment'} data-testid=${`param-${spec.name}`} inputmode="decimal" spellcheck="false" .value=${shown} @input=${onInput}
            title=${`${rangeText(spec)}; or an expression of the segment: d (path distance from the root, µm), x, y, z, diam, label, e.g. 0.0002 * exp(d / 323)`} />`
        : html`<input type="number" data-testid=${`param-${spec.name}`} step=${step} .value=${shown} @input=${onInput} title=${rangeText(spec)} />`}
      <span class="unit">${spec.unit}</span>${converted}
    </span>`;
  }

  private fileField(id: string, spec: Extract<ParamSpec, { kind: 'file' }>, ref: string): TemplateResult {
    const store = this.store!;
    const asset = ref.startsWith(ASSET_PREFIX) ? store.graph.assets[ref.slice(ASSET_PREFIX.length)] : undefined;
    const shown = asset ? `${asset.name} (embedded, ${formatBytes(asset.data.length)})` : ref || '(none)';
    const take = async (file: File | undefined) => {
      if (!file) return;
      const r = await readEmbeddable(store, file, spec.accept);
      if (!r.ok) return this.fail(spec.name, r.message);
      // The file and the parameter naming it: one undo step.
      store.transaction(() => {
        store.addAsset(r.hash, r.asset);
        this.set(id, spec.name, assetRef(r.hash));
      });
    };
    return html`<div class="file-drop" data-testid=${`param-${spec.name}`}
        @dragover=${(e: DragEvent) => e.preventDefault()}
        @drop=${(e: DragEvent) => {
          e.preventDefault();
          e.stopPropagation();
          void take(e.dataTransfer?.files[0]);
        }}>
      <span class="file-name">${shown}</span>
      <label class="button">choose…<input type="file" hidden accept=${spec.accept.join(',')} data-testid=${`param-${spec.name}-input`} @change=${(e: Event) => void take((e.target as HTMLInputElement).files?.[0])} /></label>
      ${ref ? html`<button @click=${() => this.set(id, spec.name, null)}>clear</button>` : nothing}
    </div>
    ${spec.accept.includes('.mod') && ref
      ? html`<button class="edit-mod" data-testid=${`edit-${spec.name}`} title="open the file's NMODL text in the code pane: edits recompile and re-run live"
          @click=${() => this.dispatchEvent(new CustomEvent('nw-edit-mod', { detail: { id, param: spec.name }, bubbles: true }))}>Edit .mod</button>`
      : nothing}`;
  }

  private nodeIds(id: string, spec: Extract<ParamSpec, { kind: 'node-ids' }>, text: string): void {
    const parts = text.split(/[\s,;]+/).filter(Boolean);
    const ids = parts.map(Number);
    const bad = parts.filter((p, k) => !Number.isInteger(ids[k]));
    if (bad.length) return this.fail(spec.name, `not node ids: ${bad.join(', ')} (whole numbers separated by commas)`);
    this.set(id, spec.name, ids);
  }

  /** A multi-line text applied: a Repeat block's rounds go through `setRounds` when the app gives it. */
  private setText(id: string, name: string, text: string): void {
    const type = this.store?.node(id)?.type ?? '';
    if (name === ROUNDS_PARAM && this.setRounds && instanceOf(type)?.kind === 'repeat') {
      this.edits.flush();
      if (this.fieldErrors.delete(name)) this.requestUpdate();
      this.setRounds(id, text);
    } else this.set(id, name, text);
  }

  /**
   * Send an edit to the store; `gesture`: part of a slider drag (one undo step for the drag).
   * At most one edit per animation frame: a slider sends an input event per pointer move and
   * each edit re-runs the model, so an edit arriving after one was sent in this frame waits
   * for the next frame, and a newer value of the same field replaces it (the latest wins).
   */
  private set(id: string, name: string, value: JsonValue, gesture = false): void {
    if (this.fieldErrors.delete(name)) this.requestUpdate();
    this.edits.push(id, name, value, gesture);
  }

  /** The edits of this frame and the next (edit-pacer.ts). */
  private readonly edits = new EditPacer((e) => this.store?.node(e.id) && this.store.setParam(e.id, e.name, e.value, { gesture: e.gesture }), undefined, () => this.computing());
  /** Whether the graph is still computing (the app's busy count): a drag's next value waits for it (edit-pacer.ts). */
  computing: () => boolean = () => false;

  /** The slider let go: its last value now (a test or Undo may follow at once), then the gesture ends. */
  private endGesture(): void {
    this.edits.flush();
    this.store?.endGesture();
  }

  /** The store the pacer's edits are registered with (undo and redo send them first). */
  private heldIn: { store: GraphStore; release: () => void } | null = null;

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.edits.flush();
    this.heldIn?.release();
    this.heldIn = null;
  }

  private fail(name: string, message: string): void {
    this.fieldErrors.set(name, message);
    this.requestUpdate();
  }
}

/**
 * Why a typed number is not acceptable for a parameter, or null: the one reader's check
 * (params.ts), so the field says what the graph check and the block would say.
 */
export function numberProblem(node: { id: string; type: string }, spec: NumberSpec, x: number | string | null): string | null {
  let problem: string | null = null;
  checkParam(spec, x, blockName(node), {}, (severity, message) => {
    if (severity === 'error') problem ??= message;
  });
  return problem;
}

/** A plain number as typed ("0.03", "-1e-4"); anything else in a per-segment field is an expression. */
const NUMBER_TEXT = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * A status message: a compile error's place and snippet ("kdr.mod:3:29: …\n  <line>\n  ^") in
 * monospace, so the caret stands under its column.
 */
export function statusText(text: string): TemplateResult {
  if (!text.includes('\n')) return html`${text}`;
  return html`<div data-testid="status-code">${errorParts(text, 44).map(
    (p) => html`<div class="err-head">${p.head}</div>${p.code ? html`<pre class="err-code">${p.code.line}\n${p.code.caret}</pre>` : nothing}`,
  )}</div>`;
}

function formatBytes(n: number): string {
  return n < 1024 ? `${n} B` : n < 1 << 20 ? `${(n / 1024).toFixed(1)} KiB` : `${(n / (1 << 20)).toFixed(1)} MiB`;
}

if (!customElements.get('nw-inspector')) customElements.define('nw-inspector', Inspector);
