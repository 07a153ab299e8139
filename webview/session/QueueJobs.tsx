// The task's runs in the queue: waiting ("Queued #2", with Remove), or interrupted when the window
// closed and failed ones (with Retry). Messages show their state in the conversation instead.
import { useState } from 'preact/hooks';
import type { QueueJobView } from '../../src/protocol/queue';
import { Button } from '../ui/Button';
import { useHub } from './hubContext';

export function QueueJobs({ taskId, trusted }: { taskId: string; trusted: boolean }) {
  const hub = useHub('conversation', 'state');
  const live = hub.sessions.some((s) => s.status === 'running' || s.status === 'waiting_for_user');
  const jobs = hub.jobsForTask(taskId).filter((j) => j.kind === 'run' && (j.status === 'queued' || j.status === 'interrupted' || (j.status === 'failed' && !j.sessionId && !live)));
  if (jobs.length === 0) return null;
  return (
    <ul class="queue-jobs" aria-label="Queued runs">
      {jobs.map((j) => (
        <QueueJobRow key={j.id} job={j} trusted={trusted} />
      ))}
    </ul>
  );
}

function QueueJobRow({ job, trusted }: { job: QueueJobView; trusted: boolean }) {
  const hub = useHub();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const act = (type: 'queueRetry' | 'queueCancel') => {
    setBusy(true);
    setError(null);
    hub.request({ type, jobId: job.id }, (r) => {
      setBusy(false);
      if (!r.ok) setError(r.error ?? 'That did not work.');
    });
  };
  const text =
    job.status === 'queued'
      ? `Queued #${job.position ?? '?'} — waits for a free slot (${hub.queue?.concurrency ?? 2} agents run at once).`
      : job.status === 'interrupted'
        ? 'Interrupted: Viban closed while this run worked. It was not restarted because the agent may already have changed files.'
        : `The run did not start: ${job.lastError ?? 'no reason given'}`;
  return (
    <li class={`queue-job queue-job-${job.status}`}>
      <i class={`codicon codicon-${job.status === 'queued' ? 'clock' : job.status === 'interrupted' ? 'debug-disconnect' : 'error'}`} aria-hidden="true" />
      <span class="queue-job-text" role="status">
        {text}
      </span>
      {job.status === 'queued' ? (
        <Button appearance="secondary" disabled={busy} onClick={() => act('queueCancel')}>
          Remove
        </Button>
      ) : (
        <Button appearance="secondary" disabled={busy || !trusted} onClick={() => act('queueRetry')}>
          Retry
        </Button>
      )}
      {job.status === 'interrupted' && (
        <Button appearance="secondary" disabled={busy} onClick={() => act('queueCancel')}>
          Dismiss
        </Button>
      )}
      {error && (
        <span class="form-error" role="alert">
          {error}
        </span>
      )}
    </li>
  );
}
