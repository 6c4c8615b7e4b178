const http = require('node:http');
const { greet } = require('@greetings/greet');

http.createServer((_req, res) => res.end(`${greet('workspace-api')}\n`)).listen(process.env.PORT || 3100);
