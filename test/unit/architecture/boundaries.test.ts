// The layering rules of DESIGN §2, checked mechanically so a stray import fails the build.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join, sep } from 'node:path';
import { importsOf as importsIn, rel, repoRoot as root, sourceFiles } from './sourceScan';

const importsOf = (file: string): string[] => importsIn(readFileSync(file, 'utf8'));

/** A module only the host may load: any Node built-in (with or without `node:`, sub-paths too) or vscode. */
function isHostOnly(spec: string): boolean {
  if (spec === 'vscode' || spec.startsWith('node:')) return true;
  return builtinModules.includes(spec) || builtinModules.includes(spec.split('/')[0]);
}

describe('architecture boundaries', () => {
  it('only src/extension.ts and src/vscode/ import vscode', () => {
    const offenders = sourceFiles(join(root, 'src'))
      .filter((f) => !rel(f).startsWith('src/vscode/') && rel(f) !== 'src/extension.ts')
      .filter((f) => importsOf(f).includes('vscode'))
      .map(rel);
    assert.deepEqual(offenders, []);
  });

  it('the webview imports nothing from src/ but src/protocol and src/shared, and no Node or vscode module', () => {
    const offenders: string[] = [];
    for (const f of sourceFiles(join(root, 'webview'))) {
      for (const spec of importsOf(f)) {
        if (isHostOnly(spec)) offenders.push(`${rel(f)} -> ${spec}`);
        const target = join(rel(f), '..', spec).split(sep).join('/');
        if (spec.startsWith('.') && /(^|\/)src\//.test(target) && !/src\/(protocol|shared)\//.test(target)) offenders.push(`${rel(f)} -> ${spec}`);
      }
    }
    assert.deepEqual(offenders, []);
  });

  it('the shared protocol stays free of host-only imports', () => {
    const offenders = sourceFiles(join(root, 'src', 'protocol'))
      .flatMap((f) => importsOf(f).filter((s) => s !== 'zod' && !s.startsWith('./')).map((s) => `${rel(f)} -> ${s}`));
    assert.deepEqual(offenders, []);
  });

  it('src/shared/ (imported by both sides) uses only itself, the protocol and zod: no Node built-in, no vscode', () => {
    const offenders = sourceFiles(join(root, 'src', 'shared'))
      .flatMap((f) => importsOf(f).filter((s) => s !== 'zod' && !s.startsWith('./') && !s.startsWith('../protocol/')).map((s) => `${rel(f)} -> ${s}`));
    assert.deepEqual(offenders, []);
  });

  it('the host-only test knows every Node built-in, including worker_threads, events and util', () => {
    for (const spec of ['worker_threads', 'node:worker_threads', 'events', 'util', 'node:util', 'fs/promises', 'vscode']) assert.ok(isHostOnly(spec), spec);
    for (const spec of ['preact', 'zod', './x', '../../src/shared/format']) assert.ok(!isHostOnly(spec), spec);
  });

  it('the webview toolkit is used only inside webview/ui/', () => {
    const offenders = [...sourceFiles(join(root, 'webview')), ...sourceFiles(join(root, 'src'))]
      .filter((f) => !rel(f).startsWith('webview/ui/'))
      .filter((f) => importsOf(f).some((s) => s.startsWith('@vscode/webview-ui-toolkit')))
      .map(rel);
    assert.deepEqual(offenders, []);
  });
});
