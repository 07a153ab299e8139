// A step's prompt and its outputs. The prompt is the skill's instructions with its inputs filled
// from the task (title, description), earlier steps' outputs and the run's artifacts; it ends by
// asking for the files the skill declares and a final fenced ```json viban-outputs block with the
// named values (e.g. { "jury_score": 78 }), which is how outputs come back from any agent CLI.
import type { Artifact, Step, StepRun } from '../protocol/automation';
import { isFileOutput, type ParsedSkill } from './skillFormat';

export interface PromptContext {
  task: { title: string; description: string };
  /** Earlier steps of this run, in order. */
  steps: StepRun[];
  artifacts: Artifact[];
  /** Supporting files of the skill the agent may read (absolute paths). */
  skillDir: string;
  skillFiles: string[];
  /** prompt.txt, when the skill has one: the template the step fills in. */
  promptTemplate?: string;
}

/** `{{task.title}}`, `{{task.description}}`, `{{steps.1.plan}}` (1-based), `{{outputs.score}}` (latest), `{{artifacts.<label>}}`, `{{params.x}}`. */
export function fillPlaceholders(text: string, ctx: PromptContext, params: Record<string, unknown> = {}): string {
  const latest: Record<string, unknown> = Object.assign({}, ...ctx.steps.map((s) => s.outputs));
  return text.replace(/\{\{\s*([\w.-]+)\s*\}\}/g, (whole, key: string) => {
    const [head, ...rest] = key.split('.');
    const tail = rest.join('.');
    let v: unknown;
    if (head === 'task') v = tail === 'title' ? ctx.task.title : tail === 'description' ? ctx.task.description : undefined;
    else if (head === 'steps') v = ctx.steps[Number(rest[0]) - 1]?.outputs[rest.slice(1).join('.')];
    else if (head === 'outputs') v = latest[tail];
    else if (head === 'artifacts') v = ctx.artifacts.find((a) => a.label === tail)?.value;
    else if (head === 'params') v = params[tail];
    else return whole;
    return v === undefined ? '' : typeof v === 'string' ? v : JSON.stringify(v);
  });
}

export function buildStepPrompt(step: Step, skill: ParsedSkill, declaredOutputs: string[], ctx: PromptContext): string {
  const inputs = Object.entries(step.inputs).map(([k, v]) => [k, fillPlaceholders(v, ctx, step.params)] as const);
  // Inputs the skill names but the step does not map default to the task itself.
  for (const name of skill.inputs) {
    if (inputs.some(([k]) => k === name)) continue;
    if (/title|task|request|idea|topic/i.test(name)) inputs.push([name, ctx.task.title]);
    else if (/description|details|context|transcript|brief/i.test(name)) inputs.push([name, ctx.task.description]);
  }
  const files = declaredOutputs.filter(isFileOutput);
  const values = declaredOutputs.filter((o) => !isFileOutput(o));
  const earlier = ctx.steps.filter((s) => Object.keys(s.outputs).length).map((s, i) => `- step ${i + 1} (${s.skill}): ${JSON.stringify(s.outputs)}`);
  const parts = [
    `# Task: ${ctx.task.title}`,
    ctx.task.description ? ctx.task.description : '',
    `# Skill: ${skill.name}`,
    fillPlaceholders(skill.instructions, ctx, step.params),
    ctx.promptTemplate ? fillPlaceholders(ctx.promptTemplate, ctx, step.params) : '',
    inputs.length ? `## Inputs\n${inputs.map(([k, v]) => `- ${k}: ${v}`).join('\n')}` : '',
    earlier.length ? `## Earlier steps' outputs\n${earlier.join('\n')}` : '',
    ctx.artifacts.length ? `## Artifacts so far\n${ctx.artifacts.map((a) => `- ${a.type} "${a.label}": ${a.value}`).join('\n')}` : '',
    ctx.skillFiles.length > 1 ? `## Skill files\nSupporting files of this skill are in ${ctx.skillDir}: ${ctx.skillFiles.filter((f) => f !== 'SKILL.md').join(', ')}` : '',
    files.length ? `## Files to write\nWrite ${files.map((f) => `\`${f}\``).join(', ')} in the current folder.` : '',
    `## Reporting\nEnd your final message with a fenced block tagged \`json viban-outputs\` holding a JSON object of named results${values.length ? ` (${values.map((v) => `"${v}"`).join(', ')})` : ''}, plus "questions": [...] for anything still open, e.g.\n\`\`\`json viban-outputs\n{ ${values.length ? values.map((v) => `"${v}": …`).join(', ') : '"summary": "…"'} }\n\`\`\``,
  ];
  return parts.filter((p) => p.trim()).join('\n\n');
}

/** The named values of the last ```json viban-outputs block in the agent's text; undefined when none. */
export function parseVibanOutputs(text: string): { values?: Record<string, unknown>; error?: string } {
  const blocks = [...text.matchAll(/```[ \t]*json[ \t]+viban-outputs[ \t]*\r?\n([\s\S]*?)```/g)];
  const last = blocks.at(-1);
  if (!last) return {};
  try {
    const v = JSON.parse(last[1]);
    if (!v || typeof v !== 'object' || Array.isArray(v)) return { error: 'the viban-outputs block is not a JSON object' };
    return { values: v as Record<string, unknown> };
  } catch (err) {
    return { error: `the viban-outputs block is not valid JSON (${(err as Error).message})` };
  }
}
