// The SDK's own client talking to the real `viban mcp` (the bundled CLI in a child process) over
// stdio, as an agent does. Tool results come back parsed; errors stay results (isError).
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { cliBundle, cliEnv } from '../cli/cliHarness';

export interface VibanMcp {
  client: Client;
  call(name: string, args?: Record<string, unknown>): Promise<{ isError: boolean; text: string; json: any }>;
  stderr(): string;
  close(): Promise<void>;
}

export async function connectVibanMcp(workspace: string, env: Record<string, string | undefined> = {}): Promise<VibanMcp> {
  const transport = new StdioClientTransport({ command: process.execPath, args: [cliBundle(), 'mcp', '-w', workspace], env: cliEnv(env), stderr: 'pipe' });
  let stderr = '';
  transport.stderr?.on('data', (d) => (stderr += d));
  const client = new Client({ name: 'viban-test', version: '1.0.0' });
  await client.connect(transport);
  return {
    client,
    async call(name, args = {}) {
      const r = (await client.callTool({ name, arguments: args })) as { isError?: boolean; content: Array<{ type: string; text?: string }> };
      const text = r.content.map((c) => c.text ?? '').join('');
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        json = undefined;
      }
      return { isError: r.isError === true, text, json };
    },
    stderr: () => stderr,
    close: () => client.close(),
  };
}
