// Finding and signalling every process a child started. The child runs as the leader of its own
// process group (spawned with `detached: true`), so one signal to `-pid` reaches the group. A
// grandchild that called setsid() escapes the group; on Linux we also walk /proc for descendants
// by parent pid, and remember every pid seen, because once a parent dies its children are
// re-parented to init and the parent link is lost.
import { readdirSync, readFileSync } from 'node:fs';

interface ProcInfo {
  pid: number;
  ppid: number;
  pgid: number;
  zombie: boolean;
}

function readProc(pid: number): ProcInfo | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name is in parentheses and may itself contain spaces or parentheses.
    const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { pid, ppid: Number(rest[1]), pgid: Number(rest[2]), zombie: rest[0] === 'Z' || rest[0] === 'X' };
  } catch {
    return undefined;
  }
}

function allProcs(): ProcInfo[] {
  if (process.platform !== 'linux') return [];
  const out: ProcInfo[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const info = readProc(Number(name));
    if (info) out.push(info);
  }
  return out;
}

/** Tracks the pids belonging to one child's tree for as long as we may need to kill them. */
export class ProcessTree {
  private readonly known = new Set<number>();

  constructor(readonly rootPid: number) {
    this.known.add(rootPid);
  }

  /** Live (non-zombie) pids of the tree: the group, descendants, and every pid seen before. */
  refresh(): number[] {
    const procs = allProcs();
    if (procs.length) {
      let grew = true;
      while (grew) {
        grew = false;
        for (const p of procs) {
          if (this.known.has(p.pid)) continue;
          if (p.pgid === this.rootPid || this.known.has(p.ppid)) {
            this.known.add(p.pid);
            grew = true;
          }
        }
      }
    }
    return [...this.known].filter((pid) => isAlive(pid));
  }

  /** Sends `signal` to the group and to every live pid of the tree. */
  signal(sig: NodeJS.Signals): void {
    const pids = this.refresh();
    if (process.platform !== 'win32') trySignal(-this.rootPid, sig);
    for (const pid of pids) trySignal(pid, sig);
  }

  /** True while any process of the tree (including the group) is still running. */
  anyAlive(): boolean {
    return this.refresh().length > 0 || (process.platform !== 'win32' && groupAlive(this.rootPid));
  }
}

function trySignal(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig);
  } catch {
    // ESRCH: already gone; EPERM: not ours any more (pid reused) — nothing to do either way.
  }
}

/** A zombie has exited; only its parent's wait() is missing, so it counts as gone. */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  const info = process.platform === 'linux' ? readProc(pid) : undefined;
  return info ? !info.zombie : true;
}

function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
  } catch {
    return false;
  }
  // kill(-pgid, 0) also succeeds for a group made only of zombies; on Linux, look closer.
  if (process.platform !== 'linux') return true;
  return allProcs().some((p) => p.pgid === pgid && !p.zombie);
}
