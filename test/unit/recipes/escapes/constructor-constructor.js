// Escape attempt: the classic realm hop: any object's constructor.constructor is Function; in vm2 it must be the sandbox's Function, and code generation from strings is off.
// Runs with ../escape-harness.js prepended (pwn, attempt).

module.exports = {
  name: 'escape-constructor-constructor',
  description: 'sandbox escape attempt: constructor-constructor',
  risk: 'inspect',
  phrases: [],
  params: { marker: { type: 'string' } },
  applies_to: [],
  async run(ctx, params) {
    const marker = params.marker;
    const notes = [];

    attempt(notes, "this", () => pwn(this.constructor.constructor("return process")(), marker, notes, "this.constructor"));
    attempt(notes, "object", () => pwn(({}).constructor.constructor("return process")(), marker, notes, "object"));
    attempt(notes, "ctx fn", () => pwn(ctx.services.constructor.constructor("return process")(), marker, notes, "ctx fn"));
    attempt(notes, "__send", () => pwn(__send.constructor.constructor("return process")(), marker, notes, "__send"));
    attempt(notes, "promise", () => pwn(ctx.services().constructor.constructor("return process")(), marker, notes, "promise"));
    return { summary: notes.join(' | '), data: notes };
  },
};
