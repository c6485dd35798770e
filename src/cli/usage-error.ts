/**
 * A command cannot run as asked: a flag or argument it refuses, or a
 * warehouse it cannot use as it is. The CLI prints the message, which says
 * what to do, and exits 2.
 */
export class UsageError extends Error {
  constructor(
    message: string,
    /** The flag or argument to change, when one is to blame. */
    readonly flag?: string,
  ) {
    super(message);
    this.name = this.constructor.name;
  }
}
