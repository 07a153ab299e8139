// A tool call in a few words: "Bash: npm test", "Write to src/a.ts". Field names cover the
// agents Viban drives (Claude's file_path/command, Codex/Gemini/OpenCode's path/filePath/…).
import * as path from 'node:path';
import { truncate } from './table';

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v ? v : undefined;
}

function fields(input: unknown): Record<string, unknown> {
  return input && typeof input === 'object' ? (input as Record<string, unknown>) : {};
}

/** Shortens absolute paths inside the workspace to workspace-relative ones. */
export function displayPath(file: string, cwd: string | undefined): string {
  if (!cwd || !path.isAbsolute(file)) return file;
  const rel = path.relative(cwd, file);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : file;
}

export function toolTarget(input: unknown, cwd?: string): string | undefined {
  const i = fields(input);
  const command = str(i.command) ?? (Array.isArray(i.command) ? i.command.join(' ') : undefined);
  if (command) return truncate(command, 100);
  const file = str(i.file_path) ?? str(i.path) ?? str(i.filePath) ?? str(i.file) ?? str(i.notebook_path);
  if (file) return displayPath(file, cwd);
  const other = str(i.pattern) ?? str(i.query) ?? str(i.url) ?? str(i.description) ?? str(i.prompt);
  return other ? truncate(other, 100) : undefined;
}

/** "→ Bash: npm test" body. */
export function toolLine(name: string, input: unknown, cwd?: string): string {
  const target = toolTarget(input, cwd);
  return target ? `${name}: ${target}` : name;
}

/** "Write to src/a.ts", "Bash: npm test" — the subject of an approval question. */
export function approvalSubject(name: string, input: unknown, cwd?: string): string {
  const i = fields(input);
  const target = toolTarget(input, cwd);
  if (!target) return name;
  const isFile = !str(i.command) && (str(i.file_path) ?? str(i.path) ?? str(i.filePath) ?? str(i.file));
  return isFile && /write|create/i.test(name) ? `${name} to ${target}` : isFile ? `${name} ${target}` : `${name}: ${target}`;
}
