// "About $0.40" only when it can be said honestly: from what runs here cost per minute, never from
// a guessed token rate; with too few priced runs, nothing is said about cost.
import { strict as assert } from 'node:assert';
import { costRate, MIN_RUNS, planCost } from '../../../src/assist/planCost';
import type { AssistPlan } from '../../../src/protocol/assist';
import type { SessionMeta } from '../../../src/protocol/sessions';

const run = (i: number, minutes: number, costUsd?: number): SessionMeta =>
  ({ id: `s${i}`, taskId: 't', executorId: 'x', status: 'succeeded', createdAt: '2026-12-01T00:00:00.000Z', startedAt: `2026-12-01T0${i}:00:00.000Z`, endedAt: new Date(Date.parse(`2026-12-01T0${i}:00:00.000Z`) + minutes * 60_000).toISOString(), ...(costUsd !== undefined && { costUsd }) }) as SessionMeta;
const plan = (minutes: number[]): AssistPlan => ({ summary: 's', questions: [], risks: [], tasks: minutes.map((m, i) => ({ key: `k${i}`, title: `T${i}`, description: '', acceptance: '', tier: 'B', blockedBy: [], estimateMinutes: m })) });

describe('assist: the plan\'s cost estimate', () => {
  it('is the minutes of every task times what runs here cost per minute, with how many runs it rests on', () => {
    const rate = costRate([run(1, 2, 0.1), run(2, 4, 0.2), run(3, 4, 0.2), run(4, 3)]);
    assert.deepEqual(rate, { usdPerMinute: 0.05, runs: 3 }, 'runs without a cost do not count');
    assert.deepEqual(planCost(plan([4, 2, 2]), rate), { usd: 0.4, runs: 3 });
  });

  it('says nothing with fewer than MIN_RUNS priced runs, or for a plan without tasks', () => {
    assert.equal(MIN_RUNS, 3);
    assert.equal(costRate([run(1, 2, 0.1), run(2, 4, 0.2)]), undefined);
    assert.equal(planCost(plan([4]), undefined), undefined);
    assert.equal(planCost(plan([]), { usdPerMinute: 1, runs: 5 }), undefined);
  });
});
