// What a recipe template brings: the columns it needs, one recipe per column, and example skills
// (SKILL.md in the heading format) that produce the files its gates check.
import type { Recipe } from '../../protocol/automation';

export interface TemplateSkill {
  id: string;
  markdown: string;
}

export interface RecipeTemplate {
  name: 'coding' | 'product';
  description: string;
  columns: Array<{ id: string; title: string }>;
  recipes: Record<string, Recipe>;
  skills: TemplateSkill[];
}

/** A heading-format SKILL.md. */
export function skillMd(title: string, description: string, outputs: string[], tags: string[], instructions: string): string {
  return `# ${title}\n\n${description}\n\n## Inputs\n- title: string (required) - the card's title\n- description: string (optional) - the card's description\n\n## Outputs\n${outputs.map((o) => `- ${o}`).join('\n')}\n\n## Tags\n${tags.join(', ')}\n\n## Instructions\n${instructions.trim()}\n`;
}
