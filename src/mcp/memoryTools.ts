// Memory for agents: list_memory reads what the project remembers; propose_memory records what
// an agent learned. A proposal is never taken as certain: it starts below a person's statement,
// a repeat raises it, and a different statement about the same key lowers the old one.
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { MemoryCategorySchema, MEMORY_KEY_MAX, MEMORY_VALUE_MAX } from '../protocol/memory';
import { PROPOSED_CONFIDENCE } from '../memory/memoryRepository';
import type { McpContext } from './mcpContext';
import { registerTool } from './registerTool';
import { guarded, jsonResult } from './toolResult';

export function registerMemoryTools(server: McpServer, ctx: McpContext): void {
  registerTool(
    server,
    'list_memory',
    {
      title: 'List memory',
      description: 'What this project remembers: decisions, preferences, open questions, context and experiments, surest first. Follow decisions and preferences unless told otherwise.',
      inputSchema: {
        category: MemoryCategorySchema.optional(),
        text: z.string().min(1).max(200).optional().describe('Only items whose key or value contains this text'),
        minConfidence: z.number().min(0).max(1).optional(),
      },
      annotations: { readOnlyHint: true },
    },
    (args) => guarded(async () => jsonResult({ items: await ctx.memory.list(args) })),
  );

  registerTool(
    server,
    'propose_memory',
    {
      title: 'Propose a memory item',
      description: `Records something the project should remember across conversations and runs (e.g. a decision the user made, a convention you found). Proposed items start at confidence ${PROPOSED_CONFIDENCE}; the same statement again raises it, and a different value for the same category and key lowers the older item's confidence.`,
      inputSchema: {
        category: MemoryCategorySchema,
        value: z.string().min(1).max(MEMORY_VALUE_MAX).describe('The statement, in one or two plain sentences'),
        key: z.string().min(1).max(MEMORY_KEY_MAX).optional().describe('What it is about, as a short slug ("social-login"); default: from the first words'),
        confidence: z.number().min(0).max(1).optional(),
        due: z.string().min(1).max(40).optional().describe('For an open question: when to revisit it (YYYY-MM-DD)'),
      },
    },
    (args) =>
      guarded(async () => {
        const proposed = await ctx.memory.propose({ ...args, sourceConversation: ctx.sessionId });
        return jsonResult({ ...proposed });
      }),
  );
}
