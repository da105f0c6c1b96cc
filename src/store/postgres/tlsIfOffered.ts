// sslmode=prefer (libpq's default) on one connection, as libpq does it: ask the server for TLS,
// then go on encrypted if it says yes, in clear on the same connection if it says no.
// node-postgres, asked for TLS, closes the connection when the server says no, and a second
// connection then had to be opened in clear: a TCP connection, a server process and a round
// trip more for every command on a server without TLS (a desk's own server, the benchmark's).
// This stream does the asking itself and hands node-postgres a connection already settled, so
// node-postgres is told ssl: false and never asks again.
import { connect as netConnect, isIP, type Socket } from 'node:net';
import { Duplex } from 'node:stream';
import type { ConnectionOptions, TLSSocket } from 'node:tls';

/** PostgreSQL's SSLRequest: length 8, then the request code 80877103. */
const SSL_REQUEST = Buffer.from([0, 0, 0, 8, 4, 210, 22, 47]);

/** A node-postgres `stream` for sslmode=prefer/allow: TLS with these options if the server offers it. */
export function tlsIfOffered(tlsOptions: ConnectionOptions): () => Duplex {
  return () => new TlsIfOffered(tlsOptions);
}

/**
 * The socket node-postgres sees: `connect(port, host)` opens the TCP connection, settles TLS,
 * then emits 'connect'; bytes then pass through, encrypted or not.
 */
class TlsIfOffered extends Duplex {
  private raw: Socket | undefined;
  private inner: Socket | TLSSocket | undefined;
  private noDelay = false;
  private keepAlive: [boolean, number] | undefined;
  private referenced = true;

  constructor(private readonly tlsOptions: ConnectionOptions) {
    super();
  }

  connect(port: number, host: string): this {
    const raw = netConnect(port, host);
    this.raw = raw;
    raw.setNoDelay(this.noDelay);
    if (this.keepAlive) raw.setKeepAlive(...this.keepAlive);
    if (!this.referenced) raw.unref();
    const fail = (error: Error): void => void this.destroy(error);
    raw.on('error', fail);
    raw.once('connect', () => {
      raw.write(SSL_REQUEST);
      raw.once('data', (answer: Buffer) => {
        if (answer[0] === 0x4e /* N */ && answer.length === 1) return this.attach(raw);
        if (answer[0] !== 0x53 /* S */ || answer.length !== 1) return fail(new Error('There was an error establishing an SSL connection'));
        void import('node:tls').then(({ connect: tlsConnect }) => {
          // As node-postgres would: the name to check is the host, never sent as SNI when it is an IP address.
          const secure = tlsConnect({ ...this.tlsOptions, socket: raw, host, ...(isIP(host) === 0 ? { servername: host } : {}) });
          secure.on('error', fail);
          secure.once('secureConnect', () => this.attach(secure));
        }, fail);
      });
    });
    return this;
  }

  setNoDelay(noDelay = true): this {
    this.noDelay = noDelay;
    this.raw?.setNoDelay(noDelay);
    return this;
  }

  setKeepAlive(enable = false, initialDelay = 0): this {
    this.keepAlive = [enable, initialDelay];
    this.raw?.setKeepAlive(enable, initialDelay);
    return this;
  }

  ref(): this {
    this.referenced = true;
    this.raw?.ref();
    return this;
  }

  unref(): this {
    this.referenced = false;
    this.raw?.unref();
    return this;
  }

  override _read(): void {
    this.inner?.resume();
  }

  override _write(chunk: Buffer, encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    if (this.inner === undefined) return callback(new Error('PostgreSQL connection not established'));
    this.inner.write(chunk, encoding, callback);
  }

  override _final(callback: (error?: Error | null) => void): void {
    if (this.inner === undefined) return callback();
    this.inner.end(callback);
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    (this.inner ?? this.raw)?.destroy();
    callback(error);
  }

  private attach(socket: Socket | TLSSocket): void {
    this.inner = socket;
    socket.on('data', (data: Buffer) => {
      if (!this.push(data)) socket.pause();
    });
    socket.on('end', () => this.push(null));
    socket.on('close', () => this.destroy());
    if (socket !== this.raw) socket.on('error', (error: Error) => this.destroy(error));
    this.emit('connect');
  }
}
