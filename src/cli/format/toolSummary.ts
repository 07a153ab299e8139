// A tool call in a few words: "Bash: npm test", "Write to src/a.ts". Field names cover the
// agents Viban drives (Claude's file_path/command, Codex/Gemini/OpenCode's path/filePath/…).
import * as path from 'node:path';
import { truncate } from './table';
import { commandOf, filePathOf, subjectOf } from '../../shared/toolInput';

/** Shortens absolute paths inside the workspace to workspace-relative ones. */
export function displayPath(file: string, cwd: string | undefined): string {
  if (!cwd || !path.isAbsolute(file)) return file;
  const rel = path.relative(cwd, file);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : file;
}

export function toolTarget(input: unknown, cwd?: string): string | undefined {
  const command = commandOf(input);
  if (command) return truncate(command, 100);
  const file = filePathOf(input);
  if (file) return displayPath(file, cwd);
  const other = subjectOf(input);
  return other ? truncate(other, 100) : undefined;
}

/** "→ Bash: npm test" body. */
export function toolLine(name: string, input: unknown, cwd?: string): string {
  const target = toolTarget(input, cwd);
  return target ? `${name}: ${target}` : name;
}

/** "Write to src/a.ts", "Bash: npm test" — the subject of an approval question. */
export function approvalSubject(name: string, input: unknown, cwd?: string): string {
  const target = toolTarget(input, cwd);
  if (!target) return name;
  const isFile = !commandOf(input) && filePathOf(input);
  return isFile && /write|create/i.test(name) ? `${name} to ${target}` : isFile ? `${name} ${target}` : `${name}: ${target}`;
}
