// The Assist view: one chat per conversation (a picker for the earlier ones, New conversation),
// the conversation as stored, what Assist is doing right now ("Reading the code…" with the files
// so far; the plan's cards as they run), and a composer for plain words. Change puts the request
// back in the composer to edit it or ask for a different plan.
import { useEffect, useMemo, useReducer, useRef, useState } from 'preact/hooks';
import type { Board, Task } from '../../src/protocol/model';
import { Button } from '../ui/Button';
import { Dropdown } from '../ui/Dropdown';
import { IconButton } from '../ui/IconButton';
import { TextArea } from '../ui/TextArea';
import type { AssistHub } from './assistHub';
import { AssistMessageRow, ReadingFiles, type MessageActions } from './AssistMessageRow';

const NEW = '';

export function AssistPanel({ hub, board, trusted, host }: { hub: AssistHub; board: Board | null; trusted: boolean; host: 'sidebar' | 'editor' }) {
  const [, bump] = useReducer((n: number, _: void) => n + 1, 0);
  useEffect(() => hub.subscribe(bump), [hub]);
  useEffect(() => hub.watch(hub.conversationId, false), [hub]);
  const [draft, setDraft] = useState('');
  const end = useRef<HTMLDivElement>(null);
  const state = hub.state;
  const conversation = hub.conversation;
  const busy = hub.busy();
  const tasks = useMemo(() => new Map<string, Task>((board?.tasks ?? []).map((t) => [t.id, t])), [board]);
  const messages = conversation?.messages ?? [];
  const last = messages[messages.length - 1];
  useEffect(() => end.current?.scrollIntoView?.({ block: 'end' }), [messages.length, busy?.stage, busy?.files.length]);

  if (!state) return <div class="assist-panel"><p class="assist-note">Loading Assist…</p></div>;
  if (!state.folder) return <div class="assist-panel"><p class="assist-empty">{state.advisor}</p></div>;

  const disabled = hub.sending || !!busy;
  const send = async (text: string) => {
    if (!text.trim() || disabled) return;
    if (await hub.ask(text)) setDraft('');
  };
  const actions: MessageActions = {
    disabled: disabled || !trusted,
    onStart: (id) => void hub.answerPlan(id, 'start'),
    onNotNow: (id) => void hub.answerPlan(id, 'notNow'),
    onUndoRemember: (id) => void hub.undoRemember(id),
    onChange: () => setDraft([...messages].reverse().find((m) => m.kind === 'request')?.text ?? ''),
    onReply: (text) => void send(text),
    onQuote: (q) => setDraft((d) => `${d}${d ? '\n' : ''}${q} → `),
    onOpenTask: (id) => hub.openTask(id),
  };
  const options = [{ value: NEW, label: 'New conversation' }, ...state.conversations.map((c) => ({ value: c.id, label: c.title }))];

  return (
    <div class={`assist-panel host-${host}`}>
      <div class="assist-header">
        <Dropdown className="assist-picker" ariaLabel="Conversation" value={hub.conversationId ?? NEW} options={options} onChange={(v) => hub.watch(v || null)} />
        <IconButton icon="add" label="New conversation" onClick={() => hub.watch(null)} disabled={!hub.conversationId} />
      </div>
      <div class="assist-log" role="log" aria-label="Assist conversation">
        {!messages.length && !busy && (
          <div class="assist-empty">
            <p>Ask in plain words: “add a --json flag to the export command”, “why does the CLI crash on empty input?”, “what should I do next?”.</p>
            <p class="assist-note">For work, Assist's code advisor ({state.advisor}) reads the code first and shows you a plan; nothing runs until you press Start.</p>
          </div>
        )}
        {messages.map((m) => (
          <AssistMessageRow key={m.id} m={m} pending={m === last && !busy} cost={state.costs[m.id]} tasks={tasks} actions={actions} />
        ))}
        {busy?.stage === 'reading' && (
          <div class="assist-msg assist-busy" aria-live="polite">
            <ReadingFiles files={busy.files} live />
          </div>
        )}
        {busy?.stage === 'starting' && <div class="assist-msg assist-busy" aria-live="polite">Creating the cards…</div>}
        {busy?.stage === 'running' && <div class="assist-msg assist-busy" aria-live="polite"><span class="codicon codicon-loading codicon-modifier-spin" aria-hidden="true" /> Running the plan on the board; I'll write here when it ends.</div>}
        {hub.error && <div class="assist-msg assist-error" role="alert">{hub.error}</div>}
        <div ref={end} />
      </div>
      <div class="assist-composer">
        <TextArea
          value={draft}
          onInput={setDraft}
          ariaLabel="Ask Assist"
          placeholder={trusted ? 'Ask Assist… (Enter to send, Shift+Enter for a new line)' : 'Trust this folder to ask Assist'}
          rows={3}
          disabled={!trusted}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
              e.preventDefault();
              void send(draft);
            }
          }}
        />
        <Button onClick={() => void send(draft)} disabled={disabled || !trusted || !draft.trim()}>Send</Button>
      </div>
    </div>
  );
}
