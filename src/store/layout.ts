// Every path under a workspace's `.viban/` store, named in one place (issue #10). A feature that
// needs a new kind of file adds its name here and gets a repository in src/store/; nothing else
// joins `.viban` paths, so a reader finds the whole on-disk shape of the store on one screen.
//
// Pure: only `node:path`. Ids that become file names are checked here (one rule for every kind),
// so a hostile id ("../board", "a/b") can never name a file outside its folder.
import * as path from 'node:path';

/** The store's folder name inside a workspace. */
export const STORE_DIR = '.viban';

/** Ids used as file names: letters, digits, `_` and `-`, 1–100 characters. */
const SAFE_ID = /^[A-Za-z0-9_-]{1,100}$/;

/** Returns `id` when it is safe as a file name; throws a clear error naming `what` otherwise. */
export function safeFileId(id: string, what = 'id'): string {
  if (!SAFE_ID.test(id)) throw new Error(`"${id}" is not a valid ${what}.`);
  return id;
}

/** `true` when `id` can name a file in the store (see safeFileId). */
export function isSafeFileId(id: string): boolean {
  return SAFE_ID.test(id);
}

/**
 * `text` made safe as part of a file name (anything but letters, digits, `_`, `-` becomes `_`):
 * for names that only need to be readable and unique, such as a kept patch, where a hand-edited
 * task id must not stop the patch from being kept.
 */
export function fileNamePart(text: string): string {
  return text.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 100) || '_';
}

/** The paths of one workspace's store. Every member is absolute. */
export interface StoreLayout {
  /** `<root>` — the workspace folder. */
  readonly root: string;
  /** `<root>/.viban` */
  readonly dir: string;
  /** `.viban/.gitignore` — written once, never replaced. */
  readonly gitignore: string;

  // ── board (committed) ──
  /** `.viban/board.json` */
  readonly board: string;
  /** `.viban/board.lock` */
  readonly boardLock: string;

  // ── settings (headless CLI; the editor uses VS Code settings) ──
  /** `.viban/settings.json` */
  readonly settings: string;

  // ── sessions and their logs ──
  /** `.viban/sessions/` */
  readonly sessionsDir: string;
  /** `.viban/sessions/sessions.lock` */
  readonly sessionsLock: string;
  /** `.viban/sessions/<id>.json` — a session's metadata. */
  sessionMeta(id: string): string;
  /** `.viban/sessions/<id>.jsonl` — a session's normalized log (append-only). */
  sessionLog(id: string): string;
  /** `.viban/sessions/<id>.stop` — another process asks the session's owner to stop it. */
  stopRequest(id: string): string;

  // ── conversations ──
  /** `.viban/messages/` */
  readonly conversationsDir: string;
  /** `.viban/messages/<taskId>.jsonl` */
  conversation(taskId: string): string;
  /** `.viban/messages/<taskId>.lock` */
  conversationLock(taskId: string): string;

  // ── queue ──
  /** `.viban/queue.json` */
  readonly queue: string;
  /** `.viban/queue.lock` */
  readonly queueLock: string;

  // ── patches that did not apply ──
  /** `.viban/patches/` */
  readonly patchesDir: string;
  /** `.viban/patches/<taskId>-<stamp>.patch` */
  patch(taskId: string, stamp: string): string;

  // ── wave 2 kinds (named early so parallel features agree on where they live) ──
  /** `.viban/workers/` — workers that outlive the window. */
  readonly workersDir: string;
  /** `.viban/workers/<id>.json` */
  worker(id: string): string;
  /** `.viban/workers/workers.lock` */
  readonly workersLock: string;
  /** `.viban/runs/` — remote/automated runs. */
  readonly runsDir: string;
  /** `.viban/runs/<id>.json` */
  run(id: string): string;
  /** `.viban/recipes.json` — stage automation recipes. */
  readonly recipes: string;
  /** `.viban/skills.json` — the skills index. */
  readonly skills: string;
  /** `.viban/skills/` — skill files. */
  readonly skillsDir: string;
  /** `.viban/memory.json` — the board assistant's memory. */
  readonly memory: string;
  /** `.viban/memory.lock` */
  readonly memoryLock: string;
  /** `.viban/events.jsonl` — the board's event stream (append-only). */
  readonly events: string;
  /** `.viban/events.lock` */
  readonly eventsLock: string;
  /** `.viban/seen.json` — when each user on each machine last looked (the briefing's "since"); local. */
  readonly lastSeen: string;
  /** `.viban/seen.lock` */
  readonly lastSeenLock: string;
  /** `.viban/automation.lock` — the skill catalog's read-modify-write. */
  readonly automationLock: string;
  /** `.viban/remote/` — remote (GitHub Actions) runs. */
  readonly remoteDir: string;
  /** `.viban/remote/runs.json` — the remote runs this folder dispatched. */
  readonly remoteRuns: string;
  /** `.viban/graph/` — logs of `viban run-all --detach`. */
  readonly graphLogsDir: string;
  /** `.viban/graph/run-<stamp>.log` */
  graphLog(stamp: string): string;

