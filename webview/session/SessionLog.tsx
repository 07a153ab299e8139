// The open session's log, chat-style: virtualized rows, follow-the-tail with "Jump to latest",
// older pages on scrolling to the top, find (Ctrl/Cmd+F), copy.
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { PendingApproval } from '../../src/protocol/sessions';
import { IconButton } from '../ui/IconButton';
import { CopyButton } from './CopyButton';
import { FindBar } from './FindBar';
import { findMatches, highlightMatches } from './findMatches';
import { useHub } from './hubContext';
import type { LogItem } from './logModel';
import { estimateItemHeight } from './rows/estimate';
import { LogRow, itemText } from './rows/LogRow';
import { VirtualList, type VirtualListController } from './VirtualList';

export interface SessionLogProps {
  /** Waiting approvals of the open session, by request id. */
  pending: ReadonlyMap<string, PendingApproval>;
}

export function SessionLog({ pending }: SessionLogProps) {
  const hub = useHub('log');
  const open = hub.openLog;
  const model = open?.model;
  const [follow, setFollow] = useState(true);
  const [unfollowedAt, setUnfollowedAt] = useState(0);
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(new Set());
  const [findOpen, setFindOpen] = useState(false);
  const [query, setQuery] = useState('');
  const [current, setCurrent] = useState(0);
  const controller = useRef<VirtualListController | null>(null);
  const listBox = useRef<HTMLDivElement>(null);

  useEffect(() => {
    setFollow(true);
    setExpanded(new Set());
  }, [open?.sessionId, model?.resets]);

  const items = model?.items ?? [];
  const matches = useMemo(() => (findOpen && query ? findMatches(items, query, itemText) : []), [findOpen, query, items, model?.version]);
  const match = matches.length ? matches[Math.min(current, matches.length - 1)] : undefined;
  const currentKey = match ? items[match.index]?.key : undefined;

  const goTo = (k: number) => {
    if (!matches.length) return;
    const n = ((k % matches.length) + matches.length) % matches.length;
    setCurrent(n);
    const item = items[matches[n].index];
    setFollow(false);
    setUnfollowedAt(items.length);
    if (item && isCollapsible(item) && !expanded.has(item.key)) setExpanded(new Set(expanded).add(item.key));
    controller.current?.scrollToIndex(matches[n].index);
  };

  // A new query jumps to its first match.
  useEffect(() => {
    if (findOpen && query) goTo(0);
  }, [query]);

  useLayoutEffect(() => highlightMatches(findOpen ? listBox.current : null, query));

  if (!open || !model) return null;

  const toggle = (key: string) => {
    const next = new Set(expanded);
    if (!next.delete(key)) next.add(key);
    setExpanded(next);
  };

  const onFollowChange = (f: boolean) => {
    setFollow(f);
    if (!f) setUnfollowedAt(items.length);
  };

  const onKeyDown = (e: KeyboardEvent) => {
    if ((e.ctrlKey || e.metaKey) && !e.altKey && e.key.toLowerCase() === 'f') {
      e.preventDefault();
      e.stopPropagation();
      setFindOpen(true);
    }
  };

  const renderRow = (i: number) => {
    const item = items[i];
    const e = item.entry;
    return (
      <LogRow
        item={item}
        rev={item.rev}
        expanded={expanded.has(item.key)}
        current={item.key === currentKey}
        pending={e.kind === 'approval_request' ? pending.get(e.requestId) : undefined}
        onToggle={toggle}
      />
    );
  };

  const newCount = Math.max(0, items.length - unfollowedAt);
  const header = model.hasOlder ? (
    <div class="log-older">
      <button type="button" class="link-button" disabled={open.loadingOlder} onClick={() => hub.loadOlder()}>
        {open.loadingOlder ? 'Loading older entries…' : 'Load older entries'}
      </button>
    </div>
  ) : null;

  return (
    <div class="session-log" onKeyDown={onKeyDown}>
      <div class="session-log-tools">
        <IconButton icon="search" label="Find in log (Ctrl+F)" onClick={() => setFindOpen(true)} />
        <CopyButton text={() => logText(items)} label="Copy log" />
      </div>
      {findOpen && (
        <FindBar
          query={query}
          current={Math.min(current, Math.max(0, matches.length - 1))}
          total={matches.length}
          onQuery={(q) => {
            setQuery(q);
            setCurrent(0);
          }}
          onStep={(d) => goTo(current + d)}
          onClose={() => {
            setFindOpen(false);
            setQuery('');
            listBox.current?.querySelector<HTMLElement>('.vlist')?.focus();
          }}
        />
      )}
      <div class="session-log-body" ref={listBox}>
        {!open.loaded ? (
          <p class="muted log-loading">Loading the log…</p>
        ) : items.length === 0 ? (
          <p class="muted log-loading">Nothing in this session's log yet.</p>
        ) : (
          <VirtualList
            count={items.length}
            epoch={model.epoch}
            epochKind={model.epochKind}
            prepended={model.prepended}
            keyAt={(i) => items[i].key}
            estimate={(i) => estimateItemHeight(items[i], expanded.has(items[i].key))}
            renderRow={renderRow}
            header={header}
            follow={follow}
            onFollowChange={onFollowChange}
            onNearTop={() => hub.loadOlder()}
            controller={controller}
            ariaLabel="Session log"
            className="log-list"
          />
        )}
        {!follow && (
          <button
            type="button"
            class="jump-latest"
            onClick={() => {
              setFollow(true);
              listBox.current?.querySelector<HTMLElement>('.vlist')?.focus();
            }}
          >
            <i class="codicon codicon-arrow-down" aria-hidden="true" />
            Jump to latest{newCount ? ` (${newCount} new)` : ''}
          </button>
        )}
      </div>
    </div>
  );
}

const isCollapsible = (item: LogItem) => ['thinking', 'tool_use', 'tool_result', 'stderr', 'approval_request'].includes(item.entry.kind);

/** The loaded log as plain text, one block per item. */
export function logText(items: readonly LogItem[]): string {
  return items.map((item) => `[${item.entry.kind}] ${itemText(item)}`).join('\n\n');
}
