/**
 * The raw Fastify baseline of the load bench: a bare app with one JSON route and nothing else (no plugins, no
 * logger), in its own process, so the bench can put GD Arena's figures beside what Fastify itself does on this
 * machine. Run by bench/load.ts; prints "listening <port>" once ready.
 */
import Fastify from 'fastify';

const app = Fastify({ logger: false });
app.get('/json', async () => ({ ok: true, version: '0.0.0', uptimeS: Math.round(process.uptime()) }));
app.post('/json', async (request) => ({ ok: true, echo: request.body }));

const port = Number(process.env.PORT ?? 0);
await app.listen({ port, host: '127.0.0.1' });
const address = app.server.address();
process.stdout.write(`listening ${typeof address === 'object' && address ? address.port : port}\n`);
const close = () => void app.close().then(() => process.exit(0));
process.on('SIGTERM', close);
process.on('SIGINT', close);
