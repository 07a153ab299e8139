// User intents -> protocol requests. Every request goes through the page's PendingReplies: a fresh
// requestId, a timeout, and its reply (or the timeout) dispatched to the reducer. A move is also
// applied locally at once (optimistic) and rolled back if the host says no, or says nothing for
// MOVE_TIMEOUT_MS.
import { useMemo, useRef } from 'preact/hooks';
import type { Dispatch } from 'preact/hooks';
import type { RequestMessage } from '../../src/protocol/messages';
import type { Board } from '../../src/protocol/model';
import type { AppAction } from '../state/boardReducer';
import { useHost } from './hostContext';
import type { PendingReplies, WithoutRequestId } from './pendingReplies';

type BoardRequest = WithoutRequestId<Extract<RequestMessage, { type: 'createTask' | 'updateTask' | 'deleteTask' | 'moveTask' | 'addColumn' | 'renameColumn' | 'moveColumn' | 'deleteColumn' }>>;

const MOVE_TIMEOUT_MS = 15_000;
/** Deleting asks first in a modal on the host: the person may take their time. */
const TIMEOUT_MS: Record<BoardRequest['type'], number> = {
  createTask: 30_000,
  updateTask: 30_000,
  deleteTask: 600_000,
  moveTask: MOVE_TIMEOUT_MS,
  addColumn: 30_000,
  renameColumn: 30_000,
  moveColumn: 30_000,
  deleteColumn: 600_000,
};

export interface BoardCommands {
  createTask(title: string, description: string, columnId?: string): void;
  updateTask(taskId: string, changes: { title?: string; description?: string }): void;
  deleteTask(taskId: string): void;
  moveTask(taskId: string, toColumnId: string, toIndex: number): void;
  addColumn(title: string): void;
  renameColumn(columnId: string, title: string): void;
  moveColumn(columnId: string, toIndex: number): void;
  deleteColumn(columnId: string): void;
  openFolder(): void;
  selectFolder(folderKey: string): void;
  openBoardInEditor(): void;
}

export function useBoardCommands(dispatch: Dispatch<AppAction>, board: Board | null, announce: (text: string) => void, replies: PendingReplies): BoardCommands {
  const api = useHost();
  const boardRef = useRef(board);
  boardRef.current = board;
  const announceRef = useRef(announce);
  announceRef.current = announce;

  return useMemo<BoardCommands>(() => {
    const request = (body: BoardRequest, timeoutError?: string): string => {
      const requestId: string = replies.send(body, { timeoutMs: TIMEOUT_MS[body.type], timeoutError }, (r) => dispatch({ type: 'reply', inReplyTo: requestId, ok: r.ok, error: r.error }));
      return requestId;
    };
    return {
      createTask: (title, description, columnId) =>
        request({ type: 'createTask', title, ...(description ? { description } : {}), ...(columnId ? { columnId } : {}) }),
      updateTask: (taskId, changes) => request({ type: 'updateTask', taskId, ...changes }),
      deleteTask: (taskId) => request({ type: 'deleteTask', taskId }),
      moveTask: (taskId, toColumnId, toIndex) => {
        const text = describeMove(boardRef.current, taskId, toColumnId, toIndex);
        const requestId = request({ type: 'moveTask', taskId, toColumnId, toIndex }, 'Viban did not confirm the move in time; the card went back.');
        // The reply comes in a later message event, so the move is pending before it can settle.
        dispatch({ type: 'optimisticMove', move: { requestId, taskId, toColumnId, toIndex } });
        if (text) announceRef.current(text);
      },
      addColumn: (title) => request({ type: 'addColumn', title }),
      renameColumn: (columnId, title) => request({ type: 'renameColumn', columnId, title }),
      moveColumn: (columnId, toIndex) => request({ type: 'moveColumn', columnId, toIndex }),
      deleteColumn: (columnId) => request({ type: 'deleteColumn', columnId }),
      openFolder: () => api.postMessage({ type: 'openFolder' }),
      selectFolder: (folderKey) => api.postMessage({ type: 'selectFolder', folderKey }),
      openBoardInEditor: () => api.postMessage({ type: 'openBoardInEditor' }),
    };
  }, [api, dispatch, replies]);
}

/** 'Moved "Fix login" to Done, position 2 of 4', computed from the board before the move. */
export function describeMove(board: Board | null, taskId: string, toColumnId: string, toIndex: number): string | null {
  if (!board) return null;
  const task = board.tasks.find((t) => t.id === taskId);
  const column = board.columns.find((c) => c.id === toColumnId);
  if (!task || !column) return null;
  const others = board.tasks.filter((t) => t.columnId === toColumnId && t.id !== taskId).length;
  const position = Math.min(toIndex, others) + 1;
  return `Moved "${task.title}" to ${column.title}, position ${position} of ${others + 1}`;
}
