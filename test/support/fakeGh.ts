// A stand-in `gh` for pull-request tests: an executable put first on PATH (through the env the
// test hands to the function under test) that records every call and answers like gh would.
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';

export type FakeGhMode =
  | 'logged-in' // auth status ok, pr create prints a URL
  | 'logged-out' // auth status fails like gh does without a token
  | 'pr-exists'; // pr create fails naming an existing pull request

export const FAKE_PR_URL = 'https://github.com/acme/widgets/pull/42';

export interface FakeGhCall {
  argv: string[];
  stdin: string;
  cwd: string;
}

export interface FakeGh {
  /** Folder holding the `gh` script; put it first on PATH. */
  binDir: string;
  ghPath: string;
  /** An environment with binDir first on PATH (the rest of process.env unchanged). */
  env: NodeJS.ProcessEnv;
  calls(): FakeGhCall[];
}

export function writeFakeGh(dir: string, mode: FakeGhMode): FakeGh {
  const binDir = join(dir, 'fake-gh-bin');
  mkdirSync(binDir, { recursive: true });
  const log = join(dir, 'gh-calls.jsonl');
  const ghPath = join(binDir, 'gh');
  const script = `#!${process.execPath}
const fs = require('fs');
const argv = process.argv.slice(2);
const mode = ${JSON.stringify(mode)};
let stdin = '';
if (argv.includes('-')) { try { stdin = fs.readFileSync(0, 'utf8'); } catch {} }
fs.appendFileSync(${JSON.stringify(log)}, JSON.stringify({ argv, stdin, cwd: process.cwd() }) + '\\n');
if (argv[0] === '--version') {
  process.stdout.write('gh version 2.99.0 (2030-01-01)\\nhttps://github.com/cli/cli/releases/tag/v2.99.0\\n');
  process.exit(0);
}
if (argv[0] === 'auth' && argv[1] === 'status') {
  if (mode === 'logged-out') {
    process.stderr.write('You are not logged into any GitHub hosts. To log in, run: gh auth login\\n');
    process.exit(1);
  }
  process.stderr.write('github.com\\n  ✓ Logged in to github.com account octo (keyring)\\n  - Token: gho_************************************\\n');
  process.exit(0);
}
if (argv[0] === 'pr' && argv[1] === 'create') {
  if (mode === 'pr-exists') {
    process.stderr.write('a pull request for branch "x" into branch "main" already exists:\\n${FAKE_PR_URL}\\n');
    process.exit(1);
  }
  process.stderr.write('\\nCreating pull request for x into main in acme/widgets\\n\\n');
  process.stdout.write('${FAKE_PR_URL}\\n');
  process.exit(0);
}
process.stderr.write('unknown command\\n');
process.exit(1);
`;
  writeFileSync(ghPath, script);
  chmodSync(ghPath, 0o755);
  return {
    binDir,
    ghPath,
    env: { ...process.env, PATH: `${binDir}${delimiter}${process.env.PATH ?? ''}` },
    calls: () =>
      existsSync(log)
        ? readFileSync(log, 'utf8')
            .split('\n')
            .filter(Boolean)
            .map((l) => JSON.parse(l) as FakeGhCall)
        : [],
  };
}
