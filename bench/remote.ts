// Remote runs (issue #18): following 20 concurrent GitHub Actions runs against the REST stand-in
// on 127.0.0.1, with the window's defaults (one loop, a look every 5 s, a budget of 1 request/s).
// The stand-in moves each run through its 5 steps every few seconds and completes them one after
// another (each with its session artifact). Measured: API requests per second while following
// (every request, 304s included; target <= 1), and for each run the time from the stand-in
// completing it to the card showing it done (artifact downloaded and replayed; target < 15 s).
// Runs carry no branch, so the figure leaves out the git fetch (a network cost, not the loop's).
import { RemoteFollower } from '../src/remote/remoteFollower';
import { artifactName } from '../src/remote/workflowTemplate';
import type { StandInRun } from '../test/support/githubStandIn';
import { remoteWorld, sessionArtifact } from '../test/unit/remote/remoteWorld';
import { BenchReport, QUICK, median, percentile, runBench } from './lib/report';

const RUNS = 20;
const SCALE = QUICK ? 0.5 : 1;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

runBench(async () => {
  const report = new BenchReport('remote', `following ${RUNS} concurrent remote runs (poll 5 s, budget 1 req/s)`);
  const world = await remoteWorld();
  const ids: string[] = [world.taskId];
  for (let i = 1; i < RUNS; i++) ids.push(await world.board.createTask({ title: `Remote task ${i}`, description: 'bench' }));
  const runs: { run: StandInRun; taskId: string; correlation: string }[] = [];
  for (const taskId of ids) {
    const seen = world.standIn.waitForDispatch();
    const record = await world.runner.dispatch({ taskId, executorId: 'claude-code', permissionMode: 'auto-edit' });
    runs.push({ run: await seen, taskId, correlation: record.id });
  }
  const follower = new RemoteFollower({ intervalMs: 5000, maxRequestsPerSecond: 1 });
  const completedAt = new Map<string, number>();
  const shownAt = new Map<string, number>();
  world.board.onDidChange((s) => {
    for (const t of s.board.tasks) if (t.agentStatus === 'done' && completedAt.has(t.id) && !shownAt.has(t.id)) shownAt.set(t.id, Date.now());
  });
  const before = world.standIn.requests.length;
  const started = Date.now();
  follower.add(world.runner);

  // The stand-in's schedule: runs start over 10 s, a step every 10 s, completions 3 s apart from
  // 60 s (real agent runs last minutes; a shorter schedule would measure completions, not following).
  const drive = runs.map(async ({ run, taskId, correlation }, i) => {
    await sleep((2000 + i * 500) * SCALE);
    for (let step = 0; step < 4; step++) {
      world.standIn.stepStarted(run, step);
      await sleep(10_000 * SCALE);
    }
    await sleep(Math.max(0, (60_000 + i * 3000) * SCALE - (Date.now() - started)));
    world.standIn.addArtifact(run, artifactName(correlation), sessionArtifact(correlation, taskId));
    world.standIn.complete(run, 'success');
    completedAt.set(taskId, Date.now());
  });
  await Promise.all(drive);
  const until = Date.now() + 60_000;
  while (shownAt.size < RUNS && Date.now() < until) await sleep(50);
  const elapsed = (Date.now() - started) / 1000;
  follower.dispose();
  await follower.idle();

  // GitHub's rate limit counts REST API requests; the signed storage URLs that artifact and log
  // downloads redirect to (the stand-in's /_blobs and /_logs) are not API requests.
  const all = world.standIn.requests.slice(before);
  const requests = all.filter((r) => !/^\/_(blobs|logs)\//.test(r.path));
  const latencies = ids.filter((id) => shownAt.has(id)).map((id) => (shownAt.get(id)! - completedAt.get(id)!) / 1000);
  report.figure({ label: 'API requests per second while following', value: requests.length / elapsed, unit: 'req/s', target: { max: 1 }, note: `${requests.length} requests in ${elapsed.toFixed(0)} s (${requests.filter((r) => r.status === 304).length} were 304s), plus ${all.length - requests.length} storage downloads` });
  report.figure({ label: 'completion -> card, median', value: median(latencies), unit: 's', target: { max: 15 } });
  report.figure({ label: 'completion -> card, max', value: Math.max(...latencies), unit: 's', target: { max: 15 }, note: `${latencies.length}/${RUNS} runs shown done` });
  if (latencies.length < RUNS) report.note(`${RUNS - latencies.length} runs were not shown done within 60 s of their completion`);
  report.done();
  await world.dispose();
});
