/**
 * Where the shared test data lives: `../shared/data` next to the checkout, or the folder named by
 * NEUROWIRE_SHARED_DATA (CI points it at an empty folder once, so that every test that needs the
 * data is seen to skip cleanly, as on a user's clone). The one place tests and tools resolve it.
 */
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root. */
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** The shared data folder (absolute). NEUROWIRE_SHARED is the older name of the variable. */
export const SHARED_DATA = resolve(ROOT, process.env.NEUROWIRE_SHARED_DATA ?? process.env.NEUROWIRE_SHARED ?? '../shared/data');

/** A path inside the shared data, e.g. sharedPath('hemibrain-da1-pns/swc/1734350788.swc'). */
export function sharedPath(...parts: string[]): string {
  return resolve(SHARED_DATA, ...parts);
}

/** Whether a file or folder of the shared data is here. */
export function hasShared(...parts: string[]): boolean {
  return existsSync(sharedPath(...parts));
}

/** ` (skipped: ../shared/data/<parts> is absent)` when it is absent, else '': for test titles. */
export function skipNote(...parts: string[]): string {
  return hasShared(...parts) ? '' : ` (skipped: ../shared/data/${parts.join('/')} is absent)`;
}

/** Every file under `dir` (recursively) whose name ends in `ext`, sorted (e.g. the zoo's .mod files). */
export function filesUnder(dir: string, ext: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...filesUnder(p, ext));
    else if (e.name.endsWith(ext)) out.push(p);
  }
  return out.sort();
}
