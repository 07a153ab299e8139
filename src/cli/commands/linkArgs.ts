// `--blocked-by` takes one id per use and may repeat (`--blocked-by a --blocked-by b`); ids may
// also follow the first one as words (`--blocked-by a b`) or be comma-separated (`a,b`), which is
// how people write lists in a shell.
import type { ParsedArgs } from '../commandSpec';
import { UsageError } from '../errors';

export function blockedByIds(args: ParsedArgs, raw: unknown, command: string): { taskId: string; ids: string[] } {
  const [taskId, ...more] = args.positionals;
  const flags = Array.isArray(raw) ? (raw as string[]) : typeof raw === 'string' ? [raw] : [];
  if (flags.length === 0) {
    if (more.length) throw new UsageError(`unexpected argument "${more[0]}" (put the task ids after --blocked-by)`, command);
    throw new UsageError('missing --blocked-by <otherId>', command);
  }
  const ids = [...flags, ...more].flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean);
  for (const id of [taskId, ...ids]) {
    if (!/^[A-Za-z0-9_-]{1,100}$/.test(id)) throw new UsageError(`"${id}" is not a task id (see \`viban list\`)`, command);
  }
  if (ids.length === 0) throw new UsageError('missing --blocked-by <otherId>', command);
  return { taskId, ids: [...new Set(ids)] };
}
