// The small entry (src/cli.ts → cli.js) answers `viban --help` and `viban --version` without the
// core, and its answers are the core's own: the help generated from the command specs today.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generalHelp } from '../../../src/cli/help';
import { cliBundle, cliEnv, REPO_ROOT, runCli } from './cliHarness';

describe('viban entry: help and version without loading the core', () => {
  const version = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')).version as string;

  it('prints the help the command specs generate, the same as `viban help` through the core', async () => {
    const fast = await runCli(['--help']);
    assert.equal(fast.code, 0, fast.stderr);
    assert.equal(fast.stdout, `${generalHelp()}\n`, 'no drift from src/cli/help.ts + the command specs');
    assert.equal((await runCli(['-h'])).stdout, fast.stdout);
    const core = await runCli(['help']);
    assert.equal(core.stdout, fast.stdout);
    assert.equal((await runCli(['--version'])).stdout, `${version}\n`);
  });

  it('answers --help and --version with the core missing, and needs the core for anything else', () => {
    const alone = mkdtempSync(join(tmpdir(), 'viban-entry-'));
    try {
      copyFileSync(cliBundle(), join(alone, 'cli.js'));
      const run = (...args: string[]) => spawnSync(process.execPath, [join(alone, 'cli.js'), ...args], { encoding: 'utf8', env: cliEnv() });
      assert.equal(run('--version').stdout, `${version}\n`);
      assert.equal(run('--help').stdout, `${generalHelp()}\n`);
      for (const args of [['list'], ['--help', 'run'], ['-w', alone, '--version'], ['help']]) {
        const r = run(...args);
        assert.notEqual(r.status, 0, `${args.join(' ')} went to the core`);
        assert.match(r.stderr, /Cannot find module '\.\/cliCore\.js'/);
      }
    } finally {
      rmSync(alone, { recursive: true, force: true });
    }
  });
});
