// The agent half of a task's detail: waiting approvals first (they block the agent), Run with its
// confirmation card, the session picker and status, the log, and the composer.
import { useEffect, useMemo } from 'preact/hooks';
import type { Task } from '../../src/protocol/model';
import type { PendingApproval } from '../../src/protocol/sessions';
import { RunSection } from './RunSection';
import { ApprovalCard } from './ApprovalCard';
import { Composer } from './Composer';
import { useHub } from './hubContext';
import { SessionLog } from './SessionLog';
import { SessionPicker, SessionStatusLine } from './SessionStatus';
import { ConversationView } from './ConversationView';
import { QueueJobs } from './QueueJobs';

export interface SessionPanelProps {
  task: Task;
  trusted: boolean;
  folderName: string;
}

export function SessionPanel({ task, trusted, folderName }: SessionPanelProps) {
  const hub = useHub('state', 'conversation');
  useEffect(() => {
    hub.watchTask(task.id);
    return () => hub.watchTask(null);
  }, [hub, task.id]);

  const approvals = hub.approvalsForTask(task.id);
  const openId = hub.openLog?.sessionId;
  const session = hub.session(openId);
  const pending = useMemo(() => {
    const map = new Map<string, PendingApproval>();
    for (const a of approvals) if (a.sessionId === openId) map.set(a.requestId, a);
    return map;
  }, [approvals, openId]);

  return (
    <section class="session-panel detail-section" aria-label="Agent">
      {approvals.length > 0 && (
        <div class="approval-banner" role="region" aria-label="The agent is waiting for you">
          <div class="approval-banner-title">
            <i class="codicon codicon-bell-dot" aria-hidden="true" /> Waiting for you
            {approvals.length > 1 && <span class="muted"> · {approvals.length} questions</span>}
          </div>
          <ApprovalCard key={`${approvals[0].sessionId}:${approvals[0].requestId}`} approval={approvals[0]} autoFocus />
        </div>
      )}
      <div class="detail-section-header">
        <h3>Agent</h3>
      </div>
      <RunSection task={task} trusted={trusted} folderName={folderName} />
      <QueueJobs taskId={task.id} trusted={trusted} />
      {hub.sessions.length > 0 || (hub.conversation?.messages.length ?? 0) > 0 ? (
        <div class="session-view">
          {hub.sessions.length > 0 && (
            <>
              <div class="session-header">
                <SessionPicker sessions={hub.sessions} selectedId={openId} onSelect={(id) => hub.openSession(id, true)} />
                {session && <SessionStatusLine session={session} trusted={trusted} />}
              </div>
              <SessionLog pending={pending} />
            </>
          )}
          <ConversationView trusted={trusted} />
          <Composer taskId={task.id} trusted={trusted} />
        </div>
      ) : (
        <p class="muted">No agent has worked on this task yet. Run it to start one.</p>
      )}
    </section>
  );
}
