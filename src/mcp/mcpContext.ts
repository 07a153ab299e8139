// What every tool of `viban mcp` works on: the workspace's own stores under .viban/, nothing else.
// A board store per server (fresh, validated reads on every call, writes under the board lock),
// the session store for outcomes, the memory repository, and who is calling (an agent's session).
import type { Board } from '../protocol/model';
import type { SessionMeta } from '../protocol/sessions';
import * as rules from '../board/boardRules';
import { BoardStore } from '../store/boardStore';
import { SessionStore } from '../store/sessions/sessionStore';
import { MemoryRepository } from '../memory/memoryRepository';
import { deriveReplyFromStream } from '../conversation/replyFromLog';
import type { Redactor } from '../secrets/redactor';
import type { LastOutcome } from './taskViews';

export interface McpServerOptions {
  /** The workspace folder whose .viban/ the server exposes. */
  root: string;
  redactor: Redactor;
  /** The agent session whose run started this server (VIBAN_SESSION_ID), if any. */
  sessionId?: string;
  /** Executor ids runs may name, and the one used when a run names none. */
  executors: { known(): Promise<string[]>; defaultId(): Promise<string> };
  now?: () => Date;
}

/** Longest final answer returned in full by get_session (a model's context is precious too). */
export const ANSWER_MAX_CHARS = 20_000;
const OUTCOME_ANSWER_CHARS = 600;

export class McpContext {
  readonly board: BoardStore;
  readonly sessions: SessionStore;
  readonly memory: MemoryRepository;
  readonly now: () => Date;

  constructor(readonly opts: McpServerOptions) {
    this.now = opts.now ?? (() => new Date());
    // 'throw': a board.json that cannot be used is reported as a tool error, never shown as empty.
    this.board = new BoardStore({ root: opts.root, redactor: opts.redactor, brokenBoard: 'throw', now: this.now });
    this.sessions = new SessionStore(opts.root, opts.redactor);
    this.memory = new MemoryRepository(opts.root, { redactor: opts.redactor, now: this.now });
  }

  get root(): string {
    return this.opts.root;
  }

  get sessionId(): string | undefined {
    return this.opts.sessionId;
  }

  async readBoard(): Promise<Board> {
    return (await this.board.load()).board;
  }

  /** One locked read-modify-write of the board; a rule violation throws and nothing is written. */
  updateBoard(mutate: (board: Board, now: string) => Board): Promise<Board> {
    return this.board.update((b) => mutate(b, this.now().toISOString()));
  }

  requireTask(board: Board, taskId: string) {
    return rules.requireTask(board, taskId);
  }

  async session(sessionId: string): Promise<SessionMeta | undefined> {
    // Ids name files: anything but a plain id is refused before it reaches a path.
    if (!/^[A-Za-z0-9_-]{1,100}$/.test(sessionId)) return undefined;
    return this.sessions.get(sessionId);
  }

  async finalAnswer(meta: SessionMeta): Promise<string> {
    const reply = await deriveReplyFromStream(this.sessions.readLog(meta.id), meta);
    return this.opts.redactor.redact(reply.content);
  }

  async lastOutcome(sessionId: string | undefined): Promise<LastOutcome | undefined> {
    if (!sessionId) return undefined;
    const meta = await this.session(sessionId);
    if (!meta) return undefined;
    const answer = await this.finalAnswer(meta).catch(() => '');
    return {
      sessionId: meta.id,
      status: meta.status,
      executor: meta.executorId,
      ...(meta.endedAt && { endedAt: meta.endedAt }),
      ...(meta.error && { error: meta.error }),
      ...(meta.costUsd !== undefined && { costUsd: meta.costUsd }),
      ...(answer && { answer: shorten(answer, OUTCOME_ANSWER_CHARS) }),
    };
  }

  dispose(): void {
    this.board.dispose();
  }
}

export function shorten(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
