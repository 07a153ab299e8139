// Serving over stdio: stdout carries protocol messages only (anything else there would corrupt
// the stream), diagnostics go to stderr, and the server ends when the client closes stdin.
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { createVibanMcpServer } from './vibanMcpServer';
import type { McpServerOptions } from './mcpContext';

export async function serveStdio(opts: McpServerOptions, io: { stdin: NodeJS.ReadableStream; stdout: NodeJS.WritableStream; log: (line: string) => void }): Promise<void> {
  const { server, context } = createVibanMcpServer(opts);
  const transport = new StdioServerTransport(io.stdin as never, io.stdout as never);
  const closed = new Promise<void>((resolve) => {
    transport.onclose = () => resolve();
    io.stdin.once('end', () => resolve());
    io.stdin.once('close', () => resolve());
  });
  await server.connect(transport);
  io.log(`viban mcp: serving ${opts.root}${opts.sessionId ? ` for session ${opts.sessionId}` : ''}`);
  try {
    await closed;
  } finally {
    context.dispose();
    await server.close().catch(() => undefined);
  }
}
