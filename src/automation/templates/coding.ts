// The `coding` template: Todo plans (plan mode, the answer becomes plan.md, gated on its sections),
// In Progress implements (gated on the test command), In Review is an independent review written
// to review.md with a score metric.
import { RecipeSchema } from '../../protocol/automation';
import { skillMd, type RecipeTemplate } from './templateTypes';

export const codingTemplate: RecipeTemplate = {
  name: 'coding',
  description: 'Todo → plan.md (plan mode) · In Progress → implement, `npm test` must pass · In Review → review.md with a score',
  columns: [
    { id: 'todo', title: 'Todo' },
    { id: 'in-progress', title: 'In Progress' },
    { id: 'in-review', title: 'In Review' },
  ],
  recipes: {
    todo: RecipeSchema.parse({
      automationLevel: 'fully_auto',
      executor: 'claude-code',
      steps: [{ skill: 'plan-change', params: { permissionMode: 'plan', answerFile: 'plan.md' }, timeoutMinutes: 20, retryCount: 1 }],
      gates: [{ id: 'plan-sections', name: 'Plan has its sections', type: 'content_check', config: { file: 'plan.md', requiredSections: ['Goal', 'Steps', 'Risks'] }, required: true, failureMessage: 'The plan must say its goal, its steps and its risks.' }],
      onFail: 'create_questions',
    }),
    'in-progress': RecipeSchema.parse({
      automationLevel: 'human_approval',
      executor: 'claude-code',
      steps: [{ skill: 'implement-plan', params: { permissionMode: 'auto-edit' }, timeoutMinutes: 60, retryCount: 1 }],
      gates: [{ id: 'tests', name: 'Tests pass', type: 'command', config: { run: 'npm test', expectExit: 0, timeoutSeconds: 900 }, required: true, failureMessage: 'The tests must pass before review.' }],
      onFail: 'stay',
    }),
    'in-review': RecipeSchema.parse({
      automationLevel: 'auto_notify',
      executor: 'claude-code',
      steps: [{ skill: 'independent-review', params: { permissionMode: 'auto-edit' }, timeoutMinutes: 30 }],
      gates: [
        { id: 'review-written', name: 'Review written', type: 'content_check', config: { file: 'review.md', requiredSections: ['Summary', 'Findings'] }, required: true, failureMessage: 'The review must have a summary and findings.' },
        { id: 'review-score', name: 'Review score ≥ 70', type: 'metric_threshold', config: { metric: 'review_score', operator: '>=', threshold: 70 }, required: true, failureMessage: 'The reviewer scored the change below 70.' },
      ],
      onFail: 'revert',
    }),
  },
  skills: [
    {
      id: 'plan-change',
      markdown: skillMd('Plan the change', 'Reads the code and plans the change without editing anything.', ['plan.md'], ['coding', 'plan'], `
Plan how to do "{{task.title}}". Read the relevant code first; change nothing.
Answer with the plan in markdown with exactly these sections: "## Goal", "## Steps" (numbered, naming files), "## Risks".
Your answer is saved as plan.md.`),
    },
    {
      id: 'implement-plan',
      markdown: skillMd('Implement the plan', 'Implements plan.md and keeps the tests passing.', [], ['coding', 'implement'], `
Implement "{{task.title}}" following plan.md in this folder (if there is one).
Add or update tests for what you change, and run the test command until it passes.`),
    },
    {
      id: 'independent-review',
      markdown: skillMd('Independent review', 'Reviews the change as someone who did not write it, and scores it.', ['review.md', 'review_score'], ['coding', 'review'], `
Review the current changes for "{{task.title}}" (git diff against the base) as an independent reviewer.
Write review.md with the sections "## Summary" and "## Findings" (each finding with file and line).
Report "review_score" from 0 to 100 in your viban-outputs block.`),
    },
  ],
};
