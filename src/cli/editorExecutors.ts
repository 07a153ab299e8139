// The background worker the VS Code extension starts runs the editor's executors, not only the
// ones in .viban/settings.json: the extension hands its executor settings (paths, custom
// executors, idle timeout — never a key; keys travel as the usual environment variables) in
// VIBAN_EDITOR_EXECUTORS. They win over the file, as the editor's settings do in the window.
import { parseCustomExecutors } from '../executors/cli/custom';
import type { Redactor } from '../secrets/redactor';
import { CliError } from './errors';
import type { HeadlessSettings } from './settings';

export const EDITOR_EXECUTORS_ENV = 'VIBAN_EDITOR_EXECUTORS';

export interface EditorExecutors {
  paths?: Record<string, string>;
  custom?: unknown[];
  idleTimeoutMinutes?: number;
  /** viban.columnFlow: a background worker moves cards the way the window would. */
  columnFlow?: { runStarted?: string; runSucceeded?: string; accepted?: string };
  /** viban.mcp.exposeToAgents, false also in Restricted Mode: the worker's agents get `viban mcp` as the window's would. */
  mcp?: { exposeToAgents?: boolean };
}

export function withEditorExecutors(settings: HeadlessSettings, redactor: Redactor, env: NodeJS.ProcessEnv = process.env): HeadlessSettings {
  const raw = env[EDITOR_EXECUTORS_ENV];
  if (!raw) return settings;
  let given: EditorExecutors;
  try {
    given = JSON.parse(raw) as EditorExecutors;
  } catch (err) {
    throw new CliError(`${EDITOR_EXECUTORS_ENV} is not valid JSON: ${(err as Error).message}`);
  }
  if (redactor.redact(raw) !== raw) throw new CliError(`${EDITOR_EXECUTORS_ENV} holds what looks like a secret; keys travel in their own environment variables`);
  const custom = parseCustomExecutors(given.custom, 'viban.executors.custom');
  const executors = { ...settings.executors };
  if (given.paths && Object.keys(given.paths).length) executors.paths = { ...executors.paths, ...given.paths };
  if (custom.executors.length) executors.custom = [...(executors.custom ?? []).filter((c) => !custom.executors.some((e) => e.id === c.id)), ...custom.executors];
  if (given.idleTimeoutMinutes !== undefined) executors.idleTimeoutMinutes = given.idleTimeoutMinutes;
  const columnFlow = given.columnFlow && Object.keys(given.columnFlow).length ? { ...settings.columnFlow, ...pickFlow(given.columnFlow) } : settings.columnFlow;
  const mcp = typeof given.mcp?.exposeToAgents === 'boolean' ? { ...settings.mcp, exposeToAgents: given.mcp.exposeToAgents } : settings.mcp;
  return { ...settings, executors, ...(columnFlow && { columnFlow }), ...(mcp && { mcp }) };
}

/** Only the three column ids, and only strings (the editor's setting is free-form JSON). */
function pickFlow(flow: NonNullable<EditorExecutors['columnFlow']>): NonNullable<HeadlessSettings['columnFlow']> {
  const out: Record<string, string> = {};
  for (const key of ['runStarted', 'runSucceeded', 'accepted'] as const) if (typeof flow[key] === 'string') out[key] = flow[key]!;
  return out;
}
