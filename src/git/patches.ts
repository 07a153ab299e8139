// Applying a unified diff written by an API agent. All or nothing: `git apply --check` first, so
// a patch that fails leaves no file half-patched; and a patch that fails is kept on disk for the
// user, never dropped.
//
// No --3way: model-written patches rarely carry real blob ids in their `index` lines, so a 3-way
// fallback has nothing to merge from, and where it works it stages changes and leaves conflict
// markers in files — neither of which an API agent's tool call should do behind the user's back.
// --recount: models often get hunk header line counts wrong while the hunk itself is fine.
import { keepPatch } from '../store/patches';
import { CommandError, gitComplaint, readOnly, runGit, splitNul, type GitCallOptions } from './gitRunner';

export interface ApplyPatchOptions extends GitCallOptions {
  worktree: string;
  patch: string;
  /** Where to keep a patch that does not apply, e.g. `.viban/patches/<taskId>-<time>.patch`. */
  keepRejectedAt: string;
}

export type ApplyPatchResult =
  | { applied: true; files: string[] }
  | { applied: false; error: string; patchFile: string };

const APPLY_FLAGS = ['--recount', '--whitespace=nowarn'];

export async function applyPatch(opts: ApplyPatchOptions): Promise<ApplyPatchResult> {
  const top = (await runGit(opts.worktree, ['rev-parse', '--show-toplevel'], readOnly(opts))).stdout.trim();
  // git apply ignores a trailing hunk line without its newline as "corrupt patch".
  const patch = opts.patch.endsWith('\n') ? opts.patch : opts.patch + '\n';
  if (!opts.patch.trim()) return reject(opts, 'The patch is empty.');
  try {
    await runGit(top, ['apply', '--check', ...APPLY_FLAGS], { ...opts, input: patch });
    const numstat = await runGit(top, ['apply', '--numstat', '-z', ...APPLY_FLAGS], { ...opts, input: patch });
    await runGit(top, ['apply', ...APPLY_FLAGS], { ...opts, input: patch });
    return { applied: true, files: filesOfNumstat(numstat.stdout) };
  } catch (e) {
    if (!(e instanceof CommandError) || e.kind !== 'failed') throw e;
    return reject(opts, gitComplaint(e.stderr, 10) || e.message);
  }
}

/** `--numstat -z`: "ins\tdel\tpath\0", or for a rename "ins\tdel\t\0old\0new\0". */
function filesOfNumstat(out: string): string[] {
  const fields = splitNul(out);
  const files: string[] = [];
  for (let i = 0; i < fields.length; i++) {
    const inline = fields[i].split('\t')[2];
    if (inline === '') {
      files.push(fields[i + 2]);
      i += 2;
    } else files.push(inline);
  }
  return files;
}

async function reject(opts: ApplyPatchOptions, error: string): Promise<ApplyPatchResult> {
  const patchFile = await keepPatch(opts.keepRejectedAt, opts.patch);
  return { applied: false, error: `The patch does not apply: ${error}`, patchFile };
}
