// `kill -9` of `viban run` leaves its agent's processes without an owner. The next command that
// opens the folder marks the session interrupted and must end every one of them: the agent's
// group when its leader is already gone, a grandchild that left the group with setsid, and a
// tree the runner never got to record. Agents here are shell scripts (a custom executor) that
// write the pids of what they start to a file.
import { strict as assert } from 'node:assert';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isAlive } from '../../../src/process/liveness';
import { eventually, lastLine, listSessions, runCli, startCli, tempWorkspace, writeSettings, type RunningCli } from './cliHarness';

function shellAgent(ws: string, script: string) {
  writeSettings(ws, { executors: { default: 'sh', custom: [{ id: 'sh', label: 'Shell agent', command: '/bin/sh', args: ['-c', script, 'sh', '{prompt}'], outputFormat: 'text' }] } });
}

describe('orphans after kill -9 of viban run', function () {
  this.timeout(60000);
  const leftovers: number[] = [];
  const runs: RunningCli[] = [];
  afterEach(() => {
    for (const r of runs.splice(0)) if (r.child.exitCode === null) r.child.kill('SIGKILL');
    for (const pid of leftovers.splice(0)) for (const t of [pid, -pid]) try { process.kill(t, 'SIGKILL'); } catch { /* gone */ }
  });

  async function runUntilPids(ws: string, pidFile: string, count: number) {
    const taskId = lastLine((await runCli(['add', 'Leave processes behind', '-w', ws])).stdout);
    const run = startCli(['run', taskId, '--mode', 'full-auto', '-w', ws]);
    runs.push(run);
    const pids = await eventually(() => {
      const found = existsSync(pidFile) ? readFileSync(pidFile, 'utf8').trim().split('\n').filter(Boolean).map(Number) : [];
      return found.length >= count ? found : undefined;
    }, 'the agent to start its processes');
    leftovers.push(...pids);
    return { taskId, run, pids };
  }

  async function recoverAndCheck(ws: string, pids: number[]) {
    const next = await runCli(['sessions', '-w', ws]);
    assert.equal(next.code, 0, next.stderr);
    const [meta] = listSessions(ws);
    assert.equal(meta.status, 'interrupted');
    await eventually(() => (pids.every((p) => !isAlive(p)) ? true : undefined), 'every agent process to end', 5000).catch(() => undefined);
    assert.deepEqual(pids.filter(isAlive), [], 'agent processes left running');
  }

  it('the leader died of SIGPIPE: its background job in the group and a setsid grandchild are ended', async () => {
    const ws = tempWorkspace();
    const pidFile = join(ws, 'pids');
    shellAgent(ws, `sleep 300 & echo $! > ${pidFile}; setsid sleep 300 & echo $! >> ${pidFile}; echo $$ >> ${pidFile}; while :; do echo tick; sleep 0.05; done`);
    const { run, pids } = await runUntilPids(ws, pidFile, 3);
    await run.waitFor(/tick/);
    await eventually(() => listSessions(ws)[0]?.pid, 'the agent pid to be recorded');
    run.child.kill('SIGKILL');
    await run.done;
    const leader = pids[2];
    await eventually(() => (isAlive(leader) ? undefined : true), 'the leader to die writing to a closed pipe');
    await recoverAndCheck(ws, pids.slice(0, 2));
  });

  it('the runner was killed right after spawning: the unrecorded tree is ended too', async () => {
    const ws = tempWorkspace();
    const pidFile = join(ws, 'pids');
    // The agent kills its runner before doing anything else; what it leaves must still be found.
    shellAgent(ws, `sleep 300 & echo $! > ${pidFile}; setsid sleep 300 & echo $! >> ${pidFile}; echo $$ >> ${pidFile}; kill -9 $PPID; exec sleep 300`);
    const { run, pids } = await runUntilPids(ws, pidFile, 3);
    await run.done;
    await recoverAndCheck(ws, pids);
  });
});
