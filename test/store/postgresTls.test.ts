// TLS to a real PostgreSQL server, as libpq's sslmode means it: verify-full checks the authority
// and the name, verify-ca the authority only, require encrypts without checking. A refused
// certificate has its own exit code with a message that says why; a certificate checked is never skipped.
import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync, copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExitCode } from '../../src/errors.js';
import { openStoreAt } from '../../src/store/open.js';
import { DEFAULT_NOW, runCli, tempDir } from '../harness.js';
import { startTestServer, type TestServer } from '../postgres/server.js';

let server: TestServer;
let certificates: string;
const env = { USER: 'testeur' };

/** An authority, and a server certificate it signs for 127.0.0.1 only; and a stranger authority. */
function makeCertificates(folder: string): void {
  const openssl = (...args: string[]) => execFileSync('openssl', args, { cwd: folder, stdio: 'ignore' });
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  openssl('req', '-x509', ...ec, '-keyout', 'ca.key', '-out', 'ca.crt', '-days', '2', '-subj', '/CN=autorite-de-test');
  openssl('req', '-x509', ...ec, '-keyout', 'other.key', '-out', 'other.crt', '-days', '2', '-subj', '/CN=autre-autorite');
  openssl('req', ...ec, '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=127.0.0.1');
  writeFileSync(join(folder, 'san.cnf'), 'subjectAltName=IP:127.0.0.1\n');
  openssl('x509', '-req', '-in', 'server.csr', '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'server.crt', '-days', '2', '-extfile', 'san.cnf');
  // PostgreSQL reads its key only if it alone may: owned by the server's user, mode 0600.
  chmodSync(folder, 0o755);
  chmodSync(join(folder, 'server.key'), 0o600);
  if (userInfo().uid === 0) {
    const uid = Number(execFileSync('id', ['-u', 'postgres']));
    const gid = Number(execFileSync('id', ['-g', 'postgres']));
    for (const file of ['server.key', 'server.crt']) chownSync(join(folder, file), uid, gid);
  }
}

beforeAll(async () => {
  // A server of this file's own: TLS is switched on here, not on the run's shared server.
  server = await startTestServer();
  certificates = tempDir('cafcharte-tls-');
  makeCertificates(certificates);
  const admin = new pg.Client({ connectionString: `${server.url}/postgres` });
  await admin.connect();
  try {
    await admin.query(`ALTER SYSTEM SET ssl_cert_file = '${join(certificates, 'server.crt')}'`);
    await admin.query(`ALTER SYSTEM SET ssl_key_file = '${join(certificates, 'server.key')}'`);
    await admin.query('ALTER SYSTEM SET ssl = on');
    await admin.query('SELECT pg_reload_conf()');
    await admin.query('CREATE DATABASE chiffree');
  } finally {
    await admin.end();
  }
}, 120_000);

afterAll(async () => {
  await server?.stop();
});

const url = (host: string, query: string) => `postgresql://postgres@${host}:${server.port}/chiffree?${query}`;

/** A TCP relay to the server that counts the connections made through it. */
async function countingRelay(port: number): Promise<{ port: number; connections: () => number; close: () => Promise<void> }> {
  let connections = 0;
  const relay = createServer((client) => {
    connections++;
    const upstream = connect(port, '127.0.0.1');
    client.pipe(upstream).pipe(client);
    client.on('error', () => upstream.destroy());
    upstream.on('error', () => client.destroy());
  });
  await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', resolve));
  const address = relay.address();
  return {
    port: typeof address === 'object' && address ? address.port : 0,
    connections: () => connections,
    close: () => new Promise((resolve) => relay.close(() => resolve())),
  };
}

/** Switches the server's TLS on or off for the connections to come. */
async function serverTls(on: boolean): Promise<void> {
  const admin = new pg.Client({ connectionString: `${server.url}/postgres` });
  await admin.connect();
  try {
    await admin.query(`ALTER SYSTEM SET ssl = ${on ? 'on' : 'off'}`);
    await admin.query('SELECT pg_reload_conf()');
  } finally {
    await admin.end();
  }
}

describe('TLS on PostgreSQL', () => {
  it('verify-full with the authority: the connection is encrypted and the store opens', async () => {
    const store = await openStoreAt(url('127.0.0.1', `sslmode=verify-full&sslrootcert=${join(certificates, 'ca.crt')}`), { now: () => DEFAULT_NOW, env, home: tempDir() });
    try {
      expect(await store.one(sql<{ ssl: boolean }>`SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()`)).toEqual({ ssl: true });
    } finally {
      await store.close();
    }
  });

  it('prefer, the default: encrypted when the server offers TLS, in clear when it does not, each time on one connection', async () => {
    const relay = await countingRelay(server.port);
    const encrypted = async () => {
      const store = await openStoreAt(`postgresql://postgres@127.0.0.1:${relay.port}/chiffree`, { now: () => DEFAULT_NOW, env, home: tempDir() });
      try {
        return (await store.one(sql<{ ssl: boolean }>`SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()`))?.ssl;
      } finally {
        await store.close();
      }
    };
    try {
      expect(await encrypted()).toBe(true);
      expect(relay.connections()).toBe(1);
      await serverTls(false);
      try {
        expect(await encrypted()).toBe(false);
        expect(relay.connections()).toBe(2); // not a refused TLS connection and a second one in clear
      } finally {
        await serverTls(true);
      }
    } finally {
      await relay.close();
    }
  });

  it('verify-full to a name the certificate does not carry: refused (TLS exit code)', async () => {
    const result = await runCli(['places', 'list'], { db: url('localhost', `sslmode=verify-full&sslrootcert=${join(certificates, 'ca.crt')}`), env });
    expect(result.stderr).toContain(`Erreur : --db : le certificat du serveur PostgreSQL localhost:${server.port} n’est pas établi au nom « localhost » (sslmode=verify-full)`);
    expect(result.code).toBe(ExitCode.certificateRefused);
  });

  it('verify-ca checks the authority, not the name', async () => {
    const store = await openStoreAt(url('localhost', `sslmode=verify-ca&sslrootcert=${join(certificates, 'ca.crt')}`), { now: () => DEFAULT_NOW, env, home: tempDir() });
    await store.close();
  });

  it('a certificate signed by another authority: refused, even with sslmode=require when a root certificate is given', async () => {
    for (const mode of ['verify-full', 'verify-ca', 'require']) {
      const result = await runCli(['places', 'list'], { db: url('127.0.0.1', `sslmode=${mode}&sslrootcert=${join(certificates, 'other.crt')}`), env });
      expect(result.stderr, mode).toContain(`n’est pas signé par l’autorité de sslrootcert (« ${join(certificates, 'other.crt')} »)`);
      expect(result.code, mode).toBe(ExitCode.certificateRefused);
    }
  });

  it('require without a root certificate encrypts without checking, as libpq does', async () => {
    const store = await openStoreAt(url('127.0.0.1', 'sslmode=require'), { now: () => DEFAULT_NOW, env, home: tempDir() });
    try {
      expect(await store.one(sql<{ ssl: boolean }>`SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()`)).toEqual({ ssl: true });
    } finally {
      await store.close();
    }
  });

  it('~/.postgresql/root.crt is the default root certificate', async () => {
    const home = tempDir('cafcharte-home-');
    mkdirSync(join(home, '.postgresql'));
    copyFileSync(join(certificates, 'ca.crt'), join(home, '.postgresql', 'root.crt'));
    const store = await openStoreAt(url('127.0.0.1', 'sslmode=verify-full'), { now: () => DEFAULT_NOW, env, home });
    await store.close();
  });
});
