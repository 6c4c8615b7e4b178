// A plain Node HTTP server with no dependencies.
const http = require('http');
const port = Number(process.env.PORT) || 3000;
http.createServer((req, res) => {
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ app: 'hello-node', path: req.url }));
}).listen(port);
