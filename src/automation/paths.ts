// Where stage automation keeps its files under .viban/ (DESIGN §8: recipes.json, skills.json and
// skills/ are committable; runs/ and events.jsonl stay local).
import * as path from 'node:path';

export interface AutomationPaths {
  dir: string;
  recipes: string;
  skillsCatalog: string;
  /** Skills Viban owns (imported ones land here). */
  vibanSkills: string;
  /** Skills the agent CLIs already read (Claude Code's project skills). */
  claudeSkills: string;
  runs: string;
  events: string;
  lock: string;
}

export function automationPaths(root: string): AutomationPaths {
  const dir = path.join(root, '.viban');
  return {
    dir,
    recipes: path.join(dir, 'recipes.json'),
    skillsCatalog: path.join(dir, 'skills.json'),
    vibanSkills: path.join(dir, 'skills'),
    claudeSkills: path.join(root, '.claude', 'skills'),
    runs: path.join(dir, 'runs'),
    events: path.join(dir, 'events.jsonl'),
    lock: path.join(dir, 'automation.lock'),
  };
}
