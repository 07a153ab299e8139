// One review request at a time from a panel: whether it is in flight, and the host's answer
// (an error shown in place, or what was done). Answers after the panel is gone are ignored.
import { useEffect, useRef, useState } from 'preact/hooks';
import type { ReviewHub, ReviewReply, ReviewRequest } from './reviewHub';

export interface Outcome {
  ok: boolean;
  text: string;
}

export interface ReviewRequestState {
  busy: boolean;
  outcome: Outcome | null;
  /** Send `body`; `onOk` returns the words to show on success (or nothing). */
  send(body: ReviewRequest, onOk?: (reply: ReviewReply) => string | void): void;
  clear(): void;
}

export function useReviewRequest(hub: ReviewHub, fallbackError: string): ReviewRequestState {
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const alive = useRef(true);
  useEffect(() => () => void (alive.current = false), []);

  return {
    busy,
    outcome,
    clear: () => setOutcome(null),
    send(body, onOk) {
      if (busy || hub.busy) return;
      setBusy(true);
      setOutcome(null);
      hub.request(body, (reply) => {
        if (!alive.current) return;
        setBusy(false);
        if (!reply.ok) return setOutcome({ ok: false, text: reply.error ?? fallbackError });
        const text = onOk?.(reply);
        setOutcome(text ? { ok: true, text } : null);
      });
    },
  };
}
