// GitHub answered 404 for the workflow. The generic fix ("run viban remote init github") is wrong
// when the file is already here: then what is missing is a commit or a push, and saying so saves
// the user from re-running init and wondering why nothing changed.
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { readOnly, runGit } from '../git/gitRunner';
import { findGitHubRepo } from './githubRepo';
import { RemoteError } from './remoteErrors';
import { WORKFLOW_PATH } from './workflowTemplate';

/** `err` (a workflow-missing RemoteError) with the fix that fits this folder's copy of the workflow. */
export async function explainMissingWorkflow(err: RemoteError, root: string, defaultBranch: string | undefined, env?: NodeJS.ProcessEnv): Promise<RemoteError> {
  if (err.kind !== 'workflow-missing') return err;
  const repo = await findGitHubRepo(root, { env }).catch(() => undefined);
  const top = repo?.root ?? root;
  if (!existsSync(path.join(top, WORKFLOW_PATH))) return err;
  const committed = await runGit(top, ['log', '-1', '--format=%H', '--', WORKFLOW_PATH], { ...readOnly({ env }), okExitCodes: [128] })
    .then((r) => r.stdout.trim() !== '')
    .catch(() => false);
  const branch = defaultBranch ?? 'the default branch';
  const remote = repo?.remote ?? 'origin';
  const fix = committed
    ? `${WORKFLOW_PATH} is committed here but not on ${branch} on GitHub: push it (\`git push ${remote} HEAD:${branch}\`, or merge it into ${branch}), then run again.`
    : `${WORKFLOW_PATH} is written here but not committed: \`git add ${WORKFLOW_PATH} && git commit -m "Viban workflow"\`, push it to ${branch}, then run again.`;
  return new RemoteError('workflow-missing', err.message, fix);
}
