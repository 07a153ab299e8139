// The webview's stage-automation state: recipes with their validation, the skill catalog and the
// recent stage runs (pushed by the host on every change), the open card's history, and requests
// (save a recipe, Start / Cancel / Retry a run, vet or import a skill) waiting for their reply.
import type { RequestMessage, ToWebview } from '../../src/protocol/messages';
import type { AutomationSnapshot, MoveEvent, RecipeValidation, StageRun } from '../../src/protocol/automation';
import type { PendingReplies, WithoutRequestId } from '../host/pendingReplies';
import type { HostApi } from '../host/vscodeApi';

export type AutomationRequest = WithoutRequestId<Extract<RequestMessage, { type: 'setRecipe' | 'stageRunAction' | 'skillAction' }>>;
export interface AutomationReply {
  ok: boolean;
  error?: string;
}

export class AutomationHub {
  snapshot: AutomationSnapshot | null = null;
  history: { taskId: string; events: MoveEvent[]; runs: StageRun[] } | null = null;
  /** The latest answer to each validation token. */
  readonly validations = new Map<string, RecipeValidation>();
  lastError: string | undefined;
  /** The column whose recipe editor is open (Column menu → Automation…). */
  editorColumnId: string | null = null;
  private readonly listeners = new Set<() => void>();

  constructor(
    private readonly api: HostApi,
    /** The page's one set of requests waiting for a reply. */
    private readonly replies: PendingReplies,
  ) {}

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  openEditor(columnId: string | null): void {
    this.editorColumnId = columnId;
    this.lastError = undefined;
    this.emit();
  }

  watch(): void {
    this.api.postMessage({ type: 'watchAutomation' });
  }

  watchHistory(taskId: string): void {
    this.api.postMessage({ type: 'automationHistory', taskId });
  }

  validate(token: string, columnId: string, recipe: unknown): void {
    this.api.postMessage({ type: 'validateRecipe', token, columnId, recipe });
  }

  openArtifact(runId: string, index: number): void {
    this.api.postMessage({ type: 'openArtifact', runId, index });
  }

  request(body: AutomationRequest, timeoutMs = 120_000): Promise<AutomationReply> {
    return new Promise((resolve) => {
      this.replies.send(body, { timeoutMs, owner: this }, (reply) => {
        this.lastError = reply.ok ? undefined : reply.error;
        this.emit();
        resolve({ ok: reply.ok, error: reply.error });
      });
    });
  }

  /** Stage runs of one card, newest first. */
  runsFor(taskId: string): StageRun[] {
    return this.snapshot?.runs.filter((r) => r.taskId === taskId) ?? [];
  }

  /** True when the message was this hub's. */
  receive(message: ToWebview): boolean {
    switch (message.type) {
      case 'automation':
        this.snapshot = message.snapshot;
        break;
      case 'automationHistory':
        this.history = { taskId: message.taskId, events: message.events, runs: message.runs };
        break;
      case 'recipeValidation':
        this.validations.set(message.token, message.validation);
        break;
      default:
        return false;
    }
    this.emit();
    return true;
  }

  private emit(): void {
    for (const l of [...this.listeners]) l();
  }
}
