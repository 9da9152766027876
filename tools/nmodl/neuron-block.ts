/**
 * The NEURON block of a .mod file, read just far enough to know which mechanisms the file
 * declares (SUFFIX / POINT_PROCESS / ARTIFICIAL_CELL) and to rename one of them in a copy.
 * Comments (`: …` to end of line, COMMENT … ENDCOMMENT) are skipped so that a name in a
 * comment is neither reported nor renamed.
 */

/** What a .mod file declares: kind and name, and where the name sits (for the rename). */
export interface DeclaredMechanism {
  /** `density` (SUFFIX), `point` (POINT_PROCESS) or `artificial` (ARTIFICIAL_CELL). */
  kind: 'density' | 'point' | 'artificial';
  /** The mechanism's name as NEURON registers it (`nothing` means functions only). */
  name: string;
  /** Whether the name is implicit (no SUFFIX line: NEURON uses the file's base name). */
  implicit: boolean;
  /** 0-based line index and column of the name in the file, or -1 when implicit. */
  line: number;
  column: number;
}

const KEYWORD_KIND = {
  SUFFIX: 'density',
  POINT_PROCESS: 'point',
  ARTIFICIAL_CELL: 'artificial',
} as const;

/** Line ranges [start, end] (0-based, inclusive) of the NEURON block, comments blanked. */
function neuronBlockLines(lines: string[]): { start: number; end: number; code: string[] } | null {
  const code: string[] = [];
  let inComment = false;
  for (const raw of lines) {
    if (inComment) {
      code.push('');
      if (/^\s*ENDCOMMENT\b/.test(raw)) inComment = false;
      continue;
    }
    if (/^\s*COMMENT\b/.test(raw)) {
      inComment = true;
      code.push('');
      continue;
    }
    const colon = raw.indexOf(':');
    // Blank the comment but keep columns so that positions stay those of the file.
    code.push(colon >= 0 ? raw.slice(0, colon) + ' '.repeat(raw.length - colon) : raw);
  }
  for (let i = 0; i < code.length; i++) {
    const m = /^\s*NEURON\s*\{/.exec(code[i]!);
    if (!m) continue;
    let depth = 0;
    for (let j = i; j < code.length; j++) {
      const text = j === i ? code[j]!.slice(m[0].length - 1) : code[j]!;
      for (const ch of text) {
        if (ch === '{') depth++;
        else if (ch === '}') depth--;
      }
      if (depth <= 0) return { start: i, end: j, code };
    }
    return { start: i, end: code.length - 1, code };
  }
  return null;
}

/** The mechanism a .mod file declares (NEURON's rule: no SUFFIX line → the file's base name). */
export function declaredMechanism(text: string, baseName: string): DeclaredMechanism {
  const lines = text.split('\n');
  const block = neuronBlockLines(lines);
  if (block) {
    for (let i = block.start; i <= block.end; i++) {
      const re = /\b(SUFFIX|POINT_PROCESS|ARTIFICIAL_CELL)\s+([A-Za-z_][A-Za-z0-9_]*)/g;
      const m = re.exec(block.code[i]!);
      if (m) {
        const keyword = m[1] as keyof typeof KEYWORD_KIND;
        return {
          kind: KEYWORD_KIND[keyword],
          name: m[2]!,
          implicit: false,
          line: i,
          column: m.index + m[0].length - m[2]!.length,
        };
      }
    }
  }
  return { kind: 'density', name: baseName, implicit: true, line: -1, column: -1 };
}

/**
 * A copy of the file's text with the declared mechanism renamed to `newName`, changing only the
 * name token on its SUFFIX / POINT_PROCESS / ARTIFICIAL_CELL line (RANGE variables keep their
 * names; NEURON appends the new suffix to them itself). An implicit name cannot be renamed here.
 */
export function renameMechanism(text: string, baseName: string, newName: string): string {
  const decl = declaredMechanism(text, baseName);
  if (decl.implicit) throw new Error(`${baseName}.mod has no SUFFIX line to rename`);
  const lines = text.split('\n');
  const line = lines[decl.line]!;
  lines[decl.line] = line.slice(0, decl.column) + newName + line.slice(decl.column + decl.name.length);
  return lines.join('\n');
}
