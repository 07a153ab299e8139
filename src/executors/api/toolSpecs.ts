// The workspace tools an API agent gets, described once as JSON Schema; each provider wraps them in
// its own format (Anthropic `tools[].input_schema`, OpenAI function tools).
import type { AnswerTool } from '../types';

export type ToolName = 'list_files' | 'read_file' | 'search' | 'write_file' | 'apply_patch' | 'run_command';

export interface ToolSpec {
  name: ToolName;
  description: string;
  parameters: { type: 'object'; properties: Record<string, unknown>; required: string[] };
}

/** What a provider sends for one tool: a workspace tool, or a caller's answer tool (RunRequest.answerTools). */
export interface OfferedTool {
  name: string;
  description: string;
  parameters: { type: 'object'; [key: string]: unknown };
}

/** The workspace tools and the answer tools, as the model is offered them in one request. */
export function offeredTools(answerTools: readonly AnswerTool[] = []): OfferedTool[] {
  return [...TOOL_SPECS, ...answerTools.map((t) => ({ name: t.name, description: t.description, parameters: t.inputSchema }))];
}

/** Tools that change the workspace or run programs: these are what permission modes govern. */
export const WRITE_TOOLS: ReadonlySet<string> = new Set(['write_file', 'apply_patch']);
export const COMMAND_TOOLS: ReadonlySet<string> = new Set(['run_command']);

const pathProp = { type: 'string', description: 'Path relative to the workspace root.' };

export const TOOL_SPECS: ToolSpec[] = [
  {
    name: 'list_files',
    description:
      'List files in the workspace. Without `pattern`, lists one folder (default the root); with a glob `pattern` ' +
      '(e.g. "src/**/*.ts", "*.md") lists matching files at any depth. Skips .git and node_modules. Output is bounded.',
    parameters: {
      type: 'object',
      properties: {
        path: { ...pathProp, description: 'Folder to list, relative to the workspace root (default ".").' },
        pattern: { type: 'string', description: 'Glob: ** any depth, * within a name, {a,b} alternatives.' },
        recursive: { type: 'boolean', description: 'List the whole tree below `path` (bounded).' },
      },
      required: [],
    },
  },
  {
    name: 'read_file',
    description: 'Read a text file. Large files are cut; use start_line/end_line (1-based, inclusive) to read a range.',
    parameters: {
      type: 'object',
      properties: {
        path: pathProp,
        start_line: { type: 'integer', minimum: 1 },
        end_line: { type: 'integer', minimum: 1 },
      },
      required: ['path'],
    },
  },
  {
    name: 'search',
    description: 'Search file contents for a plain string (or a JavaScript regular expression with regex: true). Returns path:line: text, bounded.',
    parameters: {
      type: 'object',
      properties: {
        query: { type: 'string' },
        regex: { type: 'boolean', description: 'Treat query as a regular expression.' },
        case_sensitive: { type: 'boolean', description: 'Default false.' },
        path: { ...pathProp, description: 'Folder (or file) to search, default the whole workspace.' },
        glob: { type: 'string', description: 'Only files matching this glob, e.g. "*.ts".' },
        max_results: { type: 'integer', minimum: 1, maximum: 500 },
      },
      required: ['query'],
    },
  },
  {
    name: 'write_file',
    description: 'Create or overwrite a file with the given full content (parent folders are created).',
    parameters: {
      type: 'object',
      properties: { path: pathProp, content: { type: 'string' } },
      required: ['path', 'content'],
    },
  },
  {
    name: 'apply_patch',
    description:
      'Apply a unified diff (`--- a/file`, `+++ b/file`, `@@ -l,n +l,n @@` hunks; /dev/null for new or deleted files) ' +
      'to one or more files. Either every hunk applies or nothing is changed.',
    parameters: {
      type: 'object',
      properties: { patch: { type: 'string', description: 'The unified diff text.' } },
      required: ['patch'],
    },
  },
  {
    name: 'run_command',
    description:
      'Run a command in the workspace folder: a string is run with /bin/sh -c, an array is run directly as argv. ' +
      'Output (stdout and stderr) is bounded; the command is killed after the timeout.',
    parameters: {
      type: 'object',
      properties: {
        command: {
          anyOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' }, minItems: 1 }],
          description: 'Shell command string, or argv array.',
        },
        timeout_seconds: { type: 'integer', minimum: 1, maximum: 1800 },
      },
      required: ['command'],
    },
  },
];
