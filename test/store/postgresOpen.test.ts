// Opening a store on a real PostgreSQL server: migrations (the same schema as on SQLite, once,
// even when several processes open a fresh database together), the newer-schema check, and each
// way the server can refuse, with its own message and exit code; the password never printed.
import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createServer } from 'node:net';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ExitCode } from '../../src/errors.js';
import { openStore, openStoreAt } from '../../src/store/open.js';
import { MIGRATIONS } from '../../src/store/migrations/index.js';
import { DEFAULT_NOW, runCli, tempDir, tempSqliteDb } from '../harness.js';
import { startTestServer, type TestServer } from '../postgres/server.js';

const now = () => DEFAULT_NOW;
/** The run's server on the PostgreSQL half of the suite; on the SQLite half, one of this file's own. */
let own: TestServer | undefined;
let server: { url: string; port: number; deadPort: number; admin(statement: string, database?: string): Promise<pg.QueryResult> };
let counter = 0;

/** A port nobody listens on: bound, then released. */
async function closedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

beforeAll(async () => {
  let url = inject('postgresUrl');
  if (!url) {
    own = await startTestServer();
    url = own.url;
  }
  server = {
    url,
    port: Number(new URL(url).port),
    deadPort: await closedPort(),
    async admin(statement, database = 'postgres') {
      const client = new pg.Client({ connectionString: `${url}/${database}` });
      await client.connect();
      try {
        return await client.query(statement);
      } finally {
        await client.end();
      }
    },
  };
}, 120_000);

afterAll(async () => {
  await own?.stop();
});

/** A fresh empty database on the test server; its URL (no password: the superuser is trusted). */
async function freshDatabase(): Promise<{ name: string; url: string }> {
  const name = `open_${process.pid}_${++counter}`;
  await server.admin(`CREATE DATABASE ${name}`);
  return { name, url: `${server.url}/${name}` };
}

/** An environment where nothing of the developer's own PostgreSQL settings leaks in. */
function cleanEnv(extra: Record<string, string> = {}): Record<string, string | undefined> {
  return { USER: 'testeur', ...extra };
}

async function open(url: string, extra: { env?: Record<string, string | undefined>; home?: string } = {}) {
  return openStoreAt(url, { now, env: extra.env ?? cleanEnv(), home: extra.home ?? tempDir('cafcharte-home-') });
}

