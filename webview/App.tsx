// The app shell: holds the state machine, routes host messages into it, and picks what to show
// (empty state, board, task detail) for the sidebar or the editor.
import { useCallback, useEffect, useMemo, useReducer, useState } from 'preact/hooks';
import type { ToWebview } from '../src/protocol/messages';
import { Board } from './board/Board';
import { TaskDetail } from './detail/TaskDetail';
import { useHost } from './host/hostContext';
import { useBoardCommands } from './host/useBoardCommands';
import { useHostMessages } from './host/useHostMessages';
import { isNullableString, isString, usePersistedState } from './host/usePersistedState';
import { ReviewProvider } from './review/reviewContext';
import { ReviewHub } from './review/reviewHub';
import { HubProvider } from './session/hubContext';
import { SessionHub } from './session/sessionHub';
import { boardReducer, initialAppState } from './state/boardReducer';
import { groupTasksByColumn } from './state/taskOrder';
import { Banners } from './shell/Banners';
import { ChooseFolder, Loading, NoFolder } from './shell/EmptyState';
import { AutomationHub } from './automation/automationHub';
import { AutomationProvider } from './automation/automationContext';
import { RecipeEditorHost } from './automation/RecipeEditorHost';

export function App() {
  const [state, dispatch] = useReducer(boardReducer, initialAppState);
  const [selectedTaskId, setSelectedTaskId] = usePersistedState<string | null>('selectedTaskId', null, isNullableString);
  const [filter, setFilter] = usePersistedState('filter', '', isString);
  const [filterFocusRequest, setFilterFocusRequest] = useState(0);
  const [announcement, setAnnouncement] = useState('');
  /** Who runs the queue (background mode): drives the "No worker is running" banner. */
  const [workers, setWorkers] = useState<{ background: boolean; live: number; queued: number } | null>(null);
  const commands = useBoardCommands(dispatch, state.board, setAnnouncement);
  const api = useHost();
  const hub = useMemo(() => new SessionHub(api), [api]);
  useEffect(() => () => hub.dispose(), [hub]);
  const reviews = useMemo(() => new ReviewHub(api), [api]);
  useEffect(() => () => reviews.dispose(), [reviews]);
  const automation = useMemo(() => new AutomationHub(api), [api]);

  useHostMessages((message: ToWebview) => {
    switch (message.type) {
      case 'snapshot':
        // Stage automation follows the open folder: (re)subscribe with every snapshot.
        if (message.snapshot.state) automation.watch();
        return dispatch({ type: 'snapshot', snapshot: message.snapshot });
      case 'boardState':
        return dispatch({ type: 'boardState', state: message.state });
      case 'trust':
        return dispatch({ type: 'trust', trusted: message.trusted });
      case 'cardStatus':
        return dispatch({ type: 'cardStatus', taskId: message.taskId, status: { agentStatus: message.agentStatus, agentStatusMessage: message.agentStatusMessage } });
      case 'workers':
        return setWorkers({ background: message.background, live: message.live, queued: message.queued });
      case 'reply':
        // Session requests (run, stop, send, answer) and review requests (accept, send back, discard) are answered to the view that asked.
        if (hub.receive(message) || reviews.receive(message) || automation.receive(message)) return;
        commands.acknowledge(message.inReplyTo);
        return dispatch({ type: 'reply', inReplyTo: message.inReplyTo, ok: message.ok, error: message.error });
      case 'showTask':
        return setSelectedTaskId(message.taskId);
      case 'focusFilter':
        if (state.host === 'sidebar') setSelectedTaskId(null);
        return setFilterFocusRequest((n) => n + 1);
      case 'executors':
      case 'sessions':
      case 'sessionUpdated':
      case 'sessionLog':
      case 'approvals':
        hub.receive(message);
        return;
      case 'review':
        reviews.receive(message);
        return;
      case 'automation':
      case 'automationHistory':
      case 'recipeValidation':
        automation.receive(message);
        return;
    }
  });

  const groups = useMemo(() => (state.board ? groupTasksByColumn(state.board) : undefined), [state.board]);
  const closeDetail = useCallback(() => setSelectedTaskId(null), [setSelectedTaskId]);
  const hostState = state.hostState;
  const readOnly = hostState?.readOnly ?? false;

  let body;
  if (!state.connected) body = <Loading />;
  else if (!hostState || !state.board) {
    body = state.folders.length ? <ChooseFolder folders={state.folders} onSelect={commands.selectFolder} /> : <NoFolder onOpenFolder={commands.openFolder} />;
  } else {
    const board = state.board;
    const detail = selectedTaskId !== null && (
      <TaskDetail
        task={board.tasks.find((t) => t.id === selectedTaskId)}
        columns={board.columns}
        columnTasks={groups}
        readOnly={readOnly}
        trusted={state.trusted}
        folderName={hostState.folder.name}
        layout={state.host === 'sidebar' ? 'page' : 'panel'}
        onClose={closeDetail}
        onUpdate={commands.updateTask}
        onDelete={commands.deleteTask}
      />
    );
    const boardView = (
      <Board
        board={board}
        readOnly={readOnly}
        folders={state.folders}
        folderKey={hostState.folder.key}
        host={state.host}
        filter={filter}
        filterFocusRequest={filterFocusRequest}
        selectedTaskId={selectedTaskId}
        onFilterChange={setFilter}
        onOpenTask={setSelectedTaskId}
        commands={commands}
      />
    );
    body = state.host === 'sidebar' && detail ? detail : <div class={detail ? 'workspace with-detail' : 'workspace'}>{boardView}{detail}</div>;
  }

  return (
    <HubProvider hub={hub}>
    <ReviewProvider hub={reviews}>
    <AutomationProvider hub={automation}>
    <div class={`app host-${state.host}`}>
      <Banners
        notices={state.notices}
        problems={hostState?.problems ?? []}
        trusted={state.trusted}
        readOnly={readOnly}
        onDismissNotice={(id) => dispatch({ type: 'dismissNotice', id })}
        noWorker={workers?.background && workers.live === 0 && workers.queued > 0 && state.trusted ? { queued: workers.queued, onStart: commands.startWorker } : undefined}
      />
      {body}
      {state.board && <RecipeEditorHost columns={state.board.columns} />}
      <div class="visually-hidden" aria-live="polite" aria-atomic="true">
        {announcement}
      </div>
    </div>
    </AutomationProvider>
    </ReviewProvider>
    </HubProvider>
  );
}
