// Hands the AutomationHub to the views that show stage automation; they re-render on its changes.
import { createContext, h, type ComponentChildren } from 'preact';
import { useContext, useEffect, useReducer } from 'preact/hooks';
import type { AutomationHub } from './automationHub';

const AutomationContext = createContext<AutomationHub | null>(null);

export function AutomationProvider({ hub, children }: { hub: AutomationHub; children: ComponentChildren }) {
  return h(AutomationContext.Provider, { value: hub }, children);
}

/** The hub, or null outside a provider (webview tests that render a card alone). */
export function useAutomation(): AutomationHub | null {
  const hub = useContext(AutomationContext);
  const [, bump] = useReducer((n: number, _: void) => n + 1, 0);
  useEffect(() => hub?.subscribe(bump), [hub]);
  return hub;
}
