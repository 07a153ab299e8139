import { createContext, h, type ComponentChildren } from 'preact';
import { useContext } from 'preact/hooks';
import type { HostApi } from './vscodeApi';

const HostContext = createContext<HostApi | null>(null);

export function HostProvider({ api, children }: { api: HostApi; children: ComponentChildren }) {
  // h() rather than JSX: preact 11's Provider type (returns ComponentChildren) trips TS's JSX element check.
  return h(HostContext.Provider, { value: api }, children);
}

export function useHost(): HostApi {
  const api = useContext(HostContext);
  if (!api) throw new Error('useHost() outside <HostProvider>');
  return api;
}
