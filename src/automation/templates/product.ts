// The `product` template: the pipeline of the product seed (Inbox → Discovery → PRD → Design →
// Prototype → Validate → Tickets) with its default automation levels and example skills that
// produce research.md, discovery.md, prd.md, design-review.md, prototype-notes.md,
// validation-report.md (with a jury score) and tickets.md.
import { RecipeSchema, type Recipe } from '../../protocol/automation';
import { skillMd, type RecipeTemplate } from './templateTypes';

const docStage = (level: Recipe['automationLevel'], skill: string, file: string, sections: string[], extra: Partial<Recipe> = {}): Recipe =>
  RecipeSchema.parse({
    automationLevel: level,
    executor: 'claude-code',
    steps: [{ skill, params: { permissionMode: 'auto-edit' }, timeoutMinutes: 20, retryCount: 1 }],
    gates: [
      { id: `${file}-exists`, name: `${file} written`, type: 'file_exists', config: { pattern: file }, required: true, failureMessage: `The stage must produce ${file}.` },
      { id: `${file}-sections`, name: `${file} has its sections`, type: 'content_check', config: { file, requiredSections: sections }, required: true, failureMessage: `${file} must have ${sections.join(', ')}.` },
    ],
    onFail: 'stay',
    ...extra,
  });

const doc = (id: string, title: string, description: string, file: string, sections: string[], what: string, values: string[] = []) => ({
  id,
  markdown: skillMd(title, description, [file, ...values], ['product', id], `
${what}
Write ${file} with these sections: ${sections.map((s) => `"## ${s}"`).join(', ')}.`),
});

export const productTemplate: RecipeTemplate = {
  name: 'product',
  description: 'Inbox → Discovery → PRD → Design → Prototype → Validate → Tickets, each stage writing its document',
  columns: [
    { id: 'inbox', title: 'Inbox' },
    { id: 'discovery', title: 'Discovery' },
    { id: 'prd', title: 'PRD' },
    { id: 'design', title: 'Design' },
    { id: 'prototype', title: 'Prototype' },
    { id: 'validate', title: 'Validate' },
    { id: 'tickets', title: 'Tickets' },
  ],
  recipes: {
    inbox: docStage('fully_auto', 'analyze-transcript', 'research.md', ['Summary', 'Problems', 'Requests']),
    discovery: docStage('auto_notify', 'synthesize-discovery', 'discovery.md', ['Signals', 'Hypotheses']),
    prd: docStage('auto_notify', 'generate-prd', 'prd.md', ['Problem', 'Goals', 'Requirements', 'Success Metrics']),
    design: docStage('auto_notify', 'design-review', 'design-review.md', ['Flows', 'Open Questions']),
    prototype: docStage('auto_notify', 'prototype-spec', 'prototype-notes.md', ['Components', 'States']),
    validate: docStage('human_approval', 'synthetic-jury', 'validation-report.md', ['Verdict', 'Jury'], {
      gates: [
        { id: 'report', name: 'validation-report.md has its sections', type: 'content_check', config: { file: 'validation-report.md', requiredSections: ['Verdict', 'Jury'] }, required: true, failureMessage: 'The validation report must give a verdict and the jury.' },
        { id: 'jury', name: 'Jury score ≥ 70', type: 'metric_threshold', config: { metric: 'jury_score', operator: '>=', threshold: 70 }, required: true, failureMessage: 'The synthetic jury did not back the idea.' },
      ],
      onFail: 'create_questions',
    }),
    tickets: docStage('human_approval', 'generate-tickets', 'tickets.md', ['Tickets']),
  },
  skills: [
    doc('analyze-transcript', 'Analyze Transcript', 'Extracts key insights from a user research transcript.', 'research.md', ['Summary', 'Problems', 'Requests'], 'Read the transcript in the card ({{task.description}}) and extract the problems (with quotes) and the feature requests.'),
    doc('synthesize-discovery', 'Synthesize Discovery', 'Turns research into signals and testable hypotheses.', 'discovery.md', ['Signals', 'Hypotheses'], 'Read research.md and synthesize the signals into hypotheses we can test.'),
    doc('generate-prd', 'Generate PRD', 'Writes the product requirements document.', 'prd.md', ['Problem', 'Goals', 'Requirements', 'Success Metrics'], 'Write the PRD for "{{task.title}}" from discovery.md.'),
    doc('design-review', 'Design Review', 'Reviews the flows the PRD implies.', 'design-review.md', ['Flows', 'Open Questions'], 'Review prd.md from a design point of view: the user flows and what is still open.'),
    doc('prototype-spec', 'Prototype Spec', 'Specifies the prototype components and states.', 'prototype-notes.md', ['Components', 'States'], 'Specify the prototype for prd.md: its components and their states.'),
    doc('synthetic-jury', 'Synthetic Jury', 'Evaluates the idea with a jury of synthetic users.', 'validation-report.md', ['Verdict', 'Jury'], 'Convene five synthetic users matching the personas in research.md; each scores the prototype in prototype-notes.md. Report the mean as "jury_score" (0-100).', ['jury_score']),
    doc('generate-tickets', 'Generate Tickets', 'Breaks the PRD into implementation tickets.', 'tickets.md', ['Tickets'], 'Break prd.md into implementation tickets with acceptance criteria.'),
  ],
};
