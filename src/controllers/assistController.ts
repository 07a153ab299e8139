// The Assist half of a webview (the Assist view in the sidebar or the wide editor): which
// conversation this view shows, the user's words handed to the window's AssistDesk (the same core
// as `viban assist`), the confirmation card's Start / Not now, and one `assist` state pushed
// whenever the conversation, Assist's activity or the folder changes.
import type { FolderRuntime } from '../app/folderRuntime';
import type { AssistDesk } from '../assist/assistDesk';
import type { AssistState } from '../protocol/assistMessages';
import type { FromWebview, ToWebview } from '../protocol/messages';
import type { Runtimes } from './ports';

type Msg<T extends FromWebview['type']> = Extract<FromWebview, { type: T }>;

/** What the Assist view needs from the window besides the desk: where its links lead. */
export interface AssistPorts {
  desk: AssistDesk;
  /** Shows a card on the board (focusing the board view). */
  showTask(taskId: string): Promise<void>;
  /** Opens (or reveals) the Assist view in the wide editor. */
  openInEditor(): Promise<void>;
}

export interface AssistControllerDeps {
  post(message: ToWebview): void;
  runtimes: Runtimes;
  assist?: AssistPorts;
}

export class AssistController {
  private conversationId: string | null = null;
  private pushes = 0;
  private latestPush: Promise<void> = Promise.resolve();
  /** The folder whose conversations on disk this view follows (changes made elsewhere show live). */
  private following: { root: string; stop: { dispose(): void } } | undefined;
  private readonly subscriptions: Array<{ dispose(): unknown }> = [];

  constructor(private readonly deps: AssistControllerDeps) {
    if (deps.assist) {
      this.subscriptions.push(deps.assist.desk.onDidChange(() => void this.pushState()));
      this.subscriptions.push(deps.runtimes.onDidChange(() => void this.pushState()));
    }
  }

  readonly assistWatch = async (msg: Msg<'assistWatch'>): Promise<void> => {
    this.conversationId = msg.conversationId;
    await this.pushState();
  };

  readonly assistAsk = async (msg: Msg<'assistAsk'>): Promise<void> => {
    const { desk } = this.ports();
    const runtime = await this.runtime();
    if (!this.deps.runtimes.trusted) throw new Error('Assist runs agents only in a trusted workspace. Trust this folder to ask Assist.');
    this.conversationId = await desk.ask(runtime, msg.conversationId, msg.text);
    await this.pushState();
  };

  readonly assistPlan = async (msg: Msg<'assistPlan'>): Promise<void> => {
    const { desk } = this.ports();
    const runtime = await this.runtime();
    if (msg.action === 'start') {
      if (!this.deps.runtimes.trusted) throw new Error('Agents run only in a trusted workspace. Trust this folder to start the plan.');
      await desk.start(runtime, msg.conversationId, msg.messageId);
    } else await desk.notNow(runtime, msg.conversationId, msg.messageId);
    await this.pushState();
  };

  readonly assistUndoRemember = async (msg: Msg<'assistUndoRemember'>): Promise<void> => {
    await this.ports().desk.undoRemember(await this.runtime(), msg.conversationId, msg.messageId);
    await this.pushState();
  };

  readonly assistOpen = async (msg: Msg<'assistOpen'>): Promise<void> => {
    const ports = this.ports();
    if (msg.target === 'editor') return ports.openInEditor();
    if (!msg.taskId) throw new Error('Which card? (assistOpen needs a taskId)');
    return ports.showTask(msg.taskId);
  };

  /** The view's state; a slower earlier push never overwrites a newer one. */
  /**
   * Resolves once the view has a state at least this new: a handler replies only after that, so
   * the view never hears "done" before it sees what was done (a push started meanwhile by a
   * change elsewhere — the desk, the files — supersedes this one, and is waited for instead).
   */
  async pushState(): Promise<void> {
    if (!this.deps.assist) return;
    const seq = ++this.pushes;
    let mine: Promise<void> = this.state().then((state) => {
      if (seq === this.pushes) this.deps.post({ type: 'assist', state });
    });
    this.latestPush = mine;
    await mine;
    while (this.latestPush !== mine) {
      mine = this.latestPush;
      await mine;
    }
  }

  async state(): Promise<AssistState> {
    const desk = this.ports().desk;
    const runtime = await this.deps.runtimes.activeRuntime().catch(() => undefined);
    if (!runtime) return { folder: null, conversations: [], conversation: null, busy: [], costs: {}, advisor: 'Open a folder to talk to Assist about its code.' };
    this.follow(desk, runtime.root);
    const store = desk.conversations(runtime.root);
    const [all, advisor] = await Promise.all([store.list(), desk.advisorName(runtime)]);
    const stored = this.conversationId ? ((await store.get(this.conversationId)) ?? null) : null;
    const conversation = stored && (await desk.asShown(runtime.root, stored));
    return {
      folder: runtime.root,
      conversations: all.map((c) => ({ id: c.id, title: c.title, updatedAt: c.updatedAt })),
      conversation,
      busy: desk.busyIn(runtime.root),
      costs: conversation ? await desk.costs(runtime, conversation) : {},
      advisor,
    };
  }

  private follow(desk: AssistDesk, root: string): void {
    if (this.following?.root === root) return;
    this.following?.stop.dispose();
    this.following = { root, stop: desk.follow(root) };
  }

  private ports(): AssistPorts {
    if (!this.deps.assist) throw new Error('Assist is not available in this view.');
    return this.deps.assist;
  }

  private async runtime(): Promise<FolderRuntime> {
    const runtime = await this.deps.runtimes.activeRuntime();
    if (!runtime) throw new Error('Open a folder to talk to Assist about its code.');
    return runtime;
  }

  dispose(): void {
    this.subscriptions.forEach((s) => s.dispose());
    this.following?.stop.dispose();
    this.following = undefined;
  }
}
