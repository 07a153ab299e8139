// apply_patch on disk: every file of the patch is resolved inside the workspace and patched in
// memory first; only when all of them apply are the files written. If a write still fails (disk
// full, permissions), the files already written are restored, so a patch is never half-applied.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { assertWritable, ToolInputError, type GuardedPath } from './pathGuard';
import { applyHunks, parseUnifiedDiff, PatchError } from './unifiedDiff';

interface Planned {
  target: GuardedPath;
  /** Where the old content came from, when it differs from target (a rename). */
  source?: GuardedPath;
  before: string | undefined;
  /** undefined: delete the file. */
  after: string | undefined;
}

export async function applyFilePatches(patchText: string, guard: (p: string) => Promise<GuardedPath>): Promise<string> {
  const files = parseUnifiedDiff(patchText);
  const plan: Planned[] = [];
  for (const f of files) {
    const oldP = f.oldPath ? await guard(f.oldPath) : undefined;
    const newP = f.newPath ? await guard(f.newPath) : undefined;
    const target = (newP ?? oldP)!;
    assertWritable(target);
    if (oldP) assertWritable(oldP);
    const name = target.rel;
    const before = oldP ? await readText(oldP) : undefined;
    if (oldP && before === undefined) throw new PatchError(`${oldP.rel} does not exist, so the patch for it cannot apply (use --- /dev/null for a new file).`);
    if (!oldP && (await readText(target)) !== undefined) throw new PatchError(`${name} already exists; the patch creates it from /dev/null. Patch the existing file instead.`);
    if (plan.some((p) => p.target.abs === target.abs)) throw new PatchError(`${name} appears twice in the patch; put all its hunks under one header.`);
    const after = newP ? applyHunks(before ?? '', f.hunks, name) : undefined;
    if (!newP && after === undefined && f.hunks.some((h) => h.lines.some((l) => l.op !== '-'))) {
      throw new PatchError(`The patch deletes ${name} but its hunk keeps or adds lines.`);
    }
    plan.push({ target, source: oldP && newP && oldP.abs !== newP.abs ? oldP : undefined, before, after });
  }

  const done: Array<() => Promise<void>> = [];
  try {
    for (const p of plan) {
      if (p.after === undefined) {
        await fs.rm(p.target.abs);
        done.push(() => fs.writeFile(p.target.abs, p.before ?? ''));
        continue;
      }
      const existed = p.source ? false : p.before !== undefined;
      await fs.mkdir(path.dirname(p.target.abs), { recursive: true });
      await fs.writeFile(p.target.abs, p.after);
      done.push(() => (existed ? fs.writeFile(p.target.abs, p.before!) : fs.rm(p.target.abs, { force: true })));
      if (p.source) {
        await fs.rm(p.source.abs);
        done.push(() => fs.writeFile(p.source!.abs, p.before ?? ''));
      }
    }
  } catch (err) {
    for (const undo of done.reverse()) await undo().catch(() => undefined);
    throw new ToolInputError(`Writing the patched files failed (${(err as Error).message}); nothing was changed.`);
  }
  return plan
    .map((p) => (p.after === undefined ? `deleted ${p.target.rel}` : p.source ? `renamed ${p.source.rel} -> ${p.target.rel}` : `${p.before === undefined ? 'created' : 'patched'} ${p.target.rel}`))
    .join('\n')
    .replace(/^/, 'Applied the patch:\n');
}

async function readText(p: GuardedPath): Promise<string | undefined> {
  try {
    const s = await fs.stat(p.abs);
    if (s.isDirectory()) throw new ToolInputError(`${p.rel} is a folder.`);
    return await fs.readFile(p.abs, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}
