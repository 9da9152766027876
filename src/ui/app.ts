/**
 * `<nw-app>`: the workbench shell. A toolbar, the block palette, the Rete editor, the
 * inspector of the selected block and the results (one plot panel per figure, one table per
 * table sink). The GraphStore holds the open document; the Session computes it (heavy blocks
 * in a Web Worker); everything on screen follows their streams.
 */
import { LitElement, html, nothing, type TemplateResult } from 'lit';
import { blockDef, catalogueBlock, setDocumentBlocks } from '../../nodes/index.ts';
import type { BlockDef } from '../../nodes/types.ts';
import { instanceOf, REPEAT_PREFIX, SUBGRAPH_PREFIX, subgraphBlockDef } from '../dataflow/subgraph.ts';
import { addSubgraph, exposeParam, makeRepeat, makeSubgraph, renameSubgraph, repeatSelection, setRounds, subgraphNeeds, unexposeParam } from '../dataflow/subgraph-edit.ts';
import { SavedBlocks, type SavedBlock } from './library/saved-blocks.ts';
import { sameValue } from '../dataflow/equality.ts';
import { SubgraphView } from './subgraph-view.ts';
import type { FigureValue, TableValue } from '../../nodes/values.ts';
import type { JsonValue, Graph } from '../dataflow/graph.ts';
import { graphTooLarge, MAX_GRAPH_TEXT, parseGraph } from '../dataflow/validate.ts';
import { blockIdProblem, shownId } from '../dataflow/repair-ids.ts';
import { GraphStore } from '../dataflow/store.ts';
import type { NodeStatus } from '../dataflow/evaluator.ts';
import { browserWorkerRunner } from '../worker/browser-runner.ts';
import { workerPool, type WorkerPool } from '../worker/pool.ts';
import { fitEdits } from './apply-fit.ts';
import { createEditor, type EditorHandle } from '../editor/index.ts';
import '../editor/palette.ts';
import './inspector.ts';
import './mod-editor/mod-pane.ts';
import type { ModTarget } from './mod-editor/mod-pane.ts';
import './table-view.ts';
import './plots/plot-panel.ts';
import './morphology/morphology-view.ts';
import type { PlotPanel } from './plots/plot-panel.ts';
import type { MorphologyView } from './morphology/morphology-view.ts';
import { ObservableController } from './observe-controller.ts';
import { blockStates$, type Result } from './block-results.ts';
import { answerRun, type RunAnswerDetail } from './run-question.ts';
import { Session, readBrowserBytes, readBrowserFile } from '../dataflow/session.ts';
import type { RunLimits } from '../dataflow/run-estimate.ts';
import { DEFAULT_EXAMPLE, EXAMPLES } from './examples.ts';
import { embedFile, extensionOf, readEmbeddable } from './files.ts';
import { giveModFile } from './mod-drop.ts';
import { download } from './table-view.ts';
import { applyNodePick, takesPicks, type NodePickDetail } from './morphology/pick.ts';
import { Library } from './library/library.ts';
import './library/library-panel.ts';
import type { LibraryPanel } from './library/library-panel.ts';
import { extractGraph } from './library/png-graph.ts';
import { HistoryHub } from './history/hub.ts';
import { IdbHistory, MemoryHistory, type HistoryBackend } from './history/history-db.ts';
import { GraphKeys } from './history/graph-key.ts';
import './help/help-panel.ts';
import type { HelpPanel } from './help/help-panel.ts';
import { insertExample } from './help/insert-example.ts';
import { isTextTarget } from '../editor/view-model.ts';
import './layout/split-handle.ts';
import './layout/example-gallery.ts';
import type { PaneSizeDetail } from './layout/split-handle.ts';
import { loadPaneSizes, PANES, savePaneSize, type PaneName, type PaneSizes } from './layout/pane-sizes.ts';
import { nextChoice, setThemeChoice, startTheme, themeChoice, type ThemeChoice } from './layout/theme.ts';
import { activeTab, ALL_TAB, resultTabs, shownUnder } from './layout/result-tabs.ts';

/** Palette type of a block saved in this browser that the open graph does not hold yet. */
const SAVED_PREFIX = 'saved:';

interface Toast {
  id: number;
  message: string;
  kind: 'info' | 'error';
}

export class App extends LitElement {
  static override properties = {
    selected: { state: true },
    toasts: { state: true },
    exampleName: { state: true },
    modTarget: { state: true },
    menuOpen: { state: true },
    galleryOpen: { state: true },
    resultTab: { state: true },
    theme: { state: true },
    inside: { state: true },
    selectedIds: { state: true },
    savedBlocks: { state: true },
  };
  /** Layout (src/ui/layout/): the collapsed toolbar's menu is open; the examples gallery is open; the results tab chosen; the theme chosen. */
  declare menuOpen: boolean;
  declare galleryOpen: boolean;
  declare resultTab: string;
  declare theme: ThemeChoice;
  /** The pane sizes the user chose (null: app.css's), kept in localStorage. */
  private panes: PaneSizes = loadPaneSizes(safeLocalStorage());
  /** The library's entries changed (a rename): the graph's name in the toolbar follows. */
  private libraryChanges = new ObservableController(this, () => this.library.changed$);
  /** Subgraphs saved to My blocks in this browser (library/saved-blocks.ts). */
  declare savedBlocks: SavedBlock[];
  private readonly blockShelf = new SavedBlocks(() => this.library.backend.connection());
  /** The subgraph being edited (entered by double-clicking an instance), or null: the graph itself. */
  declare inside: SubgraphView | null;
  /** Every selected block (the inspector shows the first; Make subgraph takes them all). */
  declare selectedIds: string[];
  /** The store the editor and inspector edit: the open graph's, or the entered subgraph's. */
  get viewStore(): GraphStore {
    return this.inside?.store ?? this.store;
  }
  /** A block of the view as the session knows it (inner blocks by their expanded id). */
  private sessionId = (id: string): string => (this.inside ? this.inside.prefix + id : id);
  /** The block whose .mod text the code pane shows (null: the pane is closed). */
  declare modTarget: ModTarget | null;
  declare selected: string | null;
  declare toasts: Toast[];
  declare exampleName: string;
  /** Whether undo / redo have anything to do (the store's history, followed while on the page). */
  private history = new ObservableController(this, () => this.store.history$, { initial: { canUndo: false, canRedo: false } });
  /** Blocks whose run waits for the user's OK (over the run limits); a new one is also a toast. */
  private pending = new ObservableController(this, () => this.session?.pending$, {
    initial: [],
    next: (ids, before) => {
      for (const id of ids) if (!before?.includes(id)) this.toast(`${id}: ${this.session?.pendingRun(id)?.message ?? ''}`, 'error');
    },
  });
  get canUndo(): boolean {
    return this.history.value?.canUndo ?? false;
  }
  get canRedo(): boolean {
    return this.history.value?.canRedo ?? false;
  }
  get pendingRuns(): readonly string[] {
    return this.pending.value ?? [];
  }
  /** Every block's status and the result panels' values, followed anew when blocks or wires change. */
  private blocks = new ObservableController(this, () => (this.session ? blockStates$(this.session, this.store.graph.nodes, blockDef, this.store.graph.connections) : null), { key: () => [this.session, this.shape] });
  /** Bumped when blocks or wires change (the blocks' states are followed anew). */
  private shape = 0;
  /** The run histories of the plots (src/ui/history/), in the library's IndexedDB. */
  readonly runHistory: HistoryHub;
  /** The open graph's history key: plots show the runs of their graph (src/ui/history/graph-key.ts). */
  readonly keys: GraphKeys;
  /** The example being opened (its name is the history key until its first edit saves it). */
  private openingExample: string | null = null;
  private historyBackend!: (b: HistoryBackend) => void;
  /** The store's changes, after the session has applied them (it subscribes first, in its constructor). */
  private changes = new ObservableController(this, () => (this.session ? this.store.changes$ : null), {
    key: () => this.session,
    next: (c) => {
      // Ids the store renamed on a way in that did not say so itself (a saved graph, say).
      if (c.kind === 'open' && c.repairs?.length) this.toast(repairsText('the opened graph', c.repairs), 'error');
      if (c.kind === 'structure' || c.kind === 'open') this.shape++;
      if (c.kind === 'open') this.readyPromise = this.session!.settled();
      if (c.kind === 'open') this.graphOpened();
      if (this.selected && !this.viewStore.node(this.selected)) this.selected = null;
      if (this.modTarget && !this.store.node(this.modTarget.id)) this.modTarget = null;
    },
  });
  /** The editor's selection (the editor exists from the first render on). */
  private selection = new ObservableController(this, () => this.editor?.selected$, {
    next: (ids) => {
      this.selected = ids[0] ?? null;
      this.selectedIds = ids;
      // The Select block picks in the morphology view go to: the last one selected.
      const sel = ids.find((id) => takesPicks(this.store, id));
      if (sel) this.pickTarget = sel;
    },
  });
  get results(): Result[] {
    return this.blocks.value?.results ?? [];
  }
  /** Blocks running now. */
  /** For the inspector: whether any block is computing (a drag's next value waits for it). */
  private readonly isComputing = (): boolean => this.busy > 0;

