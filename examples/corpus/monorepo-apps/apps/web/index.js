const express = require('express');
const app = express();
app.get('/', (q, s) => s.send('web'));
app.listen(3000);
