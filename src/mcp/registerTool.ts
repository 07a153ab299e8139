// One narrow way to register a tool. The SDK's registerTool infers the handler's argument type
// through its zod-v3/v4 compatibility types, which made `tsc` take minutes and gigabytes on this
// codebase; inferring from our own zod shape here is instant, and the SDK still validates inputs
// with the same schema at run time.
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { CallToolResult, ToolAnnotations } from '@modelcontextprotocol/sdk/types.js';
import type { z } from 'zod';

export interface ToolConfig<S extends z.ZodRawShape> {
  title: string;
  description: string;
  inputSchema: S;
  annotations?: ToolAnnotations;
}

type Args<S extends z.ZodRawShape> = z.infer<z.ZodObject<S>>;

export function registerTool<S extends z.ZodRawShape>(server: McpServer, name: string, config: ToolConfig<S>, handler: (args: Args<S>) => Promise<CallToolResult>): void {
  const register = server.registerTool.bind(server) as unknown as (n: string, c: ToolConfig<S>, h: (args: Args<S>) => Promise<CallToolResult>) => void;
  register(name, config, handler);
}
