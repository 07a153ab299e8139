// The slice of the VS Code webview API the app uses. Components never call the global directly:
// they get an implementation through HostContext, so tests can hand in a fake.
import type { FromWebview } from '../../src/protocol/messages';

export interface HostApi {
  postMessage(message: FromWebview): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare global {
  // Injected by VS Code into every webview; may be called only once per page.
  function acquireVsCodeApi(): HostApi;
}

let acquired: HostApi | undefined;

/** The real API, acquired once (a second acquireVsCodeApi() call throws). */
export function acquireHostApi(): HostApi {
  acquired ??= acquireVsCodeApi();
  return acquired;
}
