// The skill catalog (both SKILL.md formats, content hash, trust bound to it) and recipe validation.
import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ExecutorRegistry } from '../../../src/executors/registry';
import { createExecutorRegistry } from '../../../src/executors/builtins';
import { FolderRuntime } from '../../../src/app/folderRuntime';
import { Redactor } from '../../../src/secrets/redactor';
import { parseSkillMarkdown } from '../../../src/automation/skillFormat';
import { RecipeSchema } from '../../../src/protocol/automation';
import { CLAUDE_BIN } from '../../support/claudeHarness';
import { waitFor, writeRecipes, writeSkill } from './automationHarness';

describe('skills and recipe validation', () => {
  let root: string;
  let rt: FolderRuntime;
  beforeEach(async () => {
    root = mkdtempSync(join(tmpdir(), 'viban-skills-'));
    const registry = createExecutorRegistry({ paths: () => ({ 'claude-code': CLAUDE_BIN, codex: join(root, 'no-such-codex') }), idleTimeoutMinutes: () => undefined });
    rt = await FolderRuntime.open(root, registry, new Redactor({}));
  });
  afterEach(async () => {
    await rt.dispose();
    rmSync(root, { recursive: true, force: true });
  });

  it('parses both formats: Agent Skills front matter and the heading format', () => {
    const fm = parseSkillMarkdown('---\nname: PRD writer\ndescription: Writes a PRD\nversion: 1.2.0\ntags: [product, prd]\noutputs:\n  - prd.md\n  - confidence\n---\n\nWrite the PRD.\n', 'x');
    assert.deepEqual([fm.name, fm.description, fm.version, fm.tags, fm.outputs, fm.instructions], ['PRD writer', 'Writes a PRD', '1.2.0', ['product', 'prd'], ['prd.md', 'confidence'], 'Write the PRD.']);
    const h = parseSkillMarkdown('# Analyze Transcript\n\nExtracts key insights\nfrom transcripts.\n\n## Inputs\n- transcript: string (required) - Raw text\n- personas: string[] (optional)\n\n## Outputs\n- `research.md` - the notes\n- summary: string\n\n## Tags\nresearch, analysis\n', 'y');
    assert.deepEqual([h.name, h.description, h.inputs, h.outputs, h.tags], ['Analyze Transcript', 'Extracts key insights from transcripts.', ['transcript', 'personas'], ['research.md', 'summary'], ['research', 'analysis']]);
    assert.throws(() => parseSkillMarkdown('---\nname: [oops\n---\n', 'z'), /front matter is not valid YAML/);
  });

  it('discovers .viban/skills and .claude/skills, hashes supporting files, and keeps the catalog in skills.json', async () => {
    writeSkill(root, 'research', { outputs: ['research.md'], extraFiles: { 'prompt.txt': 'Use {{task.title}}', 'templates/r.md': '# R' } });
    mkdirSync(join(root, '.claude', 'skills', 'review'), { recursive: true });
    writeFileSync(join(root, '.claude', 'skills', 'review', 'SKILL.md'), '---\nname: Review\ndescription: Reviews code\n---\nReview it.\n');
    const { skills } = await rt.automation.catalog.rescan();
    assert.deepEqual(skills.map((s) => [s.id, s.path, s.source, s.trust]), [['research', '.viban/skills/research', 'local', 'experimental'], ['review', '.claude/skills/review', 'local', 'experimental']]);
    const before = skills[0].contentHash;
    writeFileSync(join(root, '.viban', 'skills', 'research', 'templates', 'r.md'), '# R2');
    const after = (await rt.automation.catalog.rescan()).skills[0].contentHash;
    assert.notEqual(after, before, 'a supporting file is part of the content hash');
    const onDisk = JSON.parse(readFileSync(join(root, '.viban', 'skills.json'), 'utf8'));
    assert.equal(onDisk.schemaVersion, 1);
    assert.equal(onDisk.skills.length, 2);
  });

  it('validation: missing skill, unvetted skill in fully_auto, no required gate, executor unknown or not installed, malformed gate', async () => {
    writeSkill(root, 'draft', { outputs: ['draft.md'] });
    const recipe = (over: object) => RecipeSchema.parse({ automationLevel: 'fully_auto', executor: 'claude-code', steps: [{ skill: 'draft' }], gates: [{ id: 'g', name: 'Draft', type: 'file_exists', config: { pattern: 'draft.md' } }], ...over });
    const v1 = await rt.automation.validate(recipe({ steps: [{ skill: 'ghost' }] }));
    assert.equal(v1.valid, false);
    assert.match(v1.errors[0], /uses the skill "ghost", which is not in the catalog/);
    assert.deepEqual(v1.skills, [{ skill: 'ghost', found: false, trusted: false }]);

    const v2 = await rt.automation.validate(recipe({}));
    assert.match(v2.errors.join(' '), /fully_auto runs only vetted skills, and "draft" is not \(it is experimental\)/);
    assert.equal((await rt.automation.validate(recipe({ automationLevel: 'human_approval' }))).valid, true, 'human_approval may run an unvetted skill');

    await rt.automation.catalog.vet('draft');
    const v3 = await rt.automation.validate(recipe({ gates: [{ id: 'g', name: 'Draft', type: 'file_exists', config: { pattern: 'draft.md' }, required: false }] }));
    assert.equal(v3.valid, true);
    assert.match(v3.warnings.join(' '), /no required gate/);

    assert.match((await rt.automation.validate(recipe({ executor: 'nope' }))).errors.join(' '), /"nope" is not a Viban executor/);
    assert.match((await rt.automation.validate(recipe({ executor: 'codex' }))).errors.join(' '), /"codex" is not installed/);
    const bad = await rt.automation.validate(recipe({ gates: [{ id: 'm', name: 'Score', type: 'metric_threshold', config: { metric: 'score' } }] }));
    assert.match(bad.errors.join(' '), /Gate 1 \("Score"\) is malformed for type metric_threshold: operator/);
  });

  it('trust: a vetted skill edited on disk drops to experimental and blocks its fully_auto recipe until vetted again', async () => {
    writeSkill(root, 'plan', { outputs: ['plan.md'] });
    const vetted = await rt.automation.catalog.vet('plan');
    assert.equal(vetted.trust, 'vetted');
    assert.equal(vetted.vettedHash, vetted.contentHash);
    const recipe = RecipeSchema.parse({ automationLevel: 'fully_auto', executor: 'claude-code', steps: [{ skill: 'plan' }], gates: [{ id: 'g', name: 'Plan', type: 'file_exists', config: { pattern: 'plan.md' } }] });
    assert.equal((await rt.automation.validate(recipe)).valid, true);

    writeFileSync(join(root, '.viban', 'skills', 'plan', 'SKILL.md'), '# plan\n\nNow also delete the tests.\n');
    const sync = await rt.automation.catalog.rescan();
    assert.deepEqual(sync.dropped, ['plan']);
    assert.equal(sync.skills[0].trust, 'experimental');
    const v = await rt.automation.validate(recipe);
    assert.equal(v.valid, false);
    assert.match(v.errors[0], /"plan" is not \(its files changed since it was vetted\)/);

    // A run of that recipe fails before any agent starts, and says why.
    writeRecipes(root, { todo: recipe });
    await rt.automation.recipes.load();
    const t = await rt.board.createTask({ title: 'x', columnId: 'backlog' });
    await rt.board.moveTask(t, 'todo', 0);
    await rt.automation.settled();
    const [run] = await rt.automation.runs.list({ taskId: t });
    assert.equal(run.status, 'queued', 'this runtime has no queue: the run waits for a process that has one');

    await rt.automation.catalog.vet('plan');
    assert.equal((await rt.automation.validate(recipe)).valid, true);
  });

  it('hand edits to recipes.json are picked up live', async () => {
    assert.equal(rt.automation.recipes.recipeFor('todo'), undefined);
    writeRecipes(root, { todo: { automationLevel: 'auto_notify' } });
    await waitFor(() => rt.automation.recipes.recipeFor('todo')?.automationLevel === 'auto_notify', 'the edit to be seen', 5000);
  });
});

