#!/usr/bin/env node
// The Demo agent: replays a Claude Code session (the same stream-json lines the real `claude -p
// --output-format stream-json --verbose --include-partial-messages` prints, modelled on a recorded
// run) so a newcomer sees the whole flow offline: streaming text, tool calls, an approval card and
// the result. It asks to write DEMO-NOTES.md in the workspace and really writes it when allowed.
//
// Usage: node demo-agent.mjs "<prompt>" [workspace]   (Viban runs it as a custom executor)
import { writeFileSync, readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { randomUUID } from 'node:crypto';

const prompt = process.argv[2] ?? '';
const cwd = process.argv[3] ?? process.cwd();
const sessionId = randomUUID();
const pace = Number(process.env.VIBAN_DEMO_PACE_MS ?? 40);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms * (pace / 40)));
const out = (o) => process.stdout.write(JSON.stringify({ ...o, session_id: sessionId }) + '\n');
let ids = 0;
const id = (p) => `${p}_demo${(ids++).toString(36)}`;
const started = Date.now();

// Answers to our control_requests arrive as JSON lines on stdin.
const answers = new Map();
const waiting = new Map();
const input = createInterface({ input: process.stdin });
input.on('line', (line) => {
  try {
    const msg = JSON.parse(line);
    const r = msg.type === 'control_response' && msg.response;
    if (!r) return;
    const decision = r.response ?? {};
    if (waiting.has(r.request_id)) waiting.get(r.request_id)(decision);
    else answers.set(r.request_id, decision);
  } catch {
    // not for us
  }
});
const ask = (requestId) => new Promise((resolve) => (answers.has(requestId) ? resolve(answers.get(requestId)) : waiting.set(requestId, resolve)));

async function streamText(text) {
  const msgId = id('msg');
  out({ type: 'stream_event', event: { type: 'message_start', message: { id: msgId, role: 'assistant', content: [], model: 'demo' } } });
  out({ type: 'stream_event', event: { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } } });
  for (const piece of text.match(/.{1,14}/gs) ?? []) {
    out({ type: 'stream_event', event: { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: piece } } });
    await sleep(40);
  }
  out({ type: 'assistant', message: { id: msgId, role: 'assistant', model: 'demo', content: [{ type: 'text', text }] }, parent_tool_use_id: null });
  out({ type: 'stream_event', event: { type: 'content_block_stop', index: 0 } });
}

async function thinking(text) {
  const msgId = id('msg');
  out({ type: 'stream_event', event: { type: 'message_start', message: { id: msgId, role: 'assistant', content: [], model: 'demo' } } });
  out({ type: 'stream_event', event: { type: 'content_block_start', index: 0, content_block: { type: 'thinking', thinking: '' } } });
  for (const piece of text.match(/.{1,20}/gs) ?? []) {
    out({ type: 'stream_event', event: { type: 'content_block_delta', index: 0, delta: { type: 'thinking_delta', thinking: piece } } });
    await sleep(30);
  }
  out({ type: 'assistant', message: { id: msgId, role: 'assistant', model: 'demo', content: [{ type: 'thinking', thinking: text, signature: 'demo' }] }, parent_tool_use_id: null });
}

function toolUse(name, input) {
  const toolId = id('toolu');
  out({ type: 'assistant', message: { id: id('msg'), role: 'assistant', model: 'demo', content: [{ type: 'tool_use', id: toolId, name, input }] }, parent_tool_use_id: null });
  return toolId;
}

function toolResult(toolId, content, isError = false) {
  out({ type: 'user', message: { role: 'user', content: [{ type: 'tool_result', tool_use_id: toolId, content, is_error: isError }] }, parent_tool_use_id: null });
}

/**
 * A stage run's step (its prompt has "# Skill:" and "## Files to write"): write each named file
 * with Goal / Steps / Risks sections, as an agent in auto-edit mode would, and report the
 * outputs in a viban-outputs block. No approval is asked: the stage chose the mode.
 */
