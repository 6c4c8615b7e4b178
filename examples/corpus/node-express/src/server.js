const express = require('express');
const Redis = require('ioredis');
const redis = new Redis(process.env.REDIS_URL);
const app = express();
app.get('/', async (req, res) => res.json({ n: await redis.incr('n') }));
const port = process.env.PORT || 4000;
app.listen(port);
