// Bundles suite/index.ts (+ the *.test.ts it loads) into out/integration/index.js, the module an
// extension host requires as extensionTestsPath. `vscode` and mocha stay external (the host
// provides the first; the second resolves from the repo's node_modules).
import * as esbuild from 'esbuild';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
export const repoRoot = path.resolve(here, '..', '..');
export const suiteBundle = path.join(repoRoot, 'out', 'integration', 'index.js');

export async function buildIntegrationSuite() {
  await esbuild.build({
    entryPoints: [path.join(here, 'suite', 'index.ts')],
    outfile: suiteBundle,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    sourcemap: 'inline',
    external: ['vscode', 'mocha'],
    logLevel: 'warning',
  });
  return suiteBundle;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  console.log(await buildIntegrationSuite());
}
