// The app shell: holds the state machine, routes host messages into it (one table by type), and picks what to show
// (empty state, board, task detail) for the sidebar or the editor.
import { useCallback, useEffect, useMemo, useReducer, useRef, useState } from 'preact/hooks';
import type { ToWebview } from '../src/protocol/messages';
import { Board, type GraphRunState } from './board/Board';
import { TaskDetail } from './detail/TaskDetail';
import { useHost } from './host/hostContext';
import { useBoardCommands } from './host/useBoardCommands';
import { useHostMessages } from './host/useHostMessages';
import { routeHostMessage, type HostMessageTable } from './host/hostRouter';
import { PendingReplies } from './host/pendingReplies';
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
import { AssistHub } from './assist/assistHub';
import { AssistPanel } from './assist/AssistPanel';

/** `assist`: the same app as the Assist view (the chat instead of the board; same messages, same tables). */
export function App({ view = 'board' }: { view?: 'board' | 'assist' } = {}) {
  const [state, dispatch] = useReducer(boardReducer, initialAppState);
  const [selectedTaskId, setSelectedTaskId] = usePersistedState<string | null>('selectedTaskId', null, isNullableString);
  const [filter, setFilter] = usePersistedState('filter', '', isString);
  const [announcement, setAnnouncement] = useState('');
  const [graphRun, setGraphRun] = useState<GraphRunState>({ running: false });
  /** Who runs the queue (background mode): drives the "No worker is running" banner. */
  const [workers, setWorkers] = useState<{ background: boolean; live: number; queued: number } | null>(null);
  const api = useHost();
  // One set of requests waiting for a reply for the whole page: board commands and every hub send through it.
  const replies = useMemo(() => new PendingReplies(api), [api]);
  useEffect(() => () => replies.dispose(), [replies]);
  const commands = useBoardCommands(dispatch, state.board, setAnnouncement, replies);
  const hub = useMemo(() => new SessionHub(api, replies), [api, replies]);
  useEffect(() => () => hub.dispose(), [hub]);
  const reviews = useMemo(() => new ReviewHub(api, replies), [api, replies]);
  useEffect(() => () => reviews.dispose(), [reviews]);
  const automation = useMemo(() => new AutomationHub(api, replies), [api, replies]);
  const assist = useMemo(() => new AssistHub(api, replies), [api, replies]);

  // Every host message, by type: one line each (the compiler refuses a missing one).
  const table: HostMessageTable = {
    snapshot: (m) => {
      // Stage automation follows the open folder: (re)subscribe with every snapshot.
      if (m.snapshot.state) automation.watch();
      dispatch({ type: 'snapshot', snapshot: m.snapshot });
    },
    cardStatus: (m) => dispatch({ type: 'cardStatus', taskId: m.taskId, status: { agentStatus: m.agentStatus, agentStatusMessage: m.agentStatusMessage } }),
    workers: (m) => setWorkers({ background: m.background, live: m.live, queued: m.queued }),
    reply: (m) => replies.receive(m),
    showTask: (m) => setSelectedTaskId(m.taskId),
    executors: (m) => hub.receive(m),
    sessions: (m) => hub.receive(m),
    sessionUpdated: (m) => hub.receive(m),
    sessionLog: (m) => hub.receive(m),
    approvals: (m) => hub.receive(m),
    queue: (m) => hub.receive(m),
    conversationPage: (m) => hub.receive(m),
    conversationMessage: (m) => hub.receive(m),
    review: (m) => reviews.receive(m),
    automation: (m) => automation.receive(m),
    automationHistory: (m) => automation.receive(m),
    recipeValidation: (m) => automation.receive(m),
    graphRun: (m) => setGraphRun({ running: m.running, ...(m.text && { text: m.text }) }),
    assist: (m) => assist.receive(m),
  };
  useHostMessages((message: ToWebview) => routeHostMessage(table, message));

  const groups = useMemo(() => (state.board ? groupTasksByColumn(state.board) : undefined), [state.board]);
  const closeDetail = useCallback(() => setSelectedTaskId(null), [setSelectedTaskId]);
  // The task this view asked to delete: once the host's board no longer has it, its details close
  // (instead of "Task not found", which is for a task deleted elsewhere).
  const deleting = useRef<string | null>(null);
  const deleteTask = useCallback((taskId: string) => {
    deleting.current = taskId;
    commands.deleteTask(taskId);
  }, [commands]);
  useEffect(() => {
    const gone = deleting.current;
    if (gone === null || !state.board || state.board.tasks.some((t) => t.id === gone)) return;
    deleting.current = null;
    if (selectedTaskId === gone) closeDetail();
  }, [state.board]);
  const hostState = state.hostState;
  const readOnly = hostState?.readOnly ?? false;

  let body;
  if (!state.connected) body = <Loading />;
  else if (view === 'assist') body = <AssistPanel hub={assist} board={state.board ?? null} trusted={state.trusted} host={state.host} />;
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
        onDelete={deleteTask}
        board={board}
        onGraph={commands.graph}
        onOpenTask={setSelectedTaskId}
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
        selectedTaskId={selectedTaskId}
        onFilterChange={setFilter}
        onOpenTask={setSelectedTaskId}
        commands={commands}
        graphRun={graphRun}
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
