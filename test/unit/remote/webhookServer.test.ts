// The completion webhook: only a delivery signed with the shared secret (X-Hub-Signature-256,
// HMAC-SHA256 of the exact body) is accepted, once; unsigned, wrongly signed, replayed and
// oversized ones are refused with a status that says why.
import { strict as assert } from 'node:assert';
import http from 'node:http';
import { signatureFor, signatureMatches, WebhookServer, type WebhookDelivery } from '../../../src/remote/webhookServer';

const SECRET = 'whsec_team_server_secret_123';

describe('viban webhook serve: signature, replay and size checks', () => {
  let server: WebhookServer;
  let origin: string;
  let delivered: WebhookDelivery[];
  let refused: [number, string][];

  beforeEach(async () => {
    delivered = [];
    refused = [];
    server = new WebhookServer({ secret: SECRET, port: 0, maxBodyBytes: 4096, onDelivery: (d) => void delivered.push(d), onRefused: (s, r) => void refused.push([s, r]) });
    const address = await server.listen();
    origin = `http://127.0.0.1:${address.port}`;
  });
  afterEach(() => server.close());

  const payload = JSON.stringify({ action: 'completed', workflow_run: { id: 7, display_title: 'viban t_1 Fix [r_abc123def456]', status: 'completed', conclusion: 'success' } });

  function post(body: string, headers: Record<string, string>) {
    return fetch(origin, { method: 'POST', body, headers: { 'content-type': 'application/json', 'x-github-event': 'workflow_run', ...headers } });
  }

  it('accepts a delivery signed with the secret, and hands its event on', async () => {
    const res = await post(payload, { 'x-hub-signature-256': signatureFor(SECRET, payload), 'x-github-delivery': 'd-1' });
    assert.equal(res.status, 202);
    assert.equal(delivered.length, 1);
    assert.equal(delivered[0].event, 'workflow_run');
    assert.equal((delivered[0].payload as { workflow_run: { id: number } }).workflow_run.id, 7);
  });

  it('refuses a missing signature', async () => {
    const res = await post(payload, { 'x-github-delivery': 'd-2' });
    assert.equal(res.status, 401);
    assert.match(await res.text(), /missing X-Hub-Signature-256/);
    assert.equal(delivered.length, 0);
  });

  it('refuses a wrong signature: another secret, a changed body, a truncated header', async () => {
    for (const signature of [signatureFor('some-other-secret', payload), signatureFor(SECRET, payload + ' '), signatureFor(SECRET, payload).slice(0, 20), 'sha1=abc']) {
      const res = await post(payload, { 'x-hub-signature-256': signature, 'x-github-delivery': `d-${signature.length}` });
      assert.equal(res.status, 401, signature);
    }
    assert.equal(delivered.length, 0);
    assert.ok(refused.every(([s]) => s === 401));
  });

  it('refuses a replay of a delivery it already accepted', async () => {
    const headers = { 'x-hub-signature-256': signatureFor(SECRET, payload), 'x-github-delivery': 'd-same' };
    assert.equal((await post(payload, headers)).status, 202);
    const again = await post(payload, headers);
    assert.equal(again.status, 409);
    assert.match(await again.text(), /replay/);
    assert.equal(delivered.length, 1);
    // The delivery id is not signed: the same signed body under a new id is still a replay.
    const renamed = await post(payload, { ...headers, 'x-github-delivery': 'd-renamed' });
    assert.equal(renamed.status, 409);
    assert.equal(delivered.length, 1);
  });

  it('refuses an oversized body, declared or streamed without a length', async () => {
    const big = JSON.stringify({ pad: 'x'.repeat(10_000) });
    const res = await post(big, { 'x-hub-signature-256': signatureFor(SECRET, big), 'x-github-delivery': 'd-big' });
    assert.equal(res.status, 413);
    // Chunked: no content-length to refuse up front, so the size is counted as it arrives.
    const status = await new Promise<number>((resolve, reject) => {
      const req = http.request(origin, { method: 'POST', headers: { 'x-hub-signature-256': signatureFor(SECRET, big), 'x-github-delivery': 'd-big-2', 'transfer-encoding': 'chunked' } }, (r) => resolve(r.statusCode ?? 0));
      req.on('error', reject);
      for (let i = 0; i < 10; i++) req.write(big.slice(i * 1000, (i + 1) * 1000));
      req.end(big.slice(10_000));
    });
    assert.equal(status, 413);
    assert.equal(delivered.length, 0);
  });

  it('drops a sender that trickles its delivery instead of sending it (408), and nothing is delivered', async () => {
    const slow = new WebhookServer({ secret: SECRET, port: 0, requestTimeoutMs: 300, onDelivery: (d) => void delivered.push(d) });
    const { port } = await slow.listen();
    try {
      const status = await new Promise<number>((resolve, reject) => {
        const req = http.request({ host: '127.0.0.1', port, method: 'POST', headers: { 'content-length': String(payload.length), 'x-hub-signature-256': signatureFor(SECRET, payload), 'x-github-delivery': 'd-slow' } }, (r) => resolve(r.statusCode ?? 0));
        req.on('error', reject);
        req.write(payload.slice(0, 10)); // and never the rest
      });
      assert.equal(status, 408);
      assert.equal(delivered.length, 0);
    } finally {
      await slow.close();
    }
  });

  it('compares signatures in constant time over equal lengths only', () => {
    const body = Buffer.from(payload);
    assert.equal(signatureMatches(SECRET, body, signatureFor(SECRET, body)), true);
    assert.equal(signatureMatches(SECRET, body, undefined), false);
    assert.equal(signatureMatches(SECRET, body, ''), false);
  });

  it('will not start without a secret', () => {
    assert.throws(() => new WebhookServer({ secret: '', port: 0, onDelivery: () => undefined }), /VIBAN_WEBHOOK_SECRET/);
  });
});
