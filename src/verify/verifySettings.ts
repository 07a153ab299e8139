// The checks run after an agent's run (`viban.verify.*`, or `verify` in .viban/settings.json).
import { z } from 'zod';

export const VerifySettingsSchema = z
  .object({
    /** Shell commands run in the run's folder, in order; default: the package.json scripts found (see detectChecks). */
    commands: z.array(z.string().min(1)).optional(),
    /** Agent attempts in all, the first run included (default 3). */
    maxAttempts: z.number().int().min(1).max(10).optional(),
    /** A check that runs longer is stopped and counts as failed (default 600). */
    timeoutSeconds: z.number().positive().max(24 * 3600).optional(),
    /** Off: runs are never checked. */
    enabled: z.boolean().optional(),
  })
  .strict();
export type VerifySettings = z.infer<typeof VerifySettingsSchema>;

export const DEFAULT_MAX_ATTEMPTS = 3;
export const DEFAULT_CHECK_TIMEOUT_SECONDS = 600;
