// Reads what the briefing is computed from, straight from the store: board.json, the sessions'
// metadata, the stage runs and memory. Read-only (a corrupt session file is moved aside by the
// session store, as on any read); a board that cannot be read leaves cards unnamed, not the
// briefing empty: the runs still say what happened.
import { BoardSchema, type Board } from '../../protocol/model';
import { RunStore } from '../../store/automation/runStore';
import { MemoryRepository } from '../../memory/memoryRepository';
import { Redactor } from '../../secrets/redactor';
import { readJsonFile } from '../../store/jsonFile';
import { storeLayout } from '../../store/layout';
import { SessionStore } from '../../store/sessions/sessionStore';
import { computeBriefing, type Briefing } from './briefing';
import { LastSeenStore } from '../../store/lastSeenStore';

/** The first briefing on a machine covers this much (there is no "last seen" yet). */
export const FIRST_BRIEF_WINDOW_MS = 24 * 60 * 60 * 1000;

export interface BriefOptions {
  /** Start of the window; default: when this user was last seen here (or the last 24 hours). */
  since?: Date;
  now?: Date;
  redactor?: Redactor;
  /** Who is looking (default user@host); tests use their own. */
  viewer?: string;
}

export async function briefFor(root: string, opts: BriefOptions = {}): Promise<Briefing> {
  const now = opts.now ?? new Date();
  const since = opts.since ?? (await new LastSeenStore(root, opts.viewer).get()) ?? new Date(now.getTime() - FIRST_BRIEF_WINDOW_MS);
  const [board, sessions, stageRuns, memory] = await Promise.all([
    readBoard(root),
    new SessionStore(root, opts.redactor ?? new Redactor()).list(),
    new RunStore(root).list().catch(() => []),
    new MemoryRepository(root).list().catch(() => []),
  ]);
  return computeBriefing({ since, until: now, board, sessions, stageRuns, memory });
}

async function readBoard(root: string): Promise<Board | undefined> {
  const read = await readJsonFile(storeLayout(root).board, BoardSchema).catch(() => undefined);
  return read?.kind === 'ok' ? read.value : undefined;
}
