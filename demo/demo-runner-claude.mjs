#!/usr/bin/env node
// `claude` on the demo's pretend GitHub runner (demo/demo-github.ts): the Demo agent behind the
// command line `viban run --executor claude-code` drives on a runner. It speaks the part of Claude
// Code's stream-json protocol Viban uses: the prompt arrives as the first user line on stdin and
// is echoed back (--replay-user-messages); under --permission-mode acceptEdits a file write is
// allowed without asking, as Claude Code itself would (nobody answers questions on a runner).
// No model is called.
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const argv = process.argv.slice(2);
if (argv.includes('--version')) {
  console.log('2.0.0 (Claude Code, Viban demo runner stand-in)');
  process.exit(0);
}
const mode = argv[argv.indexOf('--permission-mode') + 1];
const acceptsEdits = argv.includes('--permission-mode') && (mode === 'acceptEdits' || mode === 'bypassPermissions');
const agentScript = join(dirname(fileURLToPath(import.meta.url)), 'demo-agent.mjs');

const input = createInterface({ input: process.stdin });
let agent;
input.on('line', (line) => {
  let msg;
  try {
    msg = JSON.parse(line);
  } catch {
    return;
  }
  if (!agent && msg.type === 'user') {
    const content = msg.message?.content;
    const prompt = typeof content === 'string' ? content : (content ?? []).map((b) => b.text ?? '').join('');
    process.stdout.write(JSON.stringify({ ...msg, isReplay: true }) + '\n');
    start(prompt);
  } else if (agent) {
    agent.stdin.write(line + '\n');
  }
});
input.on('close', () => agent?.stdin.end());

function start(prompt) {
  agent = spawn(process.execPath, [agentScript, prompt, process.cwd()], { stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = createInterface({ input: agent.stdout });
  lines.on('line', (line) => {
    try {
      const msg = JSON.parse(line);
      if (acceptsEdits && msg.type === 'control_request' && msg.request?.subtype === 'can_use_tool' && /^(Write|Edit)$/.test(msg.request.tool_name)) {
        agent.stdin.write(JSON.stringify({ type: 'control_response', response: { subtype: 'success', request_id: msg.request_id, response: { behavior: 'allow', updatedInput: msg.request.input } } }) + '\n');
        return;
      }
    } catch {
      // not JSON: pass it on as it is
    }
    process.stdout.write(line + '\n');
  });
  agent.on('exit', (code) => {
    process.exitCode = code ?? 1;
    input.close();
  });
}
