// A tool call as one compact row ("Bash  npm test", status icon) that expands to its input and
// output. File edits show as a diff; commands show their exit code.
import type { LogItem, ToolResultEntry, ToolUseEntry } from '../logModel';
import { CopyButton } from '../CopyButton';
import { DiffView } from '../DiffView';
import { diffStat, unifiedDiff } from '../lineDiff';
import { commandOf, fileEdits, prettyJson, toolDetail } from '../toolSummary';

const MAX_OUTPUT = 20_000;

export type ToolState = 'pending' | 'running' | 'ok' | 'failed';

export function toolState(use: ToolUseEntry | undefined, result: ToolResultEntry | undefined): ToolState {
  if (result) return result.isError || (result.exitCode !== undefined && result.exitCode !== 0) ? 'failed' : 'ok';
  if (use?.status === 'failed') return 'failed';
  if (use?.status === 'completed') return 'ok';
  return use?.status === 'pending' ? 'pending' : 'running';
}

const stateIcon: Record<ToolState, string> = {
  pending: 'clock',
  running: 'loading codicon-modifier-spin',
  ok: 'pass',
  failed: 'error',
};
const stateLabel: Record<ToolState, string> = { pending: 'waiting', running: 'running', ok: 'done', failed: 'failed' };

export function ToolRow({ item, expanded, onToggle }: { item: LogItem; expanded: boolean; onToggle: () => void }) {
  const use = item.entry.kind === 'tool_use' ? item.entry : undefined;
  const result = item.entry.kind === 'tool_result' ? item.entry : item.result;
  const state = toolState(use, result);
  const name = use?.name ?? 'Tool result';
  const detail = use ? toolDetail(use.name, use.input) : '';
  const edits = use ? fileEdits(use.name, use.input) : [];
  const stat = edits.length && edits.every((e) => e.before !== undefined) ? statOf(edits) : '';
  const bodyId = `tool-${item.key}`.replace(/[^\w-]/g, '_');

  return (
    <div class={`log-tool tool-${state}`}>
      <button type="button" class="log-tool-header" aria-expanded={expanded} aria-controls={bodyId} onClick={onToggle}>
        <i class={`codicon codicon-chevron-${expanded ? 'down' : 'right'}`} aria-hidden="true" />
        <i class={`codicon codicon-${stateIcon[state]} tool-state`} aria-hidden="true" />
        <span class="visually-hidden">{stateLabel[state]}: </span>
        <span class="log-tool-name">{name}</span>
        <span class="log-tool-detail">{detail}</span>
        {stat && <span class="log-tool-stat">{stat}</span>}
        {result?.exitCode !== undefined && <span class="log-tool-exit">exit {result.exitCode}</span>}
      </button>
      {expanded && (
        <div class="log-tool-body" id={bodyId}>
          {use && <ToolInput use={use} />}
          {result ? <ToolOutput result={result} /> : <p class="muted log-tool-waiting">{state === 'pending' ? 'Waiting for your answer…' : 'No output yet.'}</p>}
        </div>
      )}
    </div>
  );
}

function ToolInput({ use }: { use: ToolUseEntry }) {
  const command = commandOf(use.input);
  const edits = fileEdits(use.name, use.input);
  const text = command ?? prettyJson(use.input);
  return (
    <div class="log-tool-section">
      <div class="log-tool-section-header">
        <span>{command !== undefined ? 'Command' : 'Input'}</span>
        <CopyButton text={() => text} label="Copy input" />
      </div>
      {edits.length ? <DiffView edits={edits} /> : <pre class="log-pre">{text}</pre>}
    </div>
  );
}

function ToolOutput({ result }: { result: ToolResultEntry }) {
  const output = result.output;
  const shown = output.length > MAX_OUTPUT ? `${output.slice(0, MAX_OUTPUT)}\n… ${output.length - MAX_OUTPUT} more characters (Copy output has them all)` : output;
  return (
    <div class={result.isError ? 'log-tool-section log-tool-output is-error' : 'log-tool-section log-tool-output'}>
      <div class="log-tool-section-header">
        <span>
          {result.isError ? 'Error' : 'Output'}
          {result.exitCode !== undefined && ` · exit code ${result.exitCode}`}
        </span>
        <CopyButton text={() => output} label="Copy output" />
      </div>
      {output ? <pre class="log-pre">{shown}</pre> : <p class="muted">(no output)</p>}
    </div>
  );
}

function statOf(edits: ReturnType<typeof fileEdits>): string {
  let added = 0;
  let removed = 0;
  for (const e of edits) {
    const s = diffStat(unifiedDiff(e.before ?? '', e.after ?? ''));
    added += s.added;
    removed += s.removed;
  }
  return `+${added} −${removed}`;
}
