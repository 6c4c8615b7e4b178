// The decisions of `aish ui` as values: who may talk to it (Host, Origin, token), which build step
// failed, and a confirmation parked until the page answers (or it times out as a no).
import { describe, expect, it } from 'vitest';
import { checkAccess, cookieValue } from '../../plugin/ui/access-guard';
import { failingStep } from '../../plugin/ui/build-jobs';
import { NotConfirmed, WebConfirmations } from '../../plugin/ui/web-confirm';

const PORT = 41234;
const TOKEN = 'a'.repeat(32);
const base = { host: `127.0.0.1:${PORT}`, origin: undefined, cookie: undefined, tokenHeader: TOKEN, tokenQuery: null };

describe('checkAccess', () => {
  it('allows this listener with the token as header, cookie or (page only) query', () => {
    expect(checkAccess(base, PORT, TOKEN)).toEqual({ ok: true, fromQuery: false });
    expect(
      checkAccess({ ...base, host: `localhost:${PORT}`, origin: `http://localhost:${PORT}` }, PORT, TOKEN).ok,
    ).toBe(true);
    expect(checkAccess({ ...base, tokenHeader: undefined, cookie: `x=1; aish_ui=${TOKEN}` }, PORT, TOKEN)).toEqual({
      ok: true,
      fromQuery: false,
    });
    expect(checkAccess({ ...base, tokenHeader: undefined, tokenQuery: TOKEN }, PORT, TOKEN)).toEqual({
      ok: true,
      fromQuery: true,
    });
  });

  it('refuses a foreign Host (DNS rebinding) or Origin with 403 before looking at the token', () => {
    for (const host of ['evil.example', `evil.example:${PORT}`, `127.0.0.1:${PORT + 1}`, '', `[::1]:${PORT}`]) {
      expect(checkAccess({ ...base, host }, PORT, TOKEN)).toMatchObject({ ok: false, status: 403 });
    }
    for (const origin of [
      'http://evil.example',
      `https://127.0.0.1:${PORT}`,
      'null',
      `http://127.0.0.1:${PORT}.evil.example`,
      'garbage',
    ]) {
      expect(checkAccess({ ...base, origin }, PORT, TOKEN)).toMatchObject({ ok: false, status: 403 });
    }
  });

  it('refuses a missing, short or wrong token with 401', () => {
    for (const tokenHeader of [undefined, '', TOKEN.slice(1), 'b'.repeat(32)]) {
      expect(checkAccess({ ...base, tokenHeader }, PORT, TOKEN)).toMatchObject({ ok: false, status: 401 });
    }
  });

  it('reads one cookie among several', () => {
    expect(cookieValue('a=1; aish_ui=x%20y; b=2', 'aish_ui')).toBe('x y');
    expect(cookieValue(undefined, 'aish_ui')).toBeUndefined();
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
