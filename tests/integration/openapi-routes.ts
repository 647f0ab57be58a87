/**
 * Helpers of the OpenAPI tests: the routes an app registered (read off `printRoutes`), the operations of its OpenAPI
 * document, and a check of an answer against the document (its status and error code listed, its body valid).
 */
import Ajv2020 from 'ajv/dist/2020.js';
import type { FastifyInstance } from 'fastify';

export interface Operation {
  method: string;
  /** Fastify's form: /api/guesses/:id */
  url: string;
  spec: {
    tags?: string[];
    summary?: string;
    security?: Record<string, unknown>[];
    parameters?: { in: string; name: string; required?: boolean }[];
    requestBody?: { content: Record<string, { schema: object }> };
    responses: Record<string, { description: string; content?: Record<string, { schema: Record<string, any> }>; headers?: Record<string, unknown> }>;
  };
}

/** Every method and URL the app answers (HEAD routes Fastify adds beside GET are left out). */
export function registeredRoutes(app: FastifyInstance): { method: string; url: string }[] {
  const routes: { method: string; url: string }[] = [];
  const stack: string[] = [];
  for (const line of app.printRoutes({ commonPrefix: false }).split('\n')) {
    const match = /^((?:[│ ] {3})*)(?:[├└]── )?(.+?)(?: \(([A-Z, ]+)\))?$/.exec(line);
    if (!match || !match[2].trim()) continue;
    const depth = match[1].length / 4;
    stack.length = depth;
    const path = (depth === 0 ? '' : stack[depth - 1]) + match[2];
    stack[depth] = path;
    for (const method of (match[3] ?? '').split(', ').filter(Boolean)) if (method !== 'HEAD') routes.push({ method, url: path });
  }
  return routes;
}

/** The operations of an OpenAPI document, with Fastify's URL form. */
export function operations(document: { paths: Record<string, Record<string, Operation['spec']>> }): Operation[] {
  const out: Operation[] = [];
  for (const [path, item] of Object.entries(document.paths)) {
    for (const [method, spec] of Object.entries(item)) out.push({ method: method.toUpperCase(), url: path.replace(/\{(\w+)\}/g, ':$1'), spec });
  }
  return out;
}

/** The error codes an operation documents for a status. */
export function documentedCodes(op: Operation, status: number): string[] {
  const schema = op.spec.responses[String(status)]?.content?.['application/json']?.schema;
  return (schema?.properties?.error?.properties?.code?.enum as string[] | undefined) ?? [];
}

const ajv = new Ajv2020({ strict: false, allErrors: true });
const compiled = new Map<object, ReturnType<typeof ajv.compile>>();

/** Why an answer does not fit what the document says of it (null when it does). */
export function misfit(op: Operation, status: number, body: unknown, contentType: string | undefined): string | null {
  const response = op.spec.responses[String(status)];
  if (!response) return `${op.method} ${op.url}: status ${status} is not documented`;
  const json = response.content?.['application/json'];
  if (!json) return null;
  if (!contentType?.startsWith('application/json')) return `${op.method} ${op.url} ${status}: answered ${contentType}, documented JSON`;
  if (status >= 400) {
    const code = (body as { error?: { code?: string } }).error?.code;
    if (!documentedCodes(op, status).includes(code ?? '')) return `${op.method} ${op.url}: ${status} ${code} is not documented (${documentedCodes(op, status).join(', ')})`;
  }
  let validate = compiled.get(json.schema);
  if (!validate) compiled.set(json.schema, (validate = ajv.compile(json.schema)));
  return validate(body) ? null : `${op.method} ${op.url} ${status}: ${ajv.errorsText(validate.errors)}`;
}
