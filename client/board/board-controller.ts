import type { ReactiveControllerHost } from 'lit';
import type { BoardServerMessage, BoardSnapshot } from '../../shared/protocol.ts';
import { SocketController, type ConnectionState } from '../common/socket-controller.ts';
import { applyUpdate, normaliseSnapshot } from './board-state.ts';

/**
 * The board's live state over Socket.IO /board: a full snapshot on connect and on level changes, batched deltas
 * in between. After a network loss the socket reconnects by itself and the server's snapshot on connect catches up.
 */
export class BoardController {
  snapshot: BoardSnapshot | null = null;
  private readonly socket: SocketController<BoardServerMessage>;

  constructor(private readonly host: ReactiveControllerHost) {
    this.socket = new SocketController<BoardServerMessage>(host, {
      namespace: '/board',
      onMessage: (message) => this.receive(message),
    });
  }

  get connection(): ConnectionState {
    return this.socket.state;
  }

  private receive(message: BoardServerMessage): void {
    if (!message || typeof message !== 'object') return;
    if (message.type === 'board') {
      this.snapshot = normaliseSnapshot(message.board);
    } else if (message.type === 'update') {
      if (!this.snapshot) return;
      this.snapshot = applyUpdate(this.snapshot, message);
    } else {
      return;
    }
    this.host.requestUpdate();
  }
}
