// The writer thread behind session logs: every batch lands in order in its own file, the sender can
// see and wait on what is not yet written, a failing file fails alone, and the process neither
// exits before its writes land nor stays alive after them.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { openAppendFile } from '../../../../src/store/sessions/appendWorker';
import { removeTempDirs, tempDir } from '../../../support/agentSandboxes';

const repoRoot = path.resolve(__dirname, '../../../..');

describe('appendWorker (session logs written off the main thread)', () => {
  let dir: string;
  beforeEach(() => (dir = tempDir('append-worker')));
  after(removeTempDirs);

  it('appends every batch in order, to two files at once, and close waits for all of it', async () => {
    const [a, b] = await Promise.all([openAppendFile(path.join(dir, 'a.txt')), openAppendFile(path.join(dir, 'b.txt'))]);
    let expectA = '';
    let expectB = '';
    for (let i = 0; i < 2000; i++) {
      const piece = `${i} ünï 😀 ${'x'.repeat(i % 97)}\n`;
      a.append(`a${piece}`);
      expectA += `a${piece}`;
      if (i % 3 === 0) {
        b.append(`b${piece}`);
        expectB += `b${piece}`;
      }
    }
    await Promise.all([a.close(), b.close()]);
    assert.equal(fs.readFileSync(path.join(dir, 'a.txt'), 'utf8'), expectA);
    assert.equal(fs.readFileSync(path.join(dir, 'b.txt'), 'utf8'), expectB);
  });

  it('counts what waits for the disk, and below() resolves once the writer caught up', async () => {
    const file = path.join(dir, 'c.txt');
    fs.writeFileSync(file, 'before\n');
    const f = await openAppendFile(file);
    const chunk = 'y'.repeat(64 * 1024);
    for (let i = 0; i < 160; i++) f.append(chunk); // 10 MiB, handed over before anything is acknowledged
    assert.equal(f.pending, 160 * chunk.length);
    await f.below(1);
    assert.equal(f.pending, 0);
    assert.equal(fs.statSync(file).size, 'before\n'.length + 160 * chunk.length, 'acknowledged means on disk');
    await f.close();
    assert.throws(() => f.append('late'), /closed/);
  });

  it('a write that fails (a full disk) fails that file alone: the next append throws and close rejects', async () => {
    const full = await openAppendFile('/dev/full');
    const ok = await openAppendFile(path.join(dir, 'ok.txt'));
    full.append('no room for this\n');
    ok.append('this lands\n');
    await full.below(1);
    assert.match(String(full.failure), /ENOSPC/);
    assert.throws(() => full.append('more'), /ENOSPC/);
    await assert.rejects(full.close(), /ENOSPC/);
    ok.append('and so does this\n');
    await ok.close();
    assert.equal(fs.readFileSync(path.join(dir, 'ok.txt'), 'utf8'), 'this lands\nand so does this\n');
  });

  it('an open that fails rejects with the reason', async () => {
    await assert.rejects(openAppendFile(path.join(dir, 'missing-folder', 'x.txt')), /ENOENT.*missing-folder/);
    // The worker is still usable afterwards.
    const f = await openAppendFile(path.join(dir, 'after.txt'));
    f.append('fine');
    await f.close();
    assert.equal(fs.readFileSync(path.join(dir, 'after.txt'), 'utf8'), 'fine');
  });

  it('the process stays alive until its writes landed, then exits by itself (a file left open included)', () => {
    const file = path.join(dir, 'exit.txt');
    const script = `
      const { openAppendFile } = require(${JSON.stringify(path.join(repoRoot, 'src/store/sessions/appendWorker.ts'))});
      openAppendFile(${JSON.stringify(file)}).then((f) => {
        for (let i = 0; i < 100; i++) f.append('z'.repeat(100000) + '\\n');
        // Neither awaited nor closed: nothing else keeps this process alive.
      });
    `;
    const t0 = Date.now();
    const r = spawnSync(process.execPath, ['--require', 'tsx/cjs', '-e', script], { cwd: repoRoot, encoding: 'utf8', timeout: 30_000 });
    assert.equal(r.status, 0, `exit ${r.status} ${r.signal ?? ''}: ${r.stderr}`);
    assert.ok(Date.now() - t0 < 25_000, 'the process hung');
    assert.equal(fs.statSync(file).size, 100 * 100001, 'the process exited before its writes landed');
  });
});
