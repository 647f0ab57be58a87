/**
 * What a route's `schema` says beside its body and answer, for the OpenAPI document (openapi.ts): the error answers it
 * can give (each status with the codes of shared/errors.ts it may carry), who may call it, and the answers that are
 * not JSON. One definition, so that every route says an error the same way.
 */
import { Type, type TSchema } from '@sinclair/typebox';
import { ERROR_STATUS, type ErrorCode } from '../../shared/errors.ts';

/** What each error code tells a client (the OpenAPI document lists them per route and status). */
export const ERROR_MEANINGS: Readonly<Record<ErrorCode, string>> = {
  INVALID_BODY: 'the body is not JSON or has the wrong shape or an unknown field, or a path or query parameter is malformed',
  INVALID_X: 'x is not a number (or [x, y]), has the wrong dimension, is outside the domain, or f is not defined there',
  INVALID_EXPRESSION: 'the expression does not parse, uses a variable other than x (and y), or is not finite over its domain (`reason` says which)',
  INVALID_DOMAIN: 'the domain is not [[lo, hi]] or [[lo, hi], [lo, hi]] with lo < hi, finite (`reason` says which)',
  BAD_LOGIN: 'wrong team number, level password or PIN (the answer does not say which, and comes after the same wait)',
  TEAM_CODE_REQUIRED: 'the team is claimed by another device: log in with its team code (`code`)',
  UNAUTHORIZED: 'the token is missing, forged or expired (or ended by a team code reset), or the admin password is wrong',
  NOT_FOUND: 'no such route, game, level, team or guess',
  LEVEL_NOT_OPEN: 'the level is a draft (login), or paused, closed, over its time limit, or in a game that is not active (guess)',
  GUESS_PENDING: "the team's previous guess is not ready yet (one pending guess per team and level)",
  BUDGET_EXHAUSTED: "the team has used the level's guess budget",
  INVALID_TRANSITION: 'the level is not in a state that allows this (draft → open ⇄ paused → closed → revealed)',
  DUPLICATE: 'a level of the game already has this password, or a team this number',
  PAYLOAD_TOO_LARGE: 'the body is over 1 MB (20 MB for a game import)',
  RATE_LIMITED: 'too many failed logins, logins or calls at once: wait `Retry-After` seconds (also in `params.retryAfterS` for logins)',
  STORAGE_ERROR: 'the database cannot be read or written (locked, read-only or full disk): try again shortly',
  INTERNAL: 'an unexpected error (a bug): it is logged',
};

/** The error body of the contract with the codes one status of one route may carry. */
function errorAnswer(status: number, codes: readonly ErrorCode[]): TSchema {
  return Type.Object(
    {
      error: Type.Object({
        code: Type.String({ enum: [...codes] }),
        message: Type.String({ description: 'English, for scripts and logs' }),
        reason: Type.Optional(Type.String({ description: 'the case within the code (UPPER_SNAKE), where a page needs it' })),
        params: Type.Optional(Type.Record(Type.String(), Type.Union([Type.String(), Type.Number()]), { description: 'values for the translated sentence' })),
      }),
    },
    {
      description: codes.map((code) => `${code}: ${ERROR_MEANINGS[code]}`).join('. '),
      ...(status === 429 ? { headers: { 'retry-after': { type: 'integer', description: 'seconds to wait before trying again' } } } : {}),
    },
  );
}

/**
 * The error answers of a route, by status, each listing its codes; INTERNAL (500) is added to every route. A status
 * is taken from shared/errors.ts, so a code is always documented with the status the server sends it with.
 */
export function errors(...codes: ErrorCode[]): Record<number, TSchema> {
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of new Set<ErrorCode>([...codes, 'INTERNAL'])) {
    const status = ERROR_STATUS[code];
    byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
  }
  return Object.fromEntries([...byStatus].sort(([a], [b]) => a - b).map(([status, list]) => [status, errorAnswer(status, list)]));
}

/** Codes every call with a JSON body may answer: a malformed or oversized body. */
export const BODY_ERRORS = ['INVALID_BODY', 'PAYLOAD_TOO_LARGE'] as const satisfies readonly ErrorCode[];
/** Codes of every call with a team token: no valid token, over its fair share, the database unreachable. */
export const TEAM_ERRORS = ['UNAUTHORIZED', 'RATE_LIMITED', 'STORAGE_ERROR'] as const satisfies readonly ErrorCode[];
/** Codes of every call with an admin token. */
export const ADMIN_ERRORS = ['UNAUTHORIZED', 'STORAGE_ERROR'] as const satisfies readonly ErrorCode[];

/** Names of the security schemes (declared in openapi.ts). */
export const TEAM_SECURITY = [{ teamToken: [] }];
export const ADMIN_SECURITY = [{ adminToken: [] }];

/** A JSON answer with its description. */
export function ok<T extends TSchema>(schema: T, description: string): T {
  return { ...schema, description };
}

/** An answer with no body. */
export const NO_CONTENT = Type.Null({ description: 'Done; no body' });

/** A file download: its media type, with no schema beyond a string (the server sets Content-Disposition). */
export function download(mediaType: string, description: string): TSchema {
  return Type.Unsafe({
    description,
    content: { [mediaType]: { schema: { type: 'string', ...(mediaType.startsWith('text/') ? {} : { format: 'binary' }) } } },
    headers: { 'content-disposition': { type: 'string', description: 'attachment; filename="…"' } },
  });
}

/** OpenAPI 3.1 is JSON Schema 2020-12: a TypeBox tuple's `items: [a, b]` becomes `prefixItems`. Copies, never mutates. */
export function toJsonSchema2020(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(toJsonSchema2020);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) out[key] = toJsonSchema2020(v);
  if (Array.isArray(out.items)) {
    out.prefixItems = out.items;
    delete out.items;
    delete out.additionalItems;
  }
  return out;
}
