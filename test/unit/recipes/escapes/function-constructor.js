// Escape attempt: Function / AsyncFunction / GeneratorFunction / eval reached by name (eval and code generation are disabled).
// Runs with ../escape-harness.js prepended (pwn, attempt).

module.exports = {
  name: 'escape-function-constructor',
  description: 'sandbox escape attempt: function-constructor',
  risk: 'inspect',
  phrases: [],
  params: { marker: { type: 'string' } },
  applies_to: [],
  async run(ctx, params) {
    const marker = params.marker;
    const notes = [];

    attempt(notes, "Function", () => pwn(Function("return process")(), marker, notes, "Function"));
    attempt(notes, "new Function", () => pwn(new Function("return this.process")(), marker, notes, "new Function"));
    attempt(notes, "async", () => pwn((async function () {}).constructor("return process")(), marker, notes, "AsyncFunction"));
    attempt(notes, "generator", () => pwn((function* () {}).constructor("return process")().next().value, marker, notes, "GeneratorFunction"));
    attempt(notes, "eval", () => pwn(eval("process"), marker, notes, "eval"));
    attempt(notes, "indirect eval", () => pwn((0, eval)("process"), marker, notes, "indirect eval"));
    return { summary: notes.join(' | '), data: notes };
  },
};
