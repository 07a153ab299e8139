// The webview's state machine, pure so it can be unit-tested. The host owns the truth
// (`hostState`); `board` is what we show: the host's board plus our optimistic moves that the
// host has not answered yet. A boardState push from the host always wins.
import type { Board } from '../../src/protocol/model';
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
  notices: Notice[];
}

export type AppAction =
  | { type: 'snapshot'; snapshot: Snapshot }
  | { type: 'boardState'; state: BoardState }
  | { type: 'trust'; trusted: boolean }
  | { type: 'reply'; inReplyTo: string; ok: boolean; error?: string }
  | { type: 'optimisticMove'; move: PendingMove }
  | { type: 'requestTimedOut'; requestId: string; message: string }
  | { type: 'dismissNotice'; id: string };

export const initialAppState: AppState = {
  connected: false,
  folders: [],
  trusted: true,
  host: 'sidebar',
  hostState: null,
  board: null,
  pendingMoves: [],
  notices: [],
};

const MAX_NOTICES = 3;

export function boardReducer(state: AppState, action: AppAction): AppState {
  switch (action.type) {
    case 'snapshot': {
      const { folders, state: hostState, trusted, host } = action.snapshot;
      return { ...state, connected: true, folders, trusted, host, hostState, board: hostState?.board ?? null, pendingMoves: [] };
    }
    case 'boardState':
      return { ...state, hostState: action.state, board: action.state.board, pendingMoves: [] };
    case 'trust':
      return { ...state, trusted: action.trusted };
    case 'optimisticMove': {
      if (!state.board || !state.hostState || state.hostState.readOnly) return state;
      return { ...state, board: applyMove(state.board, action.move), pendingMoves: [...state.pendingMoves, action.move] };
    }
    case 'reply': {
      const failed = !action.ok;
      const next = settle(state, action.inReplyTo, failed);
      return failed ? addNotice(next, action.inReplyTo, action.error ?? 'The request failed.') : next;
    }
    case 'requestTimedOut': {
      if (!state.pendingMoves.some((m) => m.requestId === action.requestId)) return state;
      return addNotice(settle(state, action.requestId, true), action.requestId, action.message);
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
  const hostBoard = state.hostState?.board ?? null;
  const board = hostBoard && pendingMoves.reduce(applyMove, hostBoard);
  return { ...state, pendingMoves, board };
}

function addNotice(state: AppState, id: string, message: string): AppState {
  return { ...state, notices: [...state.notices, { id, message }].slice(-MAX_NOTICES) };
}
