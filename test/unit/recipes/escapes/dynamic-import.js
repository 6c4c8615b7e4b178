// Escape attempt: dynamic import() of a builtin from the sandbox.
// Runs with ../escape-harness.js prepended (pwn, attempt).

module.exports = {
  name: 'escape-dynamic-import',
  description: 'sandbox escape attempt: dynamic-import',
  risk: 'inspect',
  phrases: [],
  params: { marker: { type: 'string' } },
  applies_to: [],
  async run(ctx, params) {
    const marker = params.marker;
    const notes = [];

    try { const fs = await import("fs"); pwn({ mainModule: { require: () => fs } }, marker, notes, "import fs"); } catch (e) { notes.push("import refused: " + String(e && e.message).slice(0, 60)); }
    return { summary: notes.join(' | '), data: notes };
  },
};
