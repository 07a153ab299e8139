// The whole of stage automation with real parts: the real `claude` CLI against the scripted model
// server runs a two-step recipe on a fully_auto column; the steps are queue jobs and agent
// sessions on the card, the files they write become artifacts, the gates pass, the card advances
// and the next column's recipe starts.
import { strict as assert } from 'node:assert';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { text, toolUse } from '../../support/scriptedAnthropicServer';
import { columnOf, openAutomationWorld, waitFor, writeRecipes, writeSkill, type AutomationWorld } from './automationHarness';

const outputsBlock = (v: object) => text('Done.\n\n```json viban-outputs\n' + JSON.stringify(v) + '\n```');

describe('stage automation with the real claude CLI', function () {
  this.timeout(180_000);
  let w: AutomationWorld;
  beforeEach(async () => {
    w = await openAutomationWorld();
  });
  afterEach(async () => {
    await w.close();
  });

  it('runs a two-step fully_auto recipe, records artifacts, passes the gates, advances the card and starts the next recipe', async () => {
    const rt = w.runtime;
    writeSkill(w.root, 'research', { title: 'Research', outputs: ['research.md'], instructions: 'Research {{task.title}} and write research.md.' });
    writeSkill(w.root, 'score', { title: 'Score', outputs: ['score'], frontMatter: true, instructions: 'Score the research in research.md from 0 to 100.' });
    writeSkill(w.root, 'notify-next', { title: 'Next', outputs: [] });
    for (const id of ['research', 'score']) await rt.automation.catalog.vet(id);
    writeRecipes(w.root, {
      todo: {
        automationLevel: 'fully_auto',
        executor: 'claude-code',
        steps: [{ skill: 'research' } as never, { skill: 'score' } as never],
        gates: [
          { id: 'g1', name: 'Research written', type: 'file_exists', config: { pattern: '*.md' }, required: true, failureMessage: 'No research.' },
          { id: 'g2', name: 'Sections', type: 'content_check', config: { file: 'research.md', requiredSections: ['Findings', 'Sources'] }, required: true, failureMessage: '' },
          { id: 'g3', name: 'Score', type: 'metric_threshold', config: { metric: 'score', operator: '>=', threshold: 70 }, required: true, failureMessage: '' },
          { id: 'g4', name: 'Artifact', type: 'artifact_exists', config: { artifactType: 'file', label: 'research.md' }, required: true, failureMessage: '' },
        ],
        onFail: 'stay',
      },
      'in-progress': { automationLevel: 'auto_notify', executor: 'claude-code', steps: [{ skill: 'notify-next' } as never], gates: [], onFail: 'stay' },
    });
    await rt.automation.recipes.load();
    const research = join(w.root, 'research.md');
    w.world.server.push(
      { blocks: [text('Writing the research.'), toolUse('Write', { file_path: research, content: '# Research\n\n## Findings\n- one\n\n## Sources\n- two\n' })] },
      { blocks: [outputsBlock({ findings: 1 })] },
      { blocks: [outputsBlock({ score: 82, questions: [] })] },
      { blocks: [outputsBlock({ note: 'next stage ran' })] },
    );
    const taskId = await rt.board.createTask({ title: 'Onboarding research', description: 'Why do people drop off?', columnId: 'backlog' });
    await rt.board.moveTask(taskId, 'todo', 0);
    await rt.automation.settled();

    const [first] = await rt.automation.runs.list({ taskId });
    assert.ok(first, 'a run was created for the move');
    assert.deepEqual(first.triggeredBy, { kind: 'user' });
    const done = await rt.automation.waitForEnd(first.id);
    assert.equal(done.status, 'succeeded', done.error);
    assert.deepEqual(done.steps.map((s) => s.status), ['succeeded', 'succeeded']);
    assert.equal(done.steps[1].outputs.score, 82);
    assert.ok(done.steps.every((s) => s.sessionIds.length === 1), 'each step is an agent session on the card');
    assert.deepEqual(done.artifacts.map((a) => [a.type, a.label]), [['file', 'research.md']]);
    assert.deepEqual(done.gates.map((g) => g.passed), [true, true, true, true]);
    assert.match(done.outcome ?? '', /advanced to "In Progress"/);
    assert.equal(columnOf(rt, taskId), 'in-progress');
    assert.match(readFileSync(research, 'utf8'), /## Findings/);

    // The step prompt is the skill's instructions with the task filled in; the second sees the first's outputs.
    const prompts = w.world.server.mainRequests().map((r) => JSON.stringify(r.body.messages));
    assert.match(prompts[0], /Research Onboarding research and write research.md/);
    assert.match(prompts[2], /step 1 \(research\)/);

    // The next column's recipe started, triggered by the run.
    await rt.automation.settled();
    const next = await waitFor(async () => (await rt.automation.runs.list({ taskId })).find((r) => r.columnId === 'in-progress'), 'the next stage run');
    assert.deepEqual(next.triggeredBy, { kind: 'run', id: first.id });
    const nextDone = await rt.automation.waitForEnd(next.id);
    assert.equal(nextDone.status, 'succeeded', nextDone.error);
    assert.equal(columnOf(rt, taskId), 'in-progress', 'auto_notify never advances');
    assert.ok(w.notes.some((n) => n.run.id === next.id), 'auto_notify tells the person');

    // The card's history: the user's move, then the run's.
    const history = await rt.automation.events.read({ taskId });
    assert.deepEqual(history.map((e) => [e.from, e.to, e.by.kind]), [['backlog', 'todo', 'user'], ['todo', 'in-progress', 'run']]);
    assert.equal(history[1].by.id, first.id);
    assert.equal(history[1].why, 'gates passed');
  });

  it('retries a failing step up to retryCount, then fails the run and applies onFail', async () => {
    const rt = w.runtime;
    writeSkill(w.root, 'plan', { outputs: ['plan.md'] });
    await rt.automation.catalog.vet('plan');
    writeRecipes(w.root, {
      todo: { automationLevel: 'fully_auto', executor: 'claude-code', steps: [{ skill: 'plan', retryCount: 1 } as never], gates: [{ id: 'p', name: 'Plan', type: 'file_exists', config: { pattern: 'plan.md' }, required: true, failureMessage: 'Write the plan.' }], onFail: 'create_questions' },
    });
    await rt.automation.recipes.load();
    const plan = join(w.root, 'plan.md');
    w.world.server.push(
      { blocks: [text('I forgot to write it.')] },
      { blocks: [toolUse('Write', { file_path: plan, content: '# Plan\n' })] },
      { blocks: [outputsBlock({})] },
    );
    const a = await rt.board.createTask({ title: 'Retried', columnId: 'backlog' });
    await rt.board.moveTask(a, 'todo', 0);
    await rt.automation.settled();
    const [run] = await rt.automation.runs.list({ taskId: a });
    const done = await rt.automation.waitForEnd(run.id);
    assert.equal(done.status, 'succeeded', done.error);
    assert.equal(done.steps[0].attempts, 2, 'the first attempt did not write plan.md, the retry did');
    assert.equal(done.steps[0].sessionIds.length, 2);

    // A step that keeps failing: both attempts used, the run fails, onFail adds the questions.
    rmSync(plan);
    w.world.server.push({ blocks: [text('no')] }, { blocks: [outputsBlock({ questions: ['Which format should the plan use?'] })] });
    const b = await rt.board.createTask({ title: 'Never written', columnId: 'backlog' });
    await rt.board.moveTask(b, 'todo', 0);
    await rt.automation.settled();
    const [runB] = await rt.automation.runs.list({ taskId: b });
    const failed = await rt.automation.waitForEnd(runB.id);
    assert.equal(failed.status, 'failed');
    assert.equal(failed.steps[0].attempts, 2);
    assert.match(failed.error ?? '', /after 2 attempts: the agent did not write plan.md/);
    assert.equal(columnOf(rt, b), 'todo', 'create_questions keeps the card');
    const card = rt.board.current.board.tasks.find((t) => t.id === b)!;
    assert.ok(card.checklist?.some((c) => /Step 1 \(plan\)/.test(c.text)), 'the failed step is on the checklist');
    assert.ok(card.checklist?.some((c) => c.text === 'Which format should the plan use?'), "the agent's open question is on the checklist");
    assert.ok(card.checklist?.some((c) => /Plan: Write the plan/.test(c.text)), 'the failing gate is on the checklist');
  });
});