describe('a fresh PostgreSQL database', () => {
  it('is migrated to the latest schema, each migration recorded once', async () => {
    const { url } = await freshDatabase();
    const store = await open(url);
    try {
      expect(store.engine).toBe('postgres');
      const applied = await store.all(sql<{ version: number; name: string; applied_at: string }>`SELECT version, name, applied_at FROM cafcharte_migrations ORDER BY version`);
      expect(applied.map((m) => [m.version, m.name])).toEqual(MIGRATIONS.map((m) => [m.version, m.name]));
      expect(applied[0]!.applied_at).toBe(DEFAULT_NOW.toISOString());
    } finally {
      await store.close();
    }
  });

  it('holds the same tables, columns (in order) and NOT NULLs as a SQLite store', async () => {
    const { url } = await freshDatabase();
    const store = await open(url);
    const sqlite = await openStore(tempSqliteDb(), { now });
    try {
      const pgColumns = await store.all(sql<{ table_name: string; column_name: string; is_nullable: string }>`
        SELECT table_name, column_name, is_nullable FROM information_schema.columns
        WHERE table_schema = current_schema() AND table_name <> 'cafcharte_migrations'
        ORDER BY table_name::text COLLATE "C", ordinal_position`);
      const onPostgres = pgColumns.map((c) => `${c.table_name}.${c.column_name}${c.is_nullable === 'NO' ? ' NOT NULL' : ''}`);
      const tables = sqlite.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as { name: string }[];
      const onSqlite = tables.flatMap(({ name }) =>
        (sqlite.prepare(`SELECT name, "notnull" AS required, pk FROM pragma_table_info(?) ORDER BY cid`).all(name) as { name: string; required: number; pk: number }[]).map(
          // A SQLite primary key is NOT NULL in effect (INTEGER PRIMARY KEY is the rowid).
          (c) => `${name}.${c.name}${c.required || c.pk ? ' NOT NULL' : ''}`,
        ),
      );
      expect(onPostgres.length).toBeGreaterThan(100);
      expect(onPostgres).toEqual(onSqlite);

      // The seed data is the same, byte for byte.
      const seedSqlite = sqlite.prepare('SELECT insee, name, postal_codes FROM communes ORDER BY insee').all();
      const seedPostgres = await store.all(sql`SELECT insee, name, postal_codes FROM communes ORDER BY insee`);
      expect(seedPostgres).toEqual(seedSqlite);
      expect(seedPostgres.length).toBeGreaterThan(0);
      const charterSqlite = (sqlite.prepare('SELECT document FROM charter').get() as { document: string }).document;
      expect((await store.one(sql<{ document: string }>`SELECT document FROM charter`))?.document).toBe(charterSqlite);
    } finally {
      sqlite.close();
      await store.close();
    }
  });

  it('keeps the constraints: case-blind unique names, checks, append-only history', async () => {
    const { url } = await freshDatabase();
    const store = await open(url);
    try {
      const place = (name: string) =>
        sql`INSERT INTO places (name, kind, commune_insee, address, postal_code, phone, created_at, updated_at)
            VALUES (${name}, 'mpt', '97422', 'rue', '97430', '+262262000000', 'x', 'x')`;
      await store.run(place('MPT de Trois-Mares'));
      await expect(store.run(place('mpt DE trois-mares'))).rejects.toMatchObject({ code: '23505' });
      await expect(store.run(sql`INSERT INTO bookings (session_id, seats, status, created_at, updated_at) VALUES (1, 0, 'confirmee', 'x', 'x')`)).rejects.toMatchObject({
        code: '23514',
      });
      await store.run(sql`INSERT INTO logbook_history (entry_id, at, author, action) VALUES (1, 'x', 'a', 'ajout')`);
      await expect(store.run(sql`UPDATE logbook_history SET author = 'b'`)).rejects.toThrow('historique du carnet de bord : modification interdite');
      await expect(store.run(sql`DELETE FROM logbook_history`)).rejects.toThrow('historique du carnet de bord : suppression interdite');
      await expect(store.run(sql`TRUNCATE logbook_history`)).rejects.toThrow('historique du carnet de bord : suppression interdite');
      // A purge may rewrite texts, never which entry or when.
      await store.transaction(async (tx) => {
        await tx.run(sql`INSERT INTO purge_in_progress (id) VALUES (1)`);
        await tx.run(sql`UPDATE logbook_history SET author = 'b'`);
        await tx.run(sql`DELETE FROM purge_in_progress`);
      });
      await expect(
        store.transaction(async (tx) => {
          await tx.run(sql`INSERT INTO purge_in_progress (id) VALUES (1)`);
          await tx.run(sql`UPDATE logbook_history SET at = 'y'`);
        }),
      ).rejects.toThrow('historique du carnet de bord : modification interdite');
      expect(await store.all(sql`SELECT author, at FROM logbook_history`)).toEqual([{ author: 'b', at: 'x' }]);
      await store.run(sql`INSERT INTO purge_journal (at, author, reason, scope, fields) VALUES ('x', 'a', 'r', 'entree', '[]')`);
      await expect(store.run(sql`DELETE FROM purge_journal`)).rejects.toThrow('journal des purges : suppression interdite');
    } finally {
      await store.close();
    }
  });

  it('numbers new rows after rows copied with their own ids, once the sequences are aligned', async () => {
    const { url } = await freshDatabase();
    const store = await open(url);
    try {
      const { alignIdentitySequences } = await import('../../src/store/postgres/identities.js');
      await store.run(sql`INSERT INTO copil_meetings (id, held_on, recorded_at) VALUES (7, '2026-09-10', 'x')`);
      await alignIdentitySequences(store);
      expect(await store.one(sql<{ id: number }>`INSERT INTO copil_meetings (held_on, recorded_at) VALUES ('2026-09-11', 'x') RETURNING id`)).toEqual({ id: 8 });
    } finally {
      await store.close();
    }
  });

  it('reopens without migrating again', async () => {
    const { url } = await freshDatabase();
    await (await open(url)).close();
    const store = await open(url);
    try {
      const rows = await store.all(sql<{ version: number }>`SELECT version FROM cafcharte_migrations`);
      expect(rows).toHaveLength(MIGRATIONS.length);
    } finally {
      await store.close();
    }
  });

  it('is migrated once when several processes open it at the same moment', async () => {
    const { url } = await freshDatabase();
    const stores = await Promise.all(Array.from({ length: 6 }, () => open(url)));
    try {
      const rows = await stores[0]!.all(sql<{ version: number }>`SELECT version FROM cafcharte_migrations ORDER BY version`);
      expect(rows.map((r) => r.version)).toEqual(MIGRATIONS.map((m) => m.version));
      expect(await stores[0]!.all(sql`SELECT count(*) AS n FROM charter`)).toEqual([{ n: 1 }]);
    } finally {
      await Promise.all(stores.map((s) => s.close()));
    }
  });
});

