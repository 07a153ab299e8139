// What a tool call is, in a few words, read from its (executor-specific) input: "Bash  npm test",
// "Edit  src/app.ts". Claude Code, Gemini CLI and Codex name things differently; the common
// field names are tried in turn.

type Fields = Record<string, unknown>;

const fields = (input: unknown): Fields => (input && typeof input === 'object' && !Array.isArray(input) ? (input as Fields) : {});
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

export function filePathOf(input: unknown): string | undefined {
  const i = fields(input);
  return str(i.file_path) ?? str(i.path) ?? str(i.filePath) ?? str(i.file) ?? str(i.notebook_path) ?? str(i.absolute_path);
}

export function commandOf(input: unknown): string | undefined {
  const c = fields(input).command;
  if (typeof c === 'string') return c;
  if (Array.isArray(c) && c.every((p) => typeof p === 'string')) return c.join(' ');
  return undefined;
}

/** The detail after the tool name on a compact row. */
export function toolDetail(name: string, input: unknown): string {
  const i = fields(input);
  const command = commandOf(input);
  if (command) return command;
  const file = filePathOf(input);
  if (file) return file;
  const changes = patchChanges(input);
  if (changes.length) return changes.map((c) => c.path).join(', ');
  for (const key of ['pattern', 'query', 'url', 'description', 'prompt']) {
    const v = str(i[key]);
    if (v) return v;
  }
  const first = Object.values(i).find((v) => typeof v === 'string');
  return typeof first === 'string' ? first : name === 'TodoWrite' ? 'update the plan' : '';
}

export const isShellTool = (name: string, input: unknown) => commandOf(input) !== undefined || /^(bash|shell|run_shell_command|exec)$/i.test(name);

export interface FileEdit {
  path: string;
  /** Text before and after; absent when only the kind of change is known (Codex). */
  before?: string;
  after?: string;
  /** 'add' | 'delete' | 'update' for a patch summary. */
  kind?: string;
}

function patchChanges(input: unknown): Array<{ path: string; kind?: string }> {
  const changes = fields(input).changes;
  if (!Array.isArray(changes)) return [];
  return changes.flatMap((c) => {
    const f = fields(c);
    const path = str(f.path);
    return path ? [{ path, kind: str(f.kind) }] : [];
  });
}

/** The file edits a tool call makes (Edit/MultiEdit/Write, Gemini replace/write_file, Codex apply_patch), or []. */
export function fileEdits(name: string, input: unknown): FileEdit[] {
  const i = fields(input);
  const path = filePathOf(input) ?? '(file)';
  if (typeof i.old_string === 'string' && typeof i.new_string === 'string') return [{ path, before: i.old_string, after: i.new_string }];
  if (Array.isArray(i.edits)) {
    return i.edits.flatMap((e) => {
      const f = fields(e);
      return typeof f.old_string === 'string' && typeof f.new_string === 'string' ? [{ path, before: f.old_string, after: f.new_string }] : [];
    });
  }
  if (/write|create/i.test(name) && typeof i.content === 'string') return [{ path, before: '', after: i.content }];
  return patchChanges(input);
}

export function prettyJson(value: unknown): string {
  if (value === undefined) return '';
  if (typeof value === 'string') return value;
  try {
    return JSON.stringify(value, null, 2) ?? String(value);
  } catch {
    return String(value);
  }
}