  get busy(): number {
    return this.blocks.value?.busy ?? 0;
  }
  private get statuses(): ReadonlyMap<string, NodeStatus> {
    return this.blocks.value?.statuses ?? new Map();
  }

  readonly store: GraphStore;
  /** Saved graphs (IndexedDB), autosave, sharing: src/ui/library/. */
  readonly library: Library;
  session: Session | null = null;
  /** The block worker (restarted when it dies or is stuck in a stopped run). */
  worker: ReturnType<typeof browserWorkerRunner> | null = null;
  /** The workers of sweeps (pool.ts). */
  sweepPool: WorkerPool | null = null;
  private editor: EditorHandle | null = null;
  private toastId = 0;
  private readyPromise: Promise<void> = new Promise(() => {});

  constructor() {
    super();
    this.selected = null;
    this.selectedIds = [];
    this.inside = null;
    this.savedBlocks = [];
    this.toasts = [];
    this.modTarget = null;
    this.menuOpen = false;
    this.galleryOpen = false;
    this.resultTab = ALL_TAB;
    startTheme();
    this.theme = themeChoice();
    // The open graph's subgraphs are blocks for the editor, inspector and palette.
    // (`store` is unset while the first example is read: no document types yet.)
    setDocumentBlocks((type) => (this.store ? subgraphBlockDef(this.store.graph, type, catalogueBlock) : undefined));
    const wanted = new URLSearchParams(location.search).get('example') ?? DEFAULT_EXAMPLE;
    this.exampleName = EXAMPLES[wanted] ? wanted : DEFAULT_EXAMPLE;
    this.store = new GraphStore(this.parseExample(this.exampleName), { blockDef });
    this.keys = new GraphKeys(this.exampleName);
    // Runs wait for the library's storage (it opens the database and upgrades it).
    this.runHistory = new HistoryHub(new Promise<HistoryBackend>((resolve) => (this.historyBackend = resolve)), { error: (m) => this.toast(m, 'error') });
    this.library = new Library({
      store: this.store,
      toast: (m, kind) => this.toast(m, kind ?? 'info'),
      defaultTitle: () => this.store.graph.meta?.title ?? EXAMPLES[this.exampleName]?.title ?? 'Untitled graph',
      afterOpen: () => void this.editor?.zoomToFit(),
      openText: (text, name) => this.openText(text, name),
      takeFile: (file) => this.takeFile(file),
      openExample: (name) => this.openExample(name),
      rerun: () => this.session?.rerun(),
      tracked: (id) => this.graphTracked(id),
      removed: (id) => void this.runHistory.forget(`graph:${id}`),
    });
  }

  /** Another graph opened: its plots follow its runs (the id the library gives it comes at once, see graph-key.ts). */
  private graphOpened(): void {
    const before = this.keys.key;
    this.keys.opened(this.openingExample);
    queueMicrotask(() => {
      this.keys.settle(this.library.currentId);
      if (this.keys.key !== before) void this.runHistory.release(before);
      this.requestUpdate();
    });
  }

