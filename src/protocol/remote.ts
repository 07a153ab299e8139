// What the board shows about remote runs (GitHub Actions): whether the folder can run there, and
// the prefix of the card line a remote run writes (so the card offers Cancel on GitHub for it).
import { z } from 'zod';

export const REMOTE_STATUS_PREFIX = 'GitHub Actions';

export const RemoteInfoSchema = z.object({
  /** owner/repo of the folder's GitHub remote; absent when there is none. */
  repo: z.string().optional(),
  /** The workflow file in the folder: missing, as this version writes it, an older unedited one, or edited by someone. */
  workflow: z.enum(['missing', 'current', 'outdated', 'edited', 'unknown']),
  /** Why remote runs are not available here, with the fix. */
  reason: z.string().optional(),
  /** Executors a runner can use. */
  executors: z.array(z.string()),
});
export type RemoteInfo = z.infer<typeof RemoteInfoSchema>;

/** A card line written by a remote run that is still going (queued or a step in progress). */
export function isLiveRemoteLine(line: string | undefined, agentStatus: string): boolean {
  return !!line?.startsWith(`${REMOTE_STATUS_PREFIX}:`) && (agentStatus === 'queued' || agentStatus === 'executing');
}
