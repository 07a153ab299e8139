// Messages across the top: failed requests (dismissible), store problems, restricted mode,
// read-only mode, and runs waiting with no background worker alive (with its Start action). Errors are role="alert" so screen readers speak them at once.
import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import type { StoreProblem } from '../../src/protocol/messages';
import type { Notice } from '../state/boardReducer';
import { Button } from '../ui/Button';
import { IconButton } from '../ui/IconButton';

/** Background mode, runs waiting in the queue, no worker alive to run them. */
export interface NoWorker {
  queued: number;
  onStart: () => void;
}

export interface BannersProps {
  notices: readonly Notice[];
  problems: readonly StoreProblem[];
  trusted: boolean;
  readOnly: boolean;
  onDismissNotice: (id: string) => void;
  noWorker?: NoWorker;
}

export function Banners({ notices, problems, trusted, readOnly, onDismissNotice, noWorker }: BannersProps) {
  const [hiddenProblems, setHiddenProblems] = useState<ReadonlySet<string>>(new Set());
  const shownProblems = problems.filter((p) => !hiddenProblems.has(problemKey(p)));
  if (!notices.length && !shownProblems.length && trusted && !readOnly && !noWorker) return null;

  return (
    <div class="banners">
      {notices.map((n) => (
        <Banner key={n.id} level="error" onDismiss={() => onDismissNotice(n.id)}>
          {n.message}
        </Banner>
      ))}
      {shownProblems.map((p) => (
        <Banner key={problemKey(p)} level={p.kind === 'corrupt' ? 'warning' : 'error'} onDismiss={() => setHiddenProblems(new Set([...hiddenProblems, problemKey(p)]))}>
          {describeProblem(p)}
        </Banner>
      ))}
      {readOnly && (
        <Banner level="warning">Read-only: this board can't be changed here, so editing is turned off. The messages above say why.</Banner>
      )}
      {noWorker && (
        <Banner level="warning">
          No worker is running — {noWorker.queued === 1 ? '1 run waits' : `${noWorker.queued} runs wait`} in the queue.{' '}
          <Button onClick={noWorker.onStart} className="banner-action">
            Start one
          </Button>
        </Banner>
      )}
      {!trusted && (
        <Banner level="info">Restricted mode: the board can be edited, but agents won't run until you trust this workspace.</Banner>
      )}
    </div>
  );
}

function Banner({ level, children, onDismiss }: { level: 'error' | 'warning' | 'info'; children: ComponentChildren; onDismiss?: () => void }) {
  const icon = level === 'error' ? 'error' : level === 'warning' ? 'warning' : 'shield';
  return (
    <div class={`banner banner-${level}`} role={level === 'error' ? 'alert' : 'status'}>
      <i class={`codicon codicon-${icon}`} aria-hidden="true" />
      <span class="banner-text">{children}</span>
      {onDismiss && <IconButton icon="close" label="Dismiss" onClick={onDismiss} />}
    </div>
  );
}

const problemKey = (p: StoreProblem) => `${p.kind}:${p.message}`;

/** The host's message, plus the file names when the message does not already mention them. */
export function describeProblem(p: StoreProblem): string {
  const extra: string[] = [];
  if (p.file && !p.message.includes(p.file)) extra.push(`File: ${p.file}`);
  if (p.movedTo && !p.message.includes(p.movedTo)) extra.push(`Moved to: ${p.movedTo}`);
  return extra.length ? `${p.message} (${extra.join('; ')})` : p.message;
}
