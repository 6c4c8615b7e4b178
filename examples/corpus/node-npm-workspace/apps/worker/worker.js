const { greet } = require('@greetings/greet');

setInterval(() => console.log(greet('workspace-worker')), 60_000);
console.log(greet('workspace-worker'));
