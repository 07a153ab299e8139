// Stopping runs across real processes: `viban stop` from a second process, Ctrl+C, an owner that
// ignores stop requests (a VS Code window), and an owner that died. Each test checks the exit
// codes, the stored metadata, and that no agent process is left behind.
import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { text } from '../../support/scriptedAnthropicServer';
import { claudeWorld, type ClaudeWorld } from '../../support/claudeHarness';
import { CLAUDE_BIN, cliEnv, eventually, lastLine, liveGroupMembers, readBoard, readSession, REPO_ROOT, runCli, startCli, writeSettings, type RunningCli } from './cliHarness';

const SLOW_TURN = { blocks: [text('word '.repeat(200))], eventDelayMs: 100 };

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('viban stop and Ctrl+C across real processes', function () {
  this.timeout(60000);
  let world: ClaudeWorld | undefined;
  const started: RunningCli[] = [];
  afterEach(async () => {
    for (const r of started.splice(0)) if (r.child.exitCode === null) r.child.kill('SIGKILL');
    await world?.dispose();
    world = undefined;
  });

  async function slowRun() {
    world = await claudeWorld([SLOW_TURN]);
    const ws = world.repo;
    writeSettings(ws, { executors: { paths: { 'claude-code': CLAUDE_BIN } } });
    const taskId = lastLine((await runCli(['add', 'Write a long essay', '-w', ws])).stdout);
    const run = startCli(['run', taskId, '--mode', 'auto-edit', '-w', ws], { env: world.env });
    started.push(run);
    await run.waitFor(/^word word/m); // the agent is streaming
    const sessionId = /session (s_\w+)/.exec(run.stdout())![1];
    const agentPid = await eventually(() => readSession(ws, sessionId).pid, 'the agent pid in the metadata');
    assert.ok(alive(agentPid));
    return { ws, taskId, run, sessionId, agentPid };
  }

  it('stop from a second process: the runner stops its agent gracefully, exits 130, nothing is left', async () => {
    const { ws, taskId, run, sessionId, agentPid } = await slowRun();
    assert.equal(readSession(ws, sessionId).ownerPid, run.child.pid);

    // While it runs: another run of the same task is refused, and the log can be followed.
    const twice = await runCli(['run', taskId, '--mode', 'auto-edit', '-w', ws], { env: world!.env });
    assert.equal(twice.code, 1);
    assert.match(twice.stderr, new RegExp(`^viban: task ${taskId} already has a running agent \\(session ${sessionId}, in process ${run.child.pid}\\)`));
    const follow = startCli(['log', sessionId, '--follow', '-w', ws]);
    started.push(follow);
    await follow.waitFor(/word word/);

    const stop = await runCli(['stop', sessionId, '-w', ws]);
    assert.equal(stop.code, 0, stop.stderr);
    assert.equal(stop.stdout, `Stopped session ${sessionId} (stopped).\n`);

    const ran = await run.done;
    assert.equal(ran.code, 130, ran.stderr);
    assert.match(ran.stderr, /Stop requested from another process \(viban stop\)\./);
    assert.match(lastLine(ran.stdout), new RegExp(`^■ Stopped · .*session ${sessionId}$`));
    const meta = readSession(ws, sessionId);
    assert.equal(meta.status, 'stopped');
    assert.equal(meta.pid, undefined);
    assert.equal(alive(agentPid), false);
    assert.deepEqual(liveGroupMembers(agentPid), []);
    const task = readBoard(ws).tasks.find((t) => t.id === taskId)!;
    assert.equal(task.agentStatus, 'idle');
    assert.equal(task.agentStatusMessage, 'Stopped');

    const followed = await follow.done;
    assert.equal(followed.code, 0, followed.stderr);
    assert.match(lastLine(followed.stdout), /^■ Stopped · /);

    const again = await runCli(['stop', sessionId, '-w', ws]);
    assert.equal(again.code, 0);
    assert.equal(again.stdout, `Session ${sessionId} had already ended (stopped).\n`);
    const unknown = await runCli(['stop', 's_nosuchthing', '-w', ws]);
    assert.equal(unknown.code, 1);
    assert.equal(unknown.stderr, `viban: there is no session "s_nosuchthing" in ${ws}/.viban/sessions (see \`viban sessions\`)\n`);
  });

  it('Ctrl+C (SIGINT to viban run) stops the agent gracefully and exits 130', async () => {
    const { ws, run, sessionId, agentPid } = await slowRun();
    run.child.kill('SIGINT');
    const ran = await run.done;
    assert.equal(ran.code, 130, ran.stderr);
    assert.match(ran.stderr, /Stopping the agent… \(press Ctrl\+C again to force\)/);
    assert.match(lastLine(ran.stdout), /^■ Stopped · /);
    assert.equal(readSession(ws, sessionId).status, 'stopped');
    assert.equal(alive(agentPid), false);
    assert.deepEqual(liveGroupMembers(agentPid), []);
  });

  /**
   * A session run by another process (a stand-in for a VS Code window, fixtures/foreignOwner.ts),
   * either acting on stop requests (`listening`) or not (`deaf`), once its agent has called the model.
   */
  async function foreignOwnerRun(mode: 'deaf' | 'listening') {
    world = await claudeWorld([SLOW_TURN]);
    const ws = world.repo;
    const taskId = lastLine((await runCli(['add', 'Write a long essay', '-w', ws])).stdout);
    const owner = spawn(process.execPath, ['--import', 'tsx', join(__dirname, 'fixtures/foreignOwner.ts'), ws, taskId, CLAUDE_BIN, mode], {
      cwd: REPO_ROOT,
      env: cliEnv(world.env) as NodeJS.ProcessEnv,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    owner.stdout.on('data', (d) => (out += d));
    const ownerDone = new Promise<void>((r) => owner.on('close', () => r()));
    try {
      const sessionId = await eventually(() => /"started":"(s_\w+)"/.exec(out)?.[1], 'the owner to start');
      const agentPid = await eventually(() => readSession(ws, sessionId).pid, 'the agent pid');
      await eventually(() => (world!.server.mainRequests().length > 0 ? true : undefined), 'the agent to call the model');
      return { ws, owner, said: () => out, ownerDone, sessionId, agentPid };
    } catch (err) {
      owner.kill('SIGKILL');
      throw err;
    }
  }

  it('an owner that ignores stop requests (hung, or an older Viban): the agent is signalled and the owner records the end', async () => {
    const { ws, owner, said, ownerDone, sessionId, agentPid } = await foreignOwnerRun('deaf');
    try {

      const stop = await runCli(['stop', sessionId, '--timeout', '25', '-w', ws]);
      assert.equal(stop.code, 0, stop.stderr);
      assert.match(stop.stderr, new RegExp(`did not answer; signalling its agent \\(process group ${agentPid}\\)`));
      const status = readSession(ws, sessionId).status;
      assert.notEqual(status, 'running');
      assert.match(stop.stdout, new RegExp(`^Stopped session ${sessionId}: its agent \\(pid ${agentPid}\\) was ended with SIG(INT|TERM|KILL); the process that ran it recorded it as ${status}\\.\n$`));
      assert.equal(alive(agentPid), false);
      assert.deepEqual(liveGroupMembers(agentPid), []);
      await ownerDone;
      assert.match(said(), new RegExp(`"final":"${status}"`));
      // The stop request was withdrawn: nothing is left in the store for a later owner to act on.
      assert.equal(existsSync(join(ws, '.viban', 'sessions', `${sessionId}.stop`)), false);
    } finally {
      if (owner.exitCode === null) owner.kill('SIGKILL');
    }
  });

  it('a VS Code window owning the session acts on the stop request: graceful stop, recorded as stopped', async () => {
    const { ws, owner, said, ownerDone, sessionId, agentPid } = await foreignOwnerRun('listening');
    try {
      const stop = await runCli(['stop', sessionId, '--timeout', '25', '-w', ws]);
      assert.equal(stop.code, 0, stop.stderr);
      assert.doesNotMatch(stop.stderr, /signalling its agent/);
      assert.equal(readSession(ws, sessionId).status, 'stopped');
      await ownerDone;
      assert.match(said(), /"final":"stopped"/);
      assert.equal(alive(agentPid), false);
      assert.deepEqual(liveGroupMembers(agentPid), []);
    } finally {
      if (owner.exitCode === null) owner.kill('SIGKILL');
    }
  });

  it('an owner that died: stop ends its orphaned agent and marks the session interrupted', async () => {
    const { ws, run, sessionId, agentPid } = await slowRun();
    run.child.kill('SIGKILL'); // no chance to clean up
    await run.done;
    const stop = await runCli(['stop', sessionId, '-w', ws]);
    assert.equal(stop.code, 0, stop.stderr);
    // Opening the store already recovers sessions whose owner is gone, so this may read either way.
    assert.match(stop.stdout, new RegExp(`^(Session ${sessionId}: the process that ran it \\(pid ${run.child.pid}\\) is gone; it is now marked interrupted|Session ${sessionId} had already ended \\(interrupted\\))\\.\n$`));
    const meta = readSession(ws, sessionId);
    assert.equal(meta.status, 'interrupted');
    await eventually(() => (liveGroupMembers(agentPid).length === 0 ? true : undefined), 'the orphaned agent to end', 5000);
  });
});
