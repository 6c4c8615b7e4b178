// Escape attempt: async generator leaks: AsyncGeneratorFunction constructor, Symbol.asyncIterator on objects the host touches, for-await over host promises.
// Runs with ../escape-harness.js prepended (pwn, attempt).

module.exports = {
  name: 'escape-async-generator',
  description: 'sandbox escape attempt: async-generator',
  risk: 'inspect',
  phrases: [],
  params: { marker: { type: 'string' } },
  applies_to: [],
  async run(ctx, params) {
    const marker = params.marker;
    const notes = [];

    attempt(notes, "asyncgen ctor", () => pwn((async function* () {}).constructor("return process")(), marker, notes, "AsyncGeneratorFunction"));
    async function* gen() { yield ctx.services(); yield ctx.container(); }
    for await (const v of gen()) attempt(notes, "value", () => pwn(v.constructor.constructor("return process")(), marker, notes, "for-await value"));
    const it = gen();
    attempt(notes, "iter proto", () => pwn(Object.getPrototypeOf(it).constructor.constructor("return process")(), marker, notes, "iterator proto"));
    const evil = { [Symbol.asyncIterator]() { attempt(notes, "iter", () => pwn(this.constructor.constructor("return process")(), marker, notes, "asyncIterator")); return { next: async () => ({ done: true }) }; } };
    attempt(notes, "send", () => __send(evil));
    return { summary: notes.join(' | '), data: notes };
  },
};
