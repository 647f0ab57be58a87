/**
 * Work queues by key: each piece of work with a key starts after every earlier one with the same key has settled.
 * One key per level serialises the guesses of a level, so two devices of a team pressing "guess" together cannot
 * both pass the one-pending check.
 */
export class KeyedQueue {
  private readonly tails = new Map<string, Promise<unknown>>();

  run<T>(key: string, work: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const next = previous.then(work, work);
    // The tail only orders later work; the caller gets (and handles) the outcome through `next`.
    const tail = next.then(
      () => undefined,
      () => undefined,
    );
    this.tails.set(key, tail);
    tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    }, () => undefined);
    return next;
  }

  /** Keys with work queued or running (for tests and diagnostics). */
  get size(): number {
    return this.tails.size;
  }
}
