import { describe, expect, it } from 'vitest';
import { MAX_LINE_BYTES } from '../../../protocol';
import { scopedPath } from '../../../scripts/bench/fuzz/engine-recorder';
import { expectedReplies } from '../../../scripts/bench/fuzz/line-expectation';
import { LINE_CLASSES, mutateLine } from '../../../scripts/bench/fuzz/line-mutations';
import { memoryGrowth } from '../../../scripts/bench/fuzz/memory-trend';
import { replyProblem } from '../../../scripts/bench/fuzz/reply-shape';
import { REQUEST_TYPES } from '../../../scripts/bench/fuzz/request-shapes';
import { SeededRandom } from '../../../scripts/bench/fuzz/seeded-random';

// The fuzzing benchmark's oracle (scripts/bench/fuzz/): what the protocol owes for a byte stream,
// what a well-formed reply is, when memory counts as growing, how the UI's engine is scoped, and
// that a seed replays the same inputs. Pure, so a finding of the bench is a finding of the CI.
const TOKEN = 't0k';
const world = { token: TOKEN, services: ['web', 'worker'], recipes: ['tail-logs'] };

describe('fuzz oracle', () => {
  it('owes one reply per non-blank line, too_large past the limit, the last line only at half-close', () => {
    const bytes = Buffer.from(
      `{"type":"ping","id":1}\n\n  \r\n${'x'.repeat(MAX_LINE_BYTES + 1)}\n{"type":"events","token":"${TOKEN}"}\n{"type":"ping"}`,
    );
    const open = expectedReplies(bytes, false, TOKEN);
    expect(open.map((o) => [o.asked.type, o.tooLarge, o.optional])).toEqual([
      ['ping', false, false],
      [undefined, true, false],
      ['events', false, true],
    ]);
    const ended = expectedReplies(bytes, true, TOKEN);
    expect(ended).toHaveLength(4);
    expect(ended[3]).toMatchObject({ atEof: true, asked: { type: 'ping' } });
    // A number JSON reads as Infinity is no id to echo.
    expect(expectedReplies(Buffer.from('{"type":"ping","id":1e999}\n'), false, TOKEN)[0]!.asked.id).toBeUndefined();
  });

  it('accepts the replies the protocol allows and names the others', () => {
    const asked = { type: 'status', id: 7, tokenOk: true };
    expect(replyProblem('{"type":"status_response","id":7,"ai_id":"x"}', asked)).toBeNull();
    expect(replyProblem('{"type":"error","code":"bad_request","message":"m","id":7,"ai_id":"x"}', asked)).toBeNull();
    expect(replyProblem('{"type":"pong","id":7,"ai_id":"x"}', asked)).toMatch(/expected status_response/);
    expect(replyProblem('{"type":"status_response","id":null,"ai_id":"x"}', asked)).toMatch(/reply id null/);
    expect(replyProblem('{"type":"error","code":"nope","message":"m","ai_id":"x"}', asked)).toMatch(/error code/);
    expect(replyProblem('{"type":"error","code":"bad_request","message":"m","ai_id":"x"}', asked)).toMatch(/echoed/);
    expect(replyProblem('{"type":"status_response","id":7}', asked)).toMatch(/ai_id/);
    expect(replyProblem('{"type":"status_response","id":7,"ai_id":"x"}', { ...asked, tokenOk: false })).toMatch(
      /^AUTH/,
    );
    expect(replyProblem('{"type":"pong","ai_id":"x"}', { type: 'ping', tokenOk: false })).toBeNull();
  });

  it('calls memory bounded when it levels off, growing when it keeps climbing', () => {
    const mb = (n: number) => n * 2 ** 20;
    expect(memoryGrowth([60, 200, 210, 205, 215, 212, 214, 216, 211].map(mb))).toBeNull();
    expect(memoryGrowth([60, 80, 100, 120, 140, 160, 180, 200, 220].map(mb))).toMatch(/still growing/);
  });

  it("scopes the UI's container lists and event streams to the run's label, and nothing else", () => {
    const label = 'tekton.fuzz=fuzz-1';
    const list = new URL(
      scopedPath(`/v1.41/containers/json?all=1&filters=${encodeURIComponent('{"label":["tekton.ci.name"]}')}`, label),
      'http://e',
    );
    expect(JSON.parse(list.searchParams.get('filters')!)).toEqual({ label: ['tekton.ci.name', label] });
    const events = new URL(scopedPath('/events?filters=%7B%22type%22%3A%5B%22container%22%5D%7D', label), 'http://e');
    expect(JSON.parse(events.searchParams.get('filters')!)).toEqual({ type: ['container'], label: [label] });
    expect(scopedPath('/containers/abc/json', label)).toBe('/containers/abc/json');
  });

  it('replays the same inputs from the same seed, for every class and request type', () => {
    const lines = (seed: number) => LINE_CLASSES.map((c) => mutateLine(c, world, new SeededRandom(seed).fork(c)));
    expect(lines(42)).toEqual(lines(42));
    expect(lines(42)).not.toEqual(lines(43));
    const rnd = new SeededRandom(1);
    const types = new Set<string>();
    for (let i = 0; i < 2000; i++) {
      const text = mutateLine('valid', world, rnd).toString('utf8');
      types.add((JSON.parse(text) as { type: string }).type);
    }
    expect([...types].sort()).toEqual([...REQUEST_TYPES].sort());
  });
});
