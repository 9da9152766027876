/**
 * The library as the app uses it: the storage (db.ts), autosave of the open graph, the
 * start-up choice of what to open (a shared link, else the example the URL names, else the
 * graph open last), and the commands of the library panel. Every problem reaches the user
 * through `host.toast(…, 'error')`.
 *
 * Several tabs: every save names the revision it was made from, and tabs tell each other of
 * saves, renames and deletions on the BroadcastChannel {@link CHANNEL}. A tab whose open graph
 * was saved by another tab (a message, or its own save refused as stale) writes nothing more to
 * it and asks: “Reload” (take the other tab's version) or “Keep both” (save this tab's as a
 * copy): an edit is never lost silently.
 *
 * What is written (library records, exported files, images, links) carries only the embedded
 * files the graph uses, and the graph's library title.
 */
import { BehaviorSubject } from 'rxjs';
import { absentAsset, forgetAbsentAsset, noteAbsentAsset, referencedAssets, sha256Hex } from '../../dataflow/assets.ts';
import { assetRef, emptyGraph, GRAPH_VERSION, type Graph, type JsonValue } from '../../dataflow/graph.ts';
import { serializeGraph } from '../../dataflow/serialize.ts';
import type { GraphStore } from '../../dataflow/store.ts';
import { parseGraph } from '../../dataflow/validate.ts';
import { download } from '../table-view.ts';
import { Autosave, type SaveRequest } from './autosave.ts';
import { describeStorageError, MemoryLibrary, openLibrary, RevisionConflict, type ExpectedRevision, type LibraryBackend, type ListEntry } from './db.ts';
import { embedGraphInImage } from './png-graph.ts';
import { decodeShare, encodeShare, type SharedOmission } from './share-link.ts';
import './conflict-bar.ts';
import { fileBase, graphToWrite } from './write.ts';

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
  /** Run again what failed (a left-out file was given: the blocks that missed it run). */
  rerun?(): void;
  /** The library id of the open graph changed (null: not in the library); called before anything else is done about it. */
  tracked?(id: string | null): void;
  /** A saved graph was deleted from the library (its run history can go). */
  removed?(id: string): void;
}

const LAST_OPEN = 'lastOpen';

/** The BroadcastChannel on which tabs of NeuroWire tell each other of library changes. */
export const CHANNEL = 'neurowire-library';

/** What tabs tell each other (sent after the change is stored). */
export type LibraryMessage =
  | { kind: 'saved'; tab: string; id: string; revision: number }
  | { kind: 'renamed'; tab: string; id: string; title: string }
  | { kind: 'removed'; tab: string; id: string };

/** A message from another tab, checked (whatever arrives on the channel is checked before use). */
function readMessage(v: unknown): LibraryMessage | null {
  if (typeof v !== 'object' || v === null) return null;
  const m = v as Record<string, unknown>;
  if (typeof m.tab !== 'string' || typeof m.id !== 'string') return null;
  if (m.kind === 'saved' && typeof m.revision === 'number') return { kind: 'saved', tab: m.tab, id: m.id, revision: m.revision };
  if (m.kind === 'renamed' && typeof m.title === 'string') return { kind: 'renamed', tab: m.tab, id: m.id, title: m.title };
  if (m.kind === 'removed') return { kind: 'removed', tab: m.tab, id: m.id };
  return null;
}

/** The open graph was saved by another tab meanwhile: this tab writes nothing more to it until the user chooses. */
export interface Conflict {
  id: string;
  title: string;
  /** This tab's version that could not be saved (null while it has no unsaved edit). */
  mine: Graph | null;
}

/** A file left out of the shared link the open graph came from, still missing. */
export interface MissingFile {
  hash: string;
  name: string;
}

function newId(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
}

