// Escape attempt: arguments.callee.caller: a sloppy sandbox function called by the host walks up to the host caller.
// Runs with ../escape-harness.js prepended (pwn, attempt).

module.exports = {
  name: 'escape-callee-caller',
  description: 'sandbox escape attempt: callee-caller',
  risk: 'inspect',
  phrases: [],
  params: { marker: { type: 'string' } },
  applies_to: [],
  async run(ctx, params) {
    const marker = params.marker;
    const notes = [];

    function probe() { let f = arguments.callee.caller; let depth = 0; while (f && depth++ < 20) { attempt(notes, "caller", () => pwn(f.constructor("return process")(), marker, notes, "caller depth " + depth)); f = f.caller; } }
    const origDeliver = globalThis.__deliver;
    globalThis.__deliver = function (text) { probe(); return origDeliver(text); };
    await ctx.services();
    attempt(notes, "send caller", () => __send({ toString: function () { probe(); return ""; } }));
    globalThis.__deliver = origDeliver;
    return { summary: notes.join(' | '), data: notes };
  },
};
