import { strict as assert } from 'node:assert';
import { parseCustomExecutors, RESERVED_EXECUTOR_IDS } from '../../../../src/executors/cli/custom';

const ok = { id: 'aider', label: 'Aider', command: 'aider', args: ['--message', '{prompt}'], env: { AIDER_X: '1' }, outputFormat: 'text' };

describe('custom executor settings', () => {
  it('accepts valid entries and fills defaults', () => {
    const r = parseCustomExecutors([ok, { id: 'my.agent_2', label: 'Mine', command: '/opt/agent', args: ['{prompt}'] }]);
    assert.deepEqual(r.errors, []);
    assert.deepEqual(r.executors[0], ok);
    assert.deepEqual(r.executors[1], { id: 'my.agent_2', label: 'Mine', command: '/opt/agent', args: ['{prompt}'], env: {}, outputFormat: 'text' });
  });

  it('treats a missing setting as no custom executors', () => {
    assert.deepEqual(parseCustomExecutors(undefined), { executors: [], errors: [] });
  });

  it('rejects a non-list with the setting name', () => {
    assert.deepEqual(parseCustomExecutors({ id: 'x' }, '.viban/settings.json executors.custom').errors, [
      '.viban/settings.json executors.custom must be a list of executors, not an object.',
    ]);
  });

  it('names the entry and the field for each problem, keeping the valid entries', () => {
    const r = parseCustomExecutors([
      { ...ok, id: 'bad-format', outputFormat: 'xml' },
      { ...ok, id: 'bad-args', args: ['{prompt}', 3] },
      { ...ok, id: 'bad-env', env: { A: 1 } },
      { id: 'no-command', label: 'L', args: ['{prompt}'] },
      { ...ok, id: 'has space' },
      { ...ok, id: 'extra', shell: true },
      'just a string',
      ok,
    ]);
    assert.deepEqual(r.executors.map((e) => e.id), ['aider']);
    assert.deepEqual(r.errors, [
      'viban.executors.custom[0] ("bad-format"): "outputFormat" must be one of text, claude-stream-json, codex-json, gemini-stream-json, opencode-json.',
      'viban.executors.custom[1] ("bad-args"): "args[1]" each argument must be a string.',
      'viban.executors.custom[2] ("bad-env"): "env.A" each value must be a string.',
      'viban.executors.custom[3] ("no-command"): "command" is required.',
      'viban.executors.custom[4] ("has space"): "id" must start with a letter or digit and use only letters, digits, ".", "_" and "-".',
      'viban.executors.custom[5] ("extra"): unknown field "shell".',
      'viban.executors.custom[6]: must be an object with id, label, command, args, env and outputFormat, not string.',
    ]);
  });

  it('refuses ids of built-in executors and duplicates', () => {
    for (const id of RESERVED_EXECUTOR_IDS) {
      const r = parseCustomExecutors([{ ...ok, id }]);
      assert.deepEqual(r.errors, [`viban.executors.custom[0] ("${id}"): "id" "${id}" is a built-in executor; choose another id.`]);
    }
    const dup = parseCustomExecutors([ok, { ...ok, label: 'Again' }]);
    assert.deepEqual(dup.executors.map((e) => e.label), ['Aider']);
    assert.deepEqual(dup.errors, ['viban.executors.custom[1] ("aider"): "id" "aider" is used by an earlier entry; ids must be unique.']);
  });

  it('requires {prompt} in the arguments', () => {
    assert.deepEqual(parseCustomExecutors([{ ...ok, args: ['--yes'] }]).errors, [
      'viban.executors.custom[0] ("aider"): "args" must contain {prompt} somewhere, or the agent never receives the task.',
    ]);
  });
});
