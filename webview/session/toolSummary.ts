// What a tool call is, in a few words, read from its (executor-specific) input: "Bash  npm test",
// "Edit  src/app.ts". Claude Code, Gemini CLI and Codex name things differently; the field names
// are read as everywhere else (src/shared/toolInput.ts).
import { commandOf, filePathOf, inputFields as fields, patchChangesOf as patchChanges, subjectOf } from '../../src/shared/toolInput';

export { commandOf, filePathOf };


/** The detail after the tool name on a compact row. */
export function toolDetail(name: string, input: unknown): string {
  const i = fields(input);
  const command = commandOf(input);
  if (command) return command;
  const file = filePathOf(input);
  if (file) return file;
  const changes = patchChanges(input);
  if (changes.length) return changes.map((c) => c.path).join(', ');
  const subject = subjectOf(input);
  if (subject) return subject;
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
