// What the code advisor is asked: scope the request by reading the code (read-only), then return
// the plan as one object — a `propose_plan` call where the executor offers the tool (API
// executors), else a ```json block (CLI agents).
import { PROPOSE_PLAN_TOOL } from '../protocol/assist';

/** How the advisor hands over its answer: the `propose_plan` tool, or fenced blocks in its text. */
export type AnswerChannel = 'tool' | 'text';

export function advisorPrompt(request: string, context: string, channel: AnswerChannel = 'text'): string {
  const howToAnswer =
    channel === 'tool'
      ? ['Return the plan by calling the `propose_plan` tool ONCE, when you have read enough (its input is the plan; the', 'tool definition has its exact fields). Do not write the plan as text.']
      : [
          'Return the plan as ONE JSON object in a ```json fenced block at the end of your answer, with exactly these fields:',
          '```json',
          JSON.stringify(PROPOSE_PLAN_TOOL.input_schema, null, 1),
          '```',
        ];
  return [
    'You are the code advisor of Viban, a board of coding tasks that AI agents carry out. You work read-only: read the files',
    'you need (do not change anything, do not run anything that changes anything), then plan the work the user asks for.',
    '',
    ...howToAnswer,
    'Rules: each task is one agent run of a few minutes with a clear acceptance; `key` is a short slug unique in the plan;',
    '`blockedBy` lists keys of tasks of this plan that must be finished first (no cycles); `tier` is A for small mechanical',
    'work, B for ordinary work, C for hard or risky work; `estimateMinutes` is the agent time. Ask `questions` only when',
    'the request cannot be planned without an answer. When the request is a question that needs no work, answer it in',
    '`summary` with `tasks: []`.',
    '',
    ...rememberRules(channel),
    '',
    'What Viban knows about the project (board, recent runs, memory, git, README):',
    '<context>',
    context,
    '</context>',
    '',
    'The request:',
    request,
  ].join('\n');
}

/** How to hand over what the user stated, so later conversations and agent runs follow it (Memory). */
function rememberRules(channel: AnswerChannel): string[] {
  return [
    'When the request STATES something later work should follow — a decision ("no social login for now"), a preference',
    '("use tabs"), a question to revisit, a fact about the project — remember it (only what the user said, not your own',
    'ideas; nothing already in the memory below; usually nothing at all). Each item: `category` (decision, preference, open,',
    'context or experiment), `value` (the statement in plain words), optionally `key` (a short slug of the subject) and `due`',
    '(YYYY-MM-DD, for open questions).',
    channel === 'tool'
      ? 'Remember by calling the `remember` tool with `{ "items": [...] }` (before or together with propose_plan).'
      : 'Remember by adding, before the plan, a ```remember fenced block holding a JSON array of the items.',
  ];
}

export function reaskPrompt(problems: string[], channel: AnswerChannel = 'text'): string {
  return [
    'That plan could not be used:',
    ...problems.map((p) => `- ${p}`),
    channel === 'tool'
      ? 'Call `propose_plan` again with the whole corrected plan.'
      : 'Answer again with the whole corrected plan as one JSON object in a ```json fenced block.',
  ].join('\n');
}
