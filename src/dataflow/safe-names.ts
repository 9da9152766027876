/**
 * File names made from block ids and other graph text: `neurowire run` and the exported NEURON
 * script both write `<safe name>.csv` with these functions, so that they write the same files.
 *
 * A graph is shared with strangers, so its text may be anything: `../x`, `/etc/x`, NUL, a
 * newline, a 5000-character id, `CON`. A safe name keeps only [A-Za-z0-9_-] (no dot, so no
 * `..`, no extension and no hidden file), is 1 to 100 characters long and is never a Windows
 * device name. An id that is already such a name is its own safe name (existing outputs and
 * goldens are `<run id>.csv`); any other id gets a hash of the whole id appended, so that two
 * ids that clean up to the same text still get different names.
 */

/** Longest safe name (characters); `<name>.spikes.csv` stays far below every file system's limit. */
export const SAFE_NAME_MAX = 100;

const PLAIN = /^[A-Za-z0-9_-]+$/;
// Windows refuses these as file names whatever the extension (CON.csv too), in any case.
const RESERVED = /^(CON|PRN|AUX|NUL|COM[1-9]|LPT[1-9])$/i;

/**
 * A 64-bit FNV-1a hash of a string's UTF-16 code units (Fowler–Noll–Vo: offset basis
 * 14695981039346656037, prime 1099511628211; IETF draft-eastlake-fnv), as 11 base-36 digits
 * of its low 56 bits: the same in Node and in the browser, and lone surrogates hash like any
 * other code unit. Not for security: it only keeps distinct ids' file names apart.
 */
export function nameHash(s: string): string {
  const MASK = (1n << 64n) - 1n;
  let h = 14695981039346656037n;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    // Two octets per code unit, low then high, as FNV hashes bytes.
    h = ((h ^ BigInt(c & 0xff)) * 1099511628211n) & MASK;
    h = ((h ^ BigInt(c >>> 8)) * 1099511628211n) & MASK;
  }
  return (h & ((1n << 56n) - 1n)).toString(36).padStart(11, '0').slice(-11);
}

/** `stem_<hash of key>`, the stem cut so that the whole is at most SAFE_NAME_MAX characters. */
function withHash(stem: string, key: string): string {
  const h = nameHash(key);
  return `${stem.slice(0, SAFE_NAME_MAX - h.length - 1) || 'x'}_${h}`;
}

/**
 * The file name stem (no extension) for a block id or other graph text: the id itself when it
 * is 1–100 characters of [A-Za-z0-9_-] and not a Windows device name; otherwise the id with
 * leading dots dropped and every other character replaced by `_`, cut to fit, with `_<hash>` of
 * the full id appended; a device name gets `_` appended (`CON` → `CON_`).
 */
export function safeFileName(id: string): string {
  if (PLAIN.test(id) && id.length <= SAFE_NAME_MAX) return RESERVED.test(id) ? `${id}_` : id;
  // Code points, so that an emoji becomes one `_` rather than two.
  const cleaned = Array.from(id.replace(/^\.+/, ''), (ch) => (PLAIN.test(ch) ? ch : '_')).join('');
  return withHash(cleaned, id);
}

/**
 * Safe names for a set of ids (e.g. every block id of a graph), all different even on a file
 * system that ignores case (`Run.csv` and `run.csv` are one file on macOS and Windows). When two
 * ids would share a name, the id that is its own safe name keeps it (then the smaller id in
 * code-unit order) and the others get `_<hash>` suffixes; the result depends only on the set of
 * ids, not on their order. Pass the same set (all block ids of the graph) wherever the names
 * must agree.
 */
export function safeFileNames(ids: Iterable<string>): Map<string, string> {
  const given = [...new Set(ids)];
  const unique = [...given].sort((a, b) => {
    const own = Number(safeFileName(b) === b) - Number(safeFileName(a) === a);
    return own || (a < b ? -1 : a > b ? 1 : 0);
  });
  const out = new Map<string, string>();
  const taken = new Set<string>();
  for (const id of unique) {
    let name = safeFileName(id);
    for (let k = 1; taken.has(name.toLowerCase()); k++) name = withHash(safeFileName(id), `${id}\u0000${k}`);
    taken.add(name.toLowerCase());
    out.set(id, name);
  }
  // Back in the caller's order.
  return new Map(given.map((id) => [id, out.get(id)!]));
}
