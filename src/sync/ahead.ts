/**
 * Reads an async iterator ahead of its consumer: while the runner commits
 * one group of pages, the stream already fetches the next ones, so the API
 * and the database work side by side instead of taking turns.
 */
export class ReadAhead<T> {
  private readonly buffer: T[] = [];
  private inflight: Promise<void> | undefined;
  private ended = false;
  private failure: { error: unknown } | undefined;
  private wake: (() => void) | undefined;

  /** `depth`: items held, fetched but not taken, at most. */
  constructor(
    private readonly source: AsyncIterator<T>,
    private readonly depth: number,
  ) {
    this.fill();
  }

  /**
   * Waits for one item, then takes it and every item already fetched behind
   * it while `fits(taken, next)` says so; `[]` once the source has ended. A
   * failure of the source is thrown after the items fetched before it are
   * taken, so every page it yielded still commits.
   */
  async take(fits: (taken: readonly T[], next: T) => boolean): Promise<T[]> {
    while (this.buffer.length === 0 && !this.ended && !this.failure) {
      await new Promise<void>((resolve) => (this.wake = resolve));
    }
    const taken: T[] = [];
    while (this.buffer.length > 0 && (taken.length === 0 || fits(taken, this.buffer[0]!))) taken.push(this.buffer.shift()!);
    this.fill();
    if (taken.length === 0 && this.failure) throw this.failure.error;
    return taken;
  }

  /** Stops reading: waits for a fetch in flight, then ends the source (its `finally` blocks run). */
  async close(): Promise<void> {
    this.ended = true;
    await this.inflight;
    this.buffer.length = 0;
    await this.source.return?.();
  }

  private fill(): void {
    if (this.inflight || this.ended || this.failure || this.buffer.length >= this.depth) return;
    // Each fetch starts on a later turn of the event loop, so replies the database sent meanwhile are handled between pages.
    this.inflight = new Promise<void>((resolve) => setImmediate(resolve))
      .then(() => this.source.next())
      .then(
      (result) => {
        if (result.done) this.ended = true;
        else this.buffer.push(result.value);
      },
      (error: unknown) => {
        this.failure = { error };
      },
    );
    void this.inflight.then(() => {
      this.inflight = undefined;
      this.wake?.();
      this.wake = undefined;
      this.fill();
    });
  }
}
