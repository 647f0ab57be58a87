/**
 * A team's realtime message, the same on both doors: validated on arrival, run against the game, answered with
 * one message (errors through the same mapper as HTTP).
 */
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { TeamClientMessage, type GuessSource, type TeamServerMessage } from '../../shared/protocol.ts';
import type { Game } from '../game/index.ts';
import type { Origin, Session } from '../game/types.ts';
import { contractError } from '../errors.ts';

const checkTeamMessage = TypeCompiler.Compile(TeamClientMessage);

/**
 * Runs one message of a team; the answer echoes the message's `id`. `origin` is the device it came on (it gets the
 * answer, not the push); `log` hears errors that are not the game's.
 */
export async function handleTeamMessage(
  game: Game,
  session: Session,
  raw: unknown,
  source: GuessSource,
  origin: Origin,
  log: (err: unknown) => void,
): Promise<TeamServerMessage> {
  const label = messageId(raw);
  const echo = label === undefined ? {} : { id: label };
  if (!checkTeamMessage.Check(raw)) {
    // A well-formed guess whose x is wrong is INVALID_X, as over HTTP; any other shape is INVALID_BODY.
    const keys = raw !== null && typeof raw === 'object' && !Array.isArray(raw) ? Object.keys(raw).filter((k) => k !== 'id').sort().join(',') : '';
    if (keys === 'type,x' && (raw as { type: unknown }).type === 'guess') {
      return { type: 'error', code: 'INVALID_X', message: 'x must be a number or [x, y]', ...echo };
    }
    const first = [...checkTeamMessage.Errors(raw)][0];
    return { type: 'error', code: 'INVALID_BODY', message: `Unknown or malformed message${first ? `: ${first.path || '/'} ${first.message}` : ''}`, ...echo };
  }
  try {
    switch (raw.type) {
      case 'guess': {
        const { id: guessId, ...view } = await game.levels.submit(session, raw.x, source, origin);
        return { type: 'accepted', ...echo, ...view, guessId, own: true, source };
      }
      case 'state':
        return { type: 'state', ...echo, ...(await game.levels.me(session)) };
      case 'ping':
        return { type: 'pong', ...echo };
    }
  } catch (err) {
    const e = contractError(err);
    if (e.unexpected) log(err);
    return { type: 'error', code: e.code, message: e.message, ...echo, ...(e.reason ? { reason: e.reason } : {}), ...(e.params ? { params: e.params } : {}) };
  }
}

/** The answer to a message refused by the fair share (server/realtime/fair-share.ts); it reached no game. */
export function rateLimited(id?: string): TeamServerMessage & { type: 'error' } {
  return { type: 'error', code: 'RATE_LIMITED', message: RATE_LIMITED_MESSAGE, ...(id === undefined ? {} : { id }) };
}

export const RATE_LIMITED_MESSAGE = 'Too many messages at once: wait for the answers before sending more';

/** The client's label of a message, when it is a short string (a malformed one is not echoed). */
export function messageId(raw: unknown): string | undefined {
  const id = raw !== null && typeof raw === 'object' ? (raw as { id?: unknown }).id : undefined;
  return typeof id === 'string' && id.length > 0 && id.length <= 64 ? id : undefined;
}
