// Importing skills: from a folder, from a real (local, bare) git repository at a pinned commit,
// and from a SkillsMP-style marketplace served by a local stand-in on 127.0.0.1.
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SkillCatalog } from '../../../src/automation/skillCatalog';
import { importFromFolder, importFromGit, importFromMarketplace } from '../../../src/automation/skillImport';
import { MarketplaceClient } from '../../../src/automation/marketplaceClient';
import { startMarketplaceStandIn } from './marketplaceStandIn';

const gitEnv = { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@t', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@t' };
const git = (dir: string, ...args: string[]) => execFileSync('git', ['-C', dir, ...args], { env: gitEnv, encoding: 'utf8' }).trim();

describe('skill import', () => {
  let root: string;
  let scratch: string;
  let catalog: SkillCatalog;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'viban-import-'));
    scratch = mkdtempSync(join(tmpdir(), 'viban-import-src-'));
    catalog = new SkillCatalog(root);
  });
  afterEach(() => {
    rmSync(root, { recursive: true, force: true });
    rmSync(scratch, { recursive: true, force: true });
  });

  it('from a folder: the skill and its supporting files are copied and arrive as community', async () => {
    const src = join(scratch, 'summarize');
    mkdirSync(join(src, 'templates'), { recursive: true });
    writeFileSync(join(src, 'SKILL.md'), '# Summarize\n\nSummarizes.\n\n## Outputs\n- summary.md\n');
    writeFileSync(join(src, 'prompt.txt'), 'Summarize {{task.title}}');
    writeFileSync(join(src, 'templates', 't.md'), '# T');
    const [skill] = await importFromFolder(catalog, src);
    assert.deepEqual([skill.id, skill.trust, skill.source, skill.outputs], ['summarize', 'community', 'local', ['summary.md']]);
    assert.equal(readFileSync(join(root, '.viban', 'skills', 'summarize', 'templates', 't.md'), 'utf8'), '# T');
    assert.ok(existsSync(join(root, '.viban', 'skills', 'summarize', 'prompt.txt')));
    await assert.rejects(importFromFolder(catalog, src), /already installed/);
    await assert.rejects(importFromFolder(catalog, scratch + '/nothing'), /has no SKILL.md/);
  });

  it('from a git URL at a pinned commit: the file at that commit, not the branch tip, and the commit recorded', async () => {
    const work = join(scratch, 'work');
    const bare = join(scratch, 'skills.git');
    execFileSync('git', ['init', '-q', '-b', 'main', work]);
    mkdirSync(join(work, 'skills', 'review'), { recursive: true });
    writeFileSync(join(work, 'skills', 'review', 'SKILL.md'), '---\nname: Review\ndescription: v1\nversion: 1.0.0\n---\nReview v1.\n');
    git(work, 'add', '.');
    git(work, 'commit', '-qm', 'v1');
    const v1 = git(work, 'rev-parse', 'HEAD');
    git(work, 'tag', 'v1');
    writeFileSync(join(work, 'skills', 'review', 'SKILL.md'), '---\nname: Review\ndescription: v2\n---\nReview v2 — unvetted changes.\n');
    git(work, 'commit', '-qam', 'v2');
    execFileSync('git', ['clone', '-q', '--bare', work, bare]);

    const [skill] = await importFromGit(catalog, `file://${bare}#v1`);
    assert.deepEqual([skill.id, skill.source, skill.pinnedCommit, skill.trust, skill.description, skill.version], ['review', 'git', v1, 'community', 'v1', '1.0.0']);
    assert.match(readFileSync(join(root, '.viban', 'skills', 'review', 'SKILL.md'), 'utf8'), /Review v1/);
    assert.ok(!existsSync(join(root, '.viban', 'skills', 'review', '.git')));
    const onDisk = JSON.parse(readFileSync(join(root, '.viban', 'skills.json'), 'utf8'));
    assert.equal(onDisk.skills[0].pinnedCommit, v1);
    rmSync(join(root, '.viban', 'skills', 'review'), { recursive: true });
    await assert.rejects(importFromGit(catalog, `file://${bare}#no-such-tag`), /has no branch, tag or commit "no-such-tag"/);
  });

  it('from a marketplace: search, then import by id with its files; a bad key and an escaping path are refused', async () => {
    const mp = await startMarketplaceStandIn('test-key-123');
    try {
      const client = new MarketplaceClient({ baseUrl: mp.url, apiKey: 'test-key-123' });
      const found = await client.search('prd');
      assert.deepEqual(found.map((s) => [s.id, s.name, s.version]), [['acme-prd-writer', 'PRD Writer', '2.1.0']]);
      const skill = await importFromMarketplace(catalog, client, 'acme-prd-writer');
      assert.deepEqual([skill.id, skill.source, skill.origin, skill.trust, skill.version], ['prd-writer', 'marketplace', 'acme-prd-writer', 'community', '2.1.0']);
      assert.match(readFileSync(join(root, '.viban', 'skills', 'prd-writer', 'templates', 'prd.md'), 'utf8'), /## Problem/);
      assert.ok(mp.requests.every((r) => r.endsWith('Bearer test-key-123')));

      await assert.rejects(importFromMarketplace(catalog, client, 'acme-evil'), /has a file outside its folder/);
      assert.ok(!existsSync(join(root, '..', 'outside.txt')));
      const wrongKey = new MarketplaceClient({ baseUrl: mp.url, apiKey: 'nope' });
      await assert.rejects(wrongKey.search('prd'), (err: Error) => /refused the request \(401\): check the API key/.test(err.message) && !err.message.includes('nope'));
      await assert.rejects(new MarketplaceClient({ baseUrl: mp.url }).search('x'), /set SKILLMP_API_KEY/);
    } finally {
      mp.server.close();
    }
  });
});