export class Library {
  backend: LibraryBackend = new MemoryLibrary();
  readonly autosave: Autosave;
  /** Bumped whenever the list may have changed (the panel re-reads it). */
  readonly changed$ = new BehaviorSubject(0);
  /** The last link made by "copy link" (shown in the panel when the clipboard refuses it). */
  readonly link$ = new BehaviorSubject<{ url: string; omitted: string[]; copied: boolean } | null>(null);
  /** The open graph was changed in another tab (the conflict bar asks what to do), or null. */
  readonly conflict$ = new BehaviorSubject<Conflict | null>(null);
  /** The revision of each graph as this tab last read or wrote it. */
  private readonly revisions = new Map<string, number>();
  /** This tab, in messages (a tab ignores its own). */
  private readonly tab = newId();
  private channel: BroadcastChannel | null = null;
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
    if (typeof BroadcastChannel !== 'undefined') {
      this.channel = new BroadcastChannel(CHANNEL);
      this.channel.onmessage = (e: MessageEvent) => this.onMessage(e.data);
    }
    if (typeof document !== 'undefined' && !document.querySelector('nw-library-conflict')) {
      const bar = document.createElement('nw-library-conflict') as HTMLElement & { library: Library | null };
      bar.library = this;
      document.body.append(bar);
    }
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
    this.channel?.close();
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
    // A record may come from an older NeuroWire or another tab's import: ids are repaired as for any graph from elsewhere.
    const parsed = parseGraph(r.text, undefined, { repairIds: true });
    if (!parsed.graph) {
      this.report(`saved graph “${r.summary.title}” cannot be opened: ${parsed.issues.map((i) => i.message).join('; ')}. It is left as it is.`);
      return false;
    }
    this.entries.set(id, { title: r.summary.title, created: r.summary.created });
    this.revisions.set(id, r.summary.revision);
    if (this.conflict$.value?.id === id) this.conflict$.next(null);
    this.autosave.expect(id);
    const opened = this.host.store.open(parsed.graph);
    if (!opened.ok) {
      this.autosave.expect(null);
      this.report(`saved graph “${r.summary.title}” cannot be opened: ${opened.message}. It is left as it is.`);
      return false;
    }
    this.host.afterOpen();
    const errors = parsed.issues.filter((i) => i.severity === 'error');
    if (errors.length) this.report(`“${r.summary.title}”: opened with ${errors.length} problem(s): ${errors[0].message}`);
    else if (parsed.repairs?.length) this.report(`“${r.summary.title}”: ${parsed.repairs.join('; ')}`);
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
      this.post({ kind: 'renamed', tab: this.tab, id, title: t });
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
      const rev = await this.backend.write({ ...r.summary, id: copy, title: `${r.summary.title} (copy)`, created: now, modified: now }, r.text, null);
      this.post({ kind: 'saved', tab: this.tab, id: copy, revision: rev });
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
      this.revisions.delete(id);
      this.host.removed?.(id);
      this.post({ kind: 'removed', tab: this.tab, id });
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

  /**
   * Download the open graph as a graph file, named after its title in the library (safe
   * characters, see {@link fileBase}), carrying only the embedded files it uses.
   */
  exportFile(): void {
    const title = this.title();
    download(`${fileBase(title)}.graph.json`, serializeGraph(graphToWrite(this.host.store.graph, title)), 'application/json');
  }

