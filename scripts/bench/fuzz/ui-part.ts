// Part 2 as a whole: a small project folder of the bench's own, the engine recorder, `aish ui`
// behind it, the route table checked against the server, then the generated classes and the
// attacks on the server as a whole.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { folderId } from '../../../plugin/ui/project-list';
import { EngineRecorder } from './engine-recorder';
import type { FuzzTarget } from './fuzz-target';
import { type Findings, type Tally, tallyOf } from './fuzz-tally';
import { httpExchange } from './http-exchange';
import type { SeededRandom } from './seeded-random';
import { concurrentRequests, slowRequests } from './ui-attacks';
import { checkUi, fuzzUi, pageRequest, type UiPlan, type UiTrack } from './ui-fuzz';
import { startUi, type UiProcess } from './ui-process';
import type { UiWorld } from './ui-requests';
import { routeGaps } from './ui-route-check';

/** The sizes of part 2. */
export interface UiPartPlan extends UiPlan {
  concurrent: number;
  slow: number;
  holdMs: number;
}

/** What part 2 started, for the caller to stop. */
export interface UiPartHandles {
  engine: EngineRecorder | null;
  ui: UiProcess | null;
}

/** Runs part 2 in `stateDir` (the one the target was started in); returns the server's track. */
export async function runUiPart(
  { root, stateDir, target, recipes }: { root: string; stateDir: string; target: FuzzTarget; recipes: string[] },
  rnd: SeededRandom,
  plan: UiPartPlan,
  handles: UiPartHandles,
  tallies: Map<string, Tally>,
  findings: Findings,
  log: (line: string) => void,
): Promise<UiTrack> {
  const home = join(stateDir, 'home');
  const projectDir = join(home, 'fuzz-project');
  mkdirSync(projectDir, { recursive: true });
  writeFileSync(
    join(projectDir, 'package.json'),
    '{"name":"fuzz-project","version":"1.0.0","scripts":{"start":"node index.js"}}\n',
  );
  writeFileSync(join(projectDir, 'index.js'), "require('http').createServer((q, s) => s.end('ok')).listen(3000);\n");
  const engine = new EngineRecorder(join(stateDir, 'engine.sock'), target.label);
  handles.engine = engine;
  await engine.start();
  const ui = await startUi({ root, home, stateDir, dockerHost: `unix://${engine.path}` });
  handles.ui = ui;
  const w: UiWorld = {
    port: ui.port,
    token: ui.token,
    container: target.name,
    ciName: target.ciName,
    recipes,
    projectId: folderId(projectDir),
    projectDir,
  };
  const added = await httpExchange(w.port, pageRequest(w, 'POST', '/api/folders', { path: projectDir }), 10_000);
  if (added.status !== 201) throw new Error(`adding the project folder answered ${added.status}: ${added.body}`);
  const params = {
    name: target.name,
    recipe: 'tail-logs',
    action: 'export',
    question: 'no-such-question',
    project: w.projectId,
    folder: projectDir,
  };
  for (const gap of await routeGaps(w, params)) findings.add('ui-route-table', gap, null);
  const rss = ui.rss() ?? 0;
  const track: UiTrack = {
    checks: 0,
    failedChecks: 0,
    maxRss: rss,
    firstRss: rss,
    refusedBatches: 0,
    stateChanges: 0,
    engineWrites: 0,
    rssSamples: [],
  };
  const guarded = { roots: [stateDir, projectDir], engine, containerId: target.id };
  await fuzzUi(ui, w, guarded, rnd, plan, tallies, track, findings, log);
  await concurrentRequests(w, plan.concurrent, tallyOf(tallies, 'ui concurrent'), findings);
  await slowRequests(w, plan.slow, plan.holdMs, tallyOf(tallies, 'ui slow'), findings);
  const last = await checkUi(w);
  if (last) findings.add('ui-check-failed', `at the end: ${last}`, null);
  track.maxRss = Math.max(track.maxRss, ui.rss() ?? 0);
  return track;
}
