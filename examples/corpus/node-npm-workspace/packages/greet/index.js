exports.greet = (who) => `hello from ${who}`;
