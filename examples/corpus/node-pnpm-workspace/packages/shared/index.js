exports.greet = (who) => `Hello from the ${who}`;
