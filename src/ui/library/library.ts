/**
 * The library as the app uses it: the storage (db.ts), autosave of the open graph, the
 * start-up choice of what to open (a shared link, else the example the URL names, else the
 * graph open last), and the commands of the library panel. Every problem reaches the user
 * through `host.toast(…, 'error')`.
 */
import { BehaviorSubject } from 'rxjs';
import { emptyGraph, GRAPH_VERSION, type Graph } from '../../dataflow/graph.ts';
import { serializeGraph } from '../../dataflow/serialize.ts';
import type { GraphStore } from '../../dataflow/store.ts';
import { parseGraph } from '../../dataflow/validate.ts';
import { download } from '../table-view.ts';
import { Autosave, type SaveRequest } from './autosave.ts';
import { describeStorageError, MemoryLibrary, openLibrary, type LibraryBackend, type ListEntry } from './db.ts';
import { embedGraphInImage } from './png-graph.ts';
import { decodeShare, encodeShare } from './share-link.ts';

export interface LibraryHost {
  readonly store: GraphStore;
  toast(message: string, kind?: 'info' | 'error'): void;
  /** The title a graph gets when it first enters the library. */
  defaultTitle(): string;
  /** After the library opened a graph (zoom to fit). */
  afterOpen(): void;
  /** Open a graph file's text as the app does; true when it opened. */
  openText(text: string, fileName: string): boolean;
  /** A file given to the page (a graph, an image carrying one, an SWC/CSV for a block). */
  takeFile(file: File): Promise<void>;
  openExample(name: string): Promise<void>;
}

const LAST_OPEN = 'lastOpen';

