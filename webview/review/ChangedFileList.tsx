// The changed files: status (icon + letter in the SCM colours), path, +N −M or "binary". Each row
// is a button: click or Enter opens VS Code's diff editor for that file.
import { useState } from 'preact/hooks';
import type { ChangedFile } from '../../src/protocol/review';
import { MINUS, fileLabel, statusIcon, statusLetter } from './reviewText';

/** Rows drawn at first; a worktree with a vendored folder can change thousands of files. */
const FIRST_ROWS = 300;

export interface ChangedFileListProps {
  files: readonly ChangedFile[];
  onOpen: (path: string) => void;
}

export function ChangedFileList({ files, onOpen }: ChangedFileListProps) {
  const [limit, setLimit] = useState(FIRST_ROWS);
  const shown = files.slice(0, limit);
  return (
    <>
      <ul class="review-files" aria-label="Changed files">
        {shown.map((f) => (
          <li key={f.path} class="review-file">
            <button
              type="button"
              class={`review-file-button status-${f.status}`}
              aria-label={fileLabel(f)}
              title={`Open the changes in ${f.path}`}
              onClick={() => onOpen(f.path)}
              onKeyDown={(e) => {
                // Own the key: a native button also clicks on Enter, and that must not open two diffs.
                if (e.key === 'Enter') {
                  e.preventDefault();
                  onOpen(f.path);
                }
              }}
            >
              <span class="review-status" aria-hidden="true">
                <i class={`codicon codicon-${statusIcon[f.status]}`} />
                <span class="review-status-letter">{statusLetter[f.status]}</span>
              </span>
              <span class="review-path" aria-hidden="true">
                {f.path}
                {f.status === 'renamed' && f.oldPath && <span class="review-old-path"> ← {f.oldPath}</span>}
              </span>
              {f.binary ? (
                <span class="review-binary" aria-hidden="true">
                  binary
                </span>
              ) : (
                <span class="review-counts" aria-hidden="true">
                  <span class="review-insertions">+{f.insertions}</span>{' '}
                  <span class="review-deletions">
                    {MINUS}
                    {f.deletions}
                  </span>
                </span>
              )}
            </button>
          </li>
        ))}
      </ul>
      {files.length > limit && (
        <button type="button" class="link-button review-more" onClick={() => setLimit(files.length)}>
          Show all {files.length} files
        </button>
      )}
    </>
  );
}
