import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { BoardStore } from '../../../src/store/boardStore';
import { STRAY_TEMP_MAX_AGE_MS } from '../../../src/store/strayTemps';
import { addTask, makeTempRoot, removeTempRoot, task } from './helpers';

/** The pid of a process that has certainly exited. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '0'], { stdio: 'ignore' });
  const pid = child.pid!;
  await new Promise((resolve) => child.on('close', resolve));
  return pid;
}

describe('store: temp files left by crashed writers', () => {
  let root: string;
  let store: BoardStore;
  beforeEach(async () => {
    root = await makeTempRoot();
    store = new BoardStore({ root });
  });
  afterEach(async () => {
    store.dispose();
    await removeTempRoot(root);
  });

  const temps = async () => (await fs.readdir(store.dir)).filter((f) => f.endsWith('.tmp')).sort();

  it('the next write removes those of dead writers and old ones, and keeps a live writer\'s fresh one', async () => {
    await fs.mkdir(store.dir);
    const dead = await deadPid();
    const planted = {
      deadBoard: `.board.json.${dead}-deadbeef.tmp`,
      deadBackup: `.board.json.v0.bak.${dead}-0badf00d.tmp`,
      deadLock: `.board.lock.${dead}-12345678.tmp`,
      oldLive: `.board.json.${process.pid}-aaaaaaaa.tmp`,
      freshLive: `.board.json.${process.pid}-bbbbbbbb.tmp`,
      notOurs: `.notes.json.${dead}-cccccccc.tmp`,
    };
    for (const name of Object.values(planted)) await fs.writeFile(path.join(store.dir, name), '{"schemaVersion": 1, "colu');
    const old = new Date(Date.now() - STRAY_TEMP_MAX_AGE_MS - 60_000);
    await fs.utimes(path.join(store.dir, planted.oldLive), old, old);

    await store.update(addTask(task('a')));
    assert.deepEqual(await temps(), [planted.freshLive, planted.notOurs].sort());
    assert.deepEqual((await store.load()).board.tasks.map((t) => t.id), ['a']);
  });
});
