// The `viban` command's stage-automation contracts, run as the real bundled CLI in a child process:
// recipes init/list/validate, move (a drag, automation included, with the real claude CLI),
// runs list/show/cancel/retry, skills list/sync/import/search/vet.
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, tempWorkspace, writeSettings } from '../cli/cliHarness';
import { CLAUDE_BIN, claudeWorld, type ClaudeWorld } from '../../support/claudeHarness';
import { text } from '../../support/scriptedAnthropicServer';
import { startMarketplaceStandIn } from './marketplaceStandIn';

describe('viban stage automation commands', function () {
  this.timeout(120_000);
  let world: ClaudeWorld;
  let ws: string;
  beforeEach(async () => {
    world = await claudeWorld();
    ws = world.repo;
  });
  afterEach(async () => {
    await world.dispose();
  });
  const cli = (args: string[], env: Record<string, string> = {}) => runCli(['-w', ws, ...args], { env: { ...world.env, ...env }, timeoutMs: 90_000 });

  it('recipes init/validate/list, then move runs the Todo plan with the real claude, advances, and the next column waits for Start', async () => {
    const init = await cli(['recipes', 'init', '--template', 'coding']);
    assert.equal(init.code, 0, init.stderr);
    assert.match(init.stdout, /Recipes set: todo, in-progress, in-review/);
    assert.match(init.stdout, /Skills written and vetted: plan-change, implement-plan, independent-review/);
    const recipes = JSON.parse(readFileSync(join(ws, '.viban', 'recipes.json'), 'utf8'));
    assert.deepEqual(Object.keys(recipes.recipes), ['todo', 'in-progress', 'in-review']);

    // claude-code is not on PATH here: validation says so and exits non-zero.
    const invalid = await cli(['recipes', 'validate'], { PATH: '/usr/bin:/bin' });
    assert.equal(invalid.code, 1);
    assert.match(invalid.stdout, /error: The executor "claude-code" in "Todo" is not installed/);
    writeSettings(ws, { executors: { paths: { 'claude-code': CLAUDE_BIN } } });
    const valid = await cli(['recipes', 'validate', '--json']);
    assert.equal(valid.code, 0, valid.stdout + valid.stderr);
    assert.equal(JSON.parse(valid.stdout).valid, true);
    const list = await cli(['recipes']);
    assert.match(list.stdout, /Todo\s+fully_auto\s+plan-change\s+1\s+create_questions\s+claude-code\s+ok/);

    const add = await cli(['add', 'Add a --verbose flag']);
    const taskId = add.stdout.trim().split('\n').at(-1)!.trim().split(/\s+/)[0];
    assert.match(taskId, /^t_/);
    world.server.push({ blocks: [text('## Goal\nA flag.\n\n## Steps\n1. Parse it in cli.ts\n\n## Risks\nNone.\n\n```json viban-outputs\n{"questions": []}\n```')] });
    const moved = await cli(['move', taskId, 'Todo']);
    assert.equal(moved.code, 0, moved.stdout + moved.stderr);
    assert.match(moved.stderr, /Moved t_\w+ to "Todo"/);
    assert.match(moved.stdout, /✓ Plan has its sections: plan.md has 3 required sections/);
    assert.match(moved.stdout, /→ Gates passed; advanced to "In Progress"/);
    assert.match(moved.stderr, /waits for Start \(human_approval\): viban runs retry r_/);
    assert.match(readFileSync(join(ws, 'plan.md'), 'utf8'), /## Risks/);

    const runs = JSON.parse((await cli(['runs', taskId, '--json'])).stdout);
    assert.deepEqual(runs.map((r: { columnId: string; status: string }) => [r.columnId, r.status]), [['todo', 'succeeded'], ['in-progress', 'queued']]);
    assert.equal(runs[1].awaitingApproval, true);
    assert.deepEqual(runs[1].triggeredBy, { kind: 'run', id: runs[0].id });
    const shown = JSON.parse((await cli(['runs', 'show', runs[0].id, '--json'])).stdout);
    assert.deepEqual(shown.artifacts.map((a: { label: string }) => a.label), ['plan.md']);
    const table = await cli(['runs']);
    assert.match(table.stdout, /in-progress|In Progress/);
    assert.match(table.stdout, /waiting for Start/);
    const cancelled = await cli(['runs', 'cancel', runs[1].id]);
    assert.equal(cancelled.code, 0, cancelled.stderr);
    assert.match(cancelled.stdout, /cancelled/);
    const again = await cli(['runs', 'cancel', runs[1].id]);
    assert.equal(again.code, 1);
    assert.match(again.stderr, /already ended \(cancelled\)/);

    const bad = await cli(['move', taskId, 'Nowhere']);
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /there is no column "Nowhere" \(columns: backlog "Backlog"/);
    const history = readFileSync(join(ws, '.viban', 'events.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    assert.deepEqual(history.map((e) => [e.from, e.to, e.by.kind, e.why]), [['backlog', 'todo', 'user', 'viban move'], ['todo', 'in-progress', 'run', 'gates passed']]);
  });

  it('skills: list, import from a git URL at a ref, search and import from the marketplace, vet; recipes init --template product', async () => {
    const src = tempWorkspace('viban-skillsrc-');
    const bare = tempWorkspace('viban-skillbare-');
    const mp = await startMarketplaceStandIn('k-123');
    try {
      const gitEnv = { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@t', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@t' };
      execFileSync('git', ['init', '-q', '-b', 'main', src]);
      mkdirSync(join(src, 'skills', 'lint-fix'), { recursive: true });
      writeFileSync(join(src, 'skills', 'lint-fix', 'SKILL.md'), '# Lint fix\n\nFixes lint.\n');
      execFileSync('git', ['-C', src, 'add', '.'], { env: gitEnv });
      execFileSync('git', ['-C', src, 'commit', '-qm', 'one'], { env: gitEnv });
      const commit = execFileSync('git', ['-C', src, 'rev-parse', 'HEAD']).toString().trim();
      rmSync(bare, { recursive: true });
      execFileSync('git', ['clone', '-q', '--bare', src, bare]);

      const imported = await cli(['skills', 'import', `file://${bare}#${commit.slice(0, 10)}`]);
      assert.equal(imported.code, 0, imported.stderr);
      assert.match(imported.stdout, new RegExp(`Imported lint-fix \\(git @ ${commit.slice(0, 12)}\\) as community`));

      writeSettings(ws, { skills: { marketplaceUrl: mp.url } });
      const noKey = await cli(['skills', 'search', 'prd']);
      assert.equal(noKey.code, 1);
      assert.match(noKey.stderr, /set SKILLMP_API_KEY/);
      const found = await cli(['skills', 'search', 'prd'], { SKILLMP_API_KEY: 'k-123' });
      assert.equal(found.code, 0, found.stderr);
      assert.match(found.stdout, /acme-prd-writer\s+PRD Writer\s+acme/);
      const fromMp = await cli(['skills', 'import', 'marketplace:acme-prd-writer'], { SKILLMP_API_KEY: 'k-123' });
      assert.equal(fromMp.code, 0, fromMp.stderr);
      assert.ok(!(fromMp.stdout + fromMp.stderr).includes('k-123'), 'the key is never printed');

      const vet = await cli(['skills', 'vet', 'lint-fix']);
      assert.match(vet.stdout, /lint-fix vetted at sha256:/);
      const skills = JSON.parse((await cli(['skills', '--json'])).stdout);
      assert.deepEqual(skills.map((s: { id: string; trust: string; source: string }) => [s.id, s.trust, s.source]), [['lint-fix', 'vetted', 'git'], ['prd-writer', 'community', 'marketplace']]);
      writeFileSync(join(ws, '.viban', 'skills', 'lint-fix', 'SKILL.md'), '# Lint fix\n\nFixes lint, and pushes.\n');
      const sync = await cli(['skills', 'sync']);
      assert.match(sync.stderr, /lint-fix changed since it was vetted: now experimental/);

      const product = await cli(['recipes', 'init', '--template', 'product']);
      assert.equal(product.code, 0, product.stderr);
      assert.match(product.stdout, /Columns added: Inbox, Discovery, PRD, Design, Prototype, Validate, Tickets/);
      const levels = JSON.parse((await cli(['recipes', '--json'])).stdout).map((r: { columnId: string; automationLevel: string }) => `${r.columnId}:${r.automationLevel}`);
      assert.deepEqual(levels.slice(-7), ['inbox:fully_auto', 'discovery:auto_notify', 'prd:auto_notify', 'design:auto_notify', 'prototype:auto_notify', 'validate:human_approval', 'tickets:human_approval']);
      const bad = await cli(['recipes', 'init', '--template', 'marketing']);
      assert.equal(bad.code, 2);
      assert.match(bad.stderr, /--template must be one of coding, product/);
    } finally {
      mp.server.close();
      rmSync(src, { recursive: true, force: true });
      rmSync(bare, { recursive: true, force: true });
    }
  });
});
