// Approvals across processes. A run in a background worker asks its question where the person
// is: in a window, or another `viban`. Like stop requests (stopRequests.ts), they cross through
// files in the session store's folder:
//   .viban/sessions/<sessionId>.approvals            the worker's open questions (it rewrites or deletes it)
//   .viban/sessions/<sessionId>.<requestKey>.answer  a decision from anywhere (the worker consumes it)
// Neither ends in ".json", so the session store never mistakes them for sessions. Both sides
// notice changes with fs.watch on the folder, backed by a slow poll while anything is open.
import { createHash } from 'node:crypto';
import { promises as fs, watch, type FSWatcher } from 'node:fs';
import * as path from 'node:path';
import { z } from 'zod';
import type { ApprovalDecision } from '../../executors/types';
import { PendingApprovalSchema, type PendingApproval } from '../../protocol/sessions';
import { isAlive } from '../../process/liveness';
import { storeLayout } from '../layout';
import { writeJsonAtomic } from '../atomicWrite';
import { readJsonFile } from '../jsonFile';

const ID = /^[A-Za-z0-9_-]{1,100}$/;
const PENDING_SUFFIX = '.approvals';
const ANSWER_SUFFIX = '.answer';

const PendingFileSchema = z.object({
  sessionId: z.string().regex(ID),
  /** The process holding the questions: a file left by a dead one is ignored (and cleaned up). */
  ownerPid: z.number().int(),
  pending: z.array(PendingApprovalSchema),
});

const DecisionSchema = z.union([
  z.object({ behavior: z.literal('allow'), always: z.boolean().optional(), updatedInput: z.unknown().optional() }),
  z.object({ behavior: z.literal('deny'), message: z.string().optional() }),
]);

const AnswerFileSchema = z.object({ sessionId: z.string().regex(ID), requestId: z.string().min(1), decision: DecisionSchema, from: z.number().int() });

const sessionsDir = (root: string) => storeLayout(root).sessionsDir;
const requestKey = (requestId: string) => createHash('sha256').update(requestId).digest('hex').slice(0, 16);

function checkId(sessionId: string): string {
  if (!ID.test(sessionId)) throw new Error(`"${sessionId}" is not a valid session id.`);
  return sessionId;
}

/** Writes a decision for a question a run in another process asked. */
export async function sendApprovalAnswer(root: string, sessionId: string, requestId: string, decision: ApprovalDecision): Promise<void> {
  const file = path.join(sessionsDir(root), `${checkId(sessionId)}.${requestKey(requestId)}${ANSWER_SUFFIX}`);
  await fs.mkdir(path.dirname(file), { recursive: true });
  await writeJsonAtomic(file, AnswerFileSchema.parse({ sessionId, requestId, decision, from: process.pid }));
}

/** Every open question of runs in other live processes. */
export async function readPendingElsewhere(root: string): Promise<PendingApproval[]> {
  const dir = sessionsDir(root);
  const names = await fs.readdir(dir).catch(() => [] as string[]);
  const out: PendingApproval[] = [];
  for (const name of names.filter((n) => n.endsWith(PENDING_SUFFIX))) {
    const read = await readJsonFile(path.join(dir, name), PendingFileSchema).catch(() => undefined);
    if (read?.kind !== 'ok' || read.value.ownerPid === process.pid) continue;
    if (!isAlive(read.value.ownerPid)) {
      await fs.unlink(path.join(dir, name)).catch(() => undefined);
      continue;
    }
    out.push(...read.value.pending);
  }
  return out;
}

/** Calls `onSignal` (debounced) when a file with one of `suffixes` changes in the sessions folder. */
function watchSuffixes(root: string, suffixes: string[], onSignal: () => void, pollMs: number): () => void {
  const dir = sessionsDir(root);
  let watcher: FSWatcher | undefined;
  let debounce: NodeJS.Timeout | undefined;
  const signal = () => {
    if (debounce) return;
    debounce = setTimeout(() => {
      debounce = undefined;
      onSignal();
    }, 20);
  };
  const attach = () => {
    if (watcher) return;
    try {
      watcher = watch(dir, (_e, name) => {
        if (name === null || suffixes.some((s) => name.toString().endsWith(s))) signal();
      });
      watcher.on('error', () => {
        watcher?.close();
        watcher = undefined;
      });
    } catch {
      watcher = undefined; // the folder does not exist yet: the poll attaches later
    }
  };
  attach();
  const poll = setInterval(() => {
    attach();
    signal();
  }, pollMs);
  poll.unref?.();
  return () => {
    clearInterval(poll);
    if (debounce) clearTimeout(debounce);
    watcher?.close();
  };
}

