// The only file that registers @vscode/webview-ui-toolkit components. The toolkit is archived
// upstream: everything else renders it through the small wrappers in this folder, so it can be
// swapped for plain elements (or another library) without touching the app.
import {
  provideVSCodeDesignSystem,
  vsCodeButton,
  vsCodeDropdown,
  vsCodeOption,
  vsCodeTextArea,
  vsCodeTextField,
} from '@vscode/webview-ui-toolkit';

let registered = false;

/** Define the toolkit's custom elements once. Returns false (and the wrappers still render) if it fails. */
export function registerToolkit(): boolean {
  if (registered) return true;
  try {
    provideVSCodeDesignSystem().register(vsCodeButton(), vsCodeTextField(), vsCodeTextArea(), vsCodeDropdown(), vsCodeOption());
    registered = true;
  } catch (error) {
    // A half-broken environment (an old jsdom, a second bundle that defined the tags first) must
    // not take the board down: unregistered tags still render their text and dispatch DOM events.
    console.warn('[viban] toolkit registration failed', error);
  }
  return registered;
}
