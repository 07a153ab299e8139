import { strict as assert } from 'node:assert';
import { commandOf, filePathOf, FILE_FIELDS, subjectOf } from '../../../src/shared/toolInput';
import { describeTool } from '../../../src/sessions/taskStatus';
import { toolTarget } from '../../../src/cli/format/toolSummary';
import { toolDetail } from '../../../webview/session/toolSummary';

describe('shared tool-input reading', () => {
  it('finds the file under every field name agents use, in the card status, the CLI and the log view alike', () => {
    for (const field of FILE_FIELDS) {
      const input = { [field]: 'src/app.ts' };
      assert.equal(filePathOf(input), 'src/app.ts', field);
      assert.equal(describeTool('Edit', input), 'Editing src/app.ts', field);
      assert.equal(toolTarget(input), 'src/app.ts', field);
      assert.equal(toolDetail('Edit', input), 'src/app.ts', field);
    }
  });

  it('reads a command given as a string or as argv', () => {
    assert.equal(commandOf({ command: 'npm test' }), 'npm test');
    assert.equal(commandOf({ command: ['git', 'status'] }), 'git status');
    assert.equal(commandOf({ command: 42 }), undefined);
    assert.equal(describeTool('Bash', { command: ['npm', 'test'] }), 'Running npm test');
  });

  it('falls back to a search pattern, query or URL', () => {
    assert.equal(subjectOf({ pattern: 'TODO' }), 'TODO');
    assert.equal(subjectOf({ url: 'http://127.0.0.1/' }), 'http://127.0.0.1/');
    assert.equal(subjectOf({ other: 1 }), undefined);
    assert.equal(filePathOf(null), undefined);
  });
});
