// The left side of a review diff: a file as it is on the task's base branch, served read-only
// from git through a virtual document scheme (nothing is written to disk).
import * as vscode from 'vscode';
import { fileAtBase, mergeBaseOf, runGit } from '../git';

export const BASE_SCHEME = 'viban-base';

/** `empty` serves an empty document (the file does not exist on that side). */
export function baseUri(folder: string, base: string, file: string, empty = false): vscode.Uri {
  return vscode.Uri.from({ scheme: BASE_SCHEME, path: `/${file}`, query: new URLSearchParams({ folder, base, empty: empty ? '1' : '' }).toString() });
}

/** A file exactly as it is on `ref` (no merge-base): a side of a merge (HEAD, MERGE_HEAD). */
export function refUri(folder: string, ref: string, file: string): vscode.Uri {
  return vscode.Uri.from({ scheme: BASE_SCHEME, path: `/${file}`, query: new URLSearchParams({ folder, base: ref, exact: '1' }).toString() });
}

export class BaseContentProvider implements vscode.TextDocumentContentProvider {
  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const q = new URLSearchParams(uri.query);
    if (q.get('empty')) return '';
    const folder = q.get('folder')!;
    // Compare with where the branch left its base, so unrelated later commits on the base do not show.
    if (q.get('exact')) return fileOnRef(folder, q.get('base')!, uri.path.replace(/^\//, ''));
    const base = (await mergeBaseOf(folder, q.get('base')!).catch(() => undefined)) ?? q.get('base')!;
    const content = await fileAtBase(folder, base, uri.path.replace(/^\//, ''));
    return content ? content.toString('utf8') : '';
  }
}

/** The file exactly as it is on `ref` (path from the repository's top); empty when it is not there. */
async function fileOnRef(folder: string, ref: string, file: string): Promise<string> {
  const r = await runGit(folder, ['show', `${ref}:${file}`], { okExitCodes: [128], extraEnv: { GIT_OPTIONAL_LOCKS: '0' } });
  return r.exitCode === 0 ? r.stdout : '';
}
