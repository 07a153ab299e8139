// What the kernel says about processes, read from /proc (Linux). Elsewhere these return nothing
// and callers fall back to what kill(2) alone can tell.
import { existsSync, readdirSync, readFileSync } from 'node:fs';

export interface ProcInfo {
  pid: number;
  ppid: number;
  pgid: number;
  /** Exited, only its parent's wait() is missing ('Z'), or being torn down ('X'). */
  zombie: boolean;
}

export const hasProcTable = process.platform === 'linux';

export function readProc(pid: number): ProcInfo | undefined {
  if (!hasProcTable) return undefined;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name is in parentheses and may itself contain spaces or parentheses.
    const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { pid, ppid: Number(rest[1]), pgid: Number(rest[2]), zombie: rest[0] === 'Z' || rest[0] === 'X' };
  } catch {
    return undefined; // ended while we looked
  }
}

/** Whether the kernel lists each thread's children (/proc/<pid>/task/<tid>/children, CONFIG_PROC_CHILDREN). */
export const hasChildrenFiles = hasProcTable && existsSync(`/proc/${process.pid}/task/${process.pid}/children`);

/**
 * The children of `pid` (of all its threads), read from its own /proc entry: a few small files,
 * where finding them through every process's stat costs a read per process on the machine.
 * Empty when the process is gone; use only when `hasChildrenFiles`.
 */
export function childrenOf(pid: number): number[] {
  const out: number[] = [];
  let tasks: string[];
  try {
    tasks = readdirSync(`/proc/${pid}/task`);
  } catch {
    return out; // gone
  }
  for (const tid of tasks) {
    try {
      for (const child of readFileSync(`/proc/${pid}/task/${tid}/children`, 'utf8').split(' ')) if (child) out.push(Number(child));
    } catch {
      // the thread ended while we looked
    }
  }
  return out;
}

function pidsInProc(): number[] {
  if (!hasProcTable) return [];
  return readdirSync('/proc').filter((n) => /^\d+$/.test(n)).map(Number);
}

export function allProcs(): ProcInfo[] {
  const out: ProcInfo[] = [];
  for (const pid of pidsInProc()) {
    const info = readProc(pid);
    if (info) out.push(info);
  }
  return out;
}

/**
 * Pids whose environment holds exactly `entry` ("NAME=value"). The environment is the one the
 * process was started with, inherited by everything it starts (unless that clears it), and kept
 * across setsid() and re-parenting — so it finds descendants that left the group and whose parent
 * link is gone. Only our own processes' environments are readable; others are skipped.
 */
export function pidsWithEnv(entry: string): number[] {
  const wanted = Buffer.from(entry + '\0');
  const out: number[] = [];
  for (const pid of pidsInProc()) {
    if (pid === process.pid) continue;
    let env: Buffer;
    try {
      env = readFileSync(`/proc/${pid}/environ`);
    } catch {
      continue; // not ours (EACCES), or gone
    }
    // Entries are NUL-separated: match a whole entry, at the start or after a NUL.
    if (env.subarray(0, wanted.length).equals(wanted) || env.includes(Buffer.concat([Buffer.from([0]), wanted]))) out.push(pid);
  }
  return out;
}
