import { Hono } from 'hono';
const app = new Hono();
export default { port: 3001, fetch: app.fetch };