  /** The library id of the open graph changed: its runs move to the new key. */
  private graphTracked(id: string | null): void {
    const move = this.keys.tracked(id);
    if (move) void this.runHistory.rekey(move.from, move.to);
    this.requestUpdate();
  }

  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.worker = browserWorkerRunner();
    // A sweep's points run in parallel on one worker per core, started when a sweep first needs them.
    this.sweepPool = workerPool(() => browserWorkerRunner(), navigator.hardwareConcurrency || 2);
    this.session = new Session(this.store, { heavy: this.worker, sweepPool: this.sweepPool, paused: true, streaming: true, taskPerBlock: true, readText: (ref) => readBrowserFile(ref, this.store.graph), readBytes: (ref) => readBrowserBytes(ref, this.store.graph) });
    // A new session (the controllers connected before it existed): follow it.
    for (const c of [this.changes, this.blocks, this.pending]) c.sync();
    // The library may open another graph (a shared link, the graph open last): ready waits for it.
    const session = this.session;
    const started = this.library.start();
    started.then(
      () => {
        void this.loadSavedBlocks();
        const b = this.library.backend;
        this.historyBackend(b.connection() ? new IdbHistory(() => b.connection()) : new MemoryHistory());
      },
      () => this.historyBackend(new MemoryHistory()),
    );
    this.readyPromise = started.then(
      () => (session.resume(), session.settled()),
      (e: unknown) => {
        // The library could not start: compute the graph that is open anyway.
        this.toast(`library: ${e instanceof Error ? e.message : String(e)}`, 'error');
        session.resume();
        return session.settled();
      },
    );
    this.installHooks();
    document.body.addEventListener('dragover', this.onDragOver);
    document.body.addEventListener('drop', this.onDrop);
    window.addEventListener('pagehide', this.onPageHide);
    this.addEventListener('nw-add-block', this.onAddBlock as EventListener);
    this.addEventListener('nw-node-pick', this.onNodePick as EventListener);
    window.addEventListener('keydown', this.onHelpKey, true);
    this.applyPanes();
    document.addEventListener('pointerdown', this.onOutsideMenu);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.library.dispose();
    this.editor?.destroy();
    this.session?.dispose();
    document.body.removeEventListener('dragover', this.onDragOver);
    document.body.removeEventListener('drop', this.onDrop);
    window.removeEventListener('pagehide', this.onPageHide);
    window.removeEventListener('keydown', this.onHelpKey, true);
    document.removeEventListener('pointerdown', this.onOutsideMenu);
  }

  // -------------------------------------------------------------------------------------------
  // Help (src/ui/help/)

  private get helpPanel(): HelpPanel | null {
    return this.querySelector<HelpPanel>('nw-help-panel');
  }

  /** `?` or F1 (not typed into a text field) opens the help; Escape closes it before anything else sees the key. */
  private onHelpKey = (e: KeyboardEvent): void => {
    const panel = this.helpPanel;
    if (!panel) return;
    if (panel.open && e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      panel.close();
      return;
    }
    if (e.key !== 'F1' && e.key !== '?') return;
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    if (isTextTarget((e.composedPath()[0] ?? e.target) as Element | null)) return;
    e.preventDefault(); // F1 is also the browser's own help
    void panel.show();
  };

  /** Insert example (help panel): the block and what it needs, wired after the selected block where it fits. */
  private async onHelpInsert(type: string): Promise<void> {
    const r = insertExample(this.store, type, this.selected, blockDef);
    if (!r) return;
    this.helpPanel?.close();
    await this.editor?.flush();
    this.editor?.select([r.id]);
    const extra = r.added.length - 1;
    this.toast(`added ${r.id}${extra ? ` and ${extra} block${extra === 1 ? '' : 's'} it needs` : ''}${r.uses.length ? `, wired to ${r.uses.join(', ')}` : ''} (Undo takes ${r.added.length === 1 ? 'it' : 'them'} back)`);
  }

  /** Leaving the page: queued runs are written (best effort, as the autosave does). */
  private onPageHide = (): void => void this.runHistory.flush();

  protected override async firstUpdated(): Promise<void> {
    // The editor cancels pointer defaults (no dblclick event reaches the page): two pointer-ups
    // on one block within 400 ms are a double-click. Capture: before the editor's handlers.
    this.querySelector<HTMLElement>('.editor-area')!.addEventListener('pointerup', this.onEditorPointerUp, true);
    await this.mountEditor();
  }

  /** The editor on the view's store (the graph, or the subgraph entered). */
  private async mountEditor(): Promise<void> {
    const container = this.querySelector<HTMLElement>('.editor-area')!;
    const session = this.session!;
    this.editor?.destroy();
    const at = this.sessionId;
    this.editor = await createEditor(container, {
      store: this.viewStore,
      status$: (id) => session.status$(at(id)),
      probe: (id, port) => {
        const o = session.output(at(id));
        return o?.ok ? o.values[port] : undefined;
      },
      toast: (m, kind) => this.toast(m, kind ?? 'info'),
    });
    this.selection.sync();
    await this.editor.zoomToFit();
  }

  // -------------------------------------------------------------------------------------------
  // Subgraphs (src/dataflow/subgraph.ts): make, enter, leave; "My blocks" in the palette

  /** The last pointer-up on a block: when, and which. */
  private lastUp: { id: string; at: number } | null = null;

  /** Double-click on a subgraph or Repeat block enters it. */
  private onEditorPointerUp = (e: PointerEvent): void => {
    if (e.button !== 0) return;
    const el = e.composedPath().find((t): t is HTMLElement => t instanceof HTMLElement && Boolean(t.dataset.type) && (t.dataset.testid ?? '').startsWith('node-'));
    const id = el?.dataset.testid?.slice('node-'.length);
    const last = this.lastUp;
    this.lastUp = id ? { id, at: e.timeStamp } : null;
    if (!id || !last || last.id !== id || e.timeStamp - last.at > 400) return;
    this.lastUp = null;
    if (this.inside || !instanceOf(el!.dataset.type!)) return;
    this.enterSubgraph(id).catch((err: unknown) => this.toast(`${id}: ${err instanceof Error ? err.message : String(err)}`, 'error'));
  };

  /** Edit the subgraph of instance `id` (its definition: every instance follows). */
  async enterSubgraph(id: string): Promise<void> {
    this.inside?.dispose();
    this.inside = new SubgraphView(this.store, id, blockDef, () => void this.leaveSubgraph());
    this.selected = null;
    await this.mountEditor();
  }

  /** Back to the graph itself (the breadcrumb's "Graph"). */
  async leaveSubgraph(): Promise<void> {
    if (!this.inside) return;
    const was = this.inside.instance;
    this.inside.dispose();
    this.inside = null;
    this.selected = null;
    await this.mountEditor();
    if (this.store.node(was)) this.editor?.select([was]);
  }

  /** The selected blocks become a subgraph and one instance of it in their place (one undo step). */
  private makeSubgraphFromSelection(): void {
    const ids = this.selectedIds.filter((id) => this.store.node(id));
    if (this.inside || !ids.length) return;
    const n = (this.store.graph.subgraphs?.length ?? 0) + 1;
    const made = makeSubgraph(this.store.graph, ids, `Subgraph ${n}`);
    this.store.replaceDocument(made.graph);
    this.toast(`${ids.length} block${ids.length === 1 ? '' : 's'} → subgraph “Subgraph ${n}” (in My blocks; double-click the block to edit it)`);
    void this.editor?.flush().then(() => this.editor?.select([made.instance]));
  }

  /**
   * The selected blocks (one: with the blocks that feed only it) as a Repeat block in their place,
   * its rounds table to fill in (one undo step).
   */
  private makeRepeatFromSelection(): void {
    let ids = this.selectedIds.filter((id) => this.store.node(id));
    if (this.inside || !ids.length) return;
    if (ids.length === 1) ids = repeatSelection(this.store.graph, ids[0], blockDef);
    const n = (this.store.graph.subgraphs?.length ?? 0) + 1;
    let made;
    try {
      made = makeRepeat(this.store.graph, ids, `Round ${n}`, blockDef);
    } catch (e) {
      this.toast(e instanceof Error ? e.message : String(e), 'error');
      return;
    }
    this.store.replaceDocument(made.graph);
    this.toast(`${ids.join(', ')} → a Repeat block: write its rounds table in the inspector (a header naming the parameters that change, e.g. ${this.exampleHeader(made.subgraph)}, then one line per round)`);
    void this.editor?.flush().then(() => this.editor?.select([made.instance]));
  }

  /** Two parameter names of a subgraph's blocks, for the hint of a new Repeat block. */
  private exampleHeader(subgraph: string): string {
    const d = this.store.graph.subgraphs?.find((x) => x.id === subgraph);
    const names = (d?.nodes ?? []).flatMap((n) => (blockDef(n.type)?.params ?? []).filter((p) => p.kind === 'number').map((p) => p.name));
    return names.slice(0, 2).join(', ') || 'a parameter';
  }

  /** A Repeat block's rounds table typed in the inspector: the header's names exposed where they name one inner parameter, with the table (one undo step). */
  private setRoundsOf = (id: string, text: string): void => {
    if (!this.store.node(id)) return;
    this.store.replaceDocument(setRounds(this.store.graph, id, text, blockDef));
  };

  /** Inside a subgraph: an inner parameter exposed on its blocks, or no longer (one undo step of the open graph). */
  private exposeInner(d: ExposeDetail): void {
    const id = this.inside?.subgraph;
    if (!id) return;
    if (d.expose) {
      const r = exposeParam(this.store.graph, id, d.node, d.param);
      this.store.replaceDocument(r.graph);
      this.toast(`${d.node}.${d.param} is now the parameter “${r.name}” of every “${this.inside!.title}” block (set per block in its inspector)`);
    } else {
      let next: Graph;
      try {
        next = unexposeParam(this.store.graph, id, d.node, d.param);
      } catch (e) {
        this.toast(e instanceof Error ? e.message : String(e), 'error');
        return;
      }
      this.store.replaceDocument(next);
      this.toast(`${d.node}.${d.param} no longer exposed: every “${this.inside!.title}” block takes the value set here`);
    }
  }

  /**
   * A subgraph renamed (the breadcrumb's name field, or an instance's inspector): one undo step;
   * a copy in My blocks of this browser with the same definition follows, so it is not listed twice.
   */
  private renameSubgraphTo(id: string, input: HTMLInputElement): void {
    const before = this.store.graph.subgraphs?.find((d) => d.id === id);
    if (!before) return;
    let next: Graph;
    try {
      next = renameSubgraph(this.store.graph, id, input.value);
    } catch (e) {
      input.value = before.title;
      this.toast(e instanceof Error ? e.message : String(e), 'error');
      return;
    }
    if (next === this.store.graph) return;
    this.store.replaceDocument(next);
    const after = next.subgraphs!.find((d) => d.id === id)!;
    const saved = this.savedBlocks.find((b) => b.id === id && sameValue(b.def, before));
    if (saved) void this.blockShelf.save({ id, title: after.title, def: after, needs: saved.needs }).then(() => this.loadSavedBlocks());
    this.requestUpdate();
  }

  /**
   * "My blocks": each subgraph of the open graph, and its Repeat form when it can be repeated;
   * then the blocks saved in this browser that the graph does not hold (as `saved:<id>`).
   */
  private get myBlocks(): BlockDef[] {
    const out: BlockDef[] = [];
    const defs = this.store.graph.subgraphs ?? [];
    for (const d of defs) {
      for (const prefix of [SUBGRAPH_PREFIX, REPEAT_PREFIX]) {
        const def = blockDef(prefix + d.id);
        if (def && (prefix === SUBGRAPH_PREFIX || Object.keys(def.outputs).length)) out.push(def);
      }
    }
    for (const b of this.savedBlocks) {
      // Key order differs once a definition has been stored and read back: compared as values.
      if (defs.some((d) => sameValue(d, b.def))) continue;
      const def = subgraphBlockDef({ subgraphs: [...b.needs, b.def] }, SUBGRAPH_PREFIX + b.id, catalogueBlock);
      if (def) out.push({ ...def, type: SAVED_PREFIX + b.id, title: `${b.title} (saved)`, description: `Saved in this browser: ${def.description}` });
    }
    return out;
  }

  private async loadSavedBlocks(): Promise<void> {
    try {
      this.savedBlocks = await this.blockShelf.list();
    } catch (e) {
      this.toast(`My blocks: ${e instanceof Error ? e.message : String(e)}`, 'error');
    }
  }

  /** The subgraph entered, or that of the one selected instance, saved to My blocks in this browser. */
  private async saveBlock(): Promise<void> {
    const id = this.inside?.subgraph ?? instanceOf(this.store.node(this.selectedIds[0] ?? '')?.type ?? '')?.id;
    const def = id && this.store.graph.subgraphs?.find((d) => d.id === id);
    if (!def) return;
    await this.blockShelf.save({ id: def.id, title: def.title, def, needs: subgraphNeeds(this.store.graph, def.id) });
    await this.loadSavedBlocks();
    this.toast(`“${def.title}” saved to My blocks (in this browser; a graph that uses it carries its definition)`);
  }

  /** A saved block put into the graph: its definitions join the graph's, then an instance is added (one undo step). */
  private addSavedBlock(id: string): string | null {
    const b = this.savedBlocks.find((x) => x.id === id);
    if (!b || !this.editor) return null;
    let added: string | null = null;
    const put = () => {
      const r = addSubgraph(this.store.graph, b.def, b.needs);
      this.store.replaceDocument(r.graph);
      added = this.editor!.addBlock(SUBGRAPH_PREFIX + r.id);
    };
    if (this.inside) put();
    else this.store.transaction(put);
    return added;
  }

  protected override updated(): void {
    // Plot images exported from the panels carry the graph (dropping one on the page opens it).
    // Only the results' children are looked at: the app renders on every block status, and a
    // search of the whole page (the editor's DOM) on each was a main-thread cost of its own.
    const results = [...this.children].find((c) => c.classList.contains('results-area'));
    for (const el of results?.children ?? []) {
      if (el.localName === 'nw-plot-panel') (el as PlotPanel).decorateExport ??= (format, blob) => this.library.decorate(format, blob);
      else if (el.localName === 'nw-morphology-view') (el as MorphologyView).decorateExport ??= (format, blob) => this.library.decorate(format, blob);
    }
  }

  // -------------------------------------------------------------------------------------------
  // Graph lifecycle

  private parseExample(name: string): Graph {
    const r = parseGraph(EXAMPLES[name].text);
    if (!r.graph) throw new Error(`example ${name}: ${r.issues.map((i) => i.message).join('; ')}`);
    return r.graph;
  }

  /** A fit block's result written into the blocks it fitted, as one undo step (apply-fit.ts). */
  private applyFit(id: string): void {
    const o = this.session?.output(id);
    const node = this.store.node(id);
    if (!o?.ok || !node) return;
    const edits = fitEdits(id, o.values.fitted as TableValue | undefined, String(node.params.parameters ?? ''), (b) => this.store.node(b) !== undefined);
    if (!edits.length) {
      this.toast(`${id}: no fitted values to apply yet`, 'error');
      return;
    }
    this.store.transaction(() => {
      for (const e of edits) this.store.setParam(e.id, e.name, e.value);
    });
    this.toast(`${id}: ${edits.length - 1} fitted value${edits.length === 2 ? '' : 's'} applied (Undo takes them back)`, 'info');
  }

  /** Open an example by name (toolbar picker, `?example=`, test hook). */
  async openExample(name: string): Promise<void> {
    if (!EXAMPLES[name]) throw new Error(`no example "${name}" (there are ${Object.keys(EXAMPLES).join(', ')})`);
    this.exampleName = name;
    this.openingExample = name;
    try {
      this.store.open(this.parseExample(name));
    } finally {
      this.openingExample = null;
    }
    const url = new URL(location.href);
    url.searchParams.set('example', name);
    history.replaceState(null, '', url);
    await this.editor?.zoomToFit();
    return this.readyPromise;
  }

  /**
   * Open a graph file's text (dropped, chosen, a link, an image's graph); says what is wrong if
   * it cannot. Block ids that break the rules are renamed (and named in the message).
   */
  openText(text: string, fileName: string): boolean {
    const r = parseGraph(text, blockDef, { repairIds: true });
    if (!r.graph) {
      this.toast(`${fileName}: ${r.issues.map((i) => i.message).join('; ')}`, 'error');
      return false;
    }
    const errors = r.issues.filter((i) => i.severity === 'error');
    const opened = this.store.open(r.graph);
    if (!opened.ok) {
      this.toast(`${fileName}: ${opened.message}`, 'error');
      return false;
    }
    const repairs = [...(r.repairs ?? []), ...opened.repairs];
    if (repairs.length) this.toast(repairsText(fileName, repairs), 'error');
    if (errors.length) this.toast(`${fileName}: opened with ${errors.length} problem(s): ${errors[0].message}`, 'error');
    else this.toast(`opened ${fileName}${r.fromVersion < r.graph.version ? ` (upgraded from version ${r.fromVersion})` : ''}`);
    void this.editor?.zoomToFit();
    return true;
  }

  // -------------------------------------------------------------------------------------------
  // Messages, files

  toast(message: string, kind: 'info' | 'error' = 'info'): void {
    const t = { id: ++this.toastId, message, kind };
    this.toasts = [...this.toasts, t].slice(-4);
    setTimeout(() => (this.toasts = this.toasts.filter((x) => x !== t)), kind === 'error' ? 8000 : 4000);
  }

  private onDragOver = (e: DragEvent): void => {
    if (e.dataTransfer?.types.includes('Files')) e.preventDefault();
  };

  private onDrop = (e: DragEvent): void => {
    const file = e.dataTransfer?.files[0];
    if (!file) return;
    e.preventDefault();
    void this.takeFile(file);
  };

  /** A file given to the page: a graph opens; an SWC or CSV goes to the block that reads such files. */
  async takeFile(file: File): Promise<void> {
    const ext = extensionOf(file.name);
    const stem = file.name.replace(/(\.graph)?\.[^.]*$/, '') || file.name;
    // Refused before reading: a graph (or an image carrying one) is never this large.
    if ((ext === '.json' || ext === '.png' || ext === '.svg') && file.size > MAX_GRAPH_TEXT) {
      this.toast(`${file.name}: ${graphTooLarge(file.size, 'bytes')}`, 'error');
      return;
    }
    if (ext === '.json') {
      if (this.openText(await file.text(), file.name)) await this.library.adoptOpen(this.store.graph.meta?.title ?? stem);
      return;
    }
    if (ext === '.png' || ext === '.svg') {
      // An image exported by NeuroWire carries its graph (src/ui/library/png-graph.ts).
      const r = await extractGraph(new Uint8Array(await file.arrayBuffer()));
      if (!r.ok) this.toast(`${file.name}: ${r.message}`, 'error');
      else if (this.openText(r.text, file.name)) await this.library.adoptOpen(this.store.graph.meta?.title ?? stem);
      return;
    }
    // A file a shared link left out completes the graph (src/ui/library/library.ts).
    if (await this.library.completeShared(file)) return;
    if (ext === '.mod') return this.takeModFile(file);
    // The selected block if it takes this kind of file, else the first block that does.
    const nodes = this.store.graph.nodes;
    const order = [...nodes.filter((n) => n.id === this.selected), ...nodes.filter((n) => n.id !== this.selected)];
    for (const n of order) {
      const spec = blockDef(n.type)?.params.find((p) => p.kind === 'file' && p.accept.includes(ext));
      if (!spec || spec.kind !== 'file') continue;
      const r = await embedFile(this.store, file, spec.accept);
      if (!r.ok) {
        this.toast(r.message, 'error');
        return;
      }
      this.store.transaction(() => {
        this.store.setParam(n.id, spec.name, r.ref);
        const source = blockDef(n.type)?.params.find((p) => p.name === 'source');
        if (source?.kind === 'enum' && source.options.includes('file') && n.params.source === 'synthetic') this.store.setParam(n.id, 'source', 'auto');
      });
      this.selected = n.id;
      this.editor?.select([n.id]);
      this.toast(`${file.name} → ${n.id}.${spec.name}`);
      return;
    }
    this.toast(`“${file.name}” is not a file NeuroWire reads here: drop an SWC skeleton, a CSV table or a graph (.json)`, 'error');
  }

  /** A .mod file: the selected mechanism block reads it, or a new one does (src/ui/mod-drop.ts). */
  private async takeModFile(file: File): Promise<void> {
    const r = await readEmbeddable(this.store, file, ['.mod']);
    if (!r.ok) {
      this.toast(r.message, 'error');
      return;
    }
    const nodes = this.store.graph.nodes;
    // Nothing selected: the new block goes below the graph, at its left edge.
    const place = (): [number, number] => (nodes.length ? [Math.min(...nodes.map((n) => n.position[0])), Math.max(...nodes.map((n) => n.position[1])) + 160] : [0, 0]);
    const given = giveModFile(this.store, { hash: r.hash, asset: r.asset, text: r.text, selected: this.selected, place });
    this.selected = given.id;
    await this.editor?.flush();
    this.editor?.select([given.id]);
    this.toast(given.created ? `${file.name} → new block ${given.id}${given.wired ? ' (wired in after the selected block)' : ''}` : `${file.name} → ${given.id}.mod`);
  }

  private saveFile(): void {
    // Named after the library title (a rename counts), carrying only the files the graph uses.
    this.library.exportFile();
  }

  /** Download the graph as a standalone NEURON script (data embedded: one file). */
  async exportToNeuron(): Promise<boolean> {
    const graph = this.store.graph;
    // The store renames such ids when a graph opens; this is the last line of defence, since
    // an id reaches generated code.
    const bad = graph.nodes.find((n) => blockIdProblem(n.id) !== null);
    if (bad) {
      this.toast(`export to NEURON: block id ${shownId(bad.id)} cannot be exported (${blockIdProblem(bad.id)})`, 'error');
      return false;
    }
    try {
      const { exportNeuron } = await import('../export/export.ts');
      const { scriptBaseName } = await import('../export/script-name.ts');
      const base = scriptBaseName(graph.meta?.title ?? EXAMPLES[this.exampleName]?.title ?? this.exampleName);
      const r = await exportNeuron(graph, { readText: async (ref) => readBrowserFile(ref, graph), baseName: base, graphName: `${base}.graph.json`, embed: true, command: 'NeuroWire app: Export to NEURON' });
      download(`${base}.py`, r.script, 'text/x-python');
      this.toast(`exported ${base}.py: run it with Python 3 and NEURON; it writes its CSV files into ${base}_out/ next to it`);
      return true;
    } catch (e) {
      this.toast(`export to NEURON: ${e instanceof Error ? e.message : String(e)}`, 'error');
      return false;
    }
  }

  private chooseFile(): void {
    const input = document.createElement('input');
    input.type = 'file';
    input.accept = '.json,.png,.svg,.swc,.csv,.mod';
    input.onchange = () => input.files?.[0] && void this.takeFile(input.files[0]);
    input.click();
  }

  /** Select the first block whose run waits for the user's OK (its inspector has the button). */
  private showPendingRun(): void {
    const id = this.pendingRuns[0];
    if (!id) return;
    this.selected = id;
    this.editor?.select([id]);
  }

  /** The Select block that nodes picked in a morphology view are added to. */
  private pickTarget: string | null = null;

  private onNodePick = (e: CustomEvent<NodePickDetail>): void => {
    const target = this.pickTarget && takesPicks(this.store, this.pickTarget) ? this.pickTarget : null;
    if (!target) {
      this.toast(`node ${e.detail.node}: select a “Select nodes” block first to add picked nodes to it`);
      return;
    }
    const ids = applyNodePick(this.store, target, e.detail.node);
    this.toast(`node ${e.detail.node} → ${target} (${ids.length} node${ids.length === 1 ? '' : 's'})`);
  };

  /** A block's parameter specs now (a .mod file's included once read), for the inspector. */
  private specsOf = (id: string) => this.session?.paramSpecs(this.sessionId(id)) ?? blockDef(this.viewStore.node(id)?.type ?? '')?.params ?? [];

  private onAddBlock = (e: CustomEvent<{ type: string }>): void => {
    if (!this.editor) return;
    const id = e.detail.type.startsWith(SAVED_PREFIX) ? this.addSavedBlock(e.detail.type.slice(SAVED_PREFIX.length)) : this.editor.addBlock(e.detail.type);
    this.selected = id;
  };

  // -------------------------------------------------------------------------------------------
  // Layout: panes, toolbar menu, theme, gallery, graph name (src/ui/layout/)

  /** The chosen pane sizes as CSS properties on the shell (app.css lays the panes out with them). */
  private applyPanes(): void {
    for (const [name, prop] of [['inspector', '--inspector-w'], ['results', '--results-h']] as const) {
      const v = this.panes[name];
      if (v === null) this.style.removeProperty(prop);
      else this.style.setProperty(prop, `${v}px`);
    }
  }

  private onPaneSize(name: PaneName, e: CustomEvent<PaneSizeDetail>): void {
    this.panes = { ...this.panes, [name]: e.detail.reset ? null : e.detail.size };
    this.applyPanes();
    if (e.detail.commit) savePaneSize(safeLocalStorage(), name, this.panes[name]);
  }

  /** A pane's size on screen now (px). */
  private paneSize(name: PaneName): number {
    const el = this.querySelector<HTMLElement>(name === 'inspector' ? '.inspector-area' : '.results-area');
    const r = el?.getBoundingClientRect();
    return r ? (name === 'inspector' ? r.width : r.height) : 300;
  }

  /** The largest a pane may be now: the editor keeps 300 px of width (and the 5 px bar: app.css's 525 with the palette) and 160 of height. */
  private paneLimit(name: PaneName): number {
    if (name === 'inspector') return window.innerWidth - (this.querySelector('.palette-area')?.getBoundingClientRect().width ?? 0) - 305;
    return window.innerHeight - (this.querySelector('.toolbar')?.getBoundingClientRect().height ?? 0) - 160;
  }

  /** A click outside the open toolbar menu closes it. */
  private onOutsideMenu = (e: PointerEvent): void => {
    if (this.menuOpen && !e.composedPath().some((t) => t instanceof HTMLElement && t.classList.contains('toolbar-menu'))) this.menuOpen = false;
  };

  private toggleTheme(): void {
    this.theme = nextChoice(this.theme);
    setThemeChoice(this.theme);
  }

  /** The toolbar's name field: renames the open graph in the library (an example not yet saved is saved under the name). */
  private async renameGraph(input: HTMLInputElement): Promise<void> {
    const title = input.value.trim();
    if (!title || title === this.library.title()) {
      input.value = this.library.title();
      return;
    }
    const id = this.library.currentId;
    if (id) await this.library.rename(id, title);
    else await this.library.adoptOpen(title);
    this.requestUpdate();
  }

  /** A result block's tab label: its title in the graph, else its block type's, and its id. */
  private resultLabel = (id: string): string => {
    const n = this.store.node(id);
    const title = n?.title || blockDef(n?.type ?? '')?.title || id;
    return title === id ? id : `${title} · ${id}`;
  };

  // -------------------------------------------------------------------------------------------
  // Test hooks (src/ui/CONTRACT.md)

  private installHooks(): void {
    const app = this;
    const hooks = {
      get ready() {
        return app.readyPromise;
      },
      graph: () => structuredClone(app.store.graph),
      status: (id: string) => app.session!.status(id),
      output: (id: string) => {
        const o = app.session!.output(id);
        return o?.ok ? o.values : null;
      },
      figureData: (id: string) => app.querySelector<PlotPanel>(`nw-plot-panel[data-node="${id}"]`)?.figureData() ?? { series: [] },
      setParam: (id: string, name: string, value: JsonValue) => app.store.setParam(id, name, value),
      openExample: (name: string) => app.openExample(name),
      stats: (id: string) => app.session!.stats(id),
      undo: () => app.store.undo(),
      redo: () => app.store.redo(),
      select: (ids: string[]) => app.editor?.select(ids),
      crashWorker: (reason?: string) => app.session!.crashWorker(reason),
      rerun: () => app.session!.rerun(),
      stop: () => app.session!.stop(),
      pendingRun: (id: string) => app.session!.pendingRun(id),
      confirmRun: (id: string) => app.session!.confirmRun(id),
      setRunLimits: (limits: Partial<RunLimits>) => void Object.assign(app.session!.runLimits ?? {}, limits),
      workerRestarts: () => app.worker?.restarts() ?? 0,
      hangWorker: (ms: number) => app.worker?.hang(ms),
      rebuilds: () => app.session!.rebuilds,
      settled: () => app.session!.settled(),
      library: {
        list: () => app.library.list(),
        flush: () => app.library.flush(),
        currentId: () => app.library.currentId,
        persistent: () => app.library.backend.persistent,
        open: (id: string) => app.library.open(id),
        copyLink: () => app.library.copyLink(),
        lastLink: () => app.library.link$.value?.url ?? null,
      },
      history: {
        flush: () => app.runHistory.flush(),
        key: () => app.keys.key,
        runs: (id: string) => app.querySelector<PlotPanel>(`nw-plot-panel[data-node="${id}"]`)?.historyRuns() ?? [],
      },
      app,
    };
    (window as unknown as { __nw: typeof hooks }).__nw = hooks;
  }

  // -------------------------------------------------------------------------------------------

  /** The results: a panel per result block; above TAB_THRESHOLD of them, tabs (All, or one block). */
  private renderResults(): TemplateResult {
    const ids = this.results.map((r) => r.id);
    const tabs = resultTabs(ids, this.resultLabel);
    const tab = activeTab(this.resultTab, ids);
    return html`<section class="results-area ${tabs ? 'tabbed' : ''} ${tab === ALL_TAB ? '' : 'one-tab'}">
      ${tabs
        ? html`<nav class="result-tabs" role="tablist" data-testid="result-tabs">
            ${tabs.map((t) => html`<button role="tab" data-testid="result-tab-${t.id === ALL_TAB ? 'all' : t.id}" aria-selected=${t.id === tab ? 'true' : 'false'} @click=${() => (this.resultTab = t.id)}>${t.label}</button>`)}
          </nav>`
        : nothing}
      ${this.results.length === 0 ? html`<div class="muted">Add a plot or table block to see results here.</div>` : nothing}
      ${this.results.map((r) => {
        const hidden = !shownUnder(tab, r.id);
        return r.kind === 'figure' && (blockDef(this.store.node(r.id)?.type ?? '')?.shownIn === 'morphology-view' || (r.value as FigureValue | null)?.figure === 'morphology')
          ? html`<nw-morphology-view data-node=${r.id} ?hidden=${hidden} .nodeId=${r.id} .figure=${r.value as FigureValue | null} .status=${r.status} .stale=${r.stale}></nw-morphology-view>`
          : r.kind === 'figure'
          ? html`<nw-plot-panel data-node=${r.id} ?hidden=${hidden} .nodeId=${r.id} .graphKey=${this.keys.key} .history=${this.runHistory} .figure=${r.value as FigureValue | null} .status=${r.status} .stale=${r.stale}></nw-plot-panel>`
          : html`<nw-table-view data-node=${r.id} ?hidden=${hidden} .nodeId=${r.id} .table=${r.value as TableValue | null} .status=${r.status}></nw-table-view>`;
      })}
    </section>`;
  }

  protected override render(): TemplateResult {
    const sel = this.selected;
    return html`
      <header class="toolbar">
        <h1>NeuroWire</h1>
        <input class="graph-name" data-testid="graph-name" aria-label="the open graph's name" title="the open graph's name: type to rename it in the library"
          .value=${this.library.title()} @change=${(e: Event) => void this.renameGraph(e.target as HTMLInputElement)}
          @keydown=${(e: KeyboardEvent) => e.key === 'Enter' && (e.target as HTMLInputElement).blur()} />
        <button data-testid="new-graph" @click=${() => void this.library.newGraph()} title="a new, empty graph (saved in the library)">New graph</button>
        <button data-testid="open-example" @click=${() => (this.galleryOpen = true)} title="open an example: the gallery">Open example</button>
        <div class="toolbar-menu ${this.menuOpen ? 'open' : ''}" @keydown=${(e: KeyboardEvent) => e.key === 'Escape' && (this.menuOpen = false)}>
          <button class="toolbar-menu-button" data-testid="toolbar-menu" aria-haspopup="true" aria-expanded=${this.menuOpen ? 'true' : 'false'} title="more: files, library, sharing, export, view" @click=${() => (this.menuOpen = !this.menuOpen)}>☰ Menu</button>
          <div class="toolbar-more" @click=${(e: Event) => (e.target as HTMLElement).localName === 'button' && (this.menuOpen = false)}>
            <select data-testid="example-picker" title="open an example" @change=${(e: Event) => void this.openExample((e.target as HTMLSelectElement).value)}>
              ${Object.entries(EXAMPLES).map(([k, v]) => html`<option value=${k} ?selected=${k === this.exampleName}>${v.title}</option>`)}
            </select>
            <button data-testid="open-file" @click=${() => this.chooseFile()} title="open a graph file, or give an SWC/CSV to the selected block">Open…</button>
            <button data-testid="save-file" @click=${() => this.saveFile()} title="download the graph as a file">Save file</button>
            <button data-testid="library-button" @click=${() => this.querySelector<LibraryPanel>('nw-library-panel')?.toggle()} title="saved graphs: open, rename, duplicate, delete, import, export">Library</button>
            <button data-testid="copy-link" @click=${() => void this.library.copyLink()} title="copy a link that opens this graph">Copy link</button>
            <button data-testid="export-neuron" @click=${() => void this.exportToNeuron()} title="download a standalone NEURON (Python) script that builds and runs this model">Export to NEURON</button>
            <span class="sep"></span>
            <button data-testid="zoom-fit" @click=${() => this.editor?.zoomToFit()} title="zoom to fit (F)">Fit</button>
            <button data-testid="arrange" @click=${() => this.editor?.arrange()} title="arrange the blocks">Arrange</button>
            <button data-testid="group" @click=${() => this.editor?.groupSelection()} title="frame the selected blocks as a group (Ctrl+G)">Group</button>
          </div>
        </div>
        <nw-library-panel .library=${this.library}></nw-library-panel>
        <span class="sep"></span>
        <button data-testid="undo" ?disabled=${!this.canUndo} @click=${() => this.store.undo()} title="undo (Ctrl+Z)">↶ Undo</button>
        <button data-testid="redo" ?disabled=${!this.canRedo} @click=${() => this.store.redo()} title="redo (Ctrl+Shift+Z)">↷ Redo</button>
        <span class="sep"></span>
        <button data-testid="stop" ?disabled=${!this.busy} @click=${() => this.session?.stop()} title="stop the running computations">■ Stop</button>
        <button data-testid="rerun" @click=${() => this.session?.rerun()} title="run again what failed or was interrupted">Re-run</button>
        ${this.pendingRuns.length
          ? html`<button class="run-ask" data-testid="run-ask" title="a run over the size limits waits for your OK: show it" @click=${() => this.showPendingRun()}>⚠ ${this.pendingRuns.length} run${this.pendingRuns.length === 1 ? '' : 's'} to confirm</button>`
          : nothing}
        <span class="spacer"></span>
        <button class="theme-toggle" data-testid="theme-toggle" data-choice=${this.theme} title="colours: ${this.theme} (click: ${nextChoice(this.theme)})" @click=${() => this.toggleTheme()}><span class="glyph">${THEME_LABEL[this.theme][0]}</span><span class="label"> ${THEME_LABEL[this.theme][1]}</span></button>
        <button data-testid="help-button" class="help-button" @click=${() => this.helpPanel?.toggle()} title="help: shortcuts and a page per block (? or F1)">?</button>
        <nw-help-panel .selected=${sel} @nw-help-insert=${(e: CustomEvent<{ type: string }>) => void this.onHelpInsert(e.detail.type)}></nw-help-panel>
        <span class="run-state" data-testid="run-state">${this.busy ? html`<span class="spinner"></span> ${this.busy} running` : 'idle'}</span>
      </header>
      <div class="workspace">
        <aside class="palette-area"><nw-palette .mine=${this.myBlocks}></nw-palette></aside>
        <section class="editor-area">
          ${this.inside || this.selectedIds.length ? html`<nav class="breadcrumb" data-testid="breadcrumb" @pointerdown=${(e: Event) => e.stopPropagation()} @dblclick=${(e: Event) => e.stopPropagation()}>
            ${this.inside
              ? html`<button data-testid="breadcrumb-root" @click=${() => void this.leaveSubgraph()} title="back to the graph">Graph</button> ›
                  <input class="subgraph-title" data-testid="breadcrumb-subgraph" aria-label="the subgraph's name" title="the subgraph's name (in My blocks and on its blocks): type to rename it"
                    .value=${this.inside.title} @change=${(e: Event) => this.renameSubgraphTo(this.inside?.subgraph ?? '', e.target as HTMLInputElement)}
                    @keydown=${(e: KeyboardEvent) => e.key === 'Enter' && (e.target as HTMLInputElement).blur()} />`
              : html`<span>Graph</span>${this.selectedIds.length
                  ? html` <button data-testid="make-subgraph" @click=${() => this.makeSubgraphFromSelection()} title="put the selected blocks into a subgraph (a block of your own, reusable from My blocks)">Make subgraph</button>
                      <button data-testid="make-repeat" @click=${() => this.makeRepeatFromSelection()} title="repeat the selected blocks once per row of a table (one block selected: with the blocks that feed only it, such as its node selection); the table's header names the parameters that change">Repeat</button>`
                  : nothing}`}
            ${this.inside || (this.selectedIds.length === 1 && instanceOf(this.store.node(this.selectedIds[0])?.type ?? ''))
              ? html`<button data-testid="save-block" @click=${() => void this.saveBlock()} title="keep this subgraph in My blocks in this browser, for other graphs">Save to My blocks</button>`
              : nothing}
          </nav>` : nothing}
        </section>
        <nw-split-handle data-testid="split-inspector" axis="x" label="inspector width" .min=${PANES.inspector.min} .measure=${() => this.paneSize('inspector')} .limit=${() => this.paneLimit('inspector')}
          @nw-pane-size=${(e: CustomEvent<PaneSizeDetail>) => this.onPaneSize('inspector', e)}></nw-split-handle>
        <aside class="inspector-area">
          <nw-inspector .store=${this.viewStore} .setRounds=${this.inside ? null : this.setRoundsOf} .hideIssue=${this.inside?.fedFromOutside ?? null} .exposed=${this.inside ? (this.store.graph.subgraphs?.find((d) => d.id === this.inside!.subgraph)?.params ?? []) : null}
            @nw-expose-param=${(e: CustomEvent<ExposeDetail>) => this.exposeInner(e.detail)} @nw-rename-subgraph=${(e: CustomEvent<{ id: string; input: HTMLInputElement }>) => this.renameSubgraphTo(e.detail.id, e.detail.input)} .nodeId=${sel} .specs=${this.specsOf} .computing=${this.isComputing} .status=${sel ? (this.inside ? (this.session?.status(this.sessionId(sel)) ?? null) : (this.statuses.get(sel) ?? null)) : null}
            .pendingRun=${sel && this.pendingRuns.includes(sel) ? (this.session?.pendingRun(sel) ?? null) : null}
            @nw-confirm-run=${(e: CustomEvent<RunAnswerDetail>) => this.session && answerRun(this.session, this.store, e.detail)}
            @nw-edit-mod=${(e: CustomEvent<ModTarget>) => (this.modTarget = { id: e.detail.id, param: e.detail.param })}
            @nw-apply-fit=${(e: CustomEvent<{ id: string }>) => this.applyFit(e.detail.id)}></nw-inspector>
        </aside>
        ${this.modTarget
          ? html`<nw-mod-pane class="mod-pane-area" .store=${this.store} .target=${this.modTarget} .status=${this.statuses.get(this.modTarget.id) ?? null}
              @nw-close-mod-pane=${() => (this.modTarget = null)}></nw-mod-pane>`
          : nothing}
      </div>
      <nw-split-handle data-testid="split-results" axis="y" label="results height" .min=${PANES.results.min} .measure=${() => this.paneSize('results')} .limit=${() => this.paneLimit('results')}
        @nw-pane-size=${(e: CustomEvent<PaneSizeDetail>) => this.onPaneSize('results', e)}></nw-split-handle>
      ${this.renderResults()}
      <nw-example-gallery .open=${this.galleryOpen} .current=${this.exampleName} @nw-open-example=${(e: CustomEvent<{ name: string }>) => void this.library.openExample(e.detail.name)} @nw-close-gallery=${() => (this.galleryOpen = false)}></nw-example-gallery>
      <div class="toasts">${this.toasts.map((t) => html`<div class="toast ${t.kind}" data-testid="toast" role=${t.kind === 'error' ? 'alert' : 'status'}>${t.message}</div>`)}</div>
    `;
  }
}

/** The inspector's request to expose (or un-expose) an inner block's parameter on the subgraph's blocks. */
interface ExposeDetail {
  node: string;
  param: string;
  expose: boolean;
}

/** The theme toggle's face per choice. */
const THEME_LABEL: Record<ThemeChoice, [string, string]> = { auto: ['◐', 'Auto'], light: ['☀', 'Light'], dark: ['☾', 'Dark'] };

/** localStorage, or null where the page may not use it (then sizes hold for the visit). */
function safeLocalStorage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

/** Renamed block ids in one message (the ids are shown quoted and shortened, as text). */
function repairsText(source: string, repairs: readonly string[]): string {
  return `${source}: ${repairs.length} repair${repairs.length === 1 ? '' : 's'} to block ids before opening: ${repairs.join('; ')}`;
}

if (!customElements.get('nw-app')) customElements.define('nw-app', App);
