import { strict as assert } from 'node:assert';
import { execFileSync, spawn } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { MemoryError, MemoryRepository, keyFor } from '../../../src/memory/memoryRepository';
import { MemoryFileSchema } from '../../../src/protocol/memory';
import { NewerMemorySchemaError } from '../../../src/store/memory/memoryStore';
import { makeTempRoot, removeTempRoot } from '../store/helpers';

async function onDisk(root: string) {
  return MemoryFileSchema.parse(JSON.parse(await fs.readFile(path.join(root, '.viban', 'memory.json'), 'utf8')));
}

describe('memory/MemoryRepository', () => {
  let root: string;
  let repo: MemoryRepository;
  beforeEach(async () => {
    root = await makeTempRoot();
    repo = new MemoryRepository(root, { redactor: { redact: (t) => t.replace(/sk-test-[a-z0-9]+/g, '[REDACTED]') } });
  });
  afterEach(async () => removeTempRoot(root));

  it('starts empty without creating anything', async () => {
    assert.deepEqual(await repo.list(), []);
    await assert.rejects(fs.access(path.join(root, '.viban')));
  });

  it('adds a stated item with full confidence, a key from its first words, and writes valid JSON', async () => {
    execFileSync('git', ['init', '-q', root]);
    const item = await repo.add({ category: 'decision', value: '  No social login   for now ' });
    assert.equal(item.value, 'No social login for now');
    assert.equal(item.key, 'no-social-login-for-now');
    assert.equal(item.confidence, 1);
    assert.match(item.id, /^mem_[a-z0-9]{10}$/);
    const file = await onDisk(root);
    assert.deepEqual(file.items, [item]);
    // Memory is committable: git offers memory.json, while the lock stays out of sight (the store
    // writes its local patterns to .git/info/exclude, not to a new file in the working tree).
    await fs.writeFile(path.join(root, '.viban', 'memory.lock'), '');
    const untracked = execFileSync('git', ['status', '--porcelain', '--untracked-files=all'], { cwd: root, encoding: 'utf8' });
    assert.match(untracked, /^\?\? \.viban\/memory\.json$/m);
    assert.doesNotMatch(untracked, /memory\.lock|\.gitignore/);
  });

  it('keeps an explicit key (as a slug) and a due date for open questions', async () => {
    const item = await repo.add({ category: 'open', value: 'Revisit the retry policy', key: 'Retry Policy', due: '2026-12-12' });
    assert.equal(item.key, 'retry-policy');
    assert.equal(item.due, '2026-12-12T00:00:00.000Z');
  });

  it('refuses empty text, bad confidence, a bad date and an unknown id, writing nothing', async () => {
    await assert.rejects(repo.add({ category: 'context', value: '   ' }), MemoryError);
    await assert.rejects(repo.add({ category: 'context', value: 'x', confidence: 1.5 }), /from 0 to 1/);
    await assert.rejects(repo.add({ category: 'open', value: 'x', due: 'next week' }), /not a date/);
    await assert.rejects(repo.add({ category: 'open', value: 'x', key: '!!!' }), /letters or digits/);
    await assert.rejects(repo.forget('mem_nope'), /no memory item "mem_nope"/);
    assert.deepEqual(await repo.list(), []);
  });

  it('propose: a repeat raises confidence, a contradiction lowers the older item and keeps both', async () => {
    const first = await repo.propose({ category: 'decision', key: 'auth', value: 'Use email login only', sourceConversation: 'conv_1' });
    assert.equal(first.outcome, 'added');
    assert.equal(first.item.confidence, 0.6);
    assert.equal(first.item.sourceConversation, 'conv_1');
    const again = await repo.propose({ category: 'decision', key: 'auth', value: 'use email login only.' });
    assert.equal(again.outcome, 'confirmed');
    assert.equal(again.item.id, first.item.id);
    assert.equal(again.item.confidence, 0.7);
    const other = await repo.propose({ category: 'decision', key: 'auth', value: 'Add GitHub login' });
    assert.equal(other.outcome, 'added');
    assert.deepEqual(other.contradicted.map((i) => [i.id, i.confidence]), [[first.item.id, 0.35]]);
    const items = await repo.list({ category: 'decision' });
    assert.deepEqual(items.map((i) => i.value), ['Add GitHub login', 'Use email login only']);
  });

  it('contradict halves confidence; update changes fields; forget removes', async () => {
    const item = await repo.add({ category: 'preference', value: 'Tabs over spaces' });
    assert.equal((await repo.contradict(item.id)).confidence, 0.5);
    const updated = await repo.update(item.id, { value: 'Two spaces, no tabs', confidence: 0.9 });
    assert.equal(updated.value, 'Two spaces, no tabs');
    assert.equal(updated.key, item.key);
    assert.equal(updated.confidence, 0.9);
    assert.equal((await repo.forget(item.id)).id, item.id);
    assert.deepEqual((await onDisk(root)).items, []);
  });

  it('filters by category, text, confidence and due date; decisions come first', async () => {
    await repo.add({ category: 'context', value: 'The API is served from Fly.io' });
    await repo.add({ category: 'decision', value: 'Postgres, not MySQL' });
    await repo.add({ category: 'open', value: 'Pick a CSV library', due: '2026-01-01' });
    await repo.add({ category: 'open', value: 'Revisit caching', due: '2027-06-01' });
    await repo.add({ category: 'experiment', value: 'Trying esbuild for tests', confidence: 0.2 });
    assert.equal((await repo.list())[0].category, 'decision');
    assert.deepEqual((await repo.list({ text: 'POSTGRES' })).map((i) => i.category), ['decision']);
    assert.deepEqual((await repo.list({ dueBefore: '2026-06-01T00:00:00Z' })).map((i) => i.value), ['Pick a CSV library']);
    assert.equal((await repo.list({ minConfidence: 0.5 })).length, 4);
    assert.equal((await repo.list({ category: 'open' })).length, 2);
  });

  it('masks secrets in what it writes', async () => {
    const item = await repo.add({ category: 'context', value: 'The staging key is sk-test-abc123' });
    assert.equal(item.value, 'The staging key is [REDACTED]');
    assert.doesNotMatch(await fs.readFile(path.join(root, '.viban', 'memory.json'), 'utf8'), /sk-test/);
  });

  it('moves a corrupt file aside, reports it, and starts empty', async () => {
    await fs.mkdir(path.join(root, '.viban'), { recursive: true });
    await fs.writeFile(path.join(root, '.viban', 'memory.json'), '{ "schemaVersion": 1, "items": [ { "id": 3 } ] }');
    assert.deepEqual(await repo.list(), []);
    assert.equal(repo.problems.length, 1);
    assert.match(repo.problems[0].message, /could not be used.*moved to .*memory\.json\.corrupt-.*Memory starts empty/s);
    const names = await fs.readdir(path.join(root, '.viban'));
    assert.ok(names.some((n) => n.startsWith('memory.json.corrupt-')), names.join(', '));
    await repo.add({ category: 'context', value: 'fresh start' });
    assert.equal((await onDisk(root)).items.length, 1);
  });

  it('refuses to rewrite a file from a newer Viban, leaving it untouched', async () => {
    await fs.mkdir(path.join(root, '.viban'), { recursive: true });
    const text = JSON.stringify({ schemaVersion: 9, items: [{ anything: true }] });
    await fs.writeFile(path.join(root, '.viban', 'memory.json'), text);
    await assert.rejects(repo.add({ category: 'context', value: 'x' }), NewerMemorySchemaError);
    await assert.rejects(repo.list(), /newer version of Viban/);
    assert.equal(await fs.readFile(path.join(root, '.viban', 'memory.json'), 'utf8'), text);
  });

  it('keyFor takes the first six words', () => {
    assert.equal(keyFor('We will not support Internet Explorer eleven at all'), 'we-will-not-support-internet-explorer');
  });

  it('separate processes adding at once lose nothing (the store lock)', async function () {
    this.timeout(60_000);
    const script = `
      const { MemoryRepository } = require(${JSON.stringify(path.resolve(__dirname, '../../../src/memory/memoryRepository.ts'))});
      const repo = new MemoryRepository(process.argv[1]);
      (async () => { for (let i = 0; i < 10; i++) await repo.add({ category: 'context', value: 'p' + process.argv[2] + ' item ' + i }); })()
        .catch((e) => { console.error(e); process.exit(1); });`;
    const runs = [0, 1, 2].map(
      (n) =>
        new Promise<number | null>((resolve) => {
          const child = spawn(process.execPath, ['--require', 'tsx/cjs', '-e', script, root, String(n)], { stdio: ['ignore', 'ignore', 'inherit'] });
          child.on('close', resolve);
        }),
    );
    assert.deepEqual(await Promise.all(runs), [0, 0, 0]);
    const items = (await onDisk(root)).items;
    assert.equal(items.length, 30);
    assert.equal(new Set(items.map((i) => i.value)).size, 30);
  });
});
