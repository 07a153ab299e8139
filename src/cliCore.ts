// Composition root for the headless `viban` command (DESIGN §2): real streams, signals and the
// environment in, an exit code out. Everything else lives in src/cli/. Bundled as dist/cliCore.js
// and loaded by the small entry (src/cli.ts) for every command it does not answer itself.
import { main } from './cli/main';
import { Output } from './cli/output';
import { Redactor } from './secrets/redactor';

const redactor = new Redactor(process.env);
const out = new Output(process.stdout, process.stderr, redactor, { gather: true });

// A late rejection inside the core (an entry logged just after its run ended) must not kill a
// command that is still finishing a session: say it in one line and carry on.
process.on('unhandledRejection', (err) => {
  out.error(`warning: ${err instanceof Error ? err.message : String(err)}`);
  if (process.env.VIBAN_DEBUG === '1' && err instanceof Error && err.stack) out.info(err.stack);
});

void main(process.argv.slice(2), {
  out,
  redactor,
  stdin: process.stdin,
  stdout: process.stdout,
  stderr: process.stderr,
  signals: process,
  cwd: process.cwd(),
  env: process.env,
}).then((code) => {
  // Exit once stdout has drained: a lingering watcher must not keep a finished command alive,
  // and a piped reader must still get every line.
  out.flush(() => process.exit(code));
});
