import { Pool, type Dispatcher } from 'undici';

export interface HttpRequest {
  method: 'GET' | 'POST';
  /** Path and query, e.g. `/?Action=ListApps&Version=2023-11-01`. */
  path: string;
  headers: Record<string, string>;
  body: string | undefined;
  /** Aborts the exchange; the transport rejects with the signal's reason. */
  signal: AbortSignal;
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

export interface TransportOptions {
  /** `https://host[:port]` or `http://...`. */
  origin: string;
  /** Any undici dispatcher (an Agent with TLS options, a MockAgent...); default a keep-alive Pool for the origin. */
  dispatcher?: Dispatcher;
  /** Sockets of the default pool. */
  connections?: number;
}

/** One origin over undici's request API: keep-alive sockets reused across calls. */
export class HttpTransport {
  private readonly origin: string;
  private readonly dispatcher: Dispatcher;
  private readonly owned: boolean;

  constructor(options: TransportOptions) {
    this.origin = options.origin;
    this.owned = options.dispatcher === undefined;
    this.dispatcher =
      options.dispatcher ?? new Pool(options.origin, { connections: options.connections ?? 64, pipelining: 1 });
  }

  async send(request: HttpRequest): Promise<HttpResponse> {
    const response = await this.dispatcher.request({
      origin: this.origin,
      method: request.method,
      path: request.path,
      headers: request.headers,
      body: request.body,
      signal: request.signal,
      // The caller's own timer bounds the whole exchange; these only stop undici's 300 s defaults from mattering.
      headersTimeout: 0,
      bodyTimeout: 0,
    });
    const body = await response.body.text();
    return { status: response.statusCode, headers: response.headers, body };
  }

  /** Closes the sockets of the default pool; a dispatcher passed in stays the caller's to close. */
  async close(): Promise<void> {
    if (this.owned) await this.dispatcher.close();
  }
}
