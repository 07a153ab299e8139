// The integration suite (test/integration/suite) inside code-server's real Node extension host,
// so it runs with `npm test` on machines without a desktop VS Code. See test/integration/README.md.
import assert from 'node:assert/strict';
import { runIntegrationInCodeServer } from '../integration/runInCodeServer.mjs';

describe('integration: the in-host suite in code-server', function () {
  it('passes inside the extension host (activation, registered commands)', async function () {
    this.timeout(240_000);
    const { failures, output } = await runIntegrationInCodeServer();
    console.log(output.replace(/^/gm, '    │ '));
    assert.equal(failures, 0, `the in-host suite failed:\n${output}`);
    assert.match(output, /\b[1-9]\d* passing\b/, 'the in-host suite ran no test');
  });
});
