/**
 * Which history key the open graph's plots keep their runs under (see run.ts):
 *
 * - a graph opened from the library: `graph:<library id>`;
 * - an example, until its first edit saves it in the library: `example:<name>` (opening the same
 *   example again, or reloading `?example=<name>`, shows its runs);
 * - anything else, until the library gives it an id: `session:<n>` (memory only).
 *
 * When the library gives the open graph an id (an example's first edit, a dropped file
 * adopted, "keep both" saving this tab's version as a copy), the key becomes `graph:<id>` and
 * the runs so far move with it ({@link GraphKeys.tracked} says from where to where): a reload,
 * which reopens that library graph, shows them. An id that comes with the opening of a graph
 * (a library graph opened) is that graph's own key: nothing moves.
 */
export class GraphKeys {
  /** The open graph's history key. */
  key: string;
  private justOpened = false;
  private sessions = 0;

  constructor(example: string | null) {
    this.key = example ? `example:${example}` : this.session();
  }

  /** Another graph opened (`example`: the example's name when it is one). The id the library gives it, if any, follows at once. */
  opened(example: string | null): string {
    this.key = example ? `example:${example}` : this.session();
    this.justOpened = true;
    return this.key;
  }

  /**
   * The opening is over (the app calls this in a microtask after `opened`, with the library id
   * of the open graph then). A library graph opened again while open gets no new id from the
   * library, yet is that graph: its key.
   */
  settle(id: string | null): void {
    if (this.justOpened && id !== null) this.key = `graph:${id}`;
    this.justOpened = false;
  }

  /** The library id of the open graph changed: the runs to move, or null. */
  tracked(id: string | null): { from: string; to: string } | null {
    if (id === null) return null;
    const to = `graph:${id}`;
    if (to === this.key) return null;
    const from = this.key;
    this.key = to;
    if (this.justOpened) {
      // The graph opened is that library graph: its own runs, nothing to move.
      this.justOpened = false;
      return null;
    }
    return { from, to };
  }

  private session(): string {
    return `session:${++this.sessions}`;
  }
}
