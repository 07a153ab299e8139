// Branch and folder names for task worktrees: `viban/<short id>-<slug of the title>`. Pure
// functions, so the naming rules are unit-tested without git.

/** Every Viban branch lives under this prefix; listWorktrees recognises Viban's by it. */
export const BRANCH_PREFIX = 'viban/';

export const MAX_SLUG_LENGTH = 40;

/**
 * Lowercase ASCII words joined by dashes, at most `max` characters, cut at a word boundary when
 * one is near. Accents are folded ("Café" -> "cafe"); anything else non-ASCII is dropped.
 * Never empty: a title with nothing usable becomes "task".
 */
export function slugify(title: string, max = MAX_SLUG_LENGTH): string {
  const ascii = title.normalize('NFKD').replace(/[\u0300-\u036f]/g, '');
  let slug = ascii
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  if (slug.length > max) {
    const cut = slug.slice(0, max);
    const lastDash = cut.lastIndexOf('-');
    // Prefer a whole word unless that throws away more than a third of the room.
    slug = (lastDash >= Math.ceil((max * 2) / 3) ? cut.slice(0, lastDash) : cut).replace(/-+$/g, '');
  }
  return slug || 'task';
}

/**
 * The task id as it appears in a branch: Viban's ids look like `t_k3j9x2m1qa`, so the kind prefix
 * is dropped and the rest kept (10 characters is short enough and stays unique). Other ids are
 * reduced to lowercase alphanumerics, at most 12.
 */
export function shortTaskId(taskId: string): string {
  const bare = taskId.replace(/^[a-z]_/i, '');
  const clean = bare.toLowerCase().replace(/[^a-z0-9]/g, '').slice(0, 12);
  return clean || 'x';
}

/** `viban/<short id>-<slug>`. */
export function taskBranchName(taskId: string, title: string): string {
  return `${BRANCH_PREFIX}${shortTaskId(taskId)}-${slugify(title)}`;
}

/** `name`, or `name-2`, `name-3`… : the first that `taken` does not contain. */
export function uniqueName(name: string, taken: (candidate: string) => boolean): string {
  if (!taken(name)) return name;
  for (let n = 2; ; n++) {
    const candidate = `${name}-${n}`;
    if (!taken(candidate)) return candidate;
  }
}

export interface ParsedTaskBranch {
  /** The short id as written in the branch; compare with shortTaskId(task.id). */
  shortId: string;
  slug: string;
}

/** Reads `viban/<short id>-<slug>` (with or without `refs/heads/`); undefined for other branches. */
export function parseTaskBranch(branch: string): ParsedTaskBranch | undefined {
  const name = branch.replace(/^refs\/heads\//, '');
  if (!name.startsWith(BRANCH_PREFIX)) return undefined;
  const m = /^([a-z0-9]+)(?:-(.*))?$/.exec(name.slice(BRANCH_PREFIX.length));
  if (!m) return undefined;
  return { shortId: m[1], slug: m[2] ?? '' };
}

/** The worktree folder name for a branch: its last path part ("viban/ab12-fix" -> "ab12-fix"). */
export function branchLeaf(branch: string): string {
  return branch.replace(/^refs\/heads\//, '').split('/').pop() || 'worktree';
}

/** True when `taskId` is the task a branch was made for. */
export function branchBelongsToTask(branch: string, taskId: string): boolean {
  return parseTaskBranch(branch)?.shortId === shortTaskId(taskId);
}
