// A small unified diff (see lineDiff.ts), or the list of changed files when only that is known.
import type { FileEdit } from './toolSummary';
import { diffStat, unifiedDiff } from './lineDiff';

const MAX_LINES = 400;

export function DiffView({ edits }: { edits: readonly FileEdit[] }) {
  return (
    <div class="diff-view">
      {edits.map((edit, n) => (
        <FileDiff key={`${edit.path}-${n}`} edit={edit} />
      ))}
    </div>
  );
}

function FileDiff({ edit }: { edit: FileEdit }) {
  if (edit.before === undefined || edit.after === undefined) {
    return (
      <div class="diff-file">
        <span class={`diff-kind diff-kind-${edit.kind ?? 'update'}`}>{edit.kind ?? 'change'}</span> <span class="diff-path">{edit.path}</span>
      </div>
    );
  }
  const lines = unifiedDiff(edit.before, edit.after);
  const { added, removed } = diffStat(lines);
  const shown = lines.slice(0, MAX_LINES);
  return (
    <div class="diff-file">
      <div class="diff-header">
        <span class="diff-path">{edit.path}</span>
        <span class="diff-stat">
          <span class="diff-stat-add">+{added}</span> <span class="diff-stat-del">−{removed}</span>
        </span>
      </div>
      <pre class="diff-lines" aria-label={`Changes to ${edit.path}: ${added} added, ${removed} removed`}>
        {shown.map((l, i) =>
          l.type === 'gap' ? (
            <div key={i} class="diff-line diff-gap">⋯ {l.skipped} unchanged</div>
          ) : (
            <div key={i} class={`diff-line diff-${l.type}`}>
              <span class="diff-sign" aria-hidden="true">{l.type === 'add' ? '+' : l.type === 'del' ? '-' : ' '}</span>
              <span class="visually-hidden">{l.type === 'add' ? 'added: ' : l.type === 'del' ? 'removed: ' : ''}</span>
              {l.text}
            </div>
          ),
        )}
        {lines.length > MAX_LINES && <div class="diff-line diff-gap">… {lines.length - MAX_LINES} more lines</div>}
      </pre>
    </div>
  );
}
