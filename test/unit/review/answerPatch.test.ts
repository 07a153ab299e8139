// A patch in an API agent's answer, end to end: the real OpenAI SDK executor against the scripted
// server answers with a ```diff block; the session layer applies it in the task's folder, or
// keeps it under .viban/patches/ and marks the task "needs review" when it does not apply.
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ExecutorRegistry } from '../../../src/executors/registry';
import { extractPatch } from '../../../src/review/answerPatch';
import { FolderRuntime } from '../../../src/app/folderRuntime';
import { Redactor } from '../../../src/secrets/redactor';
import { openaiHarness, type ScriptedModel } from '../executors/api/apiHarness';

const PATCH = ['--- a/app.txt', '+++ b/app.txt', '@@ -1 +1 @@', '-version 1', '+version 2', ''].join('\n');

describe('patches in API agents\' answers', function () {
  this.timeout(60_000);
  let repo: string;
  let model: ScriptedModel;
  let runtime: FolderRuntime;

  async function runWithAnswer(answer: string) {
    repo = realpathSync(mkdtempSync(join(tmpdir(), 'viban-answer-patch-')));
    execFileSync('git', ['init', '-q', '-b', 'main', repo]);
    writeFileSync(join(repo, 'app.txt'), 'version 1\n');
    execFileSync('git', ['-c', 'user.name=T', '-c', 'user.email=t@x.invalid', 'commit', '-q', '--allow-empty', '-m', 'init'], { cwd: repo });
    execFileSync('git', ['add', 'app.txt'], { cwd: repo });
    execFileSync('git', ['-c', 'user.name=T', '-c', 'user.email=t@x.invalid', 'commit', '-q', '-m', 'app'], { cwd: repo });
    model = await openaiHarness.start([{ text: answer }]);
    const registry = new ExecutorRegistry();
    registry.register(openaiHarness.create(model, { apiKey: async () => 'test-key' }));
    runtime = await FolderRuntime.open(repo, registry, new Redactor());
    const taskId = await runtime.board.createTask({ title: 'Bump the version' });
    const meta = await runtime.sessions.start({ taskId, executorId: 'openai', permissionMode: 'auto-edit' });
    const done = await runtime.sessions.wait(meta.id);
    assert.equal(done.status, 'succeeded', done.error);
    // The patch is applied once the session has ended; give that step a moment. git apply
    // replaces the file (unlink, then write), so a read in between finds no file: not done yet.
    const current = () => {
      try {
        return readFileSync(join(repo, 'app.txt'), 'utf8');
      } catch {
        return undefined;
      }
    };
    const end = Date.now() + 10_000;
    while (Date.now() < end && (current() ?? 'version 1\n') === 'version 1\n' && !runtime.board.current.board.tasks[0].needsReview) {
      await new Promise((r) => setTimeout(r, 50));
    }
    return taskId;
  }

  afterEach(async () => {
    await runtime?.dispose();
    await model?.close();
    if (repo) rmSync(repo, { recursive: true, force: true });
  });

  it('applies a unified diff the agent answered with', async () => {
    await runWithAnswer(`Here is the change:\n\n\`\`\`diff\n${PATCH}\`\`\`\n`);
    assert.equal(readFileSync(join(repo, 'app.txt'), 'utf8'), 'version 2\n');
    assert.equal(runtime.board.current.board.tasks[0].needsReview, undefined);
  });

  it('keeps a patch that does not apply and marks the task "needs review"', async () => {
    const stale = PATCH.replace('-version 1', '-version 0');
    await runWithAnswer(`\`\`\`diff\n${stale}\`\`\``);
    assert.equal(readFileSync(join(repo, 'app.txt'), 'utf8'), 'version 1\n', 'nothing half-applied');
    const note = runtime.board.current.board.tasks[0].needsReview ?? '';
    assert.match(note, /does not apply[\s\S]*kept in \.viban\/patches\//);
    const kept = readdirSync(join(repo, '.viban', 'patches'));
    assert.equal(kept.length, 1);
    assert.equal(readFileSync(join(repo, '.viban', 'patches', kept[0]), 'utf8'), stale);
  });

  it('finds diffs in fenced blocks or bare text, and nothing in prose', () => {
    assert.equal(extractPatch('no code here'), undefined);
    assert.equal(extractPatch('```js\nconsole.log(1)\n```'), undefined);
    assert.equal(extractPatch(`Intro\n${PATCH}`), PATCH);
  });
});
