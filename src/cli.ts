#!/usr/bin/env node
// `viban`'s entry (dist/cli.js, the package's bin). Loading the whole core — every command, the
// agent adapters, the API SDKs: most of a megabyte of JavaScript — costs a few hundred ms, so
// `viban --help` and `viban --version` are answered here without it. Their texts are the core's
// own output, captured when bundling (scripts/cliBundle.cjs runs the core's `--help` and
// `--version` and defines them here), so they cannot drift from the command specs. Anything else,
// or a build without them (watch mode), loads the core (src/cliCore.ts) and runs it.
declare const VIBAN_GENERAL_HELP: string | undefined;
declare const VIBAN_VERSION: string | undefined;

const only = process.argv.length === 3 ? process.argv[2] : undefined;
const answer =
  only === '--version' && typeof VIBAN_VERSION === 'string' ? VIBAN_VERSION : (only === '--help' || only === '-h') && typeof VIBAN_GENERAL_HELP === 'string' ? VIBAN_GENERAL_HELP : undefined;

if (answer !== undefined) process.stdout.write(answer);
else require('./cliCore.js');
