// Escape attempt: plain lookups of the globals a Node program would have: none may exist.
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
  name: 'escape-globals',
  description: 'sandbox escape attempt: globals',
  risk: 'inspect',
  phrases: [],
  params: { marker: { type: 'string' } },
  applies_to: [],
  async run(ctx, params) {
    const marker = params.marker;
    const notes = [];

    for (const name of ["process", "require", "module.require", "Buffer", "global", "setTimeout", "setImmediate", "queueMicrotask", "fetch", "WebAssembly"]) {
      let value;
      try { value = name === "module.require" ? undefined : globalThis[name]; } catch (e) {}
      notes.push(name + ": " + typeof value);
      if (value && (name === "process" || name === "require" || name === "global")) pwn(name === "require" ? { mainModule: { require: value } } : value.process || value, marker, notes, "global " + name);
    }
    return { summary: notes.join(' | '), data: notes };
  },
};
