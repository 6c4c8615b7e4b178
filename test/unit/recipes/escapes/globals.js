// Escape attempt: plain lookups of the globals a Node program would have: none may exist.
// Runs with ../escape-harness.js prepended (pwn, attempt).

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
