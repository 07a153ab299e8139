// `viban remote init github [--yes]` and `viban remote status [<taskId>] [--json]`.
import { version } from '../../../package.json';
import { readOnly, runGit } from '../../git/gitRunner';
import { RemoteError } from '../../remote/remoteErrors';
import { RemoteFollower } from '../../remote/remoteFollower';
import type { RemoteRun } from '../../store/remote/remoteRunStore';
import { cardLine } from '../../remote/runProgress';
import { planWorkflow, writeWorkflow } from '../../remote/workflowFile';
import { WORKFLOW_PATH } from '../../remote/workflowTemplate';
import type { CommandSpec } from '../commandSpec';
import type { CliContext } from '../context';
import { CliError, EXIT_OK, UsageError } from '../errors';
import { table, truncate } from '../format/table';
import { cliRemoteRunner } from '../remote/cliRemote';
import { shortTime } from './sessions';

export const remoteCommand: CommandSpec = {
  name: 'remote',
  summary: 'Remote runs on GitHub Actions: write the workflow (init github), list runs (status)',
  usage: ['remote init github [--yes]', 'remote status [taskId] [--json]'],
  options: { yes: { type: 'boolean', short: 'y' }, json: { type: 'boolean' } },
  optionHelp: {
    yes: `init: write ${WORKFLOW_PATH} (without it, the workflow is only printed); a workflow you edited is never overwritten`,
    json: 'status: print the runs as a JSON array',
  },
  examples: ['viban remote init github', 'viban remote init github --yes && git add .github && git commit -m "Viban workflow"', 'viban remote status', 'viban remote status t_k3j9x2m1qa --json'],
  positionals: { min: 1, max: 2, names: ['action', 'target'] },
  async run(ctx, args) {
    const [action, target] = args.positionals;
    if (action === 'init') return init(ctx, target, !!args.values.yes);
    if (action === 'status') return status(ctx, target, !!args.values.json);
    throw new UsageError(`unknown action "${action}"; use init or status`, 'remote');
  },
};

async function init(ctx: CliContext, provider: string | undefined, yes: boolean): Promise<number> {
  if (provider !== 'github') throw new UsageError(provider ? `"${provider}" is not supported; only github` : 'say which: `viban remote init github`', 'remote');
  const root = await repoRoot(ctx.workspace);
  const plan = await planWorkflow(root, { vibanVersion: version });
  const { out } = ctx;
  if (plan.state.kind === 'edited') {
    throw new CliError(`${plan.file} exists and was edited (or not written by Viban): it is left as it is`, 1, [
      'Compare it with the workflow this version writes (`viban remote init github` without --yes prints it when no edited file is in the way: move yours aside to see it), and merge by hand.',
    ]);
  }
  if (plan.state.kind === 'current') {
    out.info(`${plan.file} is already the workflow this version of Viban writes.`);
    return EXIT_OK;
  }
  if (!yes) {
    out.line(plan.text.trimEnd());
    out.info(`Nothing written. \`viban remote init github --yes\` writes this to ${plan.file}${plan.state.kind === 'outdated' ? ` (replacing the one Viban ${plan.state.writtenBy} wrote, which nobody edited)` : ''}.`);
    return EXIT_OK;
  }
  await writeWorkflow(plan);
  out.line(`Wrote ${plan.file}.`);
  out.info('Next: commit and push it to the default branch, and add the model key as a repository secret (e.g. ANTHROPIC_API_KEY) under Settings > Secrets and variables > Actions. Then: viban run <taskId> --remote github');
  return EXIT_OK;
}

async function repoRoot(dir: string): Promise<string> {
  try {
    return (await runGit(dir, ['rev-parse', '--show-toplevel'], readOnly())).stdout.trim();
  } catch {
    throw new CliError(`${dir} is not a git repository: the workflow belongs in a GitHub repository's .github/workflows/`, 1, ['Run `git init` and add the GitHub repository as `origin`, then run this again.']);
  }
}

async function status(ctx: CliContext, taskId: string | undefined, json: boolean): Promise<number> {
  const runner = await cliRemoteRunner(ctx);
  // Runs still moving are looked up once (one listing, their steps) before they are shown.
  if ((await runner.store.unsettled()).length) {
    const follower = new RemoteFollower({ intervalMs: 60_000, onProblem: (m) => ctx.out.info(`viban: warning: showing the last known state: ${m}`) });
    await follower.pollOnce(runner).catch((err: unknown) => ctx.out.info(`viban: warning: ${err instanceof RemoteError ? err.full : (err as Error).message}`));
  }
  const runs = (await runner.store.list(taskId ? { taskId } : undefined)).sort((a, b) => a.dispatchedAt.localeCompare(b.dispatchedAt));
  if (json) {
    ctx.out.line(JSON.stringify(runs, null, 2));
    return EXIT_OK;
  }
  if (!runs.length) {
    ctx.out.info(taskId ? `No remote runs for task ${taskId}.` : 'No remote runs yet. Start one with `viban run <taskId> --remote github`.');
    return EXIT_OK;
  }
  table(['RUN', 'TASK', 'STATE', 'DISPATCHED', 'RUN URL', 'PULL REQUEST'], runs.map((r) => row(r))).forEach((l) => ctx.out.line(l));
  return EXIT_OK;
}

function row(r: RemoteRun): string[] {
  return [r.id, r.taskId, truncate(cardLine(r).replace(/^GitHub Actions:? ?/, ''), 60), shortTime(r.dispatchedAt), r.runUrl ?? '-', r.prUrl ?? '-'];
}
