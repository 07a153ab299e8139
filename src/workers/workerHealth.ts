// Whether a registered worker is alive, judged from its record: a heartbeat within its own
// stale limit, and (on this machine) a process that still exists. A worker on another host is
// judged by its heartbeat alone.
import * as os from 'node:os';
import { isAlive } from '../process/liveness';
import type { QueueFile } from '../protocol/queue';
import type { WorkerRecord } from '../store/workers/workerRecord';

export type WorkerHealth = 'live' | 'stale' | 'gone';

export interface JudgedWorker {
  record: WorkerRecord;
  health: WorkerHealth;
  heartbeatAgeMs: number;
}

export function judgeWorker(record: WorkerRecord, nowMs: number, alive: (pid: number) => boolean = isAlive): JudgedWorker {
  const heartbeatAgeMs = Math.max(0, nowMs - Date.parse(record.lastHeartbeat));
  const sameHost = record.host === os.hostname();
  let health: WorkerHealth = 'live';
  if (record.state === 'stopped' || (sameHost && !alive(record.pid))) health = 'gone';
  else if (heartbeatAgeMs > record.staleMs) health = 'stale';
  return { record, health, heartbeatAgeMs };
}

export interface QueueFigures {
  queued: number;
  running: number;
  /** Failed or interrupted among the ended runs the queue remembers (cancelled ones aside); 0..1. */
  failureRate: number;
  ended: number;
}

export function queueFigures(state: QueueFile): QueueFigures {
  const ended = state.jobs.filter((j) => j.status === 'succeeded' || j.status === 'failed' || j.status === 'interrupted');
  const bad = ended.filter((j) => j.status !== 'succeeded').length;
  return {
    queued: state.jobs.filter((j) => j.status === 'queued').length,
    running: state.jobs.filter((j) => j.status === 'running').length,
    failureRate: ended.length ? bad / ended.length : 0,
    ended: ended.length,
  };
}

/** "4 s", "2 min", "3 h": a heartbeat age as a person reads it. */
export function describeAge(ms: number): string {
  if (ms < 60_000) return `${Math.round(ms / 1000)} s`;
  if (ms < 3_600_000) return `${Math.round(ms / 60_000)} min`;
  return `${Math.round(ms / 3_600_000)} h`;
}

export const NO_WORKER_MESSAGE = 'No worker is running — Start one';
