// Each gate type, passing and failing, against real files and real processes.
import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { evaluateGate, markdownHeadings } from '../../../src/automation/gates';
import type { Gate } from '../../../src/protocol/automation';

const gate = (type: Gate['type'], config: Record<string, unknown>, failureMessage = 'Fix it.'): Gate => ({ id: type, name: type, type, config, required: true, failureMessage });

describe('stage gates', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'viban-gates-'));
    mkdirSync(join(dir, 'docs'));
    writeFileSync(join(dir, 'docs', 'prd.md'), '# PRD\n\n## Problem\ntext\n\n```md\n## Not a heading\n```\n\n## **Success Metrics** ##\n');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  const ctx = (extra: object = {}) => ({ cwd: dir, artifacts: [], outputs: {}, ...extra });

  it('file_exists: a glob that matches passes, one that does not fails with the failure message', async () => {
    const ok = await evaluateGate(gate('file_exists', { pattern: 'docs/*.md' }), ctx());
    assert.deepEqual([ok.passed, ok.message], [true, 'Found docs/prd.md']);
    const plain = await evaluateGate(gate('file_exists', { pattern: 'docs/prd.md' }), ctx());
    assert.equal(plain.passed, true);
    const bad = await evaluateGate(gate('file_exists', { pattern: '**/*.pdf' }, 'Export the PDF.'), ctx());
    assert.deepEqual([bad.passed, bad.message], [false, 'Export the PDF. — No file matches **/*.pdf']);
  });

  it('content_check: required headings present pass (case, emphasis and closing #s ignored); missing ones are named; code fences are not headings', async () => {
    assert.deepEqual(markdownHeadings('# A\n```\n# B\n```\n## C ##'), ['A', 'C']);
    const ok = await evaluateGate(gate('content_check', { file: 'docs/prd.md', requiredSections: ['problem', 'Success Metrics'] }), ctx());
    assert.equal(ok.passed, true, ok.message);
    const bad = await evaluateGate(gate('content_check', { file: 'docs/prd.md', requiredSections: ['Problem', 'Not a heading', 'Risks'] }), ctx());
    assert.equal(bad.passed, false);
    assert.match(bad.message, /missing the sections "Not a heading", "Risks"/);
    const none = await evaluateGate(gate('content_check', { file: 'nope.md', requiredSections: ['X'] }), ctx());
    assert.match(none.message, /nope.md does not exist/);
  });

  it('artifact_exists: by type and label', async () => {
    const artifacts = [{ type: 'url' as const, label: 'Chromatic', value: 'http://127.0.0.1/sb' }];
    assert.equal((await evaluateGate(gate('artifact_exists', { artifactType: 'url', label: 'chromatic' }), ctx({ artifacts }))).passed, true);
    const bad = await evaluateGate(gate('artifact_exists', { artifactType: 'pr' }), ctx({ artifacts }));
    assert.deepEqual([bad.passed, bad.message], [false, 'Fix it. — No pr artifact']);
  });

  it('metric_threshold: compares a named output; a missing or non-numeric value fails and says so', async () => {
    const g = gate('metric_threshold', { metric: 'jury_score', operator: '>=', threshold: 70 });
    assert.equal((await evaluateGate(g, ctx({ outputs: { jury_score: 78 } }))).passed, true);
    const low = await evaluateGate(g, ctx({ outputs: { jury_score: '64' } }));
    assert.deepEqual([low.passed, low.message], [false, 'Fix it. — jury_score = 64 (needs >= 70)']);
    assert.match((await evaluateGate(g, ctx())).message, /No numeric value "jury_score" was reported/);
    assert.match((await evaluateGate(g, ctx({ outputs: { jury_score: 'high' } }))).message, /got "high"/);
  });

  it('command: the exit code decides; the output tail explains a failure; a command past its timeout is killed', async () => {
    const ok = await evaluateGate(gate('command', { run: 'test -f docs/prd.md', expectExit: 0 }), ctx());
    assert.equal(ok.passed, true, ok.message);
    const bad = await evaluateGate(gate('command', { run: 'echo "2 tests failed" >&2; exit 3', expectExit: 0 }), ctx());
    assert.equal(bad.passed, false);
    assert.match(bad.message, /exited 3, expected 0:\n2 tests failed/);
    const expected = await evaluateGate(gate('command', { run: 'exit 3', expectExit: 3 }), ctx());
    assert.equal(expected.passed, true);
    const slow = await evaluateGate(gate('command', { run: 'sleep 30', expectExit: 0, timeoutSeconds: 0.3 }), ctx());
    assert.equal(slow.passed, false);
    assert.match(slow.message, /did not finish within 0.3 s and was stopped/);
  });

  it('a malformed gate config fails with the reason instead of throwing', async () => {
    const r = await evaluateGate(gate('metric_threshold', { metric: 'x', operator: '~', threshold: 'a' }), ctx());
    assert.equal(r.passed, false);
    assert.match(r.message, /config is not valid: operator/);
  });
});
