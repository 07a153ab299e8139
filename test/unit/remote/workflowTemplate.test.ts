// The workflow Viban asks users to commit, read back as YAML (js-yaml) and checked for what the
// issue and GitHub's security advice require; and `viban remote init github`, which never
// overwrites a workflow someone edited.
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { promises as fs, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { version } from '../../../package.json';
import { main } from '../../../src/cli/main';
import { Output } from '../../../src/cli/output';
import { taskBranchName } from '../../../src/git/naming';
import { Redactor } from '../../../src/secrets/redactor';
import { classifyWorkflow, stampedWorkflow } from '../../../src/remote/workflowFile';
import { renderWorkflow, WORKFLOW_PATH } from '../../../src/remote/workflowTemplate';
import { parseWorkflow } from '../../support/githubStandInWorkflow';
import { initRepo, makeSandbox, removeSandbox } from '../git/gitFixtures';

const text = renderWorkflow({ vibanVersion: '9.8.7', timeoutMinutes: 45 });
const doc = parseWorkflow(text);
const job = doc.jobs.run;
const steps: { name: string; uses?: string; run?: string; env?: Record<string, string>; with?: Record<string, unknown>; if?: string }[] = job.steps;

describe('the GitHub Actions workflow template', () => {
  it('is dispatched by workflow_dispatch with typed inputs, and by repository_dispatch viban-task', () => {
    const inputs = doc.on.workflow_dispatch.inputs;
    assert.deepEqual(Object.keys(inputs), ['task_id', 'title', 'prompt', 'executor', 'model', 'permission_mode', 'base_branch', 'correlation_id']);
    assert.equal(inputs.executor.type, 'choice');
    assert.deepEqual(inputs.executor.options, ['claude-code', 'codex', 'gemini', 'opencode', 'anthropic', 'openai']);
    assert.deepEqual(inputs.permission_mode.options, ['auto-edit', 'plan', 'full-auto'], 'nobody can answer "ask" on a runner');
    assert.equal(inputs.correlation_id.required, true);
    assert.deepEqual(doc.on.repository_dispatch.types, ['viban-task']);
    assert.match(doc['run-name'], /\[\$\{\{ inputs\.correlation_id \|\| github\.event\.client_payload\.correlation_id \}\}\]/);
  });

  it('runs one run per task at a time, within a job timeout, with the permissions a push and a PR need', () => {
    assert.match(doc.concurrency.group, /inputs\.task_id/);
    assert.equal(doc.concurrency['cancel-in-progress'], false);
    assert.equal(job['timeout-minutes'], 45);
    assert.deepEqual(doc.permissions, { contents: 'write', 'pull-requests': 'write' });
    assert.equal(job.env.VIBAN_VERSION, '9.8.7', 'the runner installs viban at the extension\'s own version');
  });

  it('uses no action beyond checkout, setup-node and upload-artifact', () => {
    const uses = steps.filter((s) => s.uses).map((s) => s.uses);
    assert.deepEqual(uses, ['actions/checkout@v4', 'actions/setup-node@v4', 'actions/upload-artifact@v4']);
  });

  it('uploads the hidden .viban/ session files (include-hidden-files), even when the agent failed', () => {
    const upload = steps.find((s) => s.uses?.startsWith('actions/upload-artifact'))!;
    assert.equal(upload.with?.['include-hidden-files'], true);
    assert.equal(upload.if, 'always()');
    assert.match(String(upload.with?.name), /viban-session-\$\{\{ env\.CORRELATION_ID \}\}/);
    assert.match(String(upload.with?.path), /\.viban\/sessions\/\*\.jsonl/);
  });

  it('never puts an expression inside a script: inputs reach the shell through env only', () => {
    for (const s of steps.filter((x) => x.run)) assert.doesNotMatch(s.run!, /\$\{\{/, `step "${s.name}"`);
  });

  it('gives secrets only to the agent step, and the key check only whether they are set', () => {
    const withSecrets = steps.filter((s) => Object.values(s.env ?? {}).some((v) => /secrets\./.test(String(v))));
    assert.deepEqual(withSecrets.map((s) => s.name), ["Check the model's key", 'Run the agent']);
    const check = withSecrets[0];
    assert.ok(Object.values(check.env!).every((v) => /secrets\.\w+ != ''/.test(String(v))), 'the check sees booleans, not values');
    assert.doesNotMatch(text, /echo[^\n]*(API_KEY|GH_TOKEN)\b(?! is not set)/, 'no key is echoed');
    const pr = steps.find((s) => s.name === 'Open the pull request')!;
    assert.equal(pr.env?.GH_TOKEN, '${{ github.token }}', 'the PR is opened with the job token');
  });

  it('names the branch exactly as local worktrees do (viban/<short id>-<slug>)', () => {
    const commit = steps.find((s) => s.name === 'Commit and push the branch')!;
    const script = /node -e '([^']+)'/.exec(commit.run!)![1];
    const titles = ['Add a greeting', 'Café: fix the naïve parser!', 'A very long title that goes on and on past forty characters for sure', '日本語だけ', '  --  '];
    for (const title of titles) {
      const fromWorkflow = execFileSync('node', ['-e', script, 't_k3j9x2m1qa', title], { encoding: 'utf8' }).trim();
      assert.equal(fromWorkflow, taskBranchName('t_k3j9x2m1qa', title), title);
    }
  });
});

describe('viban remote init github', () => {
  let sandbox: string;
  let repo: string;
  beforeEach(() => {
    sandbox = makeSandbox();
    repo = initRepo(path.join(sandbox, 'repo'));
  });
  afterEach(() => removeSandbox(sandbox));

  async function cli(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    let stdout = '';
    let stderr = '';
    const sink = (f: (s: string) => void) => ({ write: (s: string) => (f(s), true) });
    const redactor = new Redactor({});
    const out = new Output(sink((s) => (stdout += s)), sink((s) => (stderr += s)), redactor, {});
    const code = await main(argv, { out, redactor, stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, signals: { on: () => process, off: () => process } as never, cwd: repo, env: {} });
    return { code, stdout, stderr };
  }

  it('prints the workflow without --yes and writes nothing', async () => {
    const r = await cli('remote', 'init', 'github');
    assert.equal(r.code, 0);
    assert.equal(r.stdout.trim(), stampedWorkflow({ vibanVersion: version }).trim());
    assert.match(r.stderr, /Nothing written\. `viban remote init github --yes` writes this/);
    await assert.rejects(fs.access(path.join(repo, WORKFLOW_PATH)));
  });

  it('writes it with --yes, says what to do next, and is a no-op the second time', async () => {
    const r = await cli('remote', 'init', 'github', '--yes');
    assert.equal(r.code, 0, r.stderr);
    assert.equal(readFileSync(path.join(repo, WORKFLOW_PATH), 'utf8'), stampedWorkflow({ vibanVersion: version }));
    assert.match(r.stderr, /commit and push it .* repository secret/);
    const again = await cli('remote', 'init', 'github', '--yes');
    assert.equal(again.code, 0);
    assert.match(again.stderr, /already the workflow this version of Viban writes/);
  });

  it('never overwrites a workflow someone edited', async () => {
    await cli('remote', 'init', 'github', '--yes');
    const file = path.join(repo, WORKFLOW_PATH);
    const edited = readFileSync(file, 'utf8').replace('timeout-minutes: 60', 'timeout-minutes: 120');
    await fs.writeFile(file, edited);
    const r = await cli('remote', 'init', 'github', '--yes');
    assert.equal(r.code, 1);
    assert.match(r.stderr, /exists and was edited .* left as it is/);
    assert.equal(readFileSync(file, 'utf8'), edited);
  });

  it('replaces an older template nobody edited, and knows an unstamped file is not its own', () => {
    const older = stampedWorkflow({ vibanVersion: '0.0.1' });
    const current = stampedWorkflow({ vibanVersion: '0.0.2' });
    assert.deepEqual(classifyWorkflow(older, current), { kind: 'outdated', writtenBy: '0.0.1' });
    assert.deepEqual(classifyWorkflow(older.replace(/\n/g, '\r\n'), current), { kind: 'outdated', writtenBy: '0.0.1' }, 'a checkout with CRLF endings is still unedited');
    assert.deepEqual(classifyWorkflow('name: mine\non: push\n', current), { kind: 'edited' });
    assert.deepEqual(classifyWorkflow(null, current), { kind: 'missing' });
  });

  it('unknown providers and actions are usage errors', async () => {
    assert.equal((await cli('remote', 'init', 'gitlab')).code, 2);
    assert.equal((await cli('remote', 'frobnicate')).code, 2);
  });
});
