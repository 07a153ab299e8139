// The one place messages from the host enter the app: every message is validated with the shared
// protocol schema; an invalid one is dropped and reported back to the host's log, never acted on.
import { useEffect, useRef } from 'preact/hooks';
import { parseToWebview, type ToWebview } from '../../src/protocol/messages';
import { useHost } from './hostContext';

const MAX_LOG_MESSAGE = 10_000; // FromWebview 'log' caps message at 10k characters.

export function useHostMessages(onMessage: (message: ToWebview) => void): void {
  const api = useHost();
  const handler = useRef(onMessage);
  handler.current = onMessage;

  useEffect(() => {
    const listener = (event: MessageEvent) => {
      const parsed = parseToWebview(event.data);
      if (!parsed.ok) {
        const type = describeType(event.data);
        api.postMessage({
          type: 'log',
          level: 'warn',
          message: `webview dropped an invalid message${type}: ${parsed.error}`.slice(0, MAX_LOG_MESSAGE),
        });
        return;
      }
      handler.current(parsed.value);
    };
    window.addEventListener('message', listener);
    // Say hello only once we can hear the answer.
    api.postMessage({ type: 'ready' });
    return () => window.removeEventListener('message', listener);
  }, [api]);
}

function describeType(data: unknown): string {
  if (data && typeof data === 'object' && typeof (data as { type?: unknown }).type === 'string') {
    return ` (type "${String((data as { type: string }).type).slice(0, 50)}")`;
  }
  return '';
}
