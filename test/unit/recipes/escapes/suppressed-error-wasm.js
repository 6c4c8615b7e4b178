// Escape attempt: GHSA-55hx-c926-fr95 (SuppressedError), GHSA-ffh4-j6h5-pg66 (WebAssembly) and CVE-2026-47210 (JSPI promises): newer intrinsics that hand out host objects.
// Runs with ../escape-harness.js prepended (pwn, attempt).

module.exports = {
  name: 'escape-suppressed-error-wasm',
  description: 'sandbox escape attempt: suppressed-error-wasm',
  risk: 'inspect',
  phrases: [],
  params: { marker: { type: 'string' } },
  applies_to: [],
  async run(ctx, params) {
    const marker = params.marker;
    const notes = [];

    if (typeof SuppressedError === "function") attempt(notes, "suppressed", () => { const e = new SuppressedError(new Error("a"), new Error("b")); pwn(e.suppressed.constructor.constructor("return process")(), marker, notes, "SuppressedError"); });
    else notes.push("SuppressedError: absent");
    attempt(notes, "wasm module", () => new WebAssembly.Module(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0])));
    try { await WebAssembly.compile(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0])); notes.push("wasm compiled"); } catch (e) { notes.push("wasm compile refused"); }
    if (typeof WebAssembly.promising === "function") notes.push("JSPI present"); else notes.push("JSPI: absent");
    return { summary: notes.join(' | '), data: notes };
  },
};