function newId(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** A file name from a title: letters, digits, '-' and '_'. */
export function fileBase(title: string): string {
  return title.replace(/[^A-Za-z0-9_-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 80) || 'graph';
}

export class Library {
  backend: LibraryBackend = new MemoryLibrary();
  readonly autosave: Autosave;
  /** Bumped whenever the list may have changed (the panel re-reads it). */
  readonly changed$ = new BehaviorSubject(0);
  /** The last link made by "copy link" (shown in the panel when the clipboard refuses it). */
  readonly link$ = new BehaviorSubject<{ url: string; omitted: string[]; copied: boolean } | null>(null);
  /** Why graphs are kept in memory only, when they are. */
  memoryReason: string | null = null;
  /** Title and creation time of the entries saved from this page, by id. */
  private readonly entries = new Map<string, { title: string; created: number }>();
  /** The title of the next new entry (an import names it after its file). */
  private nextTitle: string | null = null;
  private lastMessage = { text: '', at: 0 };
  private started = false;

  constructor(readonly host: LibraryHost) {
    this.autosave = new Autosave(host.store, {
      save: (r) => this.save(r),
      newId,
      onTrack: (id) => this.tracked(id),
      onError: (e) => this.report(describeStorageError('could not save the graph', e)),
    });
  }

  get currentId(): string | null {
    return this.autosave.id;
  }

  /**
   * Open the storage and the graph to start with: the graph of a `#g=` link, else (unless the
   * URL names an example, which the app opened already) the graph open last.
   */
  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    this.backend = await openLibrary({ error: (m) => this.storageProblem(m) });
    this.autosave.start();
    window.addEventListener('hashchange', this.onHashChange);
    const url = new URL(location.href);
    if (await this.openFromHash(url.hash)) return;
    if (url.searchParams.has('example')) return;
    try {
      const last = await this.backend.getMeta(LAST_OPEN);
      if (last) await this.open(last, { quiet: true });
    } catch (e) {
      this.report(describeStorageError('could not reopen the last graph', e));
    }
  }

  dispose(): void {
    window.removeEventListener('hashchange', this.onHashChange);
    void this.autosave.flush();
    this.autosave.dispose();
    this.backend.close();
  }

  // -------------------------------------------------------------------------------------------
  // Panel commands

  async list(): Promise<ListEntry[]> {
    try {
      return await this.backend.list();
    } catch (e) {
      this.report(describeStorageError('could not list the saved graphs', e));
      return [];
    }
  }

  /** Open a saved graph; a damaged or unreadable one is reported and left as it is. */
  async open(id: string, opts: { quiet?: boolean } = {}): Promise<boolean> {
    await this.autosave.flush();
    let r;
    try {
      r = await this.backend.read(id);
    } catch (e) {
      this.report(describeStorageError('could not open the saved graph', e));
      return false;
    }
    if (!r) {
      if (!opts.quiet) this.report(`there is no saved graph “${id}” any more (deleted in another tab?)`);
      return false;
    }
    if (!r.ok) {
      this.report(`${r.message}. Other graphs open as usual.`);
      return false;
    }
    const parsed = parseGraph(r.text);
    if (!parsed.graph) {
      this.report(`saved graph “${r.summary.title}” cannot be opened: ${parsed.issues.map((i) => i.message).join('; ')}. It is left as it is.`);
      return false;
    }
    this.entries.set(id, { title: r.summary.title, created: r.summary.created });
    this.autosave.expect(id);
    this.host.store.open(parsed.graph);
    this.host.afterOpen();
    const errors = parsed.issues.filter((i) => i.severity === 'error');
    if (errors.length) this.report(`“${r.summary.title}”: opened with ${errors.length} problem(s): ${errors[0].message}`);
    else if (parsed.fromVersion < GRAPH_VERSION) this.host.toast(`opened “${r.summary.title}” (upgraded from graph version ${parsed.fromVersion}; saved in the new version on the next edit)`);
    else if (!opts.quiet) this.host.toast(`opened “${r.summary.title}”`);
    return true;
  }

  async rename(id: string, title: string): Promise<void> {
    const t = title.trim();
    if (!t) return;
    try {
      await this.backend.rename(id, t);
      const e = this.entries.get(id);
      if (e) e.title = t;
    } catch (e) {
      this.report(describeStorageError(`could not rename the graph`, e));
    }
    this.bump();
  }

  async duplicate(id: string): Promise<string | null> {
    if (id === this.currentId) await this.autosave.flush();
    try {
      const r = await this.backend.read(id);
      if (!r || !r.ok) {
        this.report(r ? r.message : `there is no saved graph “${id}”`);
        return null;
      }
      const copy = newId();
      const now = Date.now();
      await this.backend.write({ ...r.summary, id: copy, title: `${r.summary.title} (copy)`, created: now, modified: now }, r.text);
      return copy;
    } catch (e) {
      this.report(describeStorageError('could not duplicate the graph', e));
      return null;
    } finally {
      this.bump();
    }
  }

  async remove(id: string): Promise<void> {
    try {
      await this.backend.remove(id);
      if (id === this.currentId) {
        this.autosave.detach();
        this.host.toast('deleted from the library; the graph stays open here (an edit saves it again as a new entry)');
      }
      if ((await this.backend.getMeta(LAST_OPEN)) === id) await this.backend.setMeta(LAST_OPEN, null);
    } catch (e) {
      this.report(describeStorageError('could not delete the graph', e));
    }
    this.bump();
  }

  /** A new, empty graph, saved in the library at once. */
  async newGraph(): Promise<void> {
    await this.autosave.flush();
    this.host.store.open(emptyGraph({ title: 'Untitled graph' }));
    await this.adoptOpen('Untitled graph');
    this.host.afterOpen();
  }

  /** The graph the app just opened from a file or an image becomes a library entry. */
  async adoptOpen(title?: string): Promise<void> {
    this.nextTitle = title ?? this.host.defaultTitle();
    await this.autosave.adopt();
  }

  /** Import a file chosen in the panel: as if it were dropped on the page. */
  importFile(file: File): Promise<void> {
    return this.host.takeFile(file);
  }

  async openExample(name: string): Promise<void> {
    await this.autosave.flush();
    await this.host.openExample(name);
  }

  /** Save now whatever is waiting. */
  flush(): Promise<void> {
    return this.autosave.flush();
  }

  /** Download the open graph as a graph file. */
  exportFile(): void {
    download(`${fileBase(this.title())}.graph.json`, serializeGraph(this.host.store.graph), 'application/json');
  }

  /** "Copy link": the open graph in a URL; large embedded files are left out and named. */
  async copyLink(): Promise<string> {
    const { fragment, omitted } = await encodeShare(this.host.store.graph);
    const url = `${location.origin}${location.pathname}#${fragment}`;
    let copied = false;
    try {
      if (navigator.clipboard?.writeText) {
        await navigator.clipboard.writeText(url);
        copied = true;
      }
    } catch {
      copied = false; // shown in the panel's link field instead (said below)
    }
    const names = omitted.map((o) => o.name);
    this.link$.next({ url, omitted: names, copied });
    const left = names.length ? ` Left out (too large for a link): ${names.join(', ')} — send those files along.` : '';
    this.host.toast(copied ? `link copied (${url.length} characters).${left}` : `the clipboard is not available here: copy the link from the library panel.${left}`, names.length ? 'error' : 'info');
    return url;
  }

  /** An exported plot image carrying the open graph (the image unchanged, with a message, if that fails). */
  async decorate(format: 'png' | 'svg' | 'csv', blob: Blob): Promise<Blob> {
    if (format === 'csv') return blob;
    try {
      const out = await embedGraphInImage(format, new Uint8Array(await blob.arrayBuffer()), serializeGraph(this.host.store.graph));
      return new Blob([new Uint8Array(out)], { type: blob.type });
    } catch (e) {
      this.report(`the exported ${format.toUpperCase()} does not carry the graph: ${e instanceof Error ? e.message : String(e)}`);
      return blob;
    }
  }

  // -------------------------------------------------------------------------------------------

  /** A link pasted into the address bar of an open page changes only the fragment. */
  private onHashChange = (): void => void this.openFromHash(location.hash);

  /** Open the graph a `#g=` fragment carries; false when it carries none. */
  private async openFromHash(hash: string): Promise<boolean> {
    const shared = await decodeShare(hash);
    if (!shared) return false;
    if (!shared.ok) this.report(shared.message);
    else {
      await this.autosave.flush();
      await this.openShared(shared.text, shared.omitted);
    }
    return true;
  }

  private async openShared(text: string, omitted: string[]): Promise<void> {
    const opened = this.host.openText(text, 'the shared link');
    if (!opened) return;
    if (omitted.length) this.report(`the shared link left out files too large for a link: ${omitted.join(', ')}. Drop them on the page (on the block that reads them) to run the graph.`);
    await this.adoptOpen();
  }

  /** The open graph's title in the library (or the one it will get). */
  title(): string {
    return (this.currentId && this.entries.get(this.currentId)?.title) || this.host.defaultTitle();
  }

  private async save(r: SaveRequest): Promise<void> {
    const now = Date.now();
    let e = this.entries.get(r.id);
    if (!e) {
      e = { title: this.nextTitle ?? this.host.defaultTitle(), created: now };
      this.nextTitle = null;
      this.entries.set(r.id, e);
    }
    const text = serializeGraph(r.graph);
    await this.backend.write({ id: r.id, title: e.title, created: e.created, modified: now, formatVersion: r.graph.version, size: text.length }, text);
    this.bump();
  }

  /** The open graph's entry changed: remember it for the next visit, and drop the URL's example/link. */
  private tracked(id: string | null): void {
    if (id === null) return;
    this.backend.setMeta(LAST_OPEN, id).catch((e: unknown) => this.report(describeStorageError('could not remember the open graph', e)));
    const url = new URL(location.href);
    if (url.searchParams.has('example') || url.hash) {
      url.searchParams.delete('example');
      url.hash = '';
      history.replaceState(null, '', url);
    }
    this.bump();
  }

  private storageProblem(message: string): void {
    if (/in memory for this visit only/.test(message)) this.memoryReason = message;
    this.report(message);
    this.bump();
  }

  private bump(): void {
    this.changed$.next(this.changed$.value + 1);
  }

  /** An error message, once (the same message again within 10 s is not repeated). */
  private report(message: string): void {
    const now = Date.now();
    if (message === this.lastMessage.text && now - this.lastMessage.at < 10_000) return;
    this.lastMessage = { text: message, at: now };
    this.host.toast(message, 'error');
  }
}
