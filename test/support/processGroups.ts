// What tests check after a stop: which processes of a group are still alive, straight from /proc.
import { readdirSync, readFileSync } from 'node:fs';

/** Live (non-zombie) members of a process group. */
export function liveGroupMembers(pgid: number): number[] {
  const live: number[] = [];
  for (const name of readdirSync('/proc').filter((n) => /^\d+$/.test(n))) {
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      // The command name is in parentheses and may contain spaces: fields start after the last ')'.
      const [state, , group] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(group) === pgid && state !== 'Z') live.push(Number(name));
    } catch {
      // the process ended while we looked
    }
  }
  return live;
}