  /** "Copy link": the open graph in a URL; large embedded files it uses are left out and named. */
  async copyLink(): Promise<string> {
    const { fragment, omitted } = await encodeShare(graphToWrite(this.host.store.graph, this.title()));
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
      const out = await embedGraphInImage(format, new Uint8Array(await blob.arrayBuffer()), serializeGraph(graphToWrite(this.host.store.graph, this.title())));
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

  private async openShared(text: string, omitted: SharedOmission[]): Promise<void> {
    // Named before the graph opens and runs, so the blocks that miss a file say which.
    for (const o of omitted) if (o.hash) noteAbsentAsset(o.hash, o.name, 'this link');
    const opened = this.host.openText(text, 'the shared link');
    if (!opened) return;
    await this.adoptOpen();
    const missing = this.missingFiles();
    const names = missing.length ? missing.map((m) => m.name) : omitted.map((o) => o.name);
    if (names.length) this.report(`the shared link left out ${names.length === 1 ? 'a file' : 'files'} too large for a link: ${names.join(', ')}. Drop ${names.length === 1 ? 'it' : 'them'} on the page to complete the graph; it then runs.`);
  }

  /** Files the open graph uses that a shared link left out and that were not given yet. */
  missingFiles(): MissingFile[] {
    const graph = this.host.store.graph;
    const out: MissingFile[] = [];
    for (const hash of referencedAssets(graph)) {
      const gone = graph.assets[hash] ? undefined : absentAsset(hash);
      if (gone) out.push({ hash, name: gone.name });
    }
    return out;
  }

  /**
   * A file given to the page that completes the open graph: one a shared link left out, found
   * by its content (the hash the link kept) or else by its name. It is embedded, the blocks
   * that use it run, and true is returned; false when the file is none of those (the app then
   * handles it as usual).
   */
  async completeShared(file: File): Promise<boolean> {
    const missing = this.missingFiles();
    if (!missing.length) return false;
    const bytes = new Uint8Array(await file.arrayBuffer());
    const hash = await sha256Hex(bytes);
    const byHash = missing.find((m) => m.hash === hash);
    const byName = byHash ? undefined : missing.find((m) => m.name === file.name);
    const want = byHash ?? byName;
    if (!want) return false;
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      this.report(`“${file.name}” is not UTF-8 text, so it cannot stand in for ${want.name}`);
      return true;
    }
    const store = this.host.store;
    store.transaction(() => {
      store.addAsset(hash, { name: want.name, mime: file.type || 'text/plain', encoding: 'utf8', data: text });
      // Same name, other content (an edited or re-exported file): the blocks use the file given.
      if (hash !== want.hash) this.replaceRefs(want.hash, hash);
    });
    forgetAbsentAsset(want.hash);
    const left = this.missingFiles();
    // Same content: no parameter changed, so nothing would recompute by itself.
    if (hash === want.hash) this.host.rerun?.();
    const rest = left.length ? ` Still missing: ${left.map((m) => m.name).join(', ')}.` : ' The graph is complete.';
    if (hash === want.hash) this.host.toast(`${file.name} is the file the link left out: running the graph.${rest}`);
    else this.report(`${file.name} stands in for the left-out ${want.name}, but its content differs from the sender's (another version of the file?): the graph runs with yours.${rest}`);
    return true;
  }

