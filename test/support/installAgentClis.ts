// Mocha `require` of the unit layer: installs the real agent CLIs (test/agents) before any test
// file loads, so `npx mocha --config test/unit/.mocharc.json` works on a fresh clone as `npm test`
// does. A child process because scripts/agentClis.mjs is async ESM; instant once installed.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { assertAgentClisInstalled, REPO_ROOT } from './agentClis';

const res = spawnSync(process.execPath, [path.join(REPO_ROOT, 'scripts', 'agentClis.mjs')], { stdio: ['ignore', 'inherit', 'inherit'] });
if (res.status !== 0) throw new Error(`installing the agent CLIs failed (exit ${res.status ?? res.signal}); see the output above`);
assertAgentClisInstalled();
