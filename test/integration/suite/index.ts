// The extensionTestsPath module: VS Code's extension host requires it and awaits run().
// Bundled with the *.test.ts files by build.mjs, so the host needs no TypeScript loader.
// With VIBAN_INTEGRATION_REPORT set, the spec output and the counts are also written to that
// file: code-server's extension host has no terminal of its own, so that is how its runner reads them.
import { renameSync, writeFileSync } from 'node:fs';
import { format } from 'node:util';
import Mocha from 'mocha';

export async function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', timeout: 60_000, color: false, reporter: 'spec' });
  const lines: string[] = [];
  const print = Mocha.reporters.Base.consoleLog;
  Mocha.reporters.Base.consoleLog = (...args: unknown[]) => {
    lines.push(format(...args));
    print(...args);
  };
  // Defines describe/it as globals for the test files, then loads them (bundled in).
  mocha.suite.emit('pre-require', globalThis, 'integration', mocha);
  await import('./extension.test');

  const failures = await new Promise<number>((resolve) => mocha.run(resolve));
  const report = process.env.VIBAN_INTEGRATION_REPORT;
  if (report) {
    writeFileSync(`${report}.tmp`, JSON.stringify({ failures, output: lines.join('\n') }));
    renameSync(`${report}.tmp`, report); // the reader polls for the file: never let it see half of it
  }
  if (failures > 0) throw new Error(`${failures} integration test(s) failed`);
}
