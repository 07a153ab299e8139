// `viban recipes init --template coding|product`: adds the template's missing columns to the
// board, writes its example skills (never over an existing skill folder), vets them (the person
// asked for them; vetting records their content hash) and sets the recipes of the columns that
// have none yet. Existing recipes and skills are kept.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { BoardService } from '../../board/boardService';
import type { Automation } from '../automation';
import { automationPaths } from '../../store/automation/paths';
import { codingTemplate } from './coding';
import { productTemplate } from './product';
import type { RecipeTemplate } from './templateTypes';

export const TEMPLATES: Record<RecipeTemplate['name'], RecipeTemplate> = { coding: codingTemplate, product: productTemplate };
export const TEMPLATE_NAMES = Object.keys(TEMPLATES) as Array<RecipeTemplate['name']>;

export interface TemplateResult {
  columnsAdded: string[];
  recipesSet: string[];
  recipesKept: string[];
  skillsWritten: string[];
  skillsKept: string[];
}

export async function applyTemplate(name: RecipeTemplate['name'], automation: Automation, board: BoardService): Promise<TemplateResult> {
  const t = TEMPLATES[name];
  const result: TemplateResult = { columnsAdded: [], recipesSet: [], recipesKept: [], skillsWritten: [], skillsKept: [] };
  const have = new Set(board.current.board.columns.map((c) => c.id));
  const missing = t.columns.filter((c) => !have.has(c.id));
  if (missing.length) {
    await board.update((b) => ({ ...b, columns: [...b.columns, ...missing] }));
    result.columnsAdded = missing.map((c) => c.title);
  }
  const skillsDir = automationPaths(automation.root).vibanSkills;
  for (const s of t.skills) {
    const dir = path.join(skillsDir, s.id);
    if (await fs.stat(dir).then(() => true, () => false)) {
      result.skillsKept.push(s.id);
      continue;
    }
    await fs.mkdir(dir, { recursive: true });
    await fs.writeFile(path.join(dir, 'SKILL.md'), s.markdown, 'utf8');
    result.skillsWritten.push(s.id);
  }
  for (const id of result.skillsWritten) await automation.catalog.vet(id);
  await automation.recipes.load();
  const existing = automation.recipes.current.recipes;
  const next = { ...existing };
  for (const [columnId, recipe] of Object.entries(t.recipes)) {
    if (existing[columnId]) result.recipesKept.push(columnId);
    else {
      next[columnId] = recipe;
      result.recipesSet.push(columnId);
    }
  }
  await automation.recipes.replaceAll(next);
  return result;
}
