// Each agent CLI's own way to be given an MCP server for one run, without touching the user's
// config files or the project: Claude Code `--mcp-config <json>`, Codex `-c mcp_servers.<name>.*`
// overrides, OpenCode an inline config in OPENCODE_CONFIG_CONTENT (merged over its other config
// files). Checked against the real CLIs (claude 2.1, codex 0.169 `mcp list`, opencode 1.18 `mcp list`).
// Gemini CLI (0.61) has no per-run mechanism: it reads MCP servers only from settings files; the
// system ones must be owned by root down to / (it skips others), the user's would mean moving
// HOME (and losing its login), and the workspace's lives in the user's project. So Viban does
// not configure it; the README shows `gemini mcp add`.
import type { AgentMcpServer } from '../types';

export function claudeMcpArgs(servers: readonly AgentMcpServer[] | undefined): string[] {
  if (!servers?.length) return [];
  const mcpServers = Object.fromEntries(servers.map((s) => [s.name, { type: 'stdio', command: s.command, args: s.args, env: s.env }]));
  const allowed = servers.flatMap((s) => s.allowedTools.map((t) => `mcp__${s.name}__${t}`));
  // Both options are variadic: the `=` form keeps each to exactly one value.
  return [`--mcp-config=${JSON.stringify({ mcpServers })}`, ...(allowed.length ? [`--allowedTools=${allowed.join(',')}`] : [])];
}

/** TOML values for `-c key=value`: a JSON string is a valid TOML basic string. */
const tomlString = (s: string) => JSON.stringify(s);

export function codexMcpArgs(servers: readonly AgentMcpServer[] | undefined): string[] {
  const args: string[] = [];
  for (const s of servers ?? []) {
    const key = `mcp_servers.${s.name}`;
    args.push('-c', `${key}.command=${tomlString(s.command)}`);
    args.push('-c', `${key}.args=[${s.args.map(tomlString).join(', ')}]`);
    const env = Object.entries(s.env);
    // Codex starts MCP servers with a cleaned environment: what the server needs is passed by name.
    if (env.length) args.push('-c', `${key}.env={ ${env.map(([k, v]) => `${k} = ${tomlString(v)}`).join(', ')} }`);
  }
  return args;
}

export function opencodeMcpEnv(servers: readonly AgentMcpServer[] | undefined, inherited: string | undefined): Record<string, string> {
  if (!servers?.length) return {};
  let base: Record<string, unknown> = {};
  try {
    const parsed = inherited ? JSON.parse(inherited) : {};
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) base = parsed;
  } catch {
    // A malformed inherited value would make OpenCode fail anyway; ours replaces it.
  }
  const mcp = { ...((base.mcp as Record<string, unknown>) ?? {}) };
  for (const s of servers) mcp[s.name] = { type: 'local', command: [s.command, ...s.args], environment: s.env, enabled: true };
  return { OPENCODE_CONFIG_CONTENT: JSON.stringify({ ...base, mcp }) };
}
