// Shared test harness: a fake acquireVsCodeApi that records posted messages, fixtures, and
// helpers that render <App/> and drive it like a user (every step inside preact's act()).
import { render } from 'preact';
import { act } from 'preact/test-utils';
import type { BoardState, FromWebview, Snapshot, ToWebview } from '../../src/protocol/messages';
import type { Task } from '../../src/protocol/model';
import { App } from '../../webview/App';
import { HostProvider } from '../../webview/host/hostContext';
import type { HostApi } from '../../webview/host/vscodeApi';
import { registerToolkit } from '../../webview/ui/register';

registerToolkit();

export class FakeHost implements HostApi {
  posted: FromWebview[] = [];
  state: unknown = undefined;
  postMessage(message: FromWebview): void {
    this.posted.push(message);
  }
  getState(): unknown {
    return this.state;
  }
  setState(state: unknown): void {
    this.state = state;
  }
  ofType<T extends FromWebview['type']>(type: T): Extract<FromWebview, { type: T }>[] {
    return this.posted.filter((m): m is Extract<FromWebview, { type: T }> => m.type === type);
  }
  last<T extends FromWebview['type']>(type: T): Extract<FromWebview, { type: T }> {
    const all = this.ofType(type);
    if (!all.length) throw new Error(`no "${type}" message was posted; posted: ${this.posted.map((m) => m.type).join(', ')}`);
    return all[all.length - 1];
  }
}

let counter = 0;
export function task(overrides: Partial<Task> & { id: string; columnId: string }): Task {
  counter += 1;
  return {
    order: counter,
    title: `Task ${overrides.id}`,
    description: '',
    createdAt: '2025-01-01T00:00:00.000Z',
    updatedAt: '2025-01-01T00:00:00.000Z',
    agentStatus: 'idle',
    ...overrides,
  };
}

export function boardState(tasks: Task[], extra: Partial<BoardState> = {}): BoardState {
  return {
    folder: { key: 'file:///work/a', name: 'a' },
    board: {
      schemaVersion: 1,
      columns: [
        { id: 'todo', title: 'Todo' },
        { id: 'doing', title: 'Doing' },
        { id: 'done', title: 'Done' },
      ],
      tasks,
    },
    readOnly: false,
    problems: [],
    ...extra,
  };
}

export const sampleTasks = (): Task[] => [
  task({ id: 't1', columnId: 'todo', order: 1, title: 'Write parser', description: 'Parse the **config** file\nmore' }),
  task({ id: 't2', columnId: 'todo', order: 2, title: 'Fix login bug' }),
  task({ id: 't3', columnId: 'todo', order: 3, title: 'Add dark mode' }),
  task({ id: 't4', columnId: 'doing', order: 1, title: 'Refactor store', agentStatus: 'executing', executorId: 'claude-code', costUsd: 0.4567 }),
  task({ id: 't5', columnId: 'done', order: 1, title: 'Ship v0' }),
];

export function snapshot(overrides: Partial<Snapshot> = {}): Snapshot {
  return { folders: [{ key: 'file:///work/a', name: 'a' }], state: boardState(sampleTasks()), trusted: true, host: 'editor', ...overrides };
}

export interface Mounted {
  host: FakeHost;
  root: HTMLElement;
  send(message: ToWebview | unknown): Promise<void>;
  unmount(): void;
}

const mounted: Mounted[] = [];

/** `view`: 'assist' renders the app as the Assist view (the chat), as the host's data-view does. */
export async function mountApp(first?: Snapshot | null, host = new FakeHost(), view: 'board' | 'assist' = 'board'): Promise<Mounted> {
  const root = document.createElement('div');
  document.body.appendChild(root);
  await act(() => {
    render(
      <HostProvider api={host}>
        <App view={view} />
      </HostProvider>,
      root,
    );
  });
  const send = (message: unknown) => act(() => void window.dispatchEvent(new MessageEvent('message', { data: message })));
  const m: Mounted = {
    host,
    root,
    send,
    unmount: () => {
      render(null, root);
      root.remove();
    },
  };
  mounted.push(m);
  if (first) await send({ type: 'snapshot', snapshot: first });
  return m;
}

// Registered once, at the root suite (this module is loaded once): every test starts clean.
afterEach(() => {
  while (mounted.length) mounted.pop()?.unmount();
  document.body.innerHTML = '';
});

export const flush = () => act(() => {});

export function $(root: ParentNode, selector: string): HTMLElement {
  const el = root.querySelector<HTMLElement>(selector);
  if (!el) throw new Error(`nothing matches ${selector}`);
  return el;
}

export const $$ = (root: ParentNode, selector: string) => Array.from(root.querySelectorAll<HTMLElement>(selector));

/** The element whose text or aria-label is exactly `name` (buttons, menu items, ...). */
export function byName(root: ParentNode, selector: string, name: string): HTMLElement {
  const el = $$(root, selector).find((e) => e.getAttribute('aria-label') === name || e.textContent?.trim() === name);
  if (!el) throw new Error(`no ${selector} named "${name}"; have: ${$$(root, selector).map((e) => e.getAttribute('aria-label') ?? e.textContent?.trim()).join(' | ')}`);
  return el;
}

export const click = (el: Element) => act(() => void el.dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true })));

export const key = (el: Element, k: string, init: KeyboardEventInit = {}) =>
  act(() => void el.dispatchEvent(new KeyboardEvent('keydown', { key: k, bubbles: true, cancelable: true, composed: true, ...init })));

/** Type into a toolkit text field/area: set its value, fire input like the real element does. */
export const typeInto = (el: Element, value: string) =>
  act(() => {
    (el as HTMLInputElement).value = value;
    el.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
  });

export const cardTitles = (root: ParentNode, columnId: string) =>
  $$(root, `.column[data-column-id="${columnId}"] .card .card-title`).map((e) => e.textContent);

export const card = (root: ParentNode, taskId: string) => $(root, `.card[data-task-id="${taskId}"]`);

/** Disabled, for plain buttons and toolkit elements alike (FAST reflects the attribute later). */
export const isDisabled = (el: Element) => (el as HTMLButtonElement).disabled === true || el.hasAttribute('disabled');
