// Part 1 as a whole: learn what the CI answers to (its services and recipes), run the generated
// per-connection classes, then the attacks on its connections, checking the CI after each.
import { requestOverSocket } from '../../../protocol';
import { checkCi } from './ci-watch';
import { type AttackPlan, concurrentConnections, eventsFlood, noReader, slowloris } from './connection-attacks';
import type { FuzzTarget } from './fuzz-target';
import { type Findings, type Tally, tallyOf } from './fuzz-tally';
import { memoryGrowth } from './memory-trend';
import { type CiTrack, fuzzNdjson, type NdjsonPlan, recordCheck, startTrack } from './ndjson-fuzz';
import type { CiWorld } from './request-shapes';
import type { SeededRandom } from './seeded-random';

/** The sizes of part 1. */
export type CiPartPlan = NdjsonPlan & AttackPlan;

/** The CI's token and names, asked of the CI itself. */
export async function worldOf(target: FuzzTarget): Promise<CiWorld> {
  const ask = (type: 'status' | 'recipes') =>
    requestOverSocket({
      address: { path: target.socketPath },
      request: { type, id: type, token: target.token },
      timeoutMs: 10_000,
      maxReplyBytes: 16 << 20,
    });
  const status = await ask('status');
  const recipes = await ask('recipes');
  return {
    token: target.token,
    services: status.type === 'status_response' ? status.services.map((s) => s.name) : ['web'],
    recipes: [...(recipes.type === 'recipes_response' ? recipes.recipes.map((r) => r.name) : []), 'no-such-recipe'],
  };
}

/** Runs part 1; returns the CI's track. */
export async function runCiPart(
  target: FuzzTarget,
  world: CiWorld,
  rnd: SeededRandom,
  plan: CiPartPlan,
  tallies: Map<string, Tally>,
  findings: Findings,
  log: (line: string) => void,
): Promise<CiTrack> {
  const track = startTrack(await checkCi(target));
  await fuzzNdjson(target, world, rnd, plan, tallies, track, findings, log);
  // Judged on the generated classes only: the attacks below hold memory on purpose while they last.
  const growth = memoryGrowth(track.rssSamples);
  if (growth) findings.add('ci-memory-growth', growth, null);
  // A run of chosen classes chases one finding: no attacks then.
  if (plan.classes) return track;
  await concurrentConnections(target, plan.concurrent, tallyOf(tallies, 'concurrent'), findings);
  await recordCheck(target, track, findings, 'concurrent connections');
  await slowloris(target, plan, tallyOf(tallies, 'slowloris'), findings);
  await recordCheck(target, track, findings, 'slowloris');
  await noReader(target, plan, tallyOf(tallies, 'no-read'), findings);
  await recordCheck(target, track, findings, 'a client not reading');
  const before = (await checkCi(target)).rssBytes ?? 0;
  const during = await eventsFlood(target, plan.subscriptions, tallyOf(tallies, 'events-flood'), findings);
  log(`events flood: CI RSS ${(before / 2 ** 20).toFixed(0)} MB → ${(during / 2 ** 20).toFixed(0)} MB`);
  track.maxRss = Math.max(track.maxRss, during);
  await recordCheck(target, track, findings, 'the events flood');
  return track;
}