describe('a PostgreSQL store refused', () => {
  it('a newer schema: exit 2, nothing written', async () => {
    const { url } = await freshDatabase();
    const store = await open(url);
    await store.run(sql`INSERT INTO cafcharte_migrations (version, name, applied_at) VALUES (99, 'future', 'x')`);
    await store.close();
    const result = await runCli(['places', 'list'], { db: url, env: cleanEnv() });
    expect(result.code).toBe(ExitCode.usage);
    expect(result.stderr).toContain(`Erreur : --db : ce magasin a été créé par une version plus récente de cafcharte (schéma 99, cette version connaît le schéma ${MIGRATIONS.at(-1)!.version})`);
  });

  it('a database that holds other tables: exit 2, left alone', async () => {
    const { name, url } = await freshDatabase();
    await server.admin('CREATE TABLE autre (id integer)', name);
    const result = await runCli(['places', 'list'], { db: url, env: cleanEnv() });
    expect(result.code).toBe(ExitCode.usage);
    expect(result.stderr).toContain(`la base PostgreSQL « ${name} » contient déjà des tables (dont « autre ») mais pas de magasin cafcharte`);
    const tables = await server.admin("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'", name);
    expect(tables.rows).toEqual([{ table_name: 'autre' }]);
  });

  it('a server that does not answer: exit 6', async () => {
    const result = await runCli(['places', 'list'], { db: `postgresql://testeur@127.0.0.1:${server.deadPort}/cafcharte?sslmode=disable`, env: cleanEnv() });
    expect(result.stderr).toContain(`Erreur : --db : impossible de joindre le serveur PostgreSQL 127.0.0.1:${server.deadPort} : il ne répond pas (ECONNREFUSED)`);
    expect(result.code).toBe(7);
  });

  it('a database that does not exist: exit 3', async () => {
    const result = await runCli(['places', 'list'], { db: `${server.url}/absente`, env: cleanEnv() });
    expect(result.stderr).toContain(`Erreur : --db : la base « absente » n’existe pas sur le serveur PostgreSQL 127.0.0.1:${server.port} ; créez-la`);
    expect(result.code).toBe(ExitCode.notFound);
  });

  it('a wrong password, a missing one, an unknown role: exit 7, never the password itself', async () => {
    const { name } = await freshDatabase();
    await server.admin(`CREATE ROLE animatrice LOGIN PASSWORD 'bon-secret'`);
    const url = `postgresql://animatrice@127.0.0.1:${server.port}/${name}?sslmode=disable`;

    const wrong = await runCli(['places', 'list'], { db: url, env: cleanEnv({ PGPASSWORD: 'mauvais-secret' }) });
    expect(wrong.stderr).toContain(`a refusé le mot de passe du rôle « animatrice » (pris dans PGPASSWORD)`);
    expect(wrong.code).toBe(8);
    expect(wrong.stderr).not.toContain('mauvais-secret');

    const passFile = join(tempDir(), 'pgpass');
    writeFileSync(passFile, `127.0.0.1:${server.port}:*:animatrice:bon-secret\n`, { mode: 0o644 });
    chmodSync(passFile, 0o644);
    const missing = await runCli(['places', 'list'], { db: url, env: cleanEnv({ PGPASSFILE: passFile }) });
    expect(missing.stderr).toContain(`demande un mot de passe pour le rôle « animatrice » et aucun n’a été trouvé (${passFile} est ignoré : d’autres que vous peuvent le lire`);
    expect(missing.code).toBe(8);

    // The same file, private, is read: the role gets in, but may not create the tables.
    chmodSync(passFile, 0o600);
    const notOwner = await runCli(['places', 'list'], { db: url, env: cleanEnv({ PGPASSFILE: passFile }) });
    expect(notOwner.stderr).toContain(`le rôle « animatrice » n’a pas le droit de créer les tables du magasin dans la base « ${name} »`);
    expect(notOwner.code).toBe(8);
    expect(await server.admin("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'", name)).toMatchObject({ rows: [] });
    // As the database's owner, it opens.
    await server.admin(`ALTER DATABASE ${name} OWNER TO animatrice`);
    await server.admin(`ALTER SCHEMA public OWNER TO animatrice`, name);
    const store = await open(url, { env: cleanEnv({ PGPASSFILE: passFile }) });
    await store.close();

    const unknown = await runCli(['places', 'list'], { db: `postgresql://personne@127.0.0.1:${server.port}/${name}?sslmode=disable`, env: cleanEnv({ PGPASSWORD: 'x' }) });
    expect(unknown.code).toBe(8);
  });

  it('sslmode=require on a server without TLS: the TLS refusal, not a clear connection', async () => {
    const result = await runCli(['places', 'list'], { db: `${server.url}/postgres?sslmode=require`, env: cleanEnv() });
    expect(result.stderr).toContain(`Erreur : --db : le serveur PostgreSQL 127.0.0.1:${server.port} n’accepte pas les connexions chiffrées (TLS), que sslmode=require exige.`);
    expect(result.code).toBe(ExitCode.certificateRefused);
  });

  it('a password in the URL: exit 2, the URL shown without it', async () => {
    const result = await runCli(['places', 'list'], { db: `postgresql://animatrice:tres-secret@127.0.0.1:${server.port}/x`, env: cleanEnv() });
    expect(result.code).toBe(ExitCode.usage);
    expect(result.stderr).toContain(`l’URL « postgresql://animatrice@127.0.0.1:${server.port}/x » contient un mot de passe, refusé`);
    expect(result.stderr).toContain('~/.pgpass');
    expect(result.stderr).not.toContain('tres-secret');
  });
});

