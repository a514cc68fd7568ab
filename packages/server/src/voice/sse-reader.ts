/**
 * An incremental `text/event-stream` reader: feed it decoded text as it arrives; each complete event's data (its
 * `data:` lines joined with newlines) goes to `onData`. Comments and other fields (`event:`, `id:`, `retry:`) are
 * skipped, CRLF and LF both end a line.
 */
export class SseReader {
  #buffer = '';
  #data: string[] = [];
  readonly #onData: (data: string) => void;

  constructor(onData: (data: string) => void) {
    this.#onData = onData;
  }

  /** Bytes of lines still waiting for their end (a bound for the caller). */
  get pending(): number {
    return this.#buffer.length;
  }

  push(text: string): void {
    this.#buffer += text;
    let start = 0;
    for (;;) {
      const nl = this.#buffer.indexOf('\n', start);
      if (nl < 0) break;
      const end = nl > start && this.#buffer.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
      this.#line(this.#buffer.slice(start, end));
      start = nl + 1;
    }
    this.#buffer = this.#buffer.slice(start);
  }

  /** The stream ended: a last event without its blank line still counts. */
  end(): void {
    if (this.#buffer !== '') this.#line(this.#buffer);
    this.#buffer = '';
    this.#line('');
  }

  #line(line: string): void {
    if (line === '') {
      if (this.#data.length > 0) {
        const data = this.#data.join('\n');
        this.#data = [];
        this.#onData(data);
      }
      return;
    }
    if (!line.startsWith('data:')) return;
    this.#data.push(line.charCodeAt(5) === 32 ? line.slice(6) : line.slice(5));
  }
}
