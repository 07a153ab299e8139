// Hands the SessionHub to session views, and re-renders a view when the part it subscribed to changes.
import { createContext, h, type ComponentChildren } from 'preact';
import { useContext, useEffect, useReducer } from 'preact/hooks';
import type { HubTopic, SessionHub } from './sessionHub';

const HubContext = createContext<SessionHub | null>(null);

export function HubProvider({ hub, children }: { hub: SessionHub; children: ComponentChildren }) {
  return h(HubContext.Provider, { value: hub }, children);
}

/** The hub; the component re-renders whenever one of `topics` changes. */
export function useHub(...topics: HubTopic[]): SessionHub {
  const hub = useContext(HubContext);
  if (!hub) throw new Error('useHub() outside <HubProvider>');
  const [, bump] = useReducer((n: number, _: void) => n + 1, 0);
  const key = topics.join(',');
  useEffect(() => {
    const offs = topics.map((t) => hub.subscribe(t, bump));
    return () => offs.forEach((off) => off());
  }, [hub, key]);
  return hub;
}