async function stageStep() {
  const skill = /^# Skill: (.+)$/m.exec(prompt)?.[1] ?? 'a skill';
  const files = [...(/^## Files to write\n(.+)$/m.exec(prompt)?.[1] ?? '').matchAll(/`([^`]+)`/g)].map((m) => m[1]);
  await thinking(`Stage step "${skill}": ${files.length ? `write ${files.join(', ')}` : 'report the outputs'}.`);
  for (const name of files) {
    const title = prompt.split('\n')[0].replace(/^# Task: /, '');
    const body = `# ${name.replace(/\.md$/, '')}: ${title}\n\n## Goal\nDo "${title}" well.\n\n## Steps\n1. Read the code.\n2. Change it.\n\n## Risks\nNone known.\n\n_Written by the Viban demo agent — no model was called._\n`;
    const target = join(cwd, name);
    const write = toolUse('Write', { file_path: target, content: body });
    await sleep(300);
    writeFileSync(target, body);
    toolResult(write, `File created successfully at: ${target}`);
  }
  await streamText(`Done with ${skill}.\n\n\`\`\`json viban-outputs\n{ "score": 80, "questions": [] }\n\`\`\``);
}

/**
 * Assist's code advisor (its prompt starts "You are the code advisor of Viban"): read the README
 * and a source file for real, as Claude Code in plan mode would, then answer with a plan in a
 * ```json block — offline, no model called.
 */
async function advise() {
  const request = (prompt.split('\nThe request:\n')[1] ?? prompt).trim().split('\n')[0].slice(0, 120);
  await streamText("I'll read the README and the code before planning.");
  const candidates = ['README.md', ...safeList(join(cwd, 'src')).map((f) => `src/${f}`), ...safeList(cwd)].filter((f) => /\.(md|js|mjs|ts)$/.test(f));
  const read = [...new Set(candidates)].filter((f) => existsSync(join(cwd, f))).slice(0, 2);
  for (const f of read) {
    const t = toolUse('Read', { file_path: join(cwd, f) });
    await sleep(200);
    toolResult(t, readFileSync(join(cwd, f), 'utf8').slice(0, 2000));
  }
  const plan = {
    summary: request.replace(/[.!?]+$/, ''),
    questions: [],
    tasks: [
      { key: 'change', title: 'Change the code', description: `Make the change: ${request}.`, acceptance: 'The change works from the command line.', tier: 'B', blockedBy: [], estimateMinutes: 4 },
      { key: 'tests', title: 'Add a test', description: `A test for: ${request}.`, acceptance: 'npm test passes.', tier: 'A', blockedBy: ['change'], estimateMinutes: 2 },
      { key: 'readme', title: 'Update the README', description: 'Document the change.', acceptance: 'The README shows how to use it.', tier: 'A', blockedBy: ['change'], estimateMinutes: 2 },
    ],
    risks: ['Written by the Viban demo agent: no model was called.'],
  };
  const remember = statedDecisions(prompt.split('\nThe request:\n')[1] ?? '');
  const rememberBlock = remember.length ? `I'll remember what you decided.\n\n\`\`\`remember\n${JSON.stringify(remember)}\n\`\`\`\n\n` : '';
  const answer = `I read ${read.join(' and ') || 'the workspace'}. ${rememberBlock}Here is the plan:\n\n\`\`\`json\n${JSON.stringify(plan, null, 2)}\n\`\`\``;
  await streamText(answer);
  out({ type: 'result', subtype: 'success', is_error: false, result: answer, num_turns: 1 + read.length, duration_ms: Date.now() - started, total_cost_usd: 0, usage: { input_tokens: 0, output_tokens: 0 } });
}

/**
 * What the request states for later (Assist's Memory): a clause like "no social login for now" is
 * a decision, "always use tabs" a preference — a rough offline stand-in for a model's judgement.
 */
function statedDecisions(request) {
  return request
    .split(/[,;.!?\n]|\bbut\b/i)
    .map((c) => c.trim())
    .filter((c) => /\b(for now|from now on)\b|^(no|never|always|don't|do not)\b/i.test(c))
    .map((c) => ({ category: /^(always|never)\b|from now on/i.test(c) ? 'preference' : 'decision', value: c[0].toUpperCase() + c.slice(1) }));
}

function safeList(dir) {
  try {
    return readdirSync(dir).filter((f) => !f.startsWith('.'));
  } catch {
    return [];
  }
}

async function main() {
  out({ type: 'system', subtype: 'init', cwd, model: 'demo-agent', tools: ['Read', 'Write', 'Bash', 'Glob'], mcp_servers: [], permissionMode: 'default', apiKeySource: 'none' });
  await sleep(300);
  if (/^You are the code advisor of Viban/.test(prompt)) return advise();
  if (/^# Skill: /m.test(prompt)) {
    await stageStep();
    out({ type: 'result', subtype: 'success', is_error: false, result: 'Demo stage step finished.', num_turns: 1, duration_ms: Date.now() - started, total_cost_usd: 0, usage: { input_tokens: 0, output_tokens: 0 } });
    return;
  }
  await thinking(`The task is: "${prompt.split('\n')[0].slice(0, 80)}". I should look around the project before changing anything.`);
  await streamText("I'll start by looking at what is in this workspace.");
  const glob = toolUse('Glob', { pattern: '*' });
  await sleep(400);
  let files = [];
  try {
    files = readdirSync(cwd).filter((f) => !f.startsWith('.'));
  } catch {
    files = [];
  }
  toolResult(glob, files.join('\n') || '(empty folder)');
  await sleep(300);
  await streamText(`The project has ${files.length} top-level entries. I'll write down a short plan in **DEMO-NOTES.md** so you can review it.`);

  const notes = `# Plan for: ${prompt.split('\n')[0]}\n\n1. Read the code involved.\n2. Make the change with a test.\n3. Run the tests.\n\n_Written by the Viban demo agent — no model was called._\n`;
  const file = join(cwd, 'DEMO-NOTES.md');
  const write = toolUse('Write', { file_path: file, content: notes });
  const requestId = randomUUID();
  out({ type: 'control_request', request_id: requestId, request: { subtype: 'can_use_tool', tool_name: 'Write', input: { file_path: file, content: notes } } });
  const decision = await ask(requestId);
  if (decision.behavior === 'allow') {
    writeFileSync(file, notes);
    toolResult(write, `File created successfully at: ${file}`);
    await sleep(300);
    await streamText('Done: the plan is in `DEMO-NOTES.md`. To let a real agent do the work, pick **Claude Code** (or Codex, Gemini CLI, OpenCode) on the confirmation card.');
  } else {
    toolResult(write, decision.message || 'The user denied this tool use.', true);
    await sleep(300);
    await streamText(`Understood, I did not write the file${decision.message ? ` (you said: "${decision.message}")` : ''}. Nothing in your workspace changed.`);
  }
  out({
    type: 'result',
    subtype: 'success',
    is_error: false,
    result: 'Demo finished.',
    num_turns: 3,
    duration_ms: Date.now() - started,
    total_cost_usd: 0,
    usage: { input_tokens: 0, output_tokens: 0 },
  });
}

main()
  .catch((err) => {
    out({ type: 'result', subtype: 'error_during_execution', is_error: true, result: String(err?.message ?? err), num_turns: 0, duration_ms: Date.now() - started });
    process.exitCode = 1;
  })
  // Viban closes stdin after the result; run by hand, don't wait for that.
  .finally(() => input.close());