  /** Point every parameter that refers to one embedded file at another. */
  private replaceRefs(from: string, to: string): void {
    const store = this.host.store;
    const old = assetRef(from);
    const swap = (v: JsonValue): JsonValue => (v === old ? assetRef(to) : Array.isArray(v) ? v.map(swap) : v !== null && typeof v === 'object' ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, swap(x)])) : v);
    for (const n of store.graph.nodes) {
      for (const [name, v] of Object.entries(n.params)) {
        const next = swap(v);
        if (JSON.stringify(next) !== JSON.stringify(v)) store.setParam(n.id, name, next);
      }
    }
  }

  /** The open graph's title in the library (or the one it will get). */
  title(): string {
    return (this.currentId && this.entries.get(this.currentId)?.title) || this.host.defaultTitle();
  }

  private async save(r: SaveRequest): Promise<void> {
    const held = this.conflict$.value;
    if (held?.id === r.id) {
      // Waiting for the user's choice: nothing is written, this tab's latest version is kept for “Keep both”.
      this.conflict$.next({ ...held, mine: r.graph });
      return;
    }
    const now = Date.now();
    let e = this.entries.get(r.id);
    if (!e) {
      e = { title: this.nextTitle ?? this.host.defaultTitle(), created: now };
      this.nextTitle = null;
      this.entries.set(r.id, e);
    }
    const text = serializeGraph(graphToWrite(r.graph, e.title));
    const expected: ExpectedRevision = r.isNew ? null : this.revisions.get(r.id);
    let revision: number;
    try {
      revision = await this.backend.write({ id: r.id, title: e.title, created: e.created, modified: now, formatVersion: r.graph.version, size: text.length, revision: 0 }, text, expected);
    } catch (err) {
      if (!(err instanceof RevisionConflict)) throw err;
      this.raiseConflict(r.id, err.stored.title, r.graph);
      return;
    }
    this.revisions.set(r.id, revision);
    this.post({ kind: 'saved', tab: this.tab, id: r.id, revision });
    this.bump();
  }

  /** The open graph was saved elsewhere: stop writing it and ask (the conflict bar shows). */
  private raiseConflict(id: string, title: string, mine: Graph | null): void {
    const held = this.conflict$.value;
    if (held?.id === id) {
      if (mine) this.conflict$.next({ ...held, mine });
      return;
    }
    this.entries.set(id, { title, created: this.entries.get(id)?.created ?? Date.now() });
    this.conflict$.next({ id, title, mine });
  }

  /** “Reload”: drop this tab's unsaved edits and open the version the other tab saved. */
  async reloadConflict(): Promise<void> {
    const c = this.conflict$.value;
    if (!c) return;
    this.autosave.discard();
    this.conflict$.next(null);
    if (await this.open(c.id, { quiet: true })) this.host.toast(`reloaded “${this.title()}” as the other tab saved it`);
  }

  /**
   * “Keep both”: save this tab's version as a copy (a new entry that this tab then edits); the
   * other tab's version stays under the original entry. `auto`: done without asking because
   * another graph was opened here meanwhile (only when there are unsaved edits to keep).
   */
  async keepBoth(auto = false): Promise<string | null> {
    const c = this.conflict$.value;
    if (!c) return null;
    const here = this.autosave.id === c.id;
    const graph = here ? this.host.store.graph : c.mine;
    if (!graph) {
      this.conflict$.next(null);
      return null;
    }
    if (here) this.autosave.discard();
    const copy = newId();
    const now = Date.now();
    const title = `${c.title} (copy)`;
    const text = serializeGraph(graphToWrite(graph, title));
    try {
      const revision = await this.backend.write({ id: copy, title, created: now, modified: now, formatVersion: graph.version, size: text.length, revision: 0 }, text, null);
      this.entries.set(copy, { title, created: now });
      this.revisions.set(copy, revision);
      this.conflict$.next(null);
      if (here) this.autosave.retarget(copy);
      this.post({ kind: 'saved', tab: this.tab, id: copy, revision });
      this.host.toast(`${auto ? `your unsaved edits of “${c.title}” (changed in another tab) were` : 'your version is'} saved as “${title}”; the other tab's version stays “${c.title}”`);
      return copy;
    } catch (e) {
      this.report(describeStorageError('could not save your version as a copy', e));
      return null;
    } finally {
      this.bump();
    }
  }

  private post(m: LibraryMessage): void {
    try {
      this.channel?.postMessage(m);
    } catch {
      // A closed channel (page going away): the other tabs' own saves still detect a conflict.
    }
  }

  private onMessage(data: unknown): void {
    const m = readMessage(data);
    if (!m || m.tab === this.tab) return;
    if (m.kind === 'renamed') {
      const e = this.entries.get(m.id);
      if (e) e.title = m.title;
      if (this.conflict$.value?.id === m.id) this.conflict$.next({ ...this.conflict$.value, title: m.title });
    } else if (m.kind === 'saved' && m.id === this.currentId && m.revision > (this.revisions.get(m.id) ?? 0)) {
      this.raiseConflict(m.id, this.title(), null);
    }
    this.bump();
  }

  /** The open graph's entry changed: remember it for the next visit, and drop the URL's example/link. */
  private tracked(id: string | null): void {
    this.host.tracked?.(id);
    const held = this.conflict$.value;
    // Another graph opened while this tab's edits of a conflicting one wait: keep them as a copy.
    if (held && held.id !== id) void this.autosave.flush().then(() => (this.conflict$.value?.id === held.id ? this.keepBoth(true) : null));
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
