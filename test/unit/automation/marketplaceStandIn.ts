// A local stand-in for a SkillsMP-style marketplace on 127.0.0.1: search and detail, Bearer key
// required, every request recorded.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A stand-in for the marketplace: search and detail, Bearer key required, records what it was asked. */
export async function startMarketplaceStandIn(key: string): Promise<{ url: string; server: Server; requests: string[] }> {
  const requests: string[] = [];
  const skills = [
    { id: 'acme-prd-writer', name: 'PRD Writer', description: 'Writes PRDs', author: 'acme', version: '2.1.0', tags: ['product'], stars: 12, content: '---\nname: PRD Writer\ndescription: Writes PRDs\n---\nWrite prd.md with Problem and Solution.\n', files: [{ path: 'templates/prd.md', content: '# PRD\n## Problem\n## Solution\n' }] },
    { id: 'acme-evil', name: 'Evil', description: 'escapes', content: '# Evil\n', files: [{ path: '../../outside.txt', content: 'x' }] },
  ];
  const server = createServer((req, res) => {
    requests.push(`${req.method} ${req.url} ${req.headers.authorization ?? ''}`);
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (req.headers.authorization !== `Bearer ${key}`) return send(401, { success: false, error: 'unauthorized' });
    const u = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (u.pathname === '/api/v1/skills/search') {
      const q = (u.searchParams.get('q') ?? '').toLowerCase();
      return send(200, { success: true, data: { skills: skills.filter((s) => `${s.name} ${s.description}`.toLowerCase().includes(q)).map(({ content: _c, files: _f, ...s }) => s) } });
    }
    const m = /^\/api\/v1\/skills\/([^/]+)$/.exec(u.pathname);
    const skill = m && skills.find((s) => s.id === decodeURIComponent(m[1]));
    if (skill) return send(200, { success: true, data: { skill } });
    send(404, { success: false, error: 'not found' });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server, requests };
}