export interface AnswerSink {
  answer(sessionId: string, requestId: string, decision: ApprovalDecision): void;
}

/**
 * The worker's side: publishes its open questions and takes decisions written by others.
 * `publish` is given the full list each time it changes (SessionManager's approvals event).
 */
export class SharedApprovals {
  private readonly published = new Set<string>();
  private stopWatching: (() => void) | undefined;
  private chain: Promise<void> = Promise.resolve();

  constructor(
    private readonly root: string,
    private readonly sink: AnswerSink,
    private readonly pollMs = 1_000,
  ) {}

  publish(pending: PendingApproval[]): Promise<void> {
    this.chain = this.chain.then(() => this.write(pending)).catch(() => undefined);
    // Only watch for answers while a question is open: an idle worker does no I/O for this.
    if (pending.length && !this.stopWatching) this.stopWatching = watchSuffixes(this.root, [ANSWER_SUFFIX], () => void this.consume(), this.pollMs);
    if (!pending.length && this.stopWatching) {
      this.stopWatching();
      this.stopWatching = undefined;
    }
    return this.chain;
  }

  private async write(pending: PendingApproval[]): Promise<void> {
    const bySession = new Map<string, PendingApproval[]>();
    for (const p of pending) bySession.set(p.sessionId, [...(bySession.get(p.sessionId) ?? []), p]);
    for (const [sessionId, list] of bySession) {
      const file = path.join(sessionsDir(this.root), `${checkId(sessionId)}${PENDING_SUFFIX}`);
      await writeJsonAtomic(file, PendingFileSchema.parse({ sessionId, ownerPid: process.pid, pending: JSON.parse(JSON.stringify(list)) }));
      this.published.add(sessionId);
    }
    for (const sessionId of [...this.published]) {
      if (bySession.has(sessionId)) continue;
      await fs.unlink(path.join(sessionsDir(this.root), `${sessionId}${PENDING_SUFFIX}`)).catch(() => undefined);
      this.published.delete(sessionId);
    }
  }

  private async consume(): Promise<void> {
    const dir = sessionsDir(this.root);
    const names = await fs.readdir(dir).catch(() => [] as string[]);
    for (const name of names.filter((n) => n.endsWith(ANSWER_SUFFIX))) {
      const sessionId = name.split('.')[0];
      if (!this.published.has(sessionId)) continue; // another worker's question
      const file = path.join(dir, name);
      const read = await readJsonFile(file, AnswerFileSchema).catch(() => undefined);
      // Consumed once: whoever deletes it acts on it.
      if (!(await fs.unlink(file).then(() => true, () => false))) continue;
      if (read?.kind !== 'ok') continue;
      try {
        this.sink.answer(read.value.sessionId, read.value.requestId, read.value.decision as ApprovalDecision);
      } catch {
        // Already answered (here, or the run ended): nothing to do.
      }
    }
  }

  async dispose(): Promise<void> {
    this.stopWatching?.();
    this.stopWatching = undefined;
    await this.chain;
    for (const sessionId of this.published) await fs.unlink(path.join(sessionsDir(this.root), `${sessionId}${PENDING_SUFFIX}`)).catch(() => undefined);
    this.published.clear();
  }
}

/** A viewer's side (a window in background mode): the questions other processes' runs ask, kept current. */
export function watchPendingElsewhere(root: string, onChange: (pending: PendingApproval[]) => void, pollMs = 2_000): () => void {
  let last = '[]';
  let busy = false;
  const look = async () => {
    if (busy) return;
    busy = true;
    try {
      const pending = await readPendingElsewhere(root);
      const text = JSON.stringify(pending);
      if (text !== last) {
        last = text;
        onChange(pending);
      }
    } finally {
      busy = false;
    }
  };
  void look();
  return watchSuffixes(root, [PENDING_SUFFIX], () => void look(), pollMs);
}
