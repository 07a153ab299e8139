import { strict as assert } from 'node:assert';
import { formatCost, formatDuration, formatTokens } from '../../../src/shared/format';
import { formatCost as cliCost, formatDuration as cliDuration } from '../../../src/cli/format/summary';
import { formatCost as cardCost } from '../../../webview/board/cardSummary';
import { usd } from '../../../src/sessions/budget';

describe('shared number formatting', () => {
  it('shows a fraction of a cent with four decimals, anything else in cents', () => {
    assert.equal(formatCost(0.0042), '$0.0042');
    assert.equal(formatCost(0), '$0.00');
    assert.equal(formatCost(0.0123), '$0.01');
    assert.equal(formatCost(12.5), '$12.50');
  });

  it('is the one the card, the CLI and the budget messages use', () => {
    for (const n of [0, 0.0042, 0.5, 3.14159]) {
      assert.equal(cardCost(n), formatCost(n));
      assert.equal(cliCost(n), formatCost(n));
      assert.equal(usd(n), formatCost(n));
    }
    assert.equal(cliCost(undefined), undefined);
    assert.equal(cliDuration(125_000), formatDuration(125_000));
  });

  it('durations from milliseconds to hours', () => {
    assert.equal(formatDuration(850), '850 ms');
    assert.equal(formatDuration(12_400), '12.4 s');
    assert.equal(formatDuration(185_000), '3 min 05 s');
    assert.equal(formatDuration(3_720_000), '1 h 02 min');
  });

  it('tokens, with cache reads where asked for', () => {
    assert.equal(formatTokens(undefined), undefined);
    assert.equal(formatTokens({ inputTokens: 1234, outputTokens: 567 }), '1,234 in / 567 out tokens');
    assert.equal(formatTokens({ inputTokens: 1, outputTokens: 2, cacheReadTokens: 3000 }, { cached: true }), '1 in (+3,000 cached) / 2 out tokens');
  });
});
