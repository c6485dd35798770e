import { inspect } from 'node:util';

/**
 * A token or password. It prints as `[redacted]` everywhere (String(), JSON,
 * util.inspect, template literals), so a secret cannot leak through a log line
 * or an error message by accident; only `reveal()` returns the value.
 */
export class Secret {
  readonly #value: string;
  constructor(value: string) {
    this.#value = value;
  }
  reveal(): string {
    return this.#value;
  }
  toString(): string {
    return '[redacted]';
  }
  toJSON(): string {
    return '[redacted]';
  }
  [inspect.custom](): string {
    return '[redacted]';
  }
}
