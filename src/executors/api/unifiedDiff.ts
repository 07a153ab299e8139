// Parsing and applying unified diffs in memory, so apply_patch can check that EVERY hunk of every
// file applies before anything touches the disk (never half-apply). Pure functions, no I/O.
// Tolerates what models commonly get wrong: missing `diff --git` lines, hunk line counts that are
// off, blank context lines without their leading space, and hunks whose line numbers drifted.

export interface HunkLine {
  op: ' ' | '-' | '+';
  text: string;
}

export interface Hunk {
  oldStart: number;
  header: string;
  lines: HunkLine[];
  /** The old/new side ends without a newline (`\ No newline at end of file`). */
  oldNoEol: boolean;
  newNoEol: boolean;
}

export interface FilePatch {
  /** undefined for a new file (`--- /dev/null`). */
  oldPath?: string;
  /** undefined for a deleted file (`+++ /dev/null`). */
  newPath?: string;
  hunks: Hunk[];
}

export class PatchError extends Error {
  override readonly name = 'PatchError';
}

const HUNK_RE = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/;

function cleanPath(raw: string): string | undefined {
  let p = raw.replace(/\t.*$/, '').trim(); // `--- a/x\t2024-01-01 …` timestamps
  if (p.startsWith('"') && p.endsWith('"')) p = p.slice(1, -1);
  if (p === '/dev/null') return undefined;
  return p.replace(/^[ab]\//, '');
}

/** Splits a unified diff into files and hunks; throws PatchError on anything it cannot read. */
export function parseUnifiedDiff(text: string): FilePatch[] {
  const lines = text.replace(/\r\n/g, '\n').split('\n');
  const files: FilePatch[] = [];
  let i = 0;
  while (i < lines.length) {
    if (!lines[i].startsWith('--- ') || !lines[i + 1]?.startsWith('+++ ')) {
      i++;
      continue;
    }
    const file: FilePatch = { oldPath: cleanPath(lines[i].slice(4)), newPath: cleanPath(lines[i + 1].slice(4)), hunks: [] };
    if (!file.oldPath && !file.newPath) throw new PatchError('A file in the patch has /dev/null on both sides.');
    i += 2;
    while (i < lines.length && HUNK_RE.test(lines[i])) {
      const m = HUNK_RE.exec(lines[i])!;
      const hunk: Hunk = { oldStart: Number(m[1]), header: lines[i], lines: [], oldNoEol: false, newNoEol: false };
      let oldLeft = m[2] === undefined ? 1 : Number(m[2]);
      let newLeft = m[4] === undefined ? 1 : Number(m[4]);
      i++;
      for (; i < lines.length; i++) {
        const l = lines[i];
        if (l.startsWith('\\')) {
          const last = hunk.lines[hunk.lines.length - 1];
          if (last?.op !== '+') hunk.oldNoEol = true;
          if (last?.op !== '-') hunk.newNoEol = true;
          continue;
        }
        if (HUNK_RE.test(l) || (l.startsWith('--- ') && lines[i + 1]?.startsWith('+++ ')) || l.startsWith('diff --git ')) break;
        // Counts are a hint: past them, keep reading lines that look like hunk lines.
        const op = l === '' ? ' ' : l[0];
        if (op !== ' ' && op !== '-' && op !== '+') break;
        if (l === '' && oldLeft <= 0 && newLeft <= 0) break;
        hunk.lines.push({ op, text: l.slice(1) });
        if (op !== '+') oldLeft--;
        if (op !== '-') newLeft--;
      }
      // A trailing blank line of the patch text is not a context line.
      while (hunk.lines.length && hunk.lines[hunk.lines.length - 1].op === ' ' && hunk.lines[hunk.lines.length - 1].text === '' && oldLeft < 0) {
        hunk.lines.pop();
        oldLeft++;
      }
      file.hunks.push(hunk);
    }
    if (!file.hunks.length) throw new PatchError(`The patch for ${file.newPath ?? file.oldPath} has no @@ hunks.`);
    files.push(file);
  }
  if (!files.length) throw new PatchError('No file changes found: expected a unified diff with `--- a/path`, `+++ b/path` and `@@ -l,n +l,n @@` lines.');
  return files;
}

/**
 * Applies one file's hunks to its old content (empty string for a new file) and returns the new
 * content. Each hunk must match exactly, at its stated line or the nearest place after the
 * previous hunk; otherwise PatchError says which hunk and why.
 */
export function applyHunks(original: string, hunks: Hunk[], name: string): string {
  const hadEol = original === '' || original.endsWith('\n');
  const src = original === '' ? [] : (hadEol ? original.slice(0, -1) : original).split('\n');
  const out: string[] = [];
  let cursor = 0; // next unconsumed line of src
  let delta = 0; // how far earlier hunks moved things, to start searching near the right place
  let newNoEol = !hadEol;
  for (const [n, hunk] of hunks.entries()) {
    const old = hunk.lines.filter((l) => l.op !== '+').map((l) => l.text);
    // `-5,3` starts at line 5 (index 4); a pure insertion `-5,0` goes after line 5 (index 5).
    const stated = old.length ? hunk.oldStart - 1 : hunk.oldStart;
    const at = findBlock(src, old, Math.max(cursor, stated + delta), cursor);
    if (at < 0) {
      throw new PatchError(
        `Hunk ${n + 1} of ${name} (${hunk.header}) does not apply: its context/removed lines were not found near line ${hunk.oldStart}. ` +
          'Read the file again and make a patch against its current content.',
      );
    }
    out.push(...src.slice(cursor, at));
    out.push(...hunk.lines.filter((l) => l.op !== '-').map((l) => l.text));
    cursor = at + old.length;
    delta = at - stated;
    if (cursor >= src.length) {
      // The hunk reached the end of the file: its markers decide the final newline; a hunk that
      // ends on an unchanged last line without markers keeps the file as it was.
      const last = hunk.lines[hunk.lines.length - 1];
      newNoEol = hunk.newNoEol || (last?.op === ' ' && !hadEol);
    }
  }
  out.push(...src.slice(cursor));
  if (!out.length) return '';
  return out.join('\n') + (newNoEol ? '' : '\n');
}

/** Index where `block` occurs in `src` at or after `min`, closest to `near`; -1 when absent. */
function findBlock(src: string[], block: string[], near: number, min: number): number {
  if (!block.length) return Math.min(Math.max(near, min), src.length);
  const matches = (at: number) => block.every((l, k) => src[at + k] === l);
  const last = src.length - block.length;
  near = Math.min(Math.max(near, min), Math.max(last, min)); // stated line past the end: search back from it
  for (let d = 0; d <= src.length; d++) {
    const down = near + d;
    const up = near - d;
    if (down >= min && down <= last && matches(down)) return down;
    if (d && up >= min && up <= last && matches(up)) return up;
    if (down > last && up < min) break;
  }
  return -1;
}
