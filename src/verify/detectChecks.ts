// Which checks verify a run: `verify.commands` when configured, else the package.json scripts a
// JavaScript project usually has (test, typecheck or tsc, lint), in that order. npm's default
// "no test specified" script is not a check.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';

const NO_TEST = /no test specified/;

export async function detectChecks(folder: string, configured?: readonly string[]): Promise<string[]> {
  if (configured) return [...configured];
  let scripts: Record<string, unknown> = {};
  try {
    const pkg = JSON.parse(await fs.readFile(path.join(folder, 'package.json'), 'utf8'));
    if (pkg && typeof pkg.scripts === 'object' && pkg.scripts) scripts = pkg.scripts;
  } catch {
    return [];
  }
  const has = (name: string) => typeof scripts[name] === 'string' && (scripts[name] as string).trim() !== '';
  const checks: string[] = [];
  if (has('test') && !NO_TEST.test(scripts.test as string)) checks.push('npm test');
  if (has('typecheck')) checks.push('npm run typecheck');
  else if (has('tsc')) checks.push('npm run tsc');
  if (has('lint')) checks.push('npm run lint');
  return checks;
}
