const express = require('express');
const { greet } = require('@shop/shared');
const app = express();
app.get('/', (_req, res) => res.send(greet('api')));
app.listen(process.env.PORT || 4000);
