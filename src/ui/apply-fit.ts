/**
 * "Apply fitted values": the edits that write a fit block's result into the graph — each fitted
 * parameter of its block, and the fit's own starting values moved to the result (so that a fit
 * run again starts there) — for the app to make as one undo step.
 */
import type { TableValue } from '../../nodes/values.ts';

export interface FitEdit {
  id: string;
  name: string;
  value: number | string;
}

/** The edits for fit block `fitId` whose output table is `fitted` and whose parameters text is `text`; [] when there is nothing to apply. */
export function fitEdits(fitId: string, fitted: TableValue | undefined, text: string, hasBlock: (id: string) => boolean): FitEdit[] {
  const names = fitted?.columns.parameter as string[] | undefined;
  const values = fitted?.columns.fitted as ArrayLike<number> | undefined;
  if (!names || !values) return [];
  const out: FitEdit[] = [];
  let lines = text.split(/\r?\n/);
  names.forEach((full, k) => {
    const dot = full.lastIndexOf('.');
    const id = full.slice(0, dot);
    const name = full.slice(dot + 1);
    const v = values[k];
    if (dot <= 0 || !hasBlock(id) || !Number.isFinite(v)) return;
    out.push({ id, name, value: v });
    // The line `id.name = start in [...]`: its start becomes the fitted value.
    lines = lines.map((l) => {
      const m = /^(\s*)(.+?)\s*=\s*(\S+)(\s+in\s+\[.*)$/.exec(l);
      return m && m[2] === full ? `${m[1]}${full} = ${v}${m[4]}` : l;
    });
  });
  if (out.length) out.push({ id: fitId, name: 'parameters', value: lines.join('\n') });
  return out;
}
