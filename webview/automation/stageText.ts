// Words for stage runs, shared by the card line, the detail panel and the recipe editor.
import type { AutomationLevel, StageRun } from '../../src/protocol/automation';

export const LEVEL_LABEL: Record<AutomationLevel, string> = {
  fully_auto: 'Fully automatic',
  auto_notify: 'Automatic, notify',
  human_approval: 'Needs approval',
  manual: 'Manual',
};

export function runStateText(run: StageRun): string {
  if (run.status === 'queued') return run.awaitingApproval ? 'Waiting for Start' : 'Queued';
  if (run.status === 'running') {
    const i = run.steps.findIndex((s) => s.status === 'running');
    return i >= 0 ? `Running step ${i + 1} of ${run.steps.length}: ${run.steps[i].skill}` : 'Checking gates';
  }
  const gates = run.gates.length ? ` · gates ${run.gates.filter((g) => g.passed).length}/${run.gates.length}` : '';
  return `${run.status[0].toUpperCase()}${run.status.slice(1)}${gates}`;
}

export const runIcon: Record<StageRun['status'], string> = {
  queued: 'clock',
  running: 'loading',
  succeeded: 'pass',
  failed: 'error',
  cancelled: 'circle-slash',
  interrupted: 'debug-disconnect',
};
