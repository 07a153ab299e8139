// The git core of the review loop (DESIGN §2 `git/`): worktrees per task, live diffs, commit,
// merge or pull request, and patches from API agents. Plain Node; the UI and CLI import from here.
export * from './gitRunner';
export * from './naming';
export * from './repoInfo';
export * from './worktrees';
export * from './mergeState';
export * from './changedFiles';
export * from './commit';
export * from './merge';
export * from './pullRequest';
export * from './patches';
