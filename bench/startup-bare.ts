// The yardstick for bench/startup.ts: a bare Fastify server with one /api/health route, built and started the same
// way as the real one (esbuild bundle, plain node), making the same start-up marks.
import Fastify from 'fastify';

performance.mark('gd:modules-loaded');
const app = Fastify({ logger: false });
app.get('/api/health', async () => ({ ok: true }));
await app.ready();
performance.mark('gd:app-ready');
await app.listen({ port: Number(process.env.PORT), host: process.env.HOST ?? '127.0.0.1' });
performance.mark('gd:listening');
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => void app.close().then(() => process.exit(0)));
