import { strict as assert } from 'node:assert';
import { isoNow } from '../../../../src/executors/isoNow';

describe('isoNow', () => {
  it('is the current time as toISOString gives it, and follows the clock', async () => {
    const before = Date.now();
    const a = isoNow();
    assert.match(a, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    assert.ok(Date.parse(a) >= before && Date.parse(a) <= Date.now());
    await new Promise((r) => setTimeout(r, 5));
    assert.ok(Date.parse(isoNow()) > Date.parse(a));
  });
});
