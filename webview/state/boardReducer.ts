// The webview's state machine, pure so it can be unit-tested. The host owns the truth
// (`hostState`); `board` is what we show: the host's board, plus our optimistic moves that the
// host has not answered yet (re-applied on every push, so a card dragged while an agent streams
// stays where it was dropped), plus the live status of running agents (`cardStatus` pushes, which
// do not rewrite board.json) until the board itself says the same.
import type { AgentStatus, Board } from '../../src/protocol/model';
import type { BoardState, FolderInfo, Snapshot } from '../../src/protocol/messages';
import { applyMove, type MoveTarget } from './taskOrder';

export interface PendingMove extends MoveTarget {
  requestId: string;
}

export interface Notice {
  id: string;
  message: string;
}

export interface AppState {
  /** False until the host's first snapshot arrives. */
  connected: boolean;
  folders: FolderInfo[];
  trusted: boolean;
  host: Snapshot['host'];
  hostState: BoardState | null;
  board: Board | null;
  pendingMoves: PendingMove[];
  /** Per task: what its running agent is doing now, over the board's stored status. */
  liveStatus: Readonly<Record<string, LiveStatus>>;
  notices: Notice[];
}

export interface LiveStatus {
  agentStatus: AgentStatus;
  agentStatusMessage?: string;
}

export type AppAction =
  | { type: 'snapshot'; snapshot: Snapshot }
  | { type: 'cardStatus'; taskId: string; status: LiveStatus }
  | { type: 'reply'; inReplyTo: string; ok: boolean; error?: string }
  | { type: 'optimisticMove'; move: PendingMove }
  | { type: 'dismissNotice'; id: string };

export const initialAppState: AppState = {
  connected: false,
  folders: [],
  trusted: true,
  host: 'sidebar',
  hostState: null,
  board: null,
  pendingMoves: [],
  liveStatus: {},
  notices: [],
};

const MAX_NOTICES = 3;

export function boardReducer(state: AppState, action: AppAction): AppState {
  switch (action.type) {
    case 'snapshot': {
      const { folders, state: hostState, trusted, host } = action.snapshot;
      return withHostBoard({ ...state, connected: true, folders, trusted, host, hostState });
    }
    case 'cardStatus': {
      if (!state.board?.tasks.some((t) => t.id === action.taskId)) return state;
      const liveStatus = { ...state.liveStatus, [action.taskId]: action.status };
      return { ...state, liveStatus, board: withLiveStatus(state.board, { [action.taskId]: action.status }) };
    }
    case 'optimisticMove': {
      if (!state.board || !state.hostState || state.hostState.readOnly) return state;
      return { ...state, board: applyMove(state.board, action.move), pendingMoves: [...state.pendingMoves, action.move] };
    }
    case 'reply': {
      const failed = !action.ok;
      const next = settle(state, action.inReplyTo, failed);
      return failed ? addNotice(next, action.inReplyTo, action.error ?? 'The request failed.') : next;
    }
    case 'dismissNotice':
      return { ...state, notices: state.notices.filter((n) => n.id !== action.id) };
  }
}

/** Forget a pending move; when it failed, rebuild the shown board from the host's truth. */
function settle(state: AppState, requestId: string, failed: boolean): AppState {
  if (!state.pendingMoves.some((m) => m.requestId === requestId)) return state;
  const pendingMoves = state.pendingMoves.filter((m) => m.requestId !== requestId);
  if (!failed) return { ...state, pendingMoves };
  return { ...state, pendingMoves, board: shownBoard(state.hostState?.board ?? null, pendingMoves, state.liveStatus) };
}

/**
 * A new board from the host: moves still waiting for their reply are applied again on top of it
 * (never dropped: their reply settles them), and a live status the board now agrees with (or
 * whose task is gone) is let go.
 */
function withHostBoard(state: AppState): AppState {
  const hostBoard = state.hostState?.board ?? null;
  const liveStatus: Record<string, LiveStatus> = {};
  for (const [taskId, live] of Object.entries(state.liveStatus)) {
    const task = hostBoard?.tasks.find((t) => t.id === taskId);
    if (task && (task.agentStatus !== live.agentStatus || task.agentStatusMessage !== live.agentStatusMessage)) liveStatus[taskId] = live;
  }
  return { ...state, liveStatus, board: shownBoard(hostBoard, state.pendingMoves, liveStatus) };
}

function shownBoard(hostBoard: Board | null, pendingMoves: readonly PendingMove[], liveStatus: Readonly<Record<string, LiveStatus>>): Board | null {
  return hostBoard && withLiveStatus(pendingMoves.reduce(applyMove, hostBoard), liveStatus);
}

function withLiveStatus(board: Board, liveStatus: Readonly<Record<string, LiveStatus>>): Board {
  if (!Object.keys(liveStatus).length) return board;
  return { ...board, tasks: board.tasks.map((t) => (liveStatus[t.id] ? { ...t, ...liveStatus[t.id] } : t)) };
}

function addNotice(state: AppState, id: string, message: string): AppState {
  return { ...state, notices: [...state.notices, { id, message }].slice(-MAX_NOTICES) };
}
