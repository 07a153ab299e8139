// The permission modes of the CLI agents, applied to the API agents' own tools: reading is always
// allowed; what changes the workspace or runs programs asks, runs, or is refused per mode.
import type { PermissionMode } from '../types';
import { COMMAND_TOOLS, WRITE_TOOLS } from './toolSpecs';

export type ToolPermission = { action: 'allow' } | { action: 'ask' } | { action: 'refuse'; reason: string };

export function toolPermission(mode: PermissionMode, toolName: string): ToolPermission {
  const writes = WRITE_TOOLS.has(toolName);
  const runs = COMMAND_TOOLS.has(toolName);
  if (!writes && !runs) return { action: 'allow' };
  switch (mode) {
    case 'full-auto':
      return { action: 'allow' };
    case 'auto-edit':
      return writes ? { action: 'allow' } : { action: 'ask' };
    case 'plan':
      return {
        action: 'refuse',
        reason: `plan mode: ${toolName} is not allowed — this run may only read the workspace. Describe the change you propose instead of making it.`,
      };
    case 'ask':
    default:
      return { action: 'ask' };
  }
}