  // ── Assist (the board assistant's conversations, with what it knew) ──
  /** `.viban/assist/` */
  readonly assistDir: string;
  /** `.viban/assist/<conversationId>.json` */
  assistConversation(id: string): string;
  /** `.viban/assist/assist.lock` */
  readonly assistLock: string;
}

/** The layout of the store of the workspace at `root`. */
export function storeLayout(root: string): StoreLayout {
  const dir = path.join(root, STORE_DIR);
  const sessionsDir = path.join(dir, 'sessions');
  const conversationsDir = path.join(dir, 'messages');
  const patchesDir = path.join(dir, 'patches');
  const workersDir = path.join(dir, 'workers');
  const runsDir = path.join(dir, 'runs');
  const remoteDir = path.join(dir, 'remote');
  const graphLogsDir = path.join(dir, 'graph');
  return {
    root,
    dir,
    gitignore: path.join(dir, '.gitignore'),
    board: path.join(dir, 'board.json'),
    boardLock: path.join(dir, 'board.lock'),
    settings: path.join(dir, 'settings.json'),
    sessionsDir,
    sessionsLock: path.join(sessionsDir, 'sessions.lock'),
    sessionMeta: (id) => path.join(sessionsDir, `${safeFileId(id, 'session id')}.json`),
    sessionLog: (id) => path.join(sessionsDir, `${safeFileId(id, 'session id')}.jsonl`),
    stopRequest: (id) => path.join(sessionsDir, `${safeFileId(id, 'session id')}.stop`),
    conversationsDir,
    conversation: (taskId) => path.join(conversationsDir, `${safeFileId(taskId, 'task id')}.jsonl`),
    conversationLock: (taskId) => path.join(conversationsDir, `${safeFileId(taskId, 'task id')}.lock`),
    queue: path.join(dir, 'queue.json'),
    queueLock: path.join(dir, 'queue.lock'),
    patchesDir,
    patch: (taskId, stamp) => path.join(patchesDir, `${fileNamePart(taskId)}-${fileNamePart(stamp)}.patch`),
    workersDir,
    worker: (id) => path.join(workersDir, `${safeFileId(id, 'worker id')}.json`),
    workersLock: path.join(workersDir, 'workers.lock'),
    runsDir,
    run: (id) => path.join(runsDir, `${safeFileId(id, 'run id')}.json`),
    recipes: path.join(dir, 'recipes.json'),
    skills: path.join(dir, 'skills.json'),
    skillsDir: path.join(dir, 'skills'),
    memory: path.join(dir, 'memory.json'),
    memoryLock: path.join(dir, 'memory.lock'),
    events: path.join(dir, 'events.jsonl'),
    eventsLock: path.join(dir, 'events.lock'),
    lastSeen: path.join(dir, 'seen.json'),
    lastSeenLock: path.join(dir, 'seen.lock'),
    automationLock: path.join(dir, 'automation.lock'),
    remoteDir,
    remoteRuns: path.join(remoteDir, 'runs.json'),
    graphLogsDir,
    graphLog: (stamp) => path.join(graphLogsDir, `run-${fileNamePart(stamp)}.log`),
    assistDir: path.join(dir, 'assist'),
    assistConversation: (id) => path.join(dir, 'assist', `${safeFileId(id, 'conversation id')}.json`),
    assistLock: path.join(dir, 'assist', 'assist.lock'),
  };
}

/** Paths relative to the workspace, for messages and git exclusions (`.viban/`). */
export const STORE_RELATIVE = {
  /** Prefix of every store path, as git prints it. */
  prefix: `${STORE_DIR}/`,
  /** Session files a remote runner uploads, as globs relative to the workspace. */
  sessionFilesGlobs: [`${STORE_DIR}/sessions/*.json`, `${STORE_DIR}/sessions/*.jsonl`],
  /** What a remote runner's finishing step writes: its outcome. */
  remoteResult: `${STORE_DIR}/remote/result.json`,
  /** The runner's sessions folder. */
  sessionsDir: `${STORE_DIR}/sessions`,
  remoteDir: `${STORE_DIR}/remote`,
} as const;
