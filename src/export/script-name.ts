/**
 * The file name of an exported script, from the graph's title: the whole title as a plain file
 * name (letters, digits, `_`, `-`), cut only when longer than a safe name may be, and then at a
 * word boundary, never in the middle of a word ("…_scenario_1", not "…_scenari").
 */
import { SAFE_NAME_MAX, safeFileName } from '../dataflow/safe-names.ts';

/** The stem (no `.py`) for a script exported from a graph titled `title`; 'model' when nothing is left. */
export function scriptBaseName(title: string | undefined): string {
  // Accented letters keep their base letter (é → e) rather than becoming `_`.
  const ascii = (title ?? '').normalize('NFKD').replace(/[\u0300-\u036f]/g, '');
  let base = ascii.replace(/[^A-Za-z0-9_-]+/g, '_').replace(/^[_-]+|_+$/g, '');
  if (base.length > SAFE_NAME_MAX) {
    const cut = base.slice(0, SAFE_NAME_MAX + 1);
    const at = cut.lastIndexOf('_');
    // One word longer than the limit: cut it after all.
    base = (at > 0 ? cut.slice(0, at) : cut.slice(0, SAFE_NAME_MAX)).replace(/_+$/, '');
  }
  // A Windows device name (CON, NUL, …) gets its `_`.
  return base ? safeFileName(base) : 'model';
}
