// What a tool hands back: JSON text for the model to read (and structured content for clients
// that use it), or a tool error with a sentence the agent can act on. Errors are results, not
// protocol failures, so the model sees them and can correct itself (MCP spec: `isError`).
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';

export function jsonResult(value: Record<string, unknown>): CallToolResult {
  return { content: [{ type: 'text', text: JSON.stringify(value, null, 2) }], structuredContent: value };
}

export function toolError(message: string): CallToolResult {
  return { content: [{ type: 'text', text: message }], isError: true };
}

/** Any failure inside a tool becomes a tool error with its message; the server never goes down for one. */
export async function guarded(run: () => Promise<CallToolResult>): Promise<CallToolResult> {
  try {
    return await run();
  } catch (err) {
    return toolError(err instanceof Error ? err.message : String(err));
  }
}
