// Keeps the board's horizontal/vertical scroll offset across the webview being hidden and shown.
import { useCallback, useEffect, useRef } from 'preact/hooks';
import { useHost } from '../host/hostContext';
import { readPersisted, writePersisted } from '../host/usePersistedState';

const KEY = 'boardScroll';
const SAVE_DELAY_MS = 200;

type Offset = { left: number; top: number };
const isOffset = (v: unknown): v is Offset =>
  !!v && typeof v === 'object' && typeof (v as Offset).left === 'number' && typeof (v as Offset).top === 'number';

export function useBoardScroll() {
  const api = useHost();
  const ref = useRef<HTMLDivElement>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  useEffect(() => {
    const saved = readPersisted(api, KEY, isOffset);
    if (saved && ref.current) {
      ref.current.scrollLeft = saved.left;
      ref.current.scrollTop = saved.top;
    }
    return () => clearTimeout(timer.current);
  }, [api]);

  const onScroll = useCallback(() => {
    clearTimeout(timer.current);
    timer.current = setTimeout(() => {
      const el = ref.current;
      if (el) writePersisted(api, KEY, { left: el.scrollLeft, top: el.scrollTop });
    }, SAVE_DELAY_MS);
  }, [api]);

  return { ref, onScroll };
}
