// The workflow's job, run on this machine step by step as a runner would (test/support/
// githubStandInWorkflow.ts): a clone of a local bare repository as `origin`, GITHUB_* set as
// Actions sets them, the real `viban` bundle and the real `claude` CLI pointed at the scripted
// model server. Dispatched through Octokit to the REST stand-in, followed by the board's loop:
// the job commits and pushes the branch, opens the pull request with the job token and uploads
// the artifact, which the board then replays on the card.
import { strict as assert } from 'node:assert';
import { unzipSync } from 'fflate';
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { version } from '../../../package.json';
import { RemoteFollower } from '../../../src/remote/remoteFollower';
import { stampedWorkflow } from '../../../src/remote/workflowFile';
import { WORKFLOW_PATH } from '../../../src/remote/workflowTemplate';
import { assertAgentClisInstalled, agentBin } from '../../support/agentClis';
import type { StandInRun } from '../../support/githubStandIn';
import { parseWorkflow, runJob, type StepResult } from '../../support/githubStandInWorkflow';
import { startScriptedAnthropicServer, text, toolUse, type ScriptedAnthropicServer } from '../../support/scriptedAnthropicServer';
import { cliBundle } from '../cli/cliHarness';
import { git } from '../git/gitFixtures';
import { remoteWorld, waitForRun, type RemoteWorld } from './remoteWorld';

const API_KEY = 'sk-ant-api03-remote-test-key-0123456789abcdef';
const JOB_TOKEN = 'ghs_job_token_for_this_run_only';

