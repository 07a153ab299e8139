// Conversation and queue pushes reach the session hub here, validated like every host message.
// (The app shell routes the older session messages; these are the panel's own.)
import { useEffect } from 'preact/hooks';
import { parseToWebview } from '../../src/protocol/messages';
import type { SessionHub } from './sessionHub';

const TYPES = new Set(['queue', 'conversationPage', 'conversationMessage']);

export function useQueueMessages(hub: SessionHub): void {
  useEffect(() => {
    const listener = (event: MessageEvent) => {
      const type = (event.data as { type?: unknown } | null)?.type;
      if (typeof type !== 'string' || !TYPES.has(type)) return;
      const parsed = parseToWebview(event.data);
      if (parsed.ok) hub.receive(parsed.value); // an invalid one is reported by the app shell's listener
    };
    window.addEventListener('message', listener);
    return () => window.removeEventListener('message', listener);
  }, [hub]);
}
