import { TypeCompiler } from '@sinclair/typebox/compiler';
import { TeamClientMessage, type TeamServerMessage, type GuessSource } from '../../shared/protocol.ts';
import { GameError } from '../../shared/errors.ts';
import { isStorageError } from '../store/errors.ts';
import type { GameService, Origin, Session } from '../game/service.ts';

const checkTeamMessage = TypeCompiler.Compile(TeamClientMessage);

/**
 * Validates a team's message on arrival and runs it against the game service (shared by Socket.IO and WebSocket).
 * `origin` is the device it came on (it gets the answer, not the push); `log` hears errors that are not the game's.
 */
export async function handleTeamMessage(
  game: GameService,
  session: Session,
  raw: unknown,
  source: GuessSource,
  origin?: Origin,
  log?: (err: unknown) => void,
): Promise<TeamServerMessage> {
  if (!checkTeamMessage.Check(raw)) {
    // A well-formed guess whose x is wrong is INVALID_X, as over HTTP; any other shape is INVALID_BODY.
    const keys = raw !== null && typeof raw === 'object' && !Array.isArray(raw) ? Object.keys(raw).sort().join(',') : '';
    if (keys === 'type,x' && (raw as { type: unknown }).type === 'guess') {
      return { type: 'error', code: 'INVALID_X', message: 'x must be a number or [x, y]' };
    }
    const first = [...checkTeamMessage.Errors(raw)][0];
    return { type: 'error', code: 'INVALID_BODY', message: `Unknown or malformed message${first ? `: ${first.path || '/'} ${first.message}` : ''}` };
  }
  try {
    switch (raw.type) {
      case 'guess':
        return { type: 'accepted', ...(await game.submit(session, raw.x, source, origin)) };
      case 'state':
        return { type: 'state', ...(await game.me(session)) };
      case 'ping':
        return { type: 'pong' };
    }
  } catch (err) {
    if (err instanceof GameError) return { type: 'error', code: err.code, message: err.message };
    log?.(err);
    if (isStorageError(err)) return { type: 'error', code: 'STORAGE_ERROR', message: 'The server cannot write its database (read-only or full disk?)' };
    return { type: 'error', code: 'INTERNAL', message: 'Internal error' };
  }
}
