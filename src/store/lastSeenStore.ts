// When this user on this machine last looked at the board: the briefing's default "since"
// (issue #14, "since the user was last seen"). Kept in .viban/seen.json, machine-local (never
// committed), one entry per user@host so two people sharing a folder each get their own briefing.
// Writes are read-modify-write under .viban/seen.lock with an atomic write, validated with zod.
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import { z } from 'zod';
import { formatJson, writeFileAtomic } from './atomicWrite';
import { withFileLock } from './fileLock';
import { readJsonFile } from './jsonFile';
import { storeLayout } from './layout';

export const LAST_SEEN_SCHEMA_VERSION = 1;

const isoTime = z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'must be an ISO time');

export const LastSeenFileSchema = z.object({
  schemaVersion: z.literal(LAST_SEEN_SCHEMA_VERSION),
  /** "user@host" → ISO time they were last seen. */
  seen: z.record(z.string().min(1), isoTime),
});
export type LastSeenFile = z.infer<typeof LastSeenFileSchema>;

/** Who is looking: the OS user on this machine. */
export function viewerKey(): string {
  let user = 'user';
  try {
    user = os.userInfo().username || user;
  } catch {
    // No passwd entry (a container's odd uid): one viewer per machine is still right.
  }
  return `${user}@${os.hostname()}`;
}

export class LastSeenStore {
  private readonly file: string;
  private readonly lock: string;
  private readonly dir: string;

  constructor(root: string, private readonly viewer = viewerKey()) {
    const layout = storeLayout(root);
    this.file = layout.lastSeen;
    this.lock = layout.lastSeenLock;
    this.dir = layout.dir;
  }

  /** When this viewer was last seen; undefined the first time (or when the file is unusable). */
  async get(): Promise<Date | undefined> {
    const read = await readJsonFile(this.file, LastSeenFileSchema);
    const at = read.kind === 'ok' ? read.value.seen[this.viewer] : undefined;
    return at ? new Date(at) : undefined;
  }

  /** Records `at` as this viewer's last look; never moves it backwards (two windows, one clock). */
  async mark(at: Date): Promise<void> {
    await fs.mkdir(this.dir, { recursive: true });
    await withFileLock(this.lock, async () => {
      const read = await readJsonFile(this.file, LastSeenFileSchema);
      // A corrupt file only held timestamps: starting over loses nothing worth a quarantine.
      const file: LastSeenFile = read.kind === 'ok' ? read.value : { schemaVersion: LAST_SEEN_SCHEMA_VERSION, seen: {} };
      const prev = file.seen[this.viewer];
      if (prev && Date.parse(prev) >= at.getTime()) return;
      file.seen[this.viewer] = at.toISOString();
      await writeFileAtomic(this.file, formatJson(LastSeenFileSchema.parse(file)));
    });
  }
}
