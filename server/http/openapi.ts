/**
 * The contract as documents generated from the code, so that they cannot drift from it: OpenAPI 3.1 from the routes'
 * schemas at GET /api/openapi.json, browsable at /api/docs (Swagger UI served from its package's own files: it works
 * with no internet), and the realtime doors as AsyncAPI from the message schemas of shared/ at
 * GET /api/asyncapi.json (asyncapi.ts). Registered before every route: it sees each one as it is added.
 */
import fp from 'fastify-plugin';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { Type } from '@sinclair/typebox';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { asyncApiDocument, type SocketIoSettings } from './asyncapi.ts';
import { errors, ok, toJsonSchema2020 } from './route-docs.ts';

/** The routes that are the documents themselves, and the pages: not part of the API. */
export const UNDOCUMENTED = (url: string): boolean => !url.startsWith('/api/') || url === '/api/openapi.json' || url.startsWith('/api/docs');

const DESCRIPTION = `The HTTP calls of GD Arena, generated from the schemas the server validates and serialises with
(shared/protocol.ts, shared/answers.ts).

Every body is JSON. Every error is \`{"error": {"code", "message", "reason"?, "params"?}}\` with the status listed
under each call; a client translates by \`code\`. Times are ISO 8601 strings. A 429 says when to come back in its
\`Retry-After\` header.

Teams log in with \`POST /api/login\` and send the token as \`Authorization: Bearer <token>\` (scheme teamToken).
The instructor signs in with \`POST /api/admin/login\` (scheme adminToken). The realtime doors (Socket.IO namespaces
/team, /board, /admin and the plain WebSocket /api/ws) are described in \`GET /api/asyncapi.json\` and the
repository's docs/REALTIME.md; docs/API.md walks through every call with runnable examples.`;

/** The plain WebSocket's route has no schema of its own (its messages are not HTTP): what the document says of it. */
const WEBSOCKET_DOC = {
  tags: ['realtime'],
  summary: 'The plain WebSocket for scripts (upgrade)',
  description:
    'Upgrade to a WebSocket with a team token in the query. JSON messages follow, both ways: the schemas are in ' +
    'GET /api/asyncapi.json (channel teamWebSocket) and docs/REALTIME.md. A token the server does not know gets ' +
    '{"type":"error","code":"UNAUTHORIZED"} and close code 4401; a storage failure 1011; a flood 4429.',
  querystring: Type.Object({ token: Type.String({ description: 'a team token from POST /api/login' }) }),
  response: {
    101: { type: 'null', description: 'Switching Protocols: the WebSocket is open; the first message is {"type":"state", …}' },
    // Not a WebSocket upgrade (no `Upgrade: websocket` header): NOT_FOUND, saying how to connect.
    ...errors('NOT_FOUND'),
  },
};

export default fp(
  async (app) => {
    await app.register(swagger, {
      openapi: {
        openapi: '3.1.0',
        info: { title: 'GD Arena API', version: '0', description: DESCRIPTION },
        tags: [
          { name: 'team', description: "A team's calls: log in, guess, read results (team token)" },
          { name: 'public', description: 'No token: the board, health, the join addresses' },
          { name: 'admin', description: "The instructor's calls under /api/admin (admin token)" },
          { name: 'realtime', description: 'The plain WebSocket and the realtime document' },
        ],
        components: {
          securitySchemes: {
            teamToken: { type: 'http', scheme: 'bearer', description: 'The token of POST /api/login: one team in one level; lasts 30 days, survives restarts, ends when the instructor resets the team code' },
            adminToken: { type: 'http', scheme: 'bearer', description: 'The token of POST /api/admin/login: lasts 14 days' },
          },
        },
      },
      // The version is the app's, known once the app is built (this plugin is registered before it is decorated).
      transformObject: (document) => {
        const openapi = 'openapiObject' in document ? document.openapiObject : {};
        return { ...openapi, info: { title: 'GD Arena API', description: DESCRIPTION, ...openapi.info, version: app.appInfo.version } };
      },
      transform: ({ schema, url }) => {
        if (UNDOCUMENTED(url)) return { schema: { ...schema, hide: true }, url };
        if (url === '/api/ws') return { schema: toJsonSchema2020(WEBSOCKET_DOC) as typeof schema, url };
        return { schema: toJsonSchema2020(schema ?? {}) as typeof schema, url };
      },
    });
    // The UI's files are found from the installed package, not from __dirname: the built server is one bundled file.
    const uiFiles = join(dirname(createRequire(import.meta.url).resolve('@fastify/swagger-ui')), 'static');
    await app.register(swaggerUi, {
      routePrefix: '/api/docs',
      baseDir: uiFiles,
      logo: { type: 'image/svg+xml', content: readFileSync(join(uiFiles, 'logo.svg')) },
      uiConfig: { deepLinking: true, docExpansion: 'list' },
    });

    app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());

    let asyncApi: Record<string, unknown> | null = null;
    app.get(
      '/api/asyncapi.json',
      {
        schema: {
          tags: ['realtime'],
          summary: 'The realtime doors as AsyncAPI 3',
          description: 'Socket.IO /team, /board, /admin and the plain WebSocket /api/ws: every message both ways with its schema, generated from the schemas of shared/.',
          response: { 200: ok(Type.Object({}, { additionalProperties: true }), 'An AsyncAPI 3.0 document'), ...errors() },
        },
      },
      async () => (asyncApi ??= asyncApiDocument(app.appInfo.version, app.io.engine.opts as SocketIoSettings)),
    );
  },
  { name: 'openapi' },
);
