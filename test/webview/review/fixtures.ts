// Review fixtures: a task that an agent worked on (in a worktree or in the workspace), the host's
// `review` pushes for it, and a helper that opens its detail.
import type { ToWebview } from '../../../src/protocol/messages';
import type { Task } from '../../../src/protocol/model';
import type { ChangedFile, ReviewState } from '../../../src/protocol/review';
import { $, $$, boardState, card, click, mountApp, snapshot, task, type Mounted } from '../harness';
import { executorsMessage } from '../session/fixtures';

export const worktree = { path: '/work/app.worktrees/t1-write-parser', branch: 'viban/t1-write-parser', base: 'main' };

export const files: ChangedFile[] = [
  { path: 'src/app.ts', status: 'modified', insertions: 12, deletions: 3, binary: false },
  { path: 'src/parser.ts', status: 'added', insertions: 30, deletions: 0, binary: false },
  { path: 'docs/old.md', status: 'deleted', insertions: 0, deletions: 4, binary: false },
];

export function review(over: Partial<ReviewState> = {}): ReviewState {
  const list = over.files ?? files;
  return {
    taskId: 't1',
    mode: 'worktree',
    git: { isRepo: true, branches: ['main', 'develop'], current: 'main' },
    worktree,
    files: list,
    summary: {
      files: list.length,
      insertions: list.reduce((n, f) => n + f.insertions, 0),
      deletions: list.reduce((n, f) => n + f.deletions, 0),
    },
    proposedMessage: 'Write parser\n\nParses the config file.',
    sessionId: 's1',
    gh: { installed: true, loggedIn: true },
    ...over,
  };
}

export const reviewMessage = (r: ReviewState = review()): ToWebview => ({ type: 'review', review: r });

/** Task t1 after an agent ran on it: in its worktree unless `over` says otherwise. */
export function workedTask(over: Partial<Task> = {}): Task {
  return task({ id: 't1', columnId: 'todo', title: 'Write parser', lastSessionId: 's1', worktree, ...over });
}

export interface ReviewOptions {
  task?: Task;
  others?: Task[];
  trusted?: boolean;
  readOnly?: boolean;
  /** The first `review` push (null: none yet). */
  first?: ReviewState | null;
}

/** Mount the app, open t1's detail and answer its watchReview with `first`. */
export async function openReview(options: ReviewOptions = {}): Promise<Mounted> {
  const tasks = [options.task ?? workedTask(), ...(options.others ?? [task({ id: 't2', columnId: 'todo', title: 'Other' })])];
  const m = await mountApp(snapshot({ trusted: options.trusted ?? true, state: boardState(tasks, { readOnly: options.readOnly ?? false }) }));
  await m.send(executorsMessage());
  await click(card(m.root, 't1'));
  const first = options.first === undefined ? review() : options.first;
  if (first) await m.send(reviewMessage(first));
  return m;
}

export const changes = (root: ParentNode) => $(root, 'section.review');
export const fileRows = (root: ParentNode) => $$(root, 'ul[aria-label="Changed files"] > li button');
export const messageBox = (root: ParentNode) => $(root, 'vscode-text-area.review-message') as HTMLElement & { value: string };
export const commentsBox = (root: ParentNode) => $(root, 'vscode-text-area.review-comments') as HTMLElement & { value: string };
