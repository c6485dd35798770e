/**
 * Ctrl-C (SIGINT) and SIGTERM during a command that runs a pass: the first
 * signal asks it to stop where it can resume, the second exits at once.
 */
import type { RequestBudget } from '../altegio/budget.js';
import { InterruptedError } from '../errors.js';
import { writeLogLine } from '../log.js';

/** Exit status of a process that a second signal stopped at once (128 + SIGINT). */
export const EXIT_AT_ONCE = 130;

/**
 * A pass stopped by a signal: the run it stopped is recorded `interrupted`
 * at once with this message, its cursor at its last committed page.
 */
export class PassInterruptedError extends InterruptedError {
  constructor(readonly signal: string) {
    super();
    this.message = `interrupted by ${signal}: stopped after the last committed page; run the same command again to resume where it stopped`;
  }
}

export interface Interruption {
  /** Aborted, with a PassInterruptedError, at the first signal. */
  readonly signal: AbortSignal;
  /** The first signal's name, once one arrived. */
  readonly received: string | undefined;
  /** Throws the PassInterruptedError once a signal arrived. */
  check(): void;
  /** Takes the handlers away again. */
  dispose(): void;
}

/**
 * Handles SIGINT and SIGTERM until `dispose()`: the first calls `onFirst`
 * and aborts `signal`; the second writes one line and exits at once with
 * status 130 (what was not committed is read again by the next run).
 */
export function watchSignals(onFirst: (signal: string) => void): Interruption {
  const controller = new AbortController();
  let received: string | undefined;
  const handler = (signal: NodeJS.Signals) => {
    if (received) {
      writeLogLine('error', `second ${signal}: exiting at once; what was not committed is read again by the next run`, { signal, exitCode: EXIT_AT_ONCE });
      process.exit(EXIT_AT_ONCE);
    }
    received = signal;
    controller.abort(new PassInterruptedError(signal));
    onFirst(signal);
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  return {
    signal: controller.signal,
    get received() {
      return received;
    },
    check() {
      if (controller.signal.aborted) throw controller.signal.reason;
    },
    dispose() {
      process.off('SIGINT', handler);
      process.off('SIGTERM', handler);
    },
  };
}

/**
 * The budget, refusing every request once the pass is interrupted, those
 * waiting for their turn included: a run in progress stops at its next
 * request (what it committed stays, its cursor at its last committed page),
 * and a run that starts after the signal sends none.
 */
export function interruptibleBudget(inner: RequestBudget, stop: Interruption): RequestBudget {
  return {
    async acquire(signal?: AbortSignal) {
      stop.check();
      await inner.acquire(signal ? AbortSignal.any([signal, stop.signal]) : stop.signal);
      stop.check();
    },
    pause: (ms) => inner.pause(ms),
    close: inner.close ? () => inner.close!() : undefined,
  };
}
