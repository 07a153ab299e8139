// UI-only state (selected task, filter text, scroll) that survives the webview being hidden and
// re-created, through vscode.getState/setState. Never board data: the host owns that.
import { useCallback, useState } from 'preact/hooks';
import type { HostApi } from './vscodeApi';
import { useHost } from './hostContext';

type Stored = Record<string, unknown>;

function readAll(api: HostApi): Stored {
  const s = api.getState();
  return s && typeof s === 'object' ? (s as Stored) : {};
}

/** Write one key without rendering (for values no component displays, like scroll offsets). */
export function writePersisted(api: HostApi, key: string, value: unknown): void {
  api.setState({ ...readAll(api), [key]: value });
}

export function readPersisted<T>(api: HostApi, key: string, isValid: (v: unknown) => v is T): T | undefined {
  const v = readAll(api)[key];
  return isValid(v) ? v : undefined;
}

export function usePersistedState<T>(
  key: string,
  initial: T,
  isValid: (v: unknown) => v is T,
): [T, (value: T) => void] {
  const api = useHost();
  const [value, setValue] = useState<T>(() => readPersisted(api, key, isValid) ?? initial);
  const set = useCallback(
    (next: T) => {
      setValue(next);
      writePersisted(api, key, next);
    },
    [api, key],
  );
  return [value, set];
}

export const isString = (v: unknown): v is string => typeof v === 'string';
export const isNullableString = (v: unknown): v is string | null => v === null || typeof v === 'string';
export const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
export const isBoolean = (v: unknown): v is boolean => typeof v === 'boolean';
