// Finding and signalling every process a child started. The child runs as the leader of its own
// process group (spawned detached), so one signal to `-pid` reaches the group. A grandchild that
// called setsid() escapes the group; on Linux we also walk /proc for descendants by parent pid,
// and remember every pid seen, because once a parent dies its children are re-parented to init
// and the parent link is lost. (After our own process dies, reapSession.ts finds them instead.)
import { groupAlive, isAlive } from './liveness';
import { allProcs, childrenOf, hasChildrenFiles } from './procTable';
import { signalGroup, trySignal, type Signallable } from './signals';

/** Tracks the pids belonging to one child's tree for as long as we may need to kill them. */
export class ProcessTree implements Signallable {
  private readonly known = new Set<number>();

  constructor(readonly rootPid: number) {
    this.known.add(rootPid);
  }

  /** Live (non-zombie) pids of the tree: the group, descendants, and every pid seen before. */
  refresh(): number[] {
    const procs = allProcs();
    let grew = procs.length > 0;
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
    return [...this.known].filter(isAlive);
  }

  /**
   * Remembers the tree's new processes while it runs (called every few hundred ms): follows every
   * known pid to its children, so the cost grows with the tree, not with the machine (the full
   * scan of `refresh` read every process's stat: measured, a tenth of `viban run`'s time on a busy
   * machine). A child re-parented before it was seen is still caught by the group signal and by
   * the full scan `signal` makes at the end.
   */
  track(): void {
    if (!hasChildrenFiles) {
      this.refresh();
      return;
    }
    const queue = [...this.known];
    for (let i = 0; i < queue.length; i++) {
      for (const child of childrenOf(queue[i])) {
        if (this.known.has(child)) continue;
        this.known.add(child);
        queue.push(child);
      }
    }
  }

  /** Sends `sig` to the group and to every live pid of the tree. */
  signal(sig: NodeJS.Signals): void {
    const pids = this.refresh();
    signalGroup(this.rootPid, sig);
    for (const pid of pids) trySignal(pid, sig);
  }

  /** True while any process of the tree (including the group) is still running. */
  anyAlive(): boolean {
    return this.refresh().length > 0 || groupAlive(this.rootPid);
  }
}
