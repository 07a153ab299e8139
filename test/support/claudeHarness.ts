// Runs the real `claude` CLI (test/agents/node_modules/.bin/claude) against the scripted Anthropic server, in
// a temp git repo with a temp HOME so the user's real config is never read or written.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LogEntry } from '../../src/protocol/logEntries';
import type { ApprovalDecision, RunSink } from '../../src/executors/types';
import { agentBin } from './agentClis';
import { startScriptedAnthropicServer, type ScriptedAnthropicServer, type ScriptedTurn } from './scriptedAnthropicServer';

export const CLAUDE_BIN = agentBin('claude');

export interface RecordingSink extends RunSink {
  entries: LogEntry[];
  sessionIds: string[];
  pids: number[];
  approvals: Array<{ requestId: string; toolName: string; input: unknown }>;
}

export function recordingSink(decide: (req: { toolName: string; input: unknown }) => ApprovalDecision | Promise<ApprovalDecision> = () => ({ behavior: 'allow' })): RecordingSink {
  const sink: RecordingSink = {
    entries: [],
    sessionIds: [],
    pids: [],
    approvals: [],
    entry: (e) => void sink.entries.push(e),
    agentSessionId: (id) => void sink.sessionIds.push(id),
    pid: (pid) => void sink.pids.push(pid),
    requestApproval: async (req) => {
      sink.approvals.push(req);
      return decide(req);
    },
  };
  return sink;
}

/** Folds entries the way a view does: deltas append to the entry with the same id, others replace it. */
export function mergeEntries(entries: LogEntry[]): LogEntry[] {
  const byId = new Map<string, LogEntry>();
  for (const e of entries) {
    const prev = byId.get(e.id);
    if (prev && (e.kind === 'assistant' || e.kind === 'thinking') && e.delta && prev.kind === e.kind) {
      byId.set(e.id, { ...prev, text: prev.text + e.text });
    } else {
      if (prev) byId.delete(e.id); // re-insert: a replaced entry moves to its latest position
      byId.set(e.id, e);
    }
  }
  return [...byId.values()];
}

export interface ClaudeWorld {
  repo: string;
  home: string;
  server: ScriptedAnthropicServer;
  env: Record<string, string>;
  dispose(): Promise<void>;
}

export async function claudeWorld(turns: ScriptedTurn[] = []): Promise<ClaudeWorld> {
  const repo = realpathSync(mkdtempSync(join(tmpdir(), 'viban-claude-repo-')));
  const home = realpathSync(mkdtempSync(join(tmpdir(), 'viban-claude-home-')));
  execFileSync('git', ['init', '-q', '-b', 'main', repo]);
  const server = await startScriptedAnthropicServer(turns);
  return {
    repo,
    home,
    server,
    env: server.env(home),
    dispose: async () => {
      await server.close();
      rmSync(repo, { recursive: true, force: true });
      rmSync(home, { recursive: true, force: true });
    },
  };
}

/** The text of every content part of a request's messages, flattened (for "did the CLI send X"). */
export function requestText(body: any): string {
  return JSON.stringify(body?.messages ?? []);
}
