// A browser for the webview tests: one jsdom window whose globals (document, HTMLElement,
// customElements, events, requestAnimationFrame, ...) are installed on Node's global object
// before any spec (and so before preact or the toolkit) is loaded.
import path from 'node:path';
import { JSDOM } from 'jsdom';
import { register } from 'tsx/cjs/api';

// The mocharc's tsx/cjs hook compiles with the root tsconfig, whose `include` leaves webview/ and
// test/webview/ out, so their JSX would compile as classic React. Re-register tsx with this
// folder's tsconfig (automatic JSX from preact) before any .tsx file loads.
process.env.TSX_TSCONFIG_PATH = path.join(__dirname, 'tsconfig.json');
register();

const dom = new JSDOM('<!doctype html><html><body></body></html>', {
  url: 'https://webview.test/',
  pretendToBeVisual: true, // gives requestAnimationFrame
});
const win = dom.window as unknown as Window & typeof globalThis;

// jsdom has no matchMedia; FAST reads "(forced-colors)" at import time.
win.matchMedia = ((query: string) => ({
  matches: false,
  media: query,
  onchange: null,
  addListener() {},
  removeListener() {},
  addEventListener() {},
  removeEventListener() {},
  dispatchEvent: () => false,
})) as typeof win.matchMedia;
// Layout is not computed in jsdom; scrolling a focused card into view is a no-op here.
(win.HTMLElement.prototype as { scrollIntoView?: () => void }).scrollIntoView = () => {};

// Event classes must be jsdom's (Node has its own, which jsdom nodes refuse to dispatch).
const mustOverride = new Set(['Event', 'EventTarget', 'CustomEvent', 'MessageEvent', 'KeyboardEvent', 'MouseEvent', 'FocusEvent', 'DOMException', 'navigator']);
const g = globalThis as Record<string, unknown>;
for (const key of Object.getOwnPropertyNames(win)) {
  if (key in g && !mustOverride.has(key)) continue;
  if (/^(on|_)/.test(key) || key === 'undefined' || key === 'globalThis') continue;
  const value = (win as unknown as Record<string, unknown>)[key];
  Object.defineProperty(g, key, {
    configurable: true,
    writable: true,
    // Functions that need `this === window` (getComputedStyle, requestAnimationFrame, ...).
    value: typeof value === 'function' && !/^[A-Z]/.test(key) ? (value as (...a: unknown[]) => unknown).bind(win) : value,
  });
}
g.window = win;
g.document = win.document;
g.self = win;

// Preact's act() flushes on this; keep tests deterministic.
export const testWindow = win;
