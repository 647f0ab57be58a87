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
 * Runs one message of a team. `origin` is the device it came on (it gets the answer, not the push); `log` hears
 * errors that are not the game's.
 */
export async function handleTeamMessage(
  game: Game,
  session: Session,
  raw: unknown,
  source: GuessSource,
  origin: Origin,
  log: (err: unknown) => void,
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
        return { type: 'accepted', ...(await game.levels.submit(session, raw.x, source, origin)) };
      case 'state':
        return { type: 'state', ...(await game.levels.me(session)) };
      case 'ping':
        return { type: 'pong' };
    }
  } catch (err) {
    const e = contractError(err);
    if (e.unexpected) log(err);
    return { type: 'error', code: e.code, message: e.message };
  }
}
