// Where stage automation keeps its files under .viban/ (DESIGN §8: recipes.json, skills.json and
// skills/ are committable; runs/ and events.jsonl stay local).
import * as path from 'node:path';
import { storeLayout } from '../layout';

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
  const store = storeLayout(root);
  return {
    dir: store.dir,
    recipes: store.recipes,
    skillsCatalog: store.skills,
    vibanSkills: store.skillsDir,
    claudeSkills: path.join(root, '.claude', 'skills'),
    runs: store.runsDir,
    events: store.events,
    lock: store.automationLock,
  };
}
