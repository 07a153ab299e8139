// One message of an Assist conversation, by kind: the user's request, "Reading the code…" with
// the files it read (collapsed), clarifying questions as quick replies, the plan's confirmation
// card, the started cards (each a link to the board, with its state), and the follow-up.
import type { AssistMessage } from '../../src/protocol/assist';
import type { PlanCost } from '../../src/protocol/assistMessages';
import type { Task } from '../../src/protocol/model';
import { PlanCard } from './PlanCard';

export interface MessageActions {
  disabled: boolean;
  onStart(messageId: string): void;
  onChange(): void;
  onNotNow(messageId: string): void;
  /** A quick reply: sent as is. */
  onReply(text: string): void;
  /** Put a question into the composer to answer it. */
  onQuote(text: string): void;
  onOpenTask(taskId: string): void;
  /** Undo of "Remembered: …": forget the memory item. */
  onUndoRemember(messageId: string): void;
}

/** "Remembered: no social login for now — Undo"; once undone, it says so (and Undo is gone). */
export function RememberedLine({ m, disabled, onUndo }: { m: AssistMessage; disabled: boolean; onUndo(): void }) {
  const value = m.text.replace(/^Remembered:\s*/, '');
  if (m.undone) {
    return (
      <div class="assist-text assist-remembered-undone">
        <span class="codicon codicon-discard" aria-hidden="true" />
        {'Forgotten: '}
        <s>{value}</s>
      </div>
    );
  }
  return (
    <div class="assist-text">
      <span class="codicon codicon-bookmark" aria-hidden="true" />
      {`Remembered: ${value} — `}
      <button type="button" class="assist-link-button" title="Forget this: it will not be in Assist's or the agents' context" onClick={onUndo} disabled={disabled}>Undo</button>
    </div>
  );
}

export function ReadingFiles({ files, live }: { files: string[]; live?: boolean }) {
  return (
    <details class="assist-reading">
      <summary>
        <span class={live ? 'codicon codicon-loading codicon-modifier-spin' : 'codicon codicon-book'} aria-hidden="true" /> Reading the code… {files.length} file{files.length === 1 ? '' : 's'}
      </summary>
      <ul>{files.map((f) => <li key={f}>{f}</li>)}</ul>
    </details>
  );
}

const STATUS_WORDS: Record<Task['agentStatus'], string> = {
  idle: 'waiting to run',
  queued: 'queued',
  thinking: 'running',
  executing: 'running',
  waiting_for_user: 'waiting for you',
  error: 'failed',
  done: 'done',
};

export function TaskLinks({ taskIds, tasks, onOpen }: { taskIds: Record<string, string>; tasks: ReadonlyMap<string, Task>; onOpen(id: string): void }) {
  return (
    <ul class="assist-cards">
      {Object.values(taskIds).map((id) => {
        const t = tasks.get(id);
        const status = t ? STATUS_WORDS[t.agentStatus] : 'no longer on the board';
        return (
          <li key={id} data-task-id={id}>
            <a href="#" class="assist-card-link" onClick={(e) => { e.preventDefault(); onOpen(id); }}>{t?.title ?? id}</a>
            <span class={`assist-card-status status-${t?.agentStatus ?? 'gone'}`}> — {status}</span>
          </li>
        );
      })}
    </ul>
  );
}

export function AssistMessageRow({ m, pending, cost, tasks, actions }: { m: AssistMessage; pending: boolean; cost?: PlanCost; tasks: ReadonlyMap<string, Task>; actions: MessageActions }) {
  const cls = `assist-msg assist-${m.kind} from-${m.role}`;
  switch (m.kind) {
    case 'request':
      return <div class={cls}><div class="assist-bubble">{m.text}</div></div>;
    case 'reading':
      return <div class={cls}><ReadingFiles files={m.filesRead ?? []} /></div>;
    case 'plan':
      return (
        <div class={cls}>
          <PlanCard
            text={m.text}
            plan={m.plan!}
            cost={cost}
            pending={pending}
            disabled={actions.disabled}
            onStart={() => actions.onStart(m.id)}
            onChange={actions.onChange}
            onNotNow={() => actions.onNotNow(m.id)}
          />
        </div>
      );
    case 'questions': {
      const questions = m.plan?.questions ?? [];
      return (
        <div class={cls}>
          <div class="assist-text">Before I plan this, I need to know:</div>
          <div class="assist-quick-replies" role="group" aria-label="Quick replies">
            {questions.map((q) => (
              <button key={q} type="button" class="assist-chip" title="Answer this in the box below" onClick={() => actions.onQuote(q)} disabled={!pending || actions.disabled}>{q}</button>
            ))}
            <button type="button" class="assist-chip" onClick={() => actions.onReply('Make reasonable assumptions and plan it.')} disabled={!pending || actions.disabled}>You decide: plan it</button>
          </div>
        </div>
      );
    }
    case 'remembered':
      return <div class={cls}><RememberedLine m={m} disabled={actions.disabled} onUndo={() => actions.onUndoRemember(m.id)} /></div>;
    case 'started':
      return (
        <div class={cls}>
          <div class="assist-text">{m.text}</div>
          {m.taskIds && <TaskLinks taskIds={m.taskIds} tasks={tasks} onOpen={actions.onOpenTask} />}
        </div>
      );
    default:
      return (
        <div class={cls} role={m.kind === 'error' ? 'alert' : undefined}>
          <div class="assist-text">{m.text}</div>
          {m.kind === 'followup' && m.taskIds && <TaskLinks taskIds={m.taskIds} tasks={tasks} onOpen={actions.onOpenTask} />}
        </div>
      );
  }
}
