import { strict as assert } from 'node:assert';
import { mkdtempSync, existsSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startProcess, ProcessSpawnError, type RunningProcess } from '../../../../src/executors/processRunner';
import { isAlive } from '../../../../src/process/liveness';
import { nodeScript } from '../../../support/nodeScriptCommand';
import { liveGroupMembers } from '../../../support/processGroups';

async function runToEnd(script: string, extra: Parameters<typeof nodeScript>[1] = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const proc = await startProcess({
    command: nodeScript(script, extra),
    onStdoutLine: (l) => void out.push(l),
    onStderrLine: (l) => void err.push(l),
  });
  const exit = await proc.exited;
  return { out, err, exit, proc };
}


const waitFor = async (cond: () => boolean, ms = 5000) => {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 20));
  }
};

describe('processRunner', () => {
  let dir: string;
  beforeEach(() => (dir = realpathSync(mkdtempSync(join(tmpdir(), 'viban-runner-')))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('passes a hostile prompt through argv byte for byte (no shell)', async () => {
    const marker = join(dir, 'pwned');
    const prompt = `it's "quoted" $(touch ${marker}) \`touch ${marker}\` ; rm -rf / && echo 'x'\nsecond line\ttab 😀 \\ back`;
    const { out, exit } = await runToEnd('process.stdout.write(JSON.stringify(process.argv.slice(1)) + "\\n")', {
      argv: [prompt, '--flag=$HOME'],
    });
    assert.equal(exit.exitCode, 0);
    assert.deepEqual(JSON.parse(out[0]), [prompt, '--flag=$HOME']);
    assert.equal(existsSync(marker), false);
  });

  it('runs in the given cwd with the given env', async () => {
    const { out } = await runToEnd('console.log(process.cwd()); console.log(process.env.VIBAN_T)', {
      cwd: dir,
      env: { ...process.env, VIBAN_T: 'v 1' },
    });
    assert.deepEqual(out, [dir, 'v 1']);
  });

  it('reads stdout and stderr as separate line streams and reports the exit code', async () => {
    const { out, err, exit } = await runToEnd('console.log("a"); console.error("e1"); console.log("b"); process.exit(3)');
    assert.deepEqual(out, ['a', 'b']);
    assert.deepEqual(err, ['e1']);
    assert.equal(exit.exitCode, 3);
    assert.equal(exit.signal, null);
    assert.equal(exit.stopped, false);
  });

  it('reports the signal that ended a process', async () => {
    const { exit } = await runToEnd('process.kill(process.pid, "SIGKILL")');
    assert.equal(exit.exitCode, null);
    assert.equal(exit.signal, 'SIGKILL');
  });

  it('streams a 20 MB single line intact, and a UTF-8 emoji split across writes', async () => {
    const script = `
      const big = 'x'.repeat(20 * 1024 * 1024);
      process.stdout.write('a' + big + 'z\\n');
      const e = Buffer.from('😀\\n');
      process.stdout.write(e.subarray(0, 1));
      setTimeout(() => { process.stdout.write(e.subarray(1, 3)); setTimeout(() => process.stdout.write(e.subarray(3)), 20); }, 20);`;
    const { out, exit } = await runToEnd(script);
    assert.equal(out.length, 2);
    assert.equal(out[0].length, 20 * 1024 * 1024 + 2);
    assert.ok(out[0].startsWith('ax') && out[0].endsWith('xz'));
    assert.equal(out[1], '😀');
    assert.equal(exit.stdoutEndedMidLine, false);
  });

  it('says when stdout ended mid-line', async () => {
    const { out, exit } = await runToEnd('process.stdout.write("{\\"type\\":\\"tru")');
    assert.deepEqual(out, ['{"type":"tru']);
    assert.equal(exit.stdoutEndedMidLine, true);
  });

  it('gives a typed error when the executable does not exist', async () => {
    await assert.rejects(
      startProcess({ command: { file: join(dir, 'no-such-agent'), args: [], env: {}, cwd: dir, stdin: 'ignore' }, onStdoutLine: () => {} }),
      (e: unknown) => e instanceof ProcessSpawnError && e.code === 'ENOENT' && /not found/.test(e.message),
    );
  });

  it('stops gracefully first: closing stdin ends a well-behaved child before any signal', async () => {
    const proc = await startProcess({
      command: nodeScript('process.stdin.resume(); process.stdin.on("end", () => { console.log("bye"); process.exit(0); }); console.log("ready")', { stdin: 'pipe' }),
      onStdoutLine: () => {},
      gracefulTimeoutMs: 5000,
    });
    const t0 = Date.now();
    const exit = await proc.stop();
    assert.equal(exit.exitCode, 0);
    assert.equal(exit.stopped, true);
    assert.ok(Date.now() - t0 < 4000);
  });

  it('escalates to SIGKILL and leaves no process of the tree alive (grandchildren ignoring SIGTERM, one in its own session)', async () => {
    // The child ignores SIGTERM and stdin; it starts two grandchildren that ignore SIGTERM, one of
    // them detached into its own process group (escapes a group kill), and prints their pids.
    const stubborn = 'process.on("SIGTERM", () => {}); setInterval(() => {}, 1000); console.log(process.pid)';
    const script = `
      const { spawn } = require('child_process');
      process.on('SIGTERM', () => {});
      const a = spawn(process.execPath, ['-e', ${JSON.stringify(stubborn)}], { stdio: ['ignore', 'inherit', 'ignore'] });
      const b = spawn(process.execPath, ['-e', ${JSON.stringify(stubborn)}], { stdio: ['ignore', 'inherit', 'ignore'], detached: true });
      console.log(process.pid);
      setInterval(() => {}, 1000);`;
    const pids: number[] = [];
    const proc: RunningProcess = await startProcess({
      command: nodeScript(script, { stdin: 'pipe' }),
      onStdoutLine: (l) => void pids.push(Number(l)),
      gracefulTimeoutMs: 200,
      terminateTimeoutMs: 300,
    });
    await waitFor(() => pids.length === 3);
    assert.ok(pids.includes(proc.pid));
    assert.ok(pids.every(isAlive));
    const exit = await proc.stop();
    assert.equal(exit.stopped, true);
    assert.equal(exit.signal, 'SIGKILL');
    for (const pid of pids) assert.equal(isAlive(pid), false, `pid ${pid} survived`);
    assert.deepEqual(liveGroupMembers(proc.pid), []);
  });

  it('stops when the AbortSignal fires', async () => {
    const ac = new AbortController();
    const proc = await startProcess({
      command: nodeScript('setInterval(() => {}, 1000)', { stdin: 'pipe' }),
      onStdoutLine: () => {},
      signal: ac.signal,
      gracefulTimeoutMs: 100,
    });
    ac.abort();
    const exit = await proc.exited;
    assert.equal(exit.stopped, true);
    assert.equal(exit.signal, 'SIGTERM');
    assert.equal(isAlive(proc.pid), false);
  });

  it('calls onIdle after the idle timeout, which can stop the process', async () => {
    let idle = 0;
    const proc = await startProcess({
      command: nodeScript('console.log("hi"); setInterval(() => {}, 1000)'),
      onStdoutLine: () => {},
      idleTimeoutMs: 150,
      gracefulTimeoutMs: 50,
      onIdle: (p) => {
        idle++;
        void p.stop();
      },
    });
    const exit = await proc.exited;
    assert.equal(idle, 1);
    assert.equal(exit.stopped, true);
  });

  it('after a natural exit, kills what the process left running in its group', async () => {
    const script = `
      const { spawn } = require('child_process');
      const c = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
      console.log(c.pid); c.unref(); setTimeout(() => process.exit(0), 100);`;
    const { out, exit } = await runToEnd(script);
    assert.equal(exit.exitCode, 0);
    assert.equal(isAlive(Number(out[0])), false);
  });

  it('writes lines to stdin and refuses once stdin is closed', async () => {
    const out: string[] = [];
    const proc = await startProcess({
      command: nodeScript('require("readline").createInterface({ input: process.stdin }).on("line", (l) => console.log("got " + l))', { stdin: 'pipe' }),
      onStdoutLine: (l) => void out.push(l),
    });
    assert.equal(proc.writeLine('one'), true);
    proc.closeStdin();
    assert.equal(proc.writeLine('two'), false);
    const exit = await proc.exited;
    assert.equal(exit.exitCode, 0);
    assert.deepEqual(out, ['got one']);
  });
});
