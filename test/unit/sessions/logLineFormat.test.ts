import { strict as assert } from 'node:assert';
import { formatLogLine } from '../../../src/sessions/logLineFormat';
import { Redactor } from '../../../src/secrets/redactor';

describe('the Viban log channel line', () => {
  it('carries the component and masks a planted key in the message and in the error', () => {
    const key = 'sk-ant-api03-PLANTED-abcdefghijklmnop';
    const redactor = new Redactor({ ANTHROPIC_API_KEY: key });
    const line = formatLogLine(redactor, 'session', `run failed for ${key}`, new Error(`401: invalid x-api-key ${key}`));
    assert.equal(line, '[session] run failed for [REDACTED]: 401: invalid x-api-key [REDACTED]');
    // A key-shaped string the redactor was never told about is masked too.
    assert.equal(formatLogLine(redactor, 'x', 'token sk-proj-ZZZZZZZZZZZZZZZZZZZZZZZZ leaked'), '[x] token [REDACTED] leaked');
  });
});