describe('libpq conventions', () => {
  it('PGSERVICE and ~/.pg_service.conf, then ~/.pgpass, from the home folder given', async () => {
    const { name } = await freshDatabase();
    await server.admin(`CREATE ROLE coordinatrice LOGIN PASSWORD 'le-secret'`);
    await server.admin(`ALTER DATABASE ${name} OWNER TO coordinatrice`);
    await server.admin(`ALTER SCHEMA public OWNER TO coordinatrice`, name);
    const home = tempDir('cafcharte-home-');
    writeFileSync(join(home, '.pg_service.conf'), `# services\n[autre]\nhost=ailleurs\n\n[territoire]\nhost=127.0.0.1\nport=${server.port}\ndbname=${name}\nuser=coordinatrice\nsslmode=disable\n`);
    writeFileSync(join(home, '.pgpass'), `ailleurs:*:*:*:non\n127.0.0.1:${server.port}:${name}:coordinatrice:le-secret\n`, { mode: 0o600 });
    const store = await open('postgresql://', { env: cleanEnv({ PGSERVICE: 'territoire', PGHOST: 'ignore-car-le-service-prime' }), home });
    try {
      expect(store.label).toBe('postgresql://');
      expect(await store.one(sql<{ user: string; db: string }>`SELECT current_user AS user, current_database() AS db`)).toEqual({ user: 'coordinatrice', db: name });
    } finally {
      await store.close();
    }
  });

  it('PGHOST, PGPORT, PGUSER, PGDATABASE fill what the URL leaves out', async () => {
    const { name } = await freshDatabase();
    const store = await open('postgresql:///', { env: cleanEnv({ PGHOST: '127.0.0.1', PGPORT: String(server.port), PGUSER: 'postgres', PGDATABASE: name, PGSSLMODE: 'disable' }) });
    try {
      expect(await store.one(sql<{ db: string }>`SELECT current_database() AS db`)).toEqual({ db: name });
    } finally {
      await store.close();
    }
  });

  it('an unknown service or sslmode is a usage error naming it', async () => {
    const unknownService = await runCli(['places', 'list'], { db: 'postgresql://?service=inconnu', env: cleanEnv({ PGSERVICEFILE: join(tempDir(), 'absent.conf') }) });
    expect(unknownService.code).toBe(ExitCode.usage);
    expect(unknownService.stderr).toContain('le service PostgreSQL « inconnu » (service=) n’est défini ni dans');
    const badMode = await runCli(['places', 'list'], { db: `${server.url}/x?sslmode=toujours`, env: cleanEnv() });
    expect(badMode.code).toBe(ExitCode.usage);
    expect(badMode.stderr).toContain('sslmode « toujours » inconnu');
    const noRoot = await runCli(['places', 'list'], { db: `${server.url}/x?sslmode=verify-full`, env: cleanEnv() });
    expect(noRoot.code).toBe(ExitCode.usage);
    expect(noRoot.stderr).toContain('aucun certificat racine n’est indiqué (sslrootcert)');
  });
});
