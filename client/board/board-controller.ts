import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { BoardServerMessage, BoardSnapshot } from '../../shared/protocol.ts';
import { api } from '../common/api.ts';
import { SocketController, type ConnectionState } from '../common/socket-controller.ts';
import { applyReveal, applyUpdate, mergeSnapshot, revealAgrees, type RevealMessage } from './board-state.ts';

type Message = BoardServerMessage | RevealMessage;

/**
 * The board's live state over Socket.IO /board: a full snapshot on connect and on level changes, batched deltas
 * in between, a new reveal when a result arrives after the reveal. After a network loss the socket reconnects by
 * itself and the server's snapshot on connect catches up. Should an update leave the reveal behind the standings
 * (a result arrived after the reveal and no new reveal came with it), the board reads GET /api/board once for it.
 */
export class BoardController implements ReactiveController {
  snapshot: BoardSnapshot | null = null;
  private readonly socket: SocketController<Message>;
  private refreshing: AbortController | null = null;
  private refreshAgain = false;

  constructor(private readonly host: ReactiveControllerHost) {
    host.addController(this);
    this.socket = new SocketController<Message>(host, {
      namespace: '/board',
      onMessage: (message) => this.receive(message),
    });
  }

  get connection(): ConnectionState {
    return this.socket.state;
  }

  hostConnected(): void {}

  hostDisconnected(): void {
    this.refreshing?.abort();
    this.refreshing = null;
  }

  private receive(message: Message): void {
    if (!message || typeof message !== 'object') return;
    if (message.type === 'board') {
      this.snapshot = mergeSnapshot(this.snapshot, message.board);
    } else if (message.type === 'update') {
      if (!this.snapshot) return;
      this.snapshot = applyUpdate(this.snapshot, message);
      if (!revealAgrees(this.snapshot.current)) this.refreshReveal();
    } else if (message.type === 'reveal') {
      if (!this.snapshot) return;
      this.snapshot = applyReveal(this.snapshot, message);
    } else {
      return;
    }
    this.host.requestUpdate();
  }

  /** Reads the level's new reveal (one request at a time; one more if the standings moved on meanwhile). */
  private refreshReveal(): void {
    if (this.refreshing) {
      this.refreshAgain = true;
      return;
    }
    const abort = new AbortController();
    this.refreshing = abort;
    this.refreshAgain = false;
    api<BoardSnapshot>('/api/board', { signal: abort.signal })
      .then((fresh) => {
        const reveal = fresh.current?.reveal;
        if (!this.snapshot || !fresh.current || !reveal) return;
        this.snapshot = applyReveal(this.snapshot, { type: 'reveal', levelId: fresh.current.level.id, reveal });
        this.host.requestUpdate();
      })
      .catch(() => {
        // Offline or aborted: the next snapshot (on reconnect) or update brings the board up to date.
      })
      .finally(() => {
        if (this.refreshing !== abort) return;
        this.refreshing = null;
        if (this.refreshAgain && !revealAgrees(this.snapshot?.current)) this.refreshReveal();
      });
  }
}
