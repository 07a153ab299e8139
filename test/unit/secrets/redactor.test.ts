// The redactor masks real key shapes and known secret values, and nothing else (issue #17:
// "flask-…", "task-…", "ask-the-…" were cut at "sk-" and runs failed in the masked folders).
import { strict as assert } from 'node:assert';
import { MASK, Redactor } from '../../../src/secrets/redactor';
import { randomKeyBody } from '../../../src/secrets/keyShapes';
import { KEY_CONTEXTS, realShapedKeys, seeded, untouchedCorpus } from './redactorCorpus';

describe('redactor', () => {
  const redactor = new Redactor({});

  it('passes a corpus of folder names, branches, titles, prose and ids through untouched', () => {
    const corpus = untouchedCorpus();
    assert.ok(corpus.length > 1500, `the corpus has ${corpus.length} strings`);
    const changed = corpus.filter((s) => redactor.redact(s) !== s);
    assert.deepEqual(changed, [], 'nothing in the corpus may be masked');
    // The same text inside JSON (a log line) and as one block of text.
    const asJson = JSON.stringify({ lines: corpus });
    assert.equal(redactor.redact(asJson), asJson);
  });

  it('masks every real-shaped key, wherever it appears in a line', () => {
    const keys = realShapedKeys();
    assert.ok(keys.length >= 300, `${keys.length} keys`);
    const missed: string[] = [];
    for (const { kind, key } of keys) {
      for (const context of KEY_CONTEXTS) {
        const out = redactor.redact(context(key));
        // No piece of the key's random part may survive (a prefix like "sk-ant-" alone is fine).
        const middle = key.slice(key.length / 2 - 6, key.length / 2 + 6);
        if (out.includes(middle) || out.includes(key.slice(-12)) || !out.includes(MASK)) missed.push(`${kind}: ${context(key)} -> ${out}`);
      }
    }
    assert.deepEqual(missed, []);
  });

  it('masks the token of a Bearer header, and keeps the word', () => {
    const rand = seeded(7);
    for (let i = 0; i < 20; i++) {
      const token = Array.from({ length: 40 }, () => 'abcdefXYZ0123456789._-'[Math.floor(rand() * 22)]).join('') + '9a';
      assert.equal(redactor.redact(`Authorization: Bearer ${token}`), `Authorization: Bearer ${MASK}`);
      assert.equal(redactor.redact(`{"headers":{"authorization":"bearer ${token}"}}`), `{"headers":{"authorization":"bearer ${MASK}"}}`);
    }
    assert.equal(redactor.redact('Bearer of bad news'), 'Bearer of bad news');
    assert.equal(redactor.redact('a bearer token-based-authentication-flow'), 'a bearer token-based-authentication-flow');
  });

  it('masks the exact values of secret environment variables anywhere, even inside a word', () => {
    const env = {
      ANTHROPIC_API_KEY: 'planted-anthropic-VALUE-1',
      OPENAI_API_KEY: 'planted-openai-VALUE-22',
      GEMINI_API_KEY: 'planted-gemini-VALUE-333',
      GITHUB_TOKEN: 'planted-github-VALUE-4444',
      NPM_TOKEN: 'npm_PlantedNpmTokenValue55555',
    };
    const r = new Redactor(env);
    for (const value of Object.values(env)) {
      assert.equal(r.redact(`x${value}x`), `x${MASK}x`, value);
      assert.equal(r.redact(JSON.stringify({ v: `"${value}"` })), JSON.stringify({ v: `"${MASK}"` }));
    }
  });

  it('a variable merely named like a credential whose value is a path, a flag or a short word is not a secret', () => {
    const r = new Redactor({ SSH_TOKEN: '/home/dev/.ssh/token', FEATURE_TOKEN: 'true', SESSION_SECRET: 'short', PATH: '/usr/bin:/bin', HOME: '/home/dev/flask-app' });
    const text = 'cat /home/dev/.ssh/token; echo true short /usr/bin:/bin /home/dev/flask-app';
    assert.equal(r.redact(text), text);
  });

  it('tells random key bodies from kebab-case words', () => {
    assert.equal(randomKeyBody('learn-notes-for-the-team-and-more', 20), false);
    assert.equal(randomKeyBody('Project-2024-Final-Version-With-Docs-And-Tests', 20), false);
    assert.equal(randomKeyBody('the-user-before-deleting-files', 20), false);
    assert.equal(randomKeyBody('abcdefghijklmnopqrstuvwx', 20), true, 'one long run');
    assert.equal(randomKeyBody('Ab3-dEf9GhIj_KlMn0pQr-StUv1WxYz2-aBcD3eFg', 20), true, 'mixed classes, long segments');
  });
});
