import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { io, type Socket } from 'socket.io-client';

export type ConnectionState = 'connecting' | 'connected' | 'reconnecting';

export interface SocketOptions<M> {
  /** Socket.IO namespace: '/team', '/admin' or '/board'. */
  namespace: string;
  /** Returns the auth token, or null to stay disconnected (e.g. not logged in yet). */
  token?: () => string | null;
  /** Every server message (event "message", a discriminated union on `type`). */
  onMessage: (message: M) => void;
  /** The handshake was refused (bad or expired token). */
  onUnauthorized?: () => void;
  /** Called after every (re)connection: re-read state that may have changed while away. */
  onConnect?: () => void;
}

/**
 * A Socket.IO connection owned by a Lit element: opened in hostConnected, closed in hostDisconnected,
 * reconnecting by itself; `state` drives the "reconnecting" banner.
 */
export class SocketController<M = unknown> implements ReactiveController {
  state: ConnectionState = 'connecting';
  private socket: Socket | null = null;
  private everConnected = false;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly options: SocketOptions<M>,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    this.connect();
  }

  hostDisconnected(): void {
    this.disconnect();
  }

  /** (Re)opens the connection, e.g. after a login changed the token. */
  connect(): void {
    this.disconnect();
    const token = this.options.token?.() ?? undefined;
    if (this.options.token && !token) return;
    this.everConnected = false;
    this.setState('connecting');
    const socket = io(this.options.namespace, {
      auth: token ? { token } : {},
      transports: ['websocket', 'polling'],
      reconnectionDelay: 500,
      reconnectionDelayMax: 4000,
    });
    socket.on('connect', () => {
      this.everConnected = true;
      this.setState('connected');
      this.options.onConnect?.();
    });
    socket.on('disconnect', (reason) => {
      this.setState('reconnecting');
      // Socket.IO does not come back by itself when the server closed the connection (a restart, a shutdown):
      // try again, the server decides at the handshake whether the token is still good.
      if (reason === 'io server disconnect') setTimeout(() => this.socket === socket && socket.connect(), 1000);
    });
    socket.on('connect_error', (err: Error) => {
      if (err.message === 'UNAUTHORIZED') {
        this.disconnect();
        this.options.onUnauthorized?.();
        return;
      }
      this.setState(this.everConnected ? 'reconnecting' : 'connecting');
    });
    socket.on('message', (message: M) => this.options.onMessage(message));
    this.socket = socket;
  }

  /** Closes the connection for good (logout). */
  disconnect(): void {
    this.socket?.removeAllListeners();
    this.socket?.disconnect();
    this.socket = null;
  }

  /** Sends a message and resolves with the server's acknowledgement (rejects after `timeoutMs`). */
  request<R>(message: unknown, timeoutMs = 15_000): Promise<R> {
    const socket = this.socket;
    if (!socket?.connected) return Promise.reject(new Error('NETWORK'));
    return socket.timeout(timeoutMs).emitWithAck('message', message) as Promise<R>;
  }

  get connected(): boolean {
    return this.socket?.connected ?? false;
  }

  private setState(state: ConnectionState): void {
    if (this.state === state) return;
    this.state = state;
    this.host.requestUpdate();
  }
}
