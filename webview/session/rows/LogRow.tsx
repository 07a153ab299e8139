// One item of the session log. Rows re-render only when their item's rev (or how they are shown)
// changes, so a streaming message repaints one row, not the list.
import { Component, type ComponentChildren } from 'preact';
import type { PendingApproval } from '../../../src/protocol/sessions';
import { Markdown } from '../../ui/Markdown';
import { ApprovalInput } from '../ApprovalCard';
import { CopyButton } from '../CopyButton';
import { resultSummary } from '../formatting';
import type { LogItem } from '../logModel';
import { ToolRow } from './ToolRow';

export interface LogRowProps {
  item: LogItem;
  rev: number;
  expanded: boolean;
  /** This row holds the current find match. */
  current: boolean;
  /** For an approval request still waiting for an answer. */
  pending?: PendingApproval;
  onToggle: (key: string) => void;
}

export class LogRow extends Component<LogRowProps> {
  override shouldComponentUpdate(next: LogRowProps): boolean {
    const p = this.props;
    return p.item !== next.item || p.rev !== next.rev || p.expanded !== next.expanded || p.current !== next.current || p.pending !== next.pending;
  }

  override render({ item, expanded, current, pending, onToggle }: LogRowProps) {
    return <div class={current ? 'log-item find-current' : 'log-item'}>{renderItem(item, expanded, () => onToggle(item.key), pending)}</div>;
  }
}

function renderItem(item: LogItem, expanded: boolean, toggle: () => void, pending: PendingApproval | undefined) {
  const e = item.entry;
  switch (e.kind) {
    case 'user':
      return (
        <div class="log-user">
          {/* The prompt is the task's markdown description (or a follow-up): shown rendered, like the agent's answers. */}
          <Markdown source={e.text} className="log-user-bubble" />
        </div>
      );
    case 'assistant':
      return (
        <div class={item.streaming ? 'log-assistant streaming' : 'log-assistant'}>
          <Markdown source={e.text} />
          <CopyButton className="log-copy" text={() => e.text} label="Copy message" />
        </div>
      );
    case 'thinking':
      return (
        <Disclosure className="log-thinking" label={item.streaming ? 'Thinking…' : 'Thinking'} icon="lightbulb" expanded={expanded} onToggle={toggle}>
          <div class="log-thinking-text">{e.text}</div>
        </Disclosure>
      );
    case 'tool_use':
    case 'tool_result':
      return <ToolRow item={item} expanded={expanded} onToggle={toggle} />;
    case 'approval_request':
      // The one answerable card is pinned above the log; here the request is a record, and its
      // answer follows as an approval_response row.
      return (
        <Disclosure
          className={pending ? 'log-approval-past log-approval-waiting' : 'log-approval-past'}
          label={pending ? `Asks to use ${e.toolName} — waiting for your answer above` : `Asked to use ${e.toolName}`}
          icon={pending ? 'bell-dot' : 'shield'}
          expanded={expanded}
          onToggle={toggle}
        >
          <ApprovalInput toolName={e.toolName} input={e.input} />
        </Disclosure>
      );
    case 'approval_response':
      return (
        <div class={`log-muted log-approval-answer decision-${e.decision}`}>
          <i class={`codicon codicon-${e.decision === 'deny' ? 'circle-slash' : 'check'}`} aria-hidden="true" />
          {e.decision === 'deny' ? `Denied${e.message ? `: ${e.message}` : ''}` : e.decision === 'allow_always' ? 'Allowed for the rest of this session' : 'Allowed'}
        </div>
      );
    case 'system':
      return (
        <div class="log-muted log-system">
          <i class="codicon codicon-info" aria-hidden="true" />
          <span>{e.text}</span>
        </div>
      );
    case 'error':
      return (
        <div class="log-error" role="note" aria-label="Error">
          <i class="codicon codicon-error" aria-hidden="true" />
          <span class="log-error-text">{e.text}</span>
        </div>
      );
    case 'result':
      return (
        <div class={e.isError ? 'log-result is-error' : 'log-result'}>
          <i class={`codicon codicon-${e.isError ? 'error' : 'pass'}`} aria-hidden="true" />
          <span class="log-result-summary">{resultSummary(e)}</span>
          {e.isError && e.text && <div class="log-result-text">{e.text}</div>}
        </div>
      );
    case 'raw':
      return <div class="log-raw">{e.line}</div>;
    case 'stderr': {
      const lines = item.lines ?? [e];
      return (
        <Disclosure className="log-stderr" label={`stderr (${lines.length} ${lines.length === 1 ? 'line' : 'lines'})`} icon="terminal" expanded={expanded} onToggle={toggle}>
          <pre class="log-pre">{lines.map((l) => l.text).join('\n')}</pre>
        </Disclosure>
      );
    }
  }
}

function Disclosure(props: { className: string; label: string; icon: string; expanded: boolean; onToggle: () => void; children: ComponentChildren }) {
  return (
    <div class={props.className}>
      <button type="button" class="log-disclosure" aria-expanded={props.expanded} onClick={props.onToggle}>
        <i class={`codicon codicon-chevron-${props.expanded ? 'down' : 'right'}`} aria-hidden="true" />
        <i class={`codicon codicon-${props.icon}`} aria-hidden="true" />
        <span>{props.label}</span>
      </button>
      {props.expanded && <div class="log-disclosure-body">{props.children}</div>}
    </div>
  );
}

/** An item's searchable and copyable text. */
export function itemText(item: LogItem): string {
  const e = item.entry;
  switch (e.kind) {
    case 'user':
    case 'assistant':
    case 'thinking':
    case 'system':
    case 'error':
      return e.text;
    case 'tool_use':
    case 'tool_result': {
      const use = e.kind === 'tool_use' ? e : undefined;
      const result = e.kind === 'tool_result' ? e : item.result;
      return [use?.name, use && JSON.stringify(use.input ?? null), result?.output].filter(Boolean).join('\n');
    }
    case 'approval_request':
      return `${e.toolName}\n${JSON.stringify(e.input ?? null)}`;
    case 'approval_response':
      return `${e.decision}${e.message ? `: ${e.message}` : ''}`;
    case 'result':
      return [resultSummary(e), e.text].filter(Boolean).join('\n');
    case 'raw':
      return e.line;
    case 'stderr':
      return (item.lines ?? [e]).map((l) => l.text).join('\n');
  }
}