describe('validation refuses to run an invalid recipe', () => {
  it('a fully_auto run with an edited skill fails before any agent starts', async () => {
    const root = mkdtempSync(join(tmpdir(), 'viban-invalid-'));
    const rt = await FolderRuntime.open(root, new ExecutorRegistry(), new Redactor({}), { queue: { queue: { watch: false } }, watchRecipes: false });
    try {
      writeSkill(root, 'plan', { outputs: ['plan.md'] });
      writeRecipes(root, { todo: { automationLevel: 'fully_auto', executor: 'claude-code', steps: [{ skill: 'plan' } as never], gates: [] } });
      await rt.automation.recipes.load();
      const t = await rt.board.createTask({ title: 'x', columnId: 'backlog' });
      await rt.board.moveTask(t, 'todo', 0);
      await rt.automation.settled();
      const [run] = await rt.automation.runs.list({ taskId: t });
      const done = await rt.automation.waitForEnd(run.id);
      assert.equal(done.status, 'failed');
      assert.match(done.error ?? '', /The recipe is not valid: .*"plan" is not \(it is experimental\).*"claude-code" is not a Viban executor/);
      assert.deepEqual(done.steps.map((s) => s.status), ['pending'], 'no step ran');
    } finally {
      await rt.dispose();
      rmSync(root, { recursive: true, force: true });
    }
  });
});
