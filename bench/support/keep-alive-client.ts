import net from 'node:net';

/**
 * One till's HTTP/1.1 keep-alive connection, as lean as a load generator can be: the request is one
 * string written in one call, the answer is read by its Content-Length. The tills share the machine's
 * cores with the server they measure, so every microsecond they spend is one the server does not get:
 * node:http's client cost 0.13-0.17 ms of CPU per checkout in bench:api (undici's Pool about the same),
 * a quarter of the server's own. A till sends one request at a time, so there is no pipelining to handle.
 */
export class KeepAliveClient {
  private socket: net.Socket | undefined;
  private pending: { resolve: (answer: { status: number; text: string }) => void; reject: (error: Error) => void } | undefined;
  private buffer: Buffer = Buffer.alloc(0);

  constructor(private readonly host: string, private readonly port: number) {}

  static for(url: string): KeepAliveClient {
    const parsed = new URL(url);
    return new KeepAliveClient(parsed.hostname, Number(parsed.port || 80));
  }

  /** POSTs a JSON body (or GETs, without one) and resolves with the status and the body as text. */
  request(path: string, authorization: string | undefined, body?: string): Promise<{ status: number; text: string }> {
    if (this.pending) return Promise.reject(new Error('KeepAliveClient: one request at a time'));
    const socket = this.socket ?? this.connect();
    const head = body === undefined
      ? `GET ${path} HTTP/1.1\r\nhost: ${this.host}\r\n`
      : `POST ${path} HTTP/1.1\r\nhost: ${this.host}\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\n`;
    const auth = authorization ? `authorization: Bearer ${authorization}\r\n` : '';
    return new Promise((resolve, reject) => {
      this.pending = { resolve, reject };
      socket.write(`${head}${auth}\r\n${body ?? ''}`);
    });
  }

  close(): void {
    this.socket?.destroy();
    this.socket = undefined;
  }

  private connect(): net.Socket {
    const socket = net.connect({ host: this.host, port: this.port, noDelay: true });
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    const fail = (error: Error) => {
      this.socket = undefined;
      this.buffer = Buffer.alloc(0);
      const pending = this.pending;
      this.pending = undefined;
      pending?.reject(error);
    };
    socket.on('error', fail);
    socket.on('close', () => fail(new Error('connection closed')));
    this.socket = socket;
    return socket;
  }

  private onData(chunk: Buffer): void {
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    const headEnd = this.buffer.indexOf('\r\n\r\n');
    if (headEnd < 0) return;
    const head = this.buffer.toString('latin1', 0, headEnd);
    const length = /\r\ncontent-length: *(\d+)/i.exec(head);
    if (!length) {
      this.socket?.destroy(new Error(`an answer without content-length: ${head.slice(0, 200)}`));
      return;
    }
    const end = headEnd + 4 + Number(length[1]);
    if (this.buffer.length < end) return;
    const status = Number(head.slice(9, 12));
    const text = this.buffer.toString('utf8', headEnd + 4, end);
    this.buffer = this.buffer.subarray(end);
    const pending = this.pending;
    this.pending = undefined;
    pending?.resolve({ status, text });
  }
}
