// Assist in the demo workspace, offline: the Demo agent is the code advisor (.viban/settings.json),
// reads the README and a source file for real, and the plan prints in plain words.
import { strict as assert } from 'node:assert';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../cli/cliHarness';
import { AssistConversationSchema } from '../../../src/protocol/assist';

describe('viban assist in the demo workspace (offline Demo agent as advisor)', function () {
  this.timeout(60000);
  let folder: string;
  beforeEach(async () => {
    const { createDemoWorkspace } = await import('../../../scripts/demo-workspace.mjs');
    folder = await createDemoWorkspace(join(mkdtempSync(join(tmpdir(), 'viban-assist-demo-')), 'demo'));
  });
  afterEach(() => rmSync(join(folder, '..'), { recursive: true, force: true }));

  it('reads the project and prints a 3-task plan with the files it read, knowing the demo memory', async () => {
    const r = await runCli(['assist', 'add a --json flag to the top command', '-w', folder], { env: { VIBAN_DEMO_PACE_MS: '1' } });
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /^I'll add a --json flag to the top command: change the code, add a test, update the README\. About 6 minutes\.$/m);
    assert.match(r.stderr, /Reading the code… README\.md/);
    const dir = join(folder, '.viban', 'assist');
    const [file] = readdirSync(dir).filter((n) => n.endsWith('.json'));
    const c = AssistConversationSchema.parse(JSON.parse(readFileSync(join(dir, file), 'utf8')));
    assert.deepEqual(c.messages.map((m) => m.kind), ['request', 'reading', 'plan']);
    assert.equal(c.messages[1].filesRead![0], 'README.md');
    assert.match(c.snapshots[0].text, /Decision: wc-top uses only the Node\.js standard library/);
  });
});
