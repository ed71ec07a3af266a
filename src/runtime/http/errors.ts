// How an HTTP request on the virtual network fails, in the terms curl uses (each code maps to one curl exit status).

export type HttpErrorCode = 'ECONNREFUSED' | 'EHOSTUNREACH' | 'ETIMEDOUT' | 'EMPTYREPLY' | 'EBADRESPONSE' | 'EBADURL' | 'EPROTO';

export class HttpError extends Error {
  readonly code: HttpErrorCode;
  constructor(code: HttpErrorCode, message: string) {
    super(message);
    this.name = 'HttpError';
    this.code = code;
  }
}
