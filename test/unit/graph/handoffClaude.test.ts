// Hand-off: B blocked by A. A (a custom agent) writes api.txt in its own worktree; B (the real
// claude CLI, via its tier) starts in a worktree that has api.txt merged in, and its prompt — as
// the scripted server received it — carries A's final answer and changed files.
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { text } from '../../support/scriptedAnthropicServer';
import { claudeWorld, requestText, type ClaudeWorld } from '../../support/claudeHarness';
import { CLAUDE_BIN, lastLine, readBoard, runCli, writeSettings } from '../cli/cliHarness';

describe('hand-off between graph tasks (real git, real claude CLI)', function () {
  this.timeout(120000);
  let world: ClaudeWorld | undefined;
  afterEach(async () => {
    await world?.dispose();
    world = undefined;
  });

  it("B's worktree has A's file and B's prompt has A's summary", async () => {
    world = await claudeWorld();
    const w = world;
    const ws = w.repo;
    const git = (...args: string[]) => execFileSync('git', ['-C', ws, ...args], { encoding: 'utf8' });
    writeFileSync(join(ws, 'README.md'), '# app\n');
    writeFileSync(join(ws, '.gitignore'), '.viban/\n');
    git('add', '-A');
    git('-c', 'user.name=t', '-c', 'user.email=t@t', 'commit', '-qm', 'first');
    writeSettings(ws, {
      executors: { paths: { 'claude-code': CLAUDE_BIN }, custom: [{ id: 'writer', label: 'Writer', command: process.execPath, args: [join(__dirname, 'fixtures', 'writerAgent.js'), '{prompt}'] }] },
      tiers: { A: { executor: 'writer' }, B: { executor: 'claude-code', model: 'claude-b' } },
    });
    const a = lastLine((await runCli(['add', 'Add API route', '-w', ws])).stdout);
    const b = lastLine((await runCli(['add', 'Build the list UI', '-d', 'Show the items from the API', '-w', ws])).stdout);
    await runCli(['tier', a, 'A', '-w', ws]);
    assert.equal((await runCli(['link', b, '--blocked-by', a, '-w', ws])).code, 0);
    w.server.push({ blocks: [text('The list UI is built.')] });
    const env = { ...w.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@t', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@t' };
    const r = await runCli(['run-all', '-w', ws], { env });
    assert.equal(r.code, 0, r.stdout + r.stderr);

    const board = readBoard(ws);
    const taskA = board.tasks.find((t) => t.id === a)!;
    const taskB = board.tasks.find((t) => t.id === b)!;
    assert.ok(taskA.worktree && taskB.worktree, 'each task got its own worktree');
    assert.notEqual(taskA.worktree.path, taskB.worktree.path);
    assert.equal(readFileSync(join(taskB.worktree.path, 'api.txt'), 'utf8'), 'GET /api/items\n', "A's file is in B's worktree");
    assert.equal(existsSync(join(ws, 'api.txt')), false, 'the main checkout is untouched');

    const prompt = w.server.mainRequests().map((q) => requestText(q.body)).join('\n');
    assert.match(prompt, /Build the list UI/);
    assert.match(prompt, /### Add API route/);
    assert.match(prompt, /Added the API route in api\.txt \(GET \/api\/items\)\./);
    assert.match(prompt, /Changed files: api\.txt/);
  });
});
