// The session artifact a run uploads (.viban/sessions/<id>.json + .jsonl and .viban/remote/
// result.json) is unzipped (fflate: small, no native code) and written into the local store as
// the task's session, so its log replays on the card exactly like a local run's. Everything is
// validated first: a malformed archive changes nothing.
import { unzipSync } from 'fflate';
import { z } from 'zod';
import { SessionMetaSchema, TERMINAL_STATUSES, type SessionMeta } from '../protocol/sessions';
import type { Redactor } from '../secrets/redactor';
import { parseLogLine } from '../store/sessions/logLine';
import { writeImportedSession } from '../store/sessions/importedSession';

/** An artifact is a few session files; anything near this is not ours. */
const MAX_UNZIPPED_BYTES = 256 * 1024 * 1024;

export const RunResultSchema = z.object({
  schemaVersion: z.literal(1),
  correlationId: z.string(),
  taskId: z.string(),
  runnerTaskId: z.string().optional(),
  sessionId: z.string().optional(),
  executor: z.string().optional(),
  agentOutcome: z.string().optional(),
  branch: z.string().optional(),
  prUrl: z.string().optional(),
  runId: z.number().optional(),
});
export type RunResult = z.infer<typeof RunResultSchema>;

export interface ArtifactContents {
  result?: RunResult;
  session?: { meta: SessionMeta; log: string };
}

/** Reads the zip: upload-artifact stores paths relative to the common folder (`sessions/…`, `remote/…`). */
export function readArtifact(zip: Uint8Array, correlationId: string): ArtifactContents {
  let total = 0;
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(zip, {
      filter: (f) => {
        total += f.originalSize;
        if (total > MAX_UNZIPPED_BYTES) throw new Error('the archive unpacks to more than 256 MB');
        return /(^|\/)(sessions\/[A-Za-z0-9_-]+\.jsonl?|remote\/result\.json)$/.test(f.name);
      },
    });
  } catch (err) {
    throw new Error(`The session artifact is not a readable zip: ${(err as Error).message}.`);
  }
  const byName = new Map(Object.entries(files).map(([name, data]) => [name.replace(/^\.?viban\//, '').replace(/^\.viban\//, ''), Buffer.from(data).toString('utf8')]));
  const out: ArtifactContents = {};
  const resultText = byName.get('remote/result.json');
  if (resultText !== undefined) {
    const parsed = RunResultSchema.safeParse(safeJson(resultText));
    if (!parsed.success) throw new Error('The artifact\'s result.json is not valid.');
    if (parsed.data.correlationId !== correlationId) throw new Error(`The artifact belongs to run ${parsed.data.correlationId}, not ${correlationId}.`);
    out.result = parsed.data;
  }
  const sessionId = out.result?.sessionId ?? [...byName.keys()].find((n) => /^sessions\/.+\.json$/.test(n))?.slice('sessions/'.length, -'.json'.length);
  if (sessionId) {
    const metaText = byName.get(`sessions/${sessionId}.json`);
    if (metaText !== undefined) {
      const meta = SessionMetaSchema.safeParse(safeJson(metaText));
      if (!meta.success) throw new Error(`The artifact's session ${sessionId}.json is not a valid session.`);
      out.session = { meta: meta.data, log: byName.get(`sessions/${sessionId}.jsonl`) ?? '' };
    }
  }
  return out;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * Writes the runner's session into `.viban/sessions/` as a finished session of `taskId`: the
 * runner's task id and folder are replaced by this board's, and a session the runner left
 * "running" (the job was cut off) is recorded as interrupted. The log is kept line for line
 * (unreadable lines stay, as `raw` entries do in local logs) and passes the redactor.
 */
export async function replaySession(root: string, taskId: string, cwd: string, session: NonNullable<ArtifactContents['session']>, redactor: Redactor): Promise<SessionMeta> {
  const lines = session.log.split('\n').filter((l) => l.trim());
  const log = lines.map((line, i) => JSON.stringify(parseLogLine(redactor.redact(line), i))).join('\n');
  const terminal = TERMINAL_STATUSES.includes(session.meta.status);
  const meta: SessionMeta = SessionMetaSchema.parse({
    ...session.meta,
    taskId,
    cwd,
    ownerPid: undefined,
    pid: undefined,
    status: terminal ? session.meta.status : 'interrupted',
    error: terminal ? session.meta.error : session.meta.error ?? 'The workflow run ended before the agent finished.',
    entryCount: lines.length,
  });
  await writeImportedSession(root, JSON.parse(redactor.redact(JSON.stringify(meta))) as SessionMeta, log);
  return meta;
}
