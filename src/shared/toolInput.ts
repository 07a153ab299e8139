// Reading a tool call's input, whose field names differ by agent (Claude Code's file_path and
// command, Gemini's absolute_path, Codex/OpenCode's path/filePath, argv-style command arrays…).
// One list of names for the card status, the session log and the `viban` command alike.
type Fields = Record<string, unknown>;

/** The input as an object of fields ({} for anything else). */
export const inputFields = (input: unknown): Fields => (input && typeof input === 'object' && !Array.isArray(input) ? (input as Fields) : {});

/** A non-empty string, or undefined. */
const text = (v: unknown): string | undefined => (typeof v === 'string' && v ? v : undefined);

/** The field names agents use for the file a tool reads or writes, most common first. */
export const FILE_FIELDS = ['file_path', 'path', 'filePath', 'file', 'notebook_path', 'absolute_path'] as const;

/** Other fields that say what a tool works on (a search pattern, a URL…), tried in turn. */
export const SUBJECT_FIELDS = ['pattern', 'query', 'url', 'description', 'prompt'] as const;

export function filePathOf(input: unknown): string | undefined {
  const i = inputFields(input);
  for (const name of FILE_FIELDS) {
    const v = text(i[name]);
    if (v) return v;
  }
  return undefined;
}

/** A shell command: a string, or an argv array joined by spaces. */
export function commandOf(input: unknown): string | undefined {
  const c = inputFields(input).command;
  if (typeof c === 'string') return c || undefined;
  if (Array.isArray(c) && c.every((p) => typeof p === 'string')) return c.join(' ') || undefined;
  return undefined;
}

/** The first of SUBJECT_FIELDS with text. */
export function subjectOf(input: unknown): string | undefined {
  const i = inputFields(input);
  for (const name of SUBJECT_FIELDS) {
    const v = text(i[name]);
    if (v) return v;
  }
  return undefined;
}

/** Files named by a Codex-style `changes: [{ path, kind }]` patch. */
export function patchChangesOf(input: unknown): Array<{ path: string; kind?: string }> {
  const changes = inputFields(input).changes;
  if (!Array.isArray(changes)) return [];
  return changes.flatMap((c) => {
    const f = inputFields(c);
    const path = text(f.path);
    return path ? [{ path, kind: typeof f.kind === 'string' ? f.kind : undefined }] : [];
  });
}
