// The decisions of `aish ui` as values: who may talk to it (Host, Origin, token), which build step
// failed, and a confirmation parked until the page answers (or it times out as a no).
import { describe, expect, it } from 'vitest';
import { type AccessRequest, checkAccess } from '../../plugin/ui/access-guard';
import { failingStep } from '../../plugin/ui/build-jobs';
import { EventTickets } from '../../plugin/ui/event-tickets';
import { NotConfirmed, WebConfirmations } from '../../plugin/ui/web-confirm';

const PORT = 41234;
const TOKEN = 'a'.repeat(32);
const OWN = `http://127.0.0.1:${PORT}`;
const base: AccessRequest = {
  method: 'GET',
  path: '/api/projects',
  host: `127.0.0.1:${PORT}`,
  origin: undefined,
  tokenHeader: TOKEN,
};
type Opts = Parameters<typeof checkAccess>[3];
const never: Opts = { isPublic: (p) => p === '/' || p === '/app.js', ticket: null, redeemTicket: () => false };
const check = (req: Partial<AccessRequest>, opts: Opts = never) => checkAccess({ ...base, ...req }, PORT, TOKEN, opts);

describe('checkAccess', () => {
  it('allows the API with the token header; the page and its files without it', () => {
    expect(check({})).toEqual({ ok: true, as: 'token' });
    expect(check({ host: `localhost:${PORT}`, origin: `http://localhost:${PORT}`, method: 'POST' }).ok).toBe(true);
    expect(check({ path: '/', tokenHeader: undefined })).toEqual({ ok: true, as: 'public' });
    expect(check({ path: '/app.js', tokenHeader: undefined })).toEqual({ ok: true, as: 'public' });
  });

  it('refuses a foreign Host (DNS rebinding) or Origin with 403 before looking at the token', () => {
    for (const host of ['evil.example', `evil.example:${PORT}`, `127.0.0.1:${PORT + 1}`, '', `[::1]:${PORT}`]) {
      expect(check({ host })).toMatchObject({ ok: false, status: 403 });
    }
    for (const origin of [
      'http://evil.example',
      `https://127.0.0.1:${PORT}`,
      'null',
      `http://127.0.0.1:${PORT}.evil.example`,
      `http://127.0.0.1:${PORT + 1}`,
      'garbage',
    ]) {
      expect(check({ origin })).toMatchObject({ ok: false, status: 403 });
    }
  });

  it('refuses a change without an Origin with 403, even with the token', () => {
    for (const method of ['POST', 'PUT', 'DELETE'])
      expect(check({ method })).toMatchObject({ ok: false, status: 403, reason: /without an Origin/ });
    expect(check({ method: 'POST', origin: OWN })).toEqual({ ok: true, as: 'token' });
  });

  it('refuses a missing, short or wrong token with 401 (a cookie is not looked at)', () => {
    for (const tokenHeader of [undefined, '', TOKEN.slice(1), 'b'.repeat(32)]) {
      expect(check({ tokenHeader })).toMatchObject({ ok: false, status: 401 });
    }
  });

  it('opens the event stream with a ticket it redeems, and only the stream', () => {
    const tickets = new EventTickets();
    const t = tickets.issue();
    const opts = { ...never, ticket: t, redeemTicket: (x: string) => tickets.redeem(x) };
    expect(check({ path: '/api/events', tokenHeader: undefined }, opts)).toEqual({ ok: true, as: 'stream' });
    expect(check({ path: '/api/events', tokenHeader: undefined }, opts)).toMatchObject({ ok: false, status: 401 });
    expect(
      check({ path: '/api/projects', tokenHeader: undefined }, { ...opts, ticket: tickets.issue() }),
    ).toMatchObject({ ok: false, status: 401 });
  });
});

describe('EventTickets', () => {
  it('are single-use and expire', () => {
    let now = 1000;
    const tickets = new EventTickets(30_000, () => now);
    const a = tickets.issue();
    const b = tickets.issue();
    expect(a).not.toBe(b);
    expect(tickets.redeem(a)).toBe(true);
    expect(tickets.redeem(a)).toBe(false);
    now += 30_000;
    expect(tickets.redeem(b)).toBe(false);
    expect(tickets.redeem('made-up')).toBe(false);
  });
});

describe('failingStep', () => {
  const steps = [
    '[internal] load build definition',
    '[app 3/4] COPY . .',
    '[app 4/4] RUN echo boom && exit 3',
    'exporting',
  ];
  it('names the step the engine error quotes, else the last step seen', () => {
    expect(failingStep('executor failed running [/bin/sh -c echo boom && exit 3]: exit code: 3', steps)).toBe(
      '[app 4/4] RUN echo boom && exit 3',
    );
    expect(failingStep('no space left on device', steps)).toBe('exporting');
    expect(failingStep('failed', [])).toBeNull();
  });
});

describe('WebConfirmations', () => {
  it('returns at once when the action does not ask', async () => {
    expect(await new WebConfirmations().start(async () => 42)).toEqual({ done: 42 });
  });

  it('parks a question (even one asked before the action returned) until the page answers', async () => {
    const c = new WebConfirmations();
    let ran = false;
    const first = await c.ask('Restart container web?', async () => {
      ran = true;
      return 'restarted';
    });
    expect(first).toMatchObject({ question: { kind: 'yes-no', message: 'Restart container web?' } });
    expect(ran).toBe(false);
    const id = (first as { question: { id: string } }).question.id;
    expect(await c.answer(id, true)).toBe('restarted');
    expect(ran).toBe(true);
    expect(c.answer(id, true)).toBeNull();
  });

  it('a no, or no answer in time, does nothing', async () => {
    const c = new WebConfirmations(50);
    let ran = false;
    const q = await c.ask('Stop container web?', async () => {
      ran = true;
    });
    await expect(c.answer((q as { question: { id: string } }).question.id, false)).rejects.toBeInstanceOf(NotConfirmed);
    const late = await c.ask('Stop container web?', async () => {
      ran = true;
    });
    await new Promise((r) => setTimeout(r, 80));
    expect(c.answer((late as { question: { id: string } }).question.id, true)).toBeNull();
    expect(ran).toBe(false);
  });

  it('a typed question carries the name to type', async () => {
    const c = new WebConfirmations();
    const q = await c.start((p) => p.input("Delete the cache of redis?\nType 'redis' to go ahead:"));
    expect(q).toMatchObject({ question: { kind: 'typed', target: 'redis' } });
    expect(await c.answer((q as { question: { id: string } }).question.id, 'redis')).toBe('redis');
  });
});
