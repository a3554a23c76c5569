/**
 * One port, both protocols: the front answers plain HTTP (what every local client uses) and HTTPS
 * with a self-signed certificate for `localhost`, told apart by each connection's first byte (a
 * TLS handshake starts with 0x16). Managed login needs the second for clients that only speak
 * HTTPS to a pool's domain: Amplify v6's signInWithRedirect builds `https://<domain>/oauth2/...`
 * itself. So `localhost:<front port>` is the pool's managed-login domain for both.
 *
 * The certificate is made once (selfsigned) and kept in `<dataDir>/.cognito/managed-login-tls.json`,
 * so a browser's "proceed anyway" lasts across `npm start` runs. Browsers warn about it: it is a
 * local aid (and WebAuthn refuses pages with certificate errors, so passkeys use plain
 * `http://localhost`, which browsers treat as secure).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import type { Server as HttpServer } from 'node:http';
import { createServer, type AddressInfo, type Socket } from 'node:net';
import { join } from 'node:path';
import { Duplex, PassThrough } from 'node:stream';
import { createSecureContext, TLSSocket, type SecureContext } from 'node:tls';
import { generate } from 'selfsigned';

const TLS_HANDSHAKE = 0x16;

interface Pems {
  key: string;
  cert: string;
}

/** The kept certificate, or a new one for `localhost` and 127.0.0.1 (valid for a year). */
async function certificate(dataDir: string): Promise<Pems> {
  const path = join(dataDir, '.cognito', 'managed-login-tls.json');
  try {
    const kept = JSON.parse(readFileSync(path, 'utf8')) as Pems & { notAfter?: number };
    if ((kept.notAfter ?? 0) > Date.now() + 86_400_000) return kept;
  } catch {
    // none yet (or unreadable): make one
  }
  const notAfter = Date.now() + 365 * 86_400_000;
  const pems = await generate([{ name: 'commonName', value: 'localhost' }], {
    keySize: 2048,
    algorithm: 'sha256',
    notAfterDate: new Date(notAfter),
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'extKeyUsage', serverAuth: true },
      { name: 'subjectAltName', altNames: [{ type: 2, value: 'localhost' }, { type: 7, ip: '127.0.0.1' }] },
    ],
  });
  const made = { key: pems.private, cert: pems.cert, notAfter };
  mkdirSync(join(dataDir, '.cognito'), { recursive: true });
  writeFileSync(path, JSON.stringify(made), { mode: 0o600 });
  return made;
}

export interface Listening {
  address: AddressInfo;
  /** Stops listening, ends every connection, closes `http`. */
  close(): Promise<void>;
}

/**
 * Listens on `host:port` and hands each connection to `http`: plain ones as they are, TLS ones
 * once decrypted (so `req.socket.encrypted` is true for them).
 */
export async function listenBothProtocols(http: HttpServer, dataDir: string, port: number, host: string): Promise<Listening> {
  let context: Promise<SecureContext> | undefined;
  const sockets = new Set<Socket>();
  const secure = (socket: Socket, first: Buffer) => {
    // TLSSocket reads a net.Socket's handle directly, past anything unshifted: replay the first
    // bytes through a stream of our own instead.
    const replay = new PassThrough();
    replay.write(first);
    socket.pipe(replay);
    context ??= certificate(dataDir).then((pems) => createSecureContext(pems));
    context.then(
      (secureContext) => {
        const tls = new TLSSocket(Duplex.from({ readable: replay, writable: socket }), { isServer: true, secureContext });
        tls.on('error', () => socket.destroy());
        http.emit('connection', tls);
      },
      () => socket.destroy(),
    );
  };
  const listener = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    socket.once('data', (first: Buffer) => {
      if (first[0] === TLS_HANDSHAKE) return secure(socket, first);
      socket.pause();
      socket.unshift(first);
      http.emit('connection', socket);
      socket.resume();
    });
  });
  await new Promise<void>((resolve, reject) => {
    listener.once('error', reject);
    listener.listen(port, host, () => resolve());
  });
  return {
    address: listener.address() as AddressInfo,
    close: () =>
      new Promise<void>((resolve, reject) => {
        listener.close((error) => (error ? reject(error) : resolve()));
        http.closeAllConnections();
        for (const socket of sockets) socket.destroy();
        http.close();
      }),
  };
}
