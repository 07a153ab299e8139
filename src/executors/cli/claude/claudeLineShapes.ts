// Reading the shapes of Claude Code's stream-json lines: the field checks that tell a line the
// CLI wrote from one it did not (kept raw then), and its `system` lines as log entries.
import type { LogEntry } from '../../../protocol/logEntries';

type Json = Record<string, any>;

export function num(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

/** Whether `value` is a string, or one of the `absent` values (undefined: the key is missing). */
export function stringOr(value: unknown, ...absent: unknown[]): boolean {
  return typeof value === 'string' || absent.includes(value);
}

export function numberOr(value: unknown, ...absent: unknown[]): boolean {
  return typeof value === 'number' || absent.includes(value);
}

/** A block of a `user` line as the CLI writes it: text, or a tool result for a tool-use id. */
export function knownUserBlock(c: unknown): boolean {
  if (!c || typeof c !== 'object') return false;
  const b = c as Json;
  if (b.type === 'text') return typeof b.text === 'string';
  if (b.type !== 'tool_result') return false;
  if (typeof b.tool_use_id !== 'string' || !b.tool_use_id || !(b.is_error === undefined || typeof b.is_error === 'boolean')) return false;
  // Its content: a string, or blocks whose text is a string (images and others are shown by type).
  const content = b.content;
  if (content === undefined || content === null || typeof content === 'string') return true;
  return Array.isArray(content) && content.every((x: unknown) => !!x && typeof x === 'object' && ((x as Json).type !== 'text' || typeof (x as Json).text === 'string'));
}

export function toolOutput(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return content == null ? '' : JSON.stringify(content);
  return content
    .map((c: Json) => (c?.type === 'text' ? String(c.text) : c?.type === 'image' ? '[image]' : JSON.stringify(c)))
    .join('\n');
}

export interface SystemLineContext {
  agentLabel: string;
  uid(): string;
  sys(id: string, text: string, data?: Json): LogEntry;
}

/** A `system` line's entries; undefined when a field has another type than the CLI writes (the line stays raw). */
export function systemEntries(m: Json, ctx: SystemLineContext): LogEntry[] | undefined {
  // Ticks that log nothing whatever else they hold (the fast path skips them unread as well):
  // a running estimate while the model thinks (the thinking block follows), and "requesting",
  // once per API call, which says nothing the stream does not.
  if (m.subtype === 'thinking_tokens' || (m.subtype === 'status' && m.status === 'requesting')) return [];
  // An id made of an object would be "[object Object]" for every such line: one entry to a view.
  if (typeof m.subtype !== 'string' || !stringOr(m.uuid, undefined)) return undefined;
  const id = `system:${m.uuid ?? `${m.subtype}:${ctx.uid()}`}`;
  switch (m.subtype) {
    case 'init':
      if (!stringOr(m.model, undefined) || !stringOr(m.cwd, undefined)) return undefined;
      return [
        ctx.sys(id, `${ctx.agentLabel} ${m.model ?? ''} in ${m.cwd ?? ''}`.replace(/\s+/g, ' ').trim(), {
          subtype: 'init',
          model: m.model,
          cwd: m.cwd,
          permissionMode: m.permissionMode,
          tools: m.tools,
          mcpServers: m.mcp_servers,
          apiKeySource: m.apiKeySource,
          version: m.claude_code_version,
          sessionId: m.session_id,
        }),
      ];
    case 'api_retry':
      if (!numberOr(m.attempt, undefined) || !numberOr(m.max_retries, undefined)) return undefined;
      return [ctx.sys(id, `Retrying the API request${m.attempt ? ` (attempt ${m.attempt}${m.max_retries ? ` of ${m.max_retries}` : ''})` : ''}${m.error ? `: ${typeof m.error === 'string' ? m.error : JSON.stringify(m.error)}` : ''}`, m)];
    case 'compact_boundary':
      return [ctx.sys(id, 'The conversation was compacted.', m)];
    case 'permission_denied':
      if (!stringOr(m.message, undefined) || !stringOr(m.tool_name, undefined)) return undefined;
      return [ctx.sys(id, String(m.message ?? `Permission denied for ${m.tool_name}`), m)];
    case 'status':
      // Any status but "requesting" (compacting, …) is kept, flagged by subtype so the UI can hide it.
      if (!stringOr(m.status, undefined, null)) return undefined;
      return [ctx.sys(id, String(m.status ?? 'status'), { subtype: 'status', status: m.status })];
    default:
      // Other bookkeeping: kept, flagged by subtype.
      if (!stringOr(m.status, undefined, null) || !stringOr(m.message, undefined, null)) return undefined;
      return [ctx.sys(id, String(m.status ?? m.message ?? m.subtype), m)];
  }
}
