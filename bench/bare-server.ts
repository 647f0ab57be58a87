// The yardstick for bench/startup.ts and bench/http-guess.ts: a bare Fastify server, built and started the same way
// as the real one (esbuild bundle, plain node), making the same start-up marks. Its POST route checks a body
// schema and answers 202 with a guess-shaped JSON, so the comparison is route against route, not against nothing.
import Fastify from 'fastify';

performance.mark('gd:modules-loaded');
const app = Fastify({ logger: false });
let id = 0;
app.get('/api/health', async () => ({ ok: true }));
app.post<{ Body: { x: number } }>(
  '/bare',
  { schema: { body: { type: 'object', properties: { x: { type: 'number' } }, required: ['x'], additionalProperties: false } } },
  async (request, reply) => {
    const now = Date.now();
    return reply.code(202).send({ id: ++id, x: request.body.x, submittedAt: new Date(now).toISOString(), readyAt: new Date(now).toISOString(), status: 'pending' });
  },
);
await app.ready();
performance.mark('gd:app-ready');
await app.listen({ port: Number(process.env.PORT), host: process.env.HOST ?? '127.0.0.1' });
performance.mark('gd:listening');
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => void app.close().then(() => process.exit(0)));
