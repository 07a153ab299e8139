// No import loops: madge builds the real module graph (type-only imports included, as the compiler
// resolves them through each tsconfig), and a loop between files or between the folders ("rooms")
// of src/ and webview/ fails the build with the loop named.
import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import madge from 'madge';

const root = join(__dirname, '..', '..', '..');

interface Graph { [file: string]: string[] }

async function graphOf(dir: string, tsConfig: string): Promise<Graph> {
  const result = await madge(join(root, dir), {
    fileExtensions: ['ts', 'tsx'],
    tsConfig: join(root, tsConfig),
    detectiveOptions: { ts: { skipTypeImports: false }, tsx: { skipTypeImports: false } },
  });
  return result.obj();
}

/** The room a file lives in: its first folder under the root scanned (files at the top are their own room). */
const roomOf = (file: string) => (file.includes('/') ? file.split('/')[0] : file);

/** Strongly connected components with more than one member (Tarjan): each is a loop. */
export function loopsOf(graph: Graph): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const loops: string[][] = [];
  const visit = (v: string) => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph[v] ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const members: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        members.push(w);
      } while (w !== v);
      if (members.length > 1 || (graph[v] ?? []).includes(v)) loops.push(members.sort());
    }
  };
  for (const v of Object.keys(graph).sort()) if (!index.has(v)) visit(v);
  return loops;
}

function roomGraph(files: Graph): Graph {
  const rooms: Graph = {};
  for (const [file, deps] of Object.entries(files)) {
    const from = roomOf(file);
    rooms[from] ??= [];
    for (const dep of deps) {
      const to = roomOf(dep);
      if (to !== from && !rooms[from].includes(to)) rooms[from].push(to);
    }
  }
  return rooms;
}

describe('architecture: no import loops', function () {
  this.timeout(120_000);
  const sides = [
    { dir: 'src', tsConfig: 'tsconfig.json' },
    { dir: 'webview', tsConfig: 'webview/tsconfig.json' },
  ];
  for (const side of sides) {
    let graph: Graph;
    before(async () => {
      graph = await graphOf(side.dir, side.tsConfig);
    });
    it(`${side.dir}/: the module graph is read (sanity: it holds the files and their imports)`, () => {
      const files = Object.keys(graph);
      assert.ok(files.length > 50, `madge read only ${files.length} files under ${side.dir}/`);
      assert.ok(Object.values(graph).some((deps) => deps.length > 3), 'no file with imports: the graph was not resolved');
    });
    it(`${side.dir}/: no loop between files`, () => {
      assert.deepEqual(loopsOf(graph), []);
    });
    it(`${side.dir}/: no loop between its folders`, () => {
      assert.deepEqual(loopsOf(roomGraph(graph)), []);
    });
  }

  it('the loop finder names a loop it is given (so the checks above can fail)', () => {
    const planted: Graph = { 'a/x.ts': ['b/y.ts'], 'b/y.ts': ['c/z.ts'], 'c/z.ts': ['a/x.ts'], 'd/w.ts': ['a/x.ts'] };
    assert.deepEqual(loopsOf(planted), [['a/x.ts', 'b/y.ts', 'c/z.ts']]);
    assert.deepEqual(loopsOf(roomGraph({ 'a/1.ts': ['b/2.ts'], 'b/2.ts': ['a/3.ts'], 'a/3.ts': [] })), [['a', 'b']]);
    assert.deepEqual(loopsOf({ 'a.ts': ['b.ts'], 'b.ts': [] }), []);
  });
});
