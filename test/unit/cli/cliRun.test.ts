// `viban run`, `send`, `log` and `sessions` with the REAL Claude Code CLI against the scripted
// Anthropic server: the agent really runs its loop and really writes files in a temp git repo.
import { strict as assert } from 'node:assert';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LogEntrySchema, type LogEntry } from '../../../src/protocol/logEntries';
import { text, toolUse } from '../../support/scriptedAnthropicServer';
import { claudeWorld, requestText, type ClaudeWorld } from '../../support/claudeHarness';
import { CLAUDE_BIN, lastLine, listSessions, readBoard, readSession, runCli, writeSettings } from './cliHarness';

describe('viban run / send / log with the real Claude Code CLI', function () {
  this.timeout(60000);
  let world: ClaudeWorld | undefined;
  afterEach(async () => {
    await world?.dispose();
    world = undefined;
  });

  async function setup() {
    world = await claudeWorld();
    writeSettings(world.repo, { executors: { paths: { 'claude-code': CLAUDE_BIN } } });
    const ws = world.repo;
    const add = await runCli(['add', 'Create hello.txt', '-d', 'Say hello in it', '-w', ws]);
    return { w: world, ws, taskId: lastLine(add.stdout) };
  }

  it('run in auto-edit mode: the file is written, the output streams, the session is stored as succeeded', async () => {
    const { w, ws, taskId } = await setup();
    const file = join(ws, 'hello.txt');
    w.server.push(
      { blocks: [text('I will create the file now.'), toolUse('Write', { file_path: file, content: 'hello\n' })] },
      { blocks: [text('Done: hello.txt says hello.')], usage: { input_tokens: 250, output_tokens: 30 } },
    );
    // The agent inherits the environment: ANTHROPIC_BASE_URL is how it finds the scripted server.
    const r = await runCli(['run', taskId, '--mode', 'auto-edit', '-w', ws], { env: w.env });
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.equal(readFileSync(file, 'utf8'), 'hello\n');

    const out = r.stdout;
    assert.match(out, /^▶ Claude Code · task t_\w+ · session s_\w+ · mode auto-edit$/m);
    assert.match(out, /^› Create hello\.txt\n\n  Say hello in it$/m);
    assert.match(out, /^I will create the file now\.$/m);
    assert.match(out, /^→ Write: hello\.txt$/m);
    assert.match(out, /^  ← File created successfully/m);
    assert.match(out, /^Done: hello\.txt says hello\.$/m);
    const summary = lastLine(out);
    assert.match(summary, /^✓ Succeeded · \$\d+\.\d+ · [\d,]+ in(?: \(.*\))? \/ [\d,]+ out tokens · (\d+\.\d s|\d+ ms) · session s_\w+$/);
    // Streamed text is printed once, not once per delta plus once in full.
    assert.equal(out.split('Done: hello.txt says hello.').length, 2);

    const [meta] = listSessions(ws);
    assert.equal(meta.status, 'succeeded');
    assert.equal(meta.taskId, taskId);
    assert.equal(meta.executorId, 'claude-code');
    assert.equal(meta.permissionMode, 'auto-edit');
    assert.equal(meta.pid, undefined);
    assert.ok(meta.agentSessionId);
    assert.ok((meta.costUsd ?? 0) > 0);
    assert.ok(summary.endsWith(`session ${meta.id}`));
    const task = readBoard(ws).tasks.find((t) => t.id === taskId)!;
    assert.equal(task.agentStatus, 'done');
    assert.equal(task.lastSessionId, meta.id);

    // The stored log reads back the same way, in both formats.
    const log = await runCli(['log', meta.id, '-w', ws]);
    assert.equal(log.code, 0, log.stderr);
    assert.match(log.stdout, new RegExp(`^Session ${meta.id} · Claude Code · task ${taskId} · started `));
    assert.match(log.stdout, /^→ Write: hello\.txt$/m);
    assert.match(log.stdout, /^Done: hello\.txt says hello\.$/m);
    assert.match(lastLine(log.stdout), /^✓ Succeeded · /);
    const logJson = await runCli(['log', meta.id, '--json', '-w', ws]);
    const stored = logJson.stdout.trim().split('\n').map((l) => LogEntrySchema.parse(JSON.parse(l)));
    assert.deepEqual(stored.map((e) => e.seq), stored.map((_, i) => i));
    assert.ok(stored.some((e) => e.kind === 'tool_use' && e.name === 'Write'));

    const sessions = await runCli(['sessions', '-w', ws]);
    assert.match(sessions.stdout, /^ID\s+TASK\s+EXECUTOR\s+STATUS\s+COST\s+STARTED$/m);
    assert.match(sessions.stdout, new RegExp(`^${meta.id}\\s+${taskId} Create hello\\.txt\\s+claude-code\\s+succeeded\\s+\\$\\d`, 'm'));
    const list = await runCli(['list', '-w', ws]);
    assert.match(list.stdout, new RegExp(`${taskId}\\s+Create hello\\.txt\\s+done · Claude Code finished`));
  });

  it('run --json prints one valid normalized LogEntry per line, and nothing else on stdout', async () => {
    const { w, ws, taskId } = await setup();
    w.server.push({ blocks: [text('Nothing to change.')] });
    const r = await runCli(['run', taskId, '--mode', 'plan', '--json', '-w', ws], { env: w.env });
    assert.equal(r.code, 0, r.stderr);
    const entries: LogEntry[] = r.stdout.trim().split('\n').map((l) => LogEntrySchema.parse(JSON.parse(l)));
    assert.ok(entries.length >= 4);
    assert.deepEqual(entries.map((e) => e.seq), entries.map((_, i) => i), 'every entry, in order');
    assert.equal(entries[0].kind, 'user');
    assert.ok(entries.some((e) => e.kind === 'assistant' && e.delta === true));
    assert.ok(entries.some((e) => e.kind === 'result' && !e.isError));
    // The run's header and summary go to stderr so stdout stays pure JSON lines.
    assert.match(r.stderr, /▶ Claude Code · task/);
    assert.match(r.stderr, /✓ Succeeded/);
    const [meta] = listSessions(ws);
    const onDisk = readFileSync(join(ws, '.viban', 'sessions', `${meta.id}.jsonl`), 'utf8').trim().split('\n');
    assert.deepEqual(entries, onDisk.map((l) => JSON.parse(l)));
    assert.deepEqual(r.stdout.trim().split('\n'), onDisk, 'stdout carries the very lines of the log');
  });

  it('send resumes the agent session: the model sees the earlier conversation', async () => {
    const { w, ws, taskId } = await setup();
    w.server.push({ blocks: [text('The secret word is PAPAYA.')] }, { blocks: [text('You asked me to say hello; the word was PAPAYA.')] });
    const first = await runCli(['run', taskId, '--mode', 'auto-edit', '-w', ws], { env: w.env });
    assert.equal(first.code, 0, first.stderr);
    // No --mode: send continues in the mode of the session it resumes (auto-edit: no terminal needed).
    const second = await runCli(['send', taskId, 'What did I ask before?', '-w', ws], { env: w.env });
    assert.equal(second.code, 0, second.stdout + second.stderr);
    assert.match(second.stdout, /^› What did I ask before\?$/m);
    assert.match(second.stdout, /^You asked me to say hello; the word was PAPAYA\.$/m);
    const resumed = requestText(w.server.mainRequests()[1].body);
    assert.match(resumed, /Create hello\.txt/);
    assert.match(resumed, /The secret word is PAPAYA\./);
    assert.match(resumed, /What did I ask before\?/);
    const [a, b] = listSessions(ws);
    assert.equal(b.resumedFrom, a.id);
    assert.equal(b.agentSessionId, a.agentSessionId);
    assert.equal(b.permissionMode, 'auto-edit');
    assert.equal(b.status, 'succeeded');
  });

  it('a failing agent exits 1 with its reason; ask mode without a terminal is refused before anything runs', async () => {
    const { w, ws, taskId } = await setup();
    const refused = await runCli(['run', taskId, '-w', ws], { env: w.env, input: 'y\nn\n' });
    assert.equal(refused.code, 2);
    assert.match(refused.stderr, /^viban: --mode ask approves each tool on the terminal, but stdin is not a terminal; pass --mode auto-edit, --mode plan or --mode full-auto/);
    assert.equal(w.server.requests.length, 0);
    assert.equal(existsSync(join(ws, '.viban', 'sessions')), false);

    // The CLI retries even a 401 (10 times by default, with backoff); one retry keeps this quick.
    w.server.push({ status: 401, errorMessage: 'invalid x-api-key', times: 5 });
    const failed = await runCli(['run', taskId, '--mode', 'auto-edit', '-w', ws], { env: { ...w.env, CLAUDE_CODE_MAX_RETRIES: '1' } });
    assert.equal(failed.code, 1, failed.stdout);
    assert.match(failed.stdout, /^✗ Claude Code could not authenticate/m);
    assert.match(lastLine(failed.stdout), /^✗ Failed: Claude Code could not authenticate/);
    assert.equal(listSessions(ws)[0].status, 'failed');
  });
});
