// Above the log: which session (picker, newest first), its live status line with elapsed time,
// and Stop / Open in Terminal while that makes sense.
import { useEffect, useState } from 'preact/hooks';
import { isLive, type SessionMeta } from '../../src/protocol/sessions';
import { Button } from '../ui/Button';
import { elapsedMs, formatDuration, formatCost, sessionLabel, sessionStatusIcon, sessionStatusLabel } from './formatting';
import { useHub } from './hubContext';

export function SessionPicker({ sessions, selectedId, onSelect }: { sessions: readonly SessionMeta[]; selectedId: string | undefined; onSelect: (id: string) => void }) {
  if (sessions.length < 2) return null;
  return (
    <select class="session-picker" aria-label="Session" value={selectedId} onChange={(e) => onSelect((e.currentTarget as HTMLSelectElement).value)}>
      {sessions.map((s) => (
        <option key={s.id} value={s.id} selected={s.id === selectedId}>
          {sessionLabel(s)}
        </option>
      ))}
    </select>
  );
}

export function SessionStatusLine({ session, trusted }: { session: SessionMeta; trusted: boolean }) {
  const hub = useHub('state');
  const live = isLive(session.status);
  const [now, setNow] = useState(Date.now());
  const [stopping, setStopping] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (!live) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [live]);
  useEffect(() => setStopping(false), [session.id, live]);

  // A question pending for this session is news before the session's own record says so (its
  // status is patched a moment later): the line agrees with the approval card and the header.
  const status = live && hub.approvals.some((a) => a.sessionId === session.id) ? 'waiting_for_user' : session.status;
  const elapsed = elapsedMs(session, now);
  const executor = hub.executors?.find((e) => e.id === session.executorId);
  const request = (body: Parameters<typeof hub.request>[0], onDone?: () => void) =>
    hub.request(body, (r) => {
      onDone?.();
      setError(r.ok ? null : (r.error ?? 'That did not work.'));
    });

  return (
    <div class={`session-status status-${status}`}>
      <div class="session-status-line" role="status">
        <i class={`codicon codicon-${sessionStatusIcon[status]}`} aria-hidden="true" />
        <span class="session-status-label">{sessionStatusLabel[status]}</span>
        <span class="muted"> · {session.executorLabel}</span>
        {session.model && <span class="muted"> · {session.model}</span>}
        {elapsed !== undefined && <span class="muted session-elapsed"> · {formatDuration(elapsed)}</span>}
        {session.costUsd !== undefined && <span class="muted"> · {formatCost(session.costUsd)}</span>}
      </div>
      {session.error && !live && <div class="session-status-error">{session.error}</div>}
      <div class="session-actions">
        {live && (
          <Button
            appearance="secondary"
            disabled={stopping}
            onClick={() => {
              setStopping(true);
              request({ type: 'stopSession', sessionId: session.id }, () => setStopping(false));
            }}
          >
            <i slot="start" class="codicon codicon-debug-stop" aria-hidden="true" />
            {stopping ? 'Stopping…' : 'Stop'}
          </Button>
        )}
        {executor?.interactive && executor.kind === 'cli' && (
          <Button
            appearance="secondary"
            disabled={!trusted}
            title={trusted ? `Continue in ${executor.label}'s own terminal interface` : 'Agents do not run in Restricted Mode'}
            onClick={() => request({ type: 'openInTerminal', taskId: session.taskId, executorId: session.executorId })}
          >
            <i slot="start" class="codicon codicon-terminal" aria-hidden="true" />
            Open in Terminal
          </Button>
        )}
      </div>
      {error && (
        <p class="form-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
