/** The API's JSON envelope and the error that handlers throw to produce an error answer. */

export interface Reply {
  status: number;
  /** JSON-serialisable body; usually an envelope, sometimes (quirk) an array around one. */
  body: unknown;
  headers?: Record<string, string>;
}

/** A client error (404, 422, 401...) answered with `{ success: false, data: null, meta: { message } }`. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly errors?: Record<string, string[]>,
  ) {
    super(message);
    this.name = this.constructor.name;
  }
}

/** `meta` defaults to `[]`: the API sends an empty array, not an object, when there is nothing to say. */
export function ok(data: unknown, meta: unknown = [], status = 200): Reply {
  return { status, body: { success: true, data, meta } };
}

export function errorBody(message: string, errors?: Record<string, string[]>): unknown {
  return { success: false, data: null, meta: errors ? { message, errors } : { message } };
}

export function errorReply(status: number, message: string, errors?: Record<string, string[]>): Reply {
  return { status, body: errorBody(message, errors) };
}

export function invalid(field: string, message: string): HttpError {
  return new HttpError(422, message, { [field]: [message] });
}

export function notFound(message = 'Not found'): HttpError {
  return new HttpError(404, message);
}
