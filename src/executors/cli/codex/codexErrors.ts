// Codex failures in words a person can act on. Codex prints its errors on stdout as
// `error` / `turn.failed` events (the normalizer's result text) and exits 1; stderr mostly holds
// warnings. Its texts are matched loosely: they are sentences and change between versions.
import type { CliFailure } from '../../types';
import { CODEX_NOT_LOGGED_IN } from './codexAuth';

export function explainCodexFailure(f: CliFailure): string | undefined {
  const said = f.resultText ? ` (Codex said: ${f.resultText})` : '';
  const text = [f.resultText ?? '', ...f.stderrTail].join('\n');
  if (/missing environment variable|not logged in|please log ?in|codex login/i.test(text)) return `${CODEX_NOT_LOGGED_IN}${said}`;
  if (/\b401\b|unauthorized|invalid[_ ]api[_ ]key|incorrect api key/i.test(text)) {
    return `Codex could not authenticate (the model server answered 401) — check OPENAI_API_KEY or run \`codex login\` again.${said}`;
  }
  if (/\b429\b|rate.?limit|quota/i.test(text)) return `The model server is rate-limiting Codex or the quota is used up — wait and try again.${said}`;
  if (/not inside a trusted directory|skip-git-repo-check/i.test(text)) {
    return 'Codex only runs inside a git repository here — run `git init` in the folder, then try again.';
  }
  if (f.request.resumeSessionId && /no (saved )?(session|thread|rollout)|not found|could not find/i.test(text)) {
    return `Codex could not resume thread ${f.request.resumeSessionId} — it may have been deleted or belong to another CODEX_HOME; start a new run instead.${said}`;
  }
  if (/stream disconnected|error sending request|failed to lookup address|connection (refused|failed)/i.test(text)) {
    return `Codex could not reach its model server — check the network and the provider's base_url in ~/.codex/config.toml.${said}`;
  }
  return undefined;
}
