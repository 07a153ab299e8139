// `viban assist` end to end with the real `claude` CLI against the scripted model server: the
// advisor runs read-only in plan mode, reads the workspace (the server sees the Read results go
// back), returns a plan in a ```json block; --yes puts 3 linked, tiered cards on the board, runs
// them in dependency order through the run-all path, and Assist's follow-up lands in the
// conversation. An unusable plan is asked for once more, then reported, and nothing is created.
import { strict as assert } from 'node:assert';
import { existsSync, mkdirSync, readdirSync, readFileSync, readlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { text, toolUse } from '../../support/scriptedAnthropicServer';
import { claudeWorld, requestText, type ClaudeWorld } from '../../support/claudeHarness';
import { CLAUDE_BIN, eventually, readBoard, runCli, startCli, writeSettings } from '../cli/cliHarness';
import { AssistConversationSchema, type AssistConversation, type AssistPlan } from '../../../src/protocol/assist';

const EXPORT_SOURCE = 'export function exportRows(rows) {\n  return rows.map((r) => r.join(",")).join("\\n"); // EXPORT-MARKER\n}\n';

const PLAN: AssistPlan = {
  summary: 'Add a --json flag',
  questions: [],
  tasks: [
    { key: 'readme', title: 'Update the README', description: 'Document --json.', acceptance: 'README shows --json', tier: 'A', blockedBy: ['flag', 'serializer'], estimateMinutes: 2 },
    { key: 'flag', title: 'Change the export command', description: 'Parse --json in src/export.js.', acceptance: 'export --json is accepted', tier: 'B', blockedBy: [], estimateMinutes: 3 },
    { key: 'serializer', title: 'Add a serializer', description: 'Rows to JSON.', acceptance: 'rows print as JSON', tier: 'C', blockedBy: ['flag'], estimateMinutes: 3 },
  ],
  risks: ['Scripts that parse the CSV output'],
};

const jsonAnswer = (plan: unknown) => text(`I read the export command and the README.\n\n\`\`\`json\n${JSON.stringify(plan, null, 2)}\n\`\`\``);

/** Processes whose working folder is `dir` (the advisor agent runs in the workspace). */
function processesIn(dir: string): number[] {
  return readdirSync('/proc').filter((n) => /^\d+$/.test(n)).filter((n) => {
    try {
      return readlinkSync(`/proc/${n}/cwd`) === dir;
    } catch {
      return false;
    }
  }).map(Number);
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** The board's tasks; no board file yet means none (nothing was ever written). */
const boardTasks = (ws: string) => (existsSync(join(ws, '.viban', 'board.json')) ? readBoard(ws).tasks : []);

function conversations(ws: string): AssistConversation[] {
  const dir = join(ws, '.viban', 'assist');
  return readdirSync(dir).filter((n) => n.endsWith('.json')).map((n) => AssistConversationSchema.parse(JSON.parse(readFileSync(join(dir, n), 'utf8'))));
}

describe('viban assist (real claude CLI as the code advisor)', function () {
  this.timeout(180000);
  let world: ClaudeWorld | undefined;
  afterEach(async () => {
    await world?.dispose();
    world = undefined;
  });

  async function workspace(): Promise<ClaudeWorld> {
    world = await claudeWorld();
    const ws = world.repo;
    mkdirSync(join(ws, 'src'));
    writeFileSync(join(ws, 'src', 'export.js'), EXPORT_SOURCE);
    writeFileSync(join(ws, 'README.md'), '# Exporter\nREADME-MARKER: exports rows as CSV.\n');
    writeSettings(ws, {
      executors: { paths: { 'claude-code': CLAUDE_BIN } },
      assist: { executor: 'claude-code', model: 'claude-assist-advisor' },
      tiers: { A: { model: 'claude-tier-a' }, B: { model: 'claude-tier-b' }, C: { model: 'claude-tier-c' } },
    });
    const remembered = await runCli(['memory', 'add', '--category', 'decision', 'No social login for now', '-w', ws]);
    assert.equal(remembered.code, 0, remembered.stderr);
    return world;
  }

  it('reads the code, plans, and with --yes creates 3 linked cards, runs them in order and follows up', async () => {
    const w = await workspace();
    const ws = w.repo;
    w.server.push(
      { blocks: [text('Let me look at the export command.'), toolUse('Read', { file_path: join(ws, 'src', 'export.js') })] },
      { blocks: [toolUse('Read', { file_path: join(ws, 'README.md') })] },
      { blocks: [jsonAnswer(PLAN)] },
      { blocks: [text('Flag added.')] },
      { blocks: [text('Serializer added.')] },
      { blocks: [text('README updated.')] },
    );
    const r = await runCli(['assist', 'add a --json flag to the export command', '--yes', '-w', ws], { env: w.env, timeoutMs: 150000 });
    assert.equal(r.code, 0, r.stdout + r.stderr);

    // The advisor: its model, read-only plan mode, and the files it read went back to the model.
    const main = w.server.mainRequests();
    assert.deepEqual(main.slice(0, 3).map((q) => q.body.model), ['claude-assist-advisor', 'claude-assist-advisor', 'claude-assist-advisor']);
    assert.match(requestText(main[0].body), /add a --json flag to the export command/);
    assert.match(requestText(main[0].body), /Decision: No social login for now/, 'the memory decision is in the advisor context');
    assert.match(requestText(main[1].body), /EXPORT-MARKER/, 'the Read of src/export.js went back to the model');
    assert.match(requestText(main[2].body), /README-MARKER/, 'the Read of README.md went back to the model');
    assert.match(r.stderr, /Reading the code… src\/export\.js\n[\s\S]*Reading the code… README\.md/);
    assert.match(r.stdout, /^I'll add a --json flag: change the export command, add a serializer, update the README\. About 8 minutes\.$/m);

    // The cards: linked by key, tiered, tagged with the conversation.
    const [c] = conversations(ws);
    const board = readBoard(ws);
    const byKey = Object.fromEntries(board.tasks.filter((t) => t.fromAssist?.conversationId === c.id).map((t) => [t.fromAssist!.key, t]));
    assert.deepEqual(Object.keys(byKey).sort(), ['flag', 'readme', 'serializer']);
    assert.equal(byKey.flag.blockedBy, undefined);
    assert.deepEqual(byKey.serializer.blockedBy, [byKey.flag.id]);
    assert.deepEqual(byKey.readme.blockedBy, [byKey.flag.id, byKey.serializer.id]);
    assert.deepEqual([byKey.flag.tier, byKey.serializer.tier, byKey.readme.tier], [undefined, 'C', 'A']);
    assert.match(byKey.flag.description, /Parse --json in src\/export\.js\.\n\nDone when: export --json is accepted/);

    // Run all ran them in dependency order, each on its tier's model.
    const started = [...r.stdout.matchAll(/^▶ (.+) \((t_\w+)\) started/gm)].map((m) => m[2]);
    assert.deepEqual(started, [byKey.flag.id, byKey.serializer.id, byKey.readme.id]);
    assert.deepEqual(main.slice(3).map((q) => q.body.model), ['claude-tier-b', 'claude-tier-c', 'claude-tier-a']);
    for (const t of Object.values(byKey)) assert.equal(readBoard(ws).tasks.find((x) => x.id === t.id)!.agentStatus, 'done');

    // The follow-up, on screen and in the conversation, with what Assist knew.
    assert.match(r.stdout, /^Assist: Done: "Change the export command", "Add a serializer" and "Update the README"\.$/m);
    assert.deepEqual(c.messages.map((m) => m.kind), ['request', 'reading', 'plan', 'started', 'followup']);
    assert.deepEqual(c.messages[1].filesRead, ['src/export.js', 'README.md']);
    const snap = c.snapshots.find((s) => s.id === c.messages[2].snapshotId)!;
    assert.match(snap.text, /Decision: No social login for now/);
    assert.match(snap.text, /README-MARKER/);
    assert.deepEqual(c.messages[3].taskIds, { flag: byKey.flag.id, serializer: byKey.serializer.id, readme: byKey.readme.id });
  });

  it('without --yes prints the plan and a way to start it; --conversation --yes --detach starts exactly that plan in the background', async () => {
    const w = await workspace();
    const ws = w.repo;
    w.server.push({ blocks: [jsonAnswer({ ...PLAN, tasks: [PLAN.tasks[1]] })] }, { blocks: [text('Flag added.')] });
    const r = await runCli(['assist', 'add a --json flag', '-w', ws], { env: w.env });
    assert.equal(r.code, 0, r.stderr);
    const [c] = conversations(ws);
    assert.equal(r.stdout, [
      "I'll add a --json flag: change the export command. About 3 minutes.",
      'Details:',
      '  1. Change the export command (tier B, ~3 min)',
      '  Risks:',
      '  - Scripts that parse the CSV output',
      `Start? (re-run with --yes, or start exactly this plan: viban assist --conversation ${c.id} --yes)`,
      '',
    ].join('\n'));
    assert.equal(boardTasks(ws).length, 0, 'nothing is created before Start');
    // Start exactly that plan, in the background: the command returns at once, the follow-up comes later.
    const go = await runCli(['assist', '--conversation', c.id, '--yes', '--detach', '-w', ws], { env: w.env });
    assert.equal(go.code, 0, go.stdout + go.stderr);
    const pid = Number(/\(pid (\d+)\)/.exec(go.stdout)?.[1]);
    assert.ok(pid > 0, go.stdout);
    assert.match(go.stdout, /^Created 1 task\(s\), linked as a graph: t_\w+\. About 3 minutes\.$/m);
    assert.equal(boardTasks(ws).length, 1, 'the card is on the board before the command returns');
    const followUp = await eventually(() => conversations(ws)[0].messages.find((m) => m.kind === 'followup'), 'the follow-up', 60000);
    assert.equal(followUp.text, 'Done: "Change the export command".');
    await eventually(() => (alive(pid) ? undefined : true), 'the background process to end', 15000);
    assert.equal(w.server.mainRequests().length, 2, 'the plan was not asked for again');
    assert.equal(boardTasks(ws)[0].agentStatus, 'done');
    const log = readdirSync(join(ws, '.viban', 'graph'));
    assert.equal(log.length, 1);
    assert.match(readFileSync(join(ws, '.viban', 'graph', log[0]), 'utf8'), /Assist: Done: "Change the export command"\./);
  });

  it('re-asks an unusable plan once in the same session, then reports it clearly and creates nothing', async () => {
    const w = await workspace();
    const ws = w.repo;
    const unknownKey = { ...PLAN, tasks: [{ ...PLAN.tasks[1], blockedBy: ['schema'] }] };
    const cycle = { ...PLAN, tasks: [{ ...PLAN.tasks[1], blockedBy: ['serializer'] }, PLAN.tasks[2]] };
    w.server.push({ blocks: [jsonAnswer(unknownKey)] }, { blocks: [jsonAnswer(cycle)] });
    const r = await runCli(['assist', 'add a --json flag', '--yes', '-w', ws], { env: w.env });
    assert.equal(r.code, 1, r.stdout + r.stderr);
    assert.match(r.stderr, /The code advisor's plan was not usable \(2 times\), so nothing was created: the tasks wait for each other in a circle: flag → serializer → flag\./);
    const main = w.server.mainRequests();
    assert.equal(main.length, 2);
    assert.match(requestText(main[1].body), /That plan could not be used:[\s\S]*task \\"flag\\" is blocked by \\"schema\\", which is not a task of this plan/);
    assert.match(requestText(main[1].body), /I read the export command/, 'the re-ask continues the same session');
    assert.equal(boardTasks(ws).length, 0);
    const [c] = conversations(ws);
    assert.deepEqual(c.messages.map((m) => m.kind), ['request', 'error']);
  });

  it('remembers what the user stated from its ```remember block: in memory.json with the conversation, "Remembered" before the plan', async () => {
    const w = await workspace();
    const ws = w.repo;
    const remember = '```remember\n[{"category":"preference","value":"Keep the CSV output as the default"}]\n```';
    w.server.push({ blocks: [text(`I'll remember that.\n\n${remember}\n\nThe plan:\n\n\`\`\`json\n${JSON.stringify(PLAN)}\n\`\`\``)] });
    const r = await runCli(['assist', 'add a --json flag; keep CSV as the default', '--json', '-w', ws], { env: w.env });
    assert.equal(r.code, 0, r.stdout + r.stderr);
    const out = JSON.parse(r.stdout);
    assert.equal(out.kind, 'plan');
    assert.match(requestText(w.server.mainRequests()[0].body), /Remember by adding, before the plan, a ```remember fenced block/);
    const items = JSON.parse(readFileSync(join(ws, '.viban', 'memory.json'), 'utf8')).items;
    const kept = items.find((i: { value: string }) => i.value === 'Keep the CSV output as the default');
    assert.ok(kept, JSON.stringify(items));
    assert.deepEqual([kept.category, kept.sourceConversation], ['preference', out.conversationId]);
    assert.deepEqual(out.remembered, [{ id: kept.id, category: 'preference', value: 'Keep the CSV output as the default' }]);
    const [c] = conversations(ws);
    assert.deepEqual(c.messages.map((m) => m.kind), ['request', 'remembered', 'plan']);
    assert.equal(c.messages[1].memoryId, kept.id);
  });

  it('asks its questions first: nothing is started even with --yes', async () => {
    const w = await workspace();
    const ws = w.repo;
    w.server.push({ blocks: [jsonAnswer({ summary: 'Export formats', questions: ['Should --json print one object or one line per row?'], tasks: [], risks: [] })] });
    const r = await runCli(['assist', 'add json output', '--yes', '--json', '-w', ws], { env: w.env });
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    assert.equal(out.kind, 'questions');
    assert.equal(out.text, 'Before I plan this, I need to know:\n1. Should --json print one object or one line per row?');
    assert.equal(boardTasks(ws).length, 0);
  });

  it('Ctrl+C while the advisor reads stops its agent: exit 130, nothing created, no process left', async () => {
    const w = await workspace();
    const ws = w.repo;
    w.server.push({ blocks: [text('Reading slowly. '.repeat(40))], eventDelayMs: 300 });
    const cli = startCli(['assist', 'add a --json flag', '-w', ws], { env: w.env, timeoutMs: 60000 });
    await eventually(() => (w.server.mainRequests().length ? true : undefined), 'the advisor to call the model', 30000);
    assert.ok(processesIn(ws).length > 0, 'the advisor agent runs in the workspace');
    cli.child.kill('SIGINT');
    const r = await cli.done;
    assert.equal(r.code, 130, r.stdout + r.stderr);
    assert.match(r.stderr, /Stopping the code advisor…[\s\S]*Stopped: nothing was created\./);
    await eventually(() => (processesIn(ws).length ? undefined : true), 'no process left in the workspace', 10000);
    assert.equal(boardTasks(ws).length, 0);
    assert.deepEqual(conversations(ws)[0].messages.map((m) => m.kind), ['request', 'error']);
  });
});
