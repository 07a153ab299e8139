// User intents -> protocol requests. Every mutating request gets a fresh requestId; the host's
// `reply` is matched by the reducer. A move is also applied locally at once (optimistic) and
// rolled back if the host says no, or says nothing for MOVE_TIMEOUT_MS.
import { useEffect, useMemo, useRef } from 'preact/hooks';
import type { Dispatch } from 'preact/hooks';
import type { RequestMessage } from '../../src/protocol/messages';
import type { Board } from '../../src/protocol/model';
import type { AppAction } from '../state/boardReducer';
import { useHost } from './hostContext';
import type { WithoutRequestId } from './pendingReplies';
import { newRequestId } from './requestIds';

export type RequestBody = WithoutRequestId<RequestMessage>;

const MOVE_TIMEOUT_MS = 15_000;

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
  /** Start a background worker for the folder (the "No worker is running" banner). */
  startWorker(): void;
  /** The host answered this request: stop its timeout. */
  acknowledge(requestId: string): void;
}

export function useBoardCommands(dispatch: Dispatch<AppAction>, board: Board | null, announce: (text: string) => void): BoardCommands {
  const api = useHost();
  const boardRef = useRef(board);
  boardRef.current = board;
  const announceRef = useRef(announce);
  announceRef.current = announce;
  const timers = useRef(new Map<string, ReturnType<typeof setTimeout>>());
  useEffect(() => () => timers.current.forEach(clearTimeout), []);

  return useMemo<BoardCommands>(() => {
    const request = (body: RequestBody): string => {
      const requestId = newRequestId();
      api.postMessage({ ...body, requestId } as RequestMessage);
      return requestId;
    };
    return {
      createTask: (title, description, columnId) =>
        request({ type: 'createTask', title, ...(description ? { description } : {}), ...(columnId ? { columnId } : {}) }),
      updateTask: (taskId, changes) => request({ type: 'updateTask', taskId, ...changes }),
      deleteTask: (taskId) => request({ type: 'deleteTask', taskId }),
      moveTask: (taskId, toColumnId, toIndex) => {
        const requestId = newRequestId();
        dispatch({ type: 'optimisticMove', move: { requestId, taskId, toColumnId, toIndex } });
        api.postMessage({ type: 'moveTask', requestId, taskId, toColumnId, toIndex });
        const timer = setTimeout(() => {
          timers.current.delete(requestId);
          dispatch({ type: 'requestTimedOut', requestId, message: 'Viban did not confirm the move in time; the card went back.' });
        }, MOVE_TIMEOUT_MS);
        timers.current.set(requestId, timer);
        const text = describeMove(boardRef.current, taskId, toColumnId, toIndex);
        if (text) announceRef.current(text);
      },
      addColumn: (title) => request({ type: 'addColumn', title }),
      renameColumn: (columnId, title) => request({ type: 'renameColumn', columnId, title }),
      moveColumn: (columnId, toIndex) => request({ type: 'moveColumn', columnId, toIndex }),
      deleteColumn: (columnId) => request({ type: 'deleteColumn', columnId }),
      openFolder: () => api.postMessage({ type: 'openFolder' }),
      selectFolder: (folderKey) => api.postMessage({ type: 'selectFolder', folderKey }),
      openBoardInEditor: () => api.postMessage({ type: 'openBoardInEditor' }),
      startWorker: () => request({ type: 'startWorker' }),
      acknowledge: (requestId) => {
        clearTimeout(timers.current.get(requestId));
        timers.current.delete(requestId);
      },
    };
  }, [api, dispatch]);
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
