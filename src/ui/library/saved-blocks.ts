/**
 * "My blocks" kept in the browser: subgraphs the user saved from a graph, to use in any graph.
 * A saved block is its definition and the definitions it uses (nested subgraphs), so a graph
 * that uses it embeds them all (subgraph-edit.ts's addSubgraph) and runs anywhere. In the
 * library database's `blocks` store (db.ts, storage version 4), or in memory when the browser
 * refuses storage.
 */
import type { IDBPDatabase } from 'idb';
import type { SubgraphDef } from '../../dataflow/graph.ts';
import { parseGraph } from '../../dataflow/validate.ts';
import { GRAPH_FORMAT, GRAPH_VERSION } from '../../dataflow/graph.ts';

/** A saved block: a subgraph and the subgraphs it uses (innermost first). */
export interface SavedBlock {
  id: string;
  title: string;
  /** ms since 1970. */
  saved: number;
  def: SubgraphDef;
  needs: SubgraphDef[];
}

interface Row {
  id: string;
  title: string;
  saved: number;
  text: string;
}

/**
 * A stored row read back: its text is a graph document holding the definitions (read by the
 * same reader as graph files, so a damaged or hostile row is refused with its reason).
 */
function fromRow(r: Row): SavedBlock | null {
  const parsed = parseGraph(r.text);
  const defs = parsed.graph?.subgraphs ?? [];
  const def = defs.find((d) => d.id === r.id);
  if (!def || parsed.issues.some((i) => i.severity === 'error')) return null;
  return { id: r.id, title: r.title, saved: r.saved, def, needs: defs.filter((d) => d !== def) };
}

function toRow(b: Omit<SavedBlock, 'saved'>, saved: number): Row {
  const doc = { format: GRAPH_FORMAT, version: GRAPH_VERSION, nodes: [], connections: [], assets: {}, subgraphs: [...b.needs, b.def] };
  return { id: b.id, title: b.title, saved, text: JSON.stringify(doc) };
}

export class SavedBlocks {
  private readonly memory = new Map<string, Row>();

  /** `db`: the library's connection, null when storage is refused (then kept for this visit). */
  constructor(private readonly db: () => IDBPDatabase | null) {}

  /** Every saved block that reads, oldest first. */
  async list(): Promise<SavedBlock[]> {
    const db = this.db();
    const rows = db && db.objectStoreNames.contains('blocks') ? ((await db.getAll('blocks')) as Row[]) : [...this.memory.values()];
    return rows
      .map(fromRow)
      .filter((b): b is SavedBlock => b !== null)
      .sort((a, b) => a.saved - b.saved);
  }

  /** Save (or replace) a block under its subgraph's id. */
  async save(b: Omit<SavedBlock, 'saved'>): Promise<void> {
    const row = toRow(b, Date.now());
    const db = this.db();
    if (db && db.objectStoreNames.contains('blocks')) await db.put('blocks', row);
    else this.memory.set(row.id, row);
  }
}