describe('the workflow job, run locally step by step', function () {
  this.timeout(180_000);
  let world: RemoteWorld;
  let model: ScriptedAnthropicServer;
  let follower: RemoteFollower;
  let jobs: Promise<{ results: StepResult[]; summary: string }>[];
  let artifacts: { name: string; files: string[]; zip: Uint8Array }[];

  beforeEach(async () => {
    assertAgentClisInstalled(['claude']);
    world = await remoteWorld({ standIn: { tokens: { ghp_standin_token_full: 'repo, workflow', [JOB_TOKEN]: 'repo' } } });
    model = await startScriptedAnthropicServer();
    jobs = [];
    artifacts = [];
    // The user committed the workflow (viban remote init github --yes) and pushed it.
    const workflow = stampedWorkflow({ vibanVersion: version });
    mkdirSync(path.join(world.work, '.github', 'workflows'), { recursive: true });
    writeFileSync(path.join(world.work, WORKFLOW_PATH), workflow);
    git(world.work, 'add', WORKFLOW_PATH);
    git(world.work, 'commit', '-q', '-m', 'Viban workflow');
    git(world.work, 'push', '-q', 'origin', 'main');
    world.standIn.steps = parseWorkflow(workflow).jobs.run.steps.map((s: { name: string }) => s.name);

    // The runner machine: `viban` at this version and `claude` already on PATH (a self-hosted
    // runner), so the install step keeps them; its own HOME for claude's settings.
    const bin = path.join(world.sandbox, 'runner-bin');
    const home = path.join(world.sandbox, 'runner-home');
    mkdirSync(bin, { recursive: true });
    mkdirSync(home, { recursive: true });
    writeFileSync(path.join(bin, 'viban'), `#!/bin/sh\nexec "${process.execPath}" "${cliBundle()}" "$@"\n`, { mode: 0o755 });
    symlinkSync(agentBin('claude'), path.join(bin, 'claude'));
    const committed = git(world.bare, 'show', `main:${WORKFLOW_PATH}`);
    let runs = 0;

    world.standIn.onDispatch = (run: StandInRun) => {
      const workspace = path.join(world.sandbox, `runner-${++runs}`, 'widgets');
      const secrets: Record<string, string> = (run.inputs.title ?? '').includes('no key') ? {} : { ANTHROPIC_API_KEY: API_KEY };
      jobs.push(
        runJob({
          workflowText: committed,
          workspace,
          originUrl: world.bare,
          ctx: {
            inputs: run.inputs,
            secrets,
            vars: { ANTHROPIC_BASE_URL: model.url },
            github: { token: JOB_TOKEN, event: { repository: { default_branch: 'main' } } },
          },
          baseEnv: { PATH: `${bin}:${process.env.PATH}`, HOME: home, LANG: 'C.UTF-8' },
          githubEnv: {
            GITHUB_API_URL: world.standIn.origin,
            GITHUB_SERVER_URL: `${world.standIn.origin}/html`,
            GITHUB_REPOSITORY: 'acme/widgets',
            GITHUB_RUN_ID: String(run.id),
            GITHUB_RUN_NUMBER: String(runs),
            GITHUB_EVENT_NAME: 'workflow_dispatch',
          },
          onStepStart: (i) => world.standIn.stepStarted(run, i),
          onStepEnd: (i, r) => {
            world.standIn.appendLog(run, `##[group]${r.name}\n${r.output}\n##[endgroup]`);
            world.standIn.stepFinished(run, i, r.outcome);
          },
          onArtifact: (name, zip, files) => {
            artifacts.push({ name, zip, files });
            world.standIn.addArtifact(run, name, zip);
          },
        }).then((job) => {
          world.standIn.complete(run, job.results.some((r) => r.outcome === 'failure') ? 'failure' : 'success');
          return job;
        }),
      );
    };
    follower = new RemoteFollower({ intervalMs: 100, maxRequestsPerSecond: 50 });
    follower.add(world.runner);
  });

  afterEach(async () => {
    follower.dispose();
    await follower.idle();
    await Promise.allSettled(jobs);
    await model.close();
    await world.dispose();
  });

  it('runs the agent, commits and pushes the branch, opens the PR with the job token, uploads the session; the board replays it', async () => {
    model.push({ blocks: [text('Writing the greeting.'), toolUse('Write', { file_path: 'greeting.txt', content: 'hello from the runner\n' })] }, { blocks: [text('Done: greeting.txt says hello.')] });
    const record = await world.runner.dispatch({ taskId: world.taskId, executorId: 'claude-code', permissionMode: 'auto-edit' });
    const settled = await waitForRun(world, record.id, (r) => !!r.settledAt, 'the remote run to settle', 150_000);
    const job = await jobs[0];
    const failed = job.results.filter((r) => r.outcome !== 'success');
    assert.deepEqual(failed.map((r) => `${r.name}: ${r.output.slice(-600)}`), [], 'every step succeeded');

    // The job's work, on "GitHub": the branch with the agent's file, by the Actions bot, no store.
    const branch = `viban/${world.taskId.slice(2)}-add-a-greeting`;
    assert.equal(git(world.bare, 'show', `${branch}:greeting.txt`), 'hello from the runner\n');
    assert.equal(git(world.bare, 'log', '-1', '--format=%an|%s', branch).trim(), 'github-actions[bot]|Add a greeting');
    assert.equal(git(world.bare, 'ls-tree', '-r', '--name-only', branch).split('\n').filter((f) => f.startsWith('.viban')).length, 0, 'the session store is not committed');
    assert.equal(world.standIn.pulls.length, 1);
    assert.deepEqual([world.standIn.pulls[0].head, world.standIn.pulls[0].base, world.standIn.pulls[0].title], [branch, 'main', 'Add a greeting']);
    assert.match(job.summary, /## Viban: Add a greeting/);
    assert.match(job.summary, /\| Pull request \| http:\/\/127\.0\.0\.1:\d+\/html\/acme\/widgets\/pull\/1 \|/);

    // The artifact: the hidden session files and result.json.
    assert.equal(artifacts.length, 1);
    assert.equal(artifacts[0].name, `viban-session-${record.id}`);
    assert.ok(artifacts[0].files.some((f) => /^sessions\/s_\w+\.jsonl$/.test(f)), artifacts[0].files.join(', '));
    assert.ok(artifacts[0].files.includes('remote/result.json'));

    // The board: replayed like a local run.
    assert.equal(settled.outcome, 'succeeded', settled.error);
    assert.equal(settled.branch, branch);
    assert.equal(settled.prUrl, world.standIn.pulls[0].html_url);
    const task = world.board.current.board.tasks[0];
    assert.equal(task.prUrl, settled.prUrl);
    assert.equal(task.columnId, 'in-review');
    assert.equal(task.agentStatus, 'done');
    assert.equal(readFileSync(path.join(task.worktree!.path, 'greeting.txt'), 'utf8'), 'hello from the runner\n');
    const log = readFileSync(path.join(world.work, '.viban', 'sessions', `${settled.sessionId}.jsonl`), 'utf8');
    const entries = log.trim().split('\n').map((l) => JSON.parse(l));
    assert.ok(entries.some((e) => e.kind === 'tool_use' && e.name === 'Write'), 'the tool call is in the replayed log');
    assert.ok(entries.some((e) => e.kind === 'assistant' && /greeting\.txt says hello/.test(e.text)));
    const meta = JSON.parse(readFileSync(path.join(world.work, '.viban', 'sessions', `${settled.sessionId}.json`), 'utf8'));
    assert.equal(meta.taskId, world.taskId);
    assert.equal(meta.status, 'succeeded');

    // The key never leaves the secret: not in the job's output, the artifact, the branch or the store.
    const everything = [job.results.map((r) => r.output).join('\n'), ...artifacts.map((a) => Object.values(unzipSync(a.zip)).map((d) => Buffer.from(d).toString()).join('\n')), git(world.bare, 'log', '-p', branch), log, JSON.stringify(meta)].join('\n');
    assert.ok(!everything.includes(API_KEY));
    assert.ok(!everything.includes(JOB_TOKEN));
  });

  it('without the key secret, stops at the key check and the board says which secret to add', async () => {
    const taskId = await world.board.createTask({ title: 'Task with no key', description: 'anything' });
    const record = await world.runner.dispatch({ taskId, executorId: 'claude-code', permissionMode: 'auto-edit' });
    const settled = await waitForRun(world, record.id, (r) => !!r.settledAt, 'the remote run to settle', 60_000);
    const job = await jobs[0];
    assert.deepEqual(
      job.results.map((r) => r.outcome),
      ['success', 'success', 'failure', 'skipped', 'skipped', 'skipped', 'skipped', 'skipped', 'skipped', 'success', 'success'],
    );
    assert.equal(settled.outcome, 'failed');
    assert.equal(settled.step?.name, "Check the model's key");
    assert.match(settled.error ?? '', /the repository secret ANTHROPIC_API_KEY is not set/);
    assert.equal(model.mainRequests().length, 0, 'no agent ran');
    assert.equal(world.standIn.pulls.length, 0);
  });
});
