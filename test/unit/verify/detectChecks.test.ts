import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { detectChecks } from '../../../src/verify/detectChecks';

describe('detectChecks', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'viban-checks-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  const pkg = (scripts: Record<string, string>) => writeFileSync(join(dir, 'package.json'), JSON.stringify({ scripts }));

  it('takes test, typecheck (else tsc) and lint from package.json, in that order', async () => {
    pkg({ lint: 'eslint .', build: 'tsc -p .', test: 'mocha', typecheck: 'tsc --noEmit', tsc: 'tsc' });
    assert.deepEqual(await detectChecks(dir), ['npm test', 'npm run typecheck', 'npm run lint']);
    pkg({ tsc: 'tsc' });
    assert.deepEqual(await detectChecks(dir), ['npm run tsc']);
  });

  it("skips npm's placeholder test script; no package.json means no checks; configured commands win", async () => {
    assert.deepEqual(await detectChecks(dir), []);
    pkg({ test: 'echo "Error: no test specified" && exit 1' });
    assert.deepEqual(await detectChecks(dir), []);
    assert.deepEqual(await detectChecks(dir, ['cargo test']), ['cargo test']);
  });
});
