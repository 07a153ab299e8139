// A finished session that ran somewhere else (a GitHub Actions runner) written into this store as
// one of ours: the metadata and the log go through the same layout and atomic writes as a local
// session, so the card replays it like any other run.
import { promises as fs } from 'node:fs';
import type { SessionMeta } from '../../protocol/sessions';
import { writeFileAtomic, writeJsonAtomic } from '../atomicWrite';
import { storeLayout } from '../layout';

/** Writes `log` (normalized JSON lines, no trailing newline) and then `meta`; the id is checked by the layout. */
export async function writeImportedSession(root: string, meta: SessionMeta, log: string): Promise<void> {
  const store = storeLayout(root);
  const logFile = store.sessionLog(meta.id);
  await fs.mkdir(store.sessionsDir, { recursive: true });
  await writeFileAtomic(logFile, log ? `${log}\n` : '');
  await writeJsonAtomic(store.sessionMeta(meta.id), meta);
}
