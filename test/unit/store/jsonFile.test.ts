import { strict as assert } from 'node:assert';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { z } from 'zod';
import { loadJsonFileOrQuarantine, readJsonFile } from '../../../src/store/jsonFile';
import { fileSafeTimestamp } from '../../../src/store/quarantine';
import { makeTempRoot, removeTempRoot } from './helpers';

// The generic read-validate-or-quarantine path, as later store files (sessions/<id>.json) use it.
const SessionSchema = z.object({ id: z.string(), status: z.enum(['running', 'succeeded']), note: z.string().default('') });
const NOW = new Date('2026-11-21T14:30:00.123Z');

describe('store/jsonFile', () => {
  let root: string;
  let file: string;
  beforeEach(async () => {
    root = await makeTempRoot();
    file = path.join(root, 's1.json');
  });
  afterEach(async () => removeTempRoot(root));

  it('makes file-system-safe timestamps', () => {
    assert.equal(fileSafeTimestamp(NOW), '2026-11-21T14-30-00-123Z');
  });

  it('reports a missing file as missing', async () => {
    assert.deepEqual(await loadJsonFileOrQuarantine(file, SessionSchema, NOW), { kind: 'missing' });
  });

  it('returns the parsed value with defaults, ignoring a byte-order mark', async () => {
    await fs.writeFile(file, '\uFEFF{"id":"s1","status":"running"}');
    const r = await loadJsonFileOrQuarantine(file, SessionSchema, NOW);
    assert.equal(r.kind, 'ok');
    if (r.kind === 'ok') assert.deepEqual(r.value, { id: 's1', status: 'running', note: '' });
  });

  it('moves a file of the wrong shape aside with a reason naming the field', async () => {
    const text = '{"id":"s1","status":"exploded"}';
    await fs.writeFile(file, text);
    const r = await loadJsonFileOrQuarantine(file, SessionSchema, NOW);
    assert.equal(r.kind, 'corrupt');
    if (r.kind !== 'corrupt') return;
    const movedTo = `${file}.corrupt-2026-11-21T14-30-00-123Z`;
    assert.deepEqual({ ...r.problem, message: undefined }, { kind: 'corrupt', file, movedTo, message: undefined });
    assert.match(r.problem.message, /^The Viban file .*s1\.json could not be used: it does not have the expected shape \(status: Invalid enum value/);
    assert.equal(await fs.readFile(movedTo, 'utf8'), text);
    await assert.rejects(fs.stat(file), { code: 'ENOENT' });
  });

  it('includes the JSON parser message for a syntax error', async () => {
    await fs.writeFile(file, '{"id": "s1",');
    const r = await readJsonFile(file, SessionSchema);
    assert.equal(r.kind, 'corrupt');
    if (r.kind === 'corrupt') assert.match(r.reason, /^it is not valid JSON \((Unexpected end of JSON input|.*JSON.*)\)$/);
    assert.equal(await fs.readFile(file, 'utf8'), '{"id": "s1",', 'readJsonFile itself never moves anything');
  });
});
