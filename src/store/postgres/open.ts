// Opening a PostgreSQL store: connection from the URL and the libpq conventions, schema check
// and migrations. Every way the server can refuse gets its own French message and exit code, and
// nothing is written before the connection, the role and the schema are known to be right.
import { homedir } from 'node:os';
import type pg from 'pg';
import { AccessRefusedError, CertificateError, NotFoundError, UnreachableError, UsageError } from '../../errors.js';
import type { OpenOptions } from '../open.js';
import type { Store } from '../engine.js';
import { loadMigrations, SCHEMA_VERSION } from '../migrations/latest.js';
import { sql } from '../sql.js';
import { resolveConnection, type Connection } from './connection.js';
import { postgresStore, type PostgresStore } from './store.js';
import { tlsIfOffered } from './tlsIfOffered.js';

export async function openPostgresStore(location: string, options: OpenOptions): Promise<Store> {
  const connection = resolveConnection(location, { env: options.env ?? process.env, home: options.home ?? homedir() });
  try {
    return await openWith(connection, poolConfig(connection), options);
  } catch (err) {
    throw translateConnectionError(err, connection);
  }
}

/**
 * sslmode=prefer (libpq's default) and allow over TCP: TLS if the server offers it, else in
 * clear, settled on the one connection (./tlsIfOffered.ts) rather than by a second one.
 */
function poolConfig(connection: Connection): pg.PoolConfig {
  const { ssl } = connection.config;
  if (!connection.clearFallback || !ssl || connection.host.startsWith('/')) return connection.config;
  return { ...connection.config, ssl: false, stream: tlsIfOffered(ssl === true ? {} : ssl) };
}

async function openWith(connection: Connection, config: pg.PoolConfig, options: OpenOptions): Promise<Store> {
  const store = postgresStore(config, connection.label);
  try {
    const latest = options.migrations?.at(-1)?.version ?? SCHEMA_VERSION;
    let found = await storeState(store);
    if (found?.version !== latest) {
      // Behind, ahead or not there yet: the migrations (and Kysely, which runs them) are loaded
      // only then; they check again under their lock, refuse a newer schema or a read-only open.
      const { migratePostgres } = await import('./migrate.js');
      await migratePostgres(await store.loadKysely(), options.migrations ?? (await loadMigrations()), options.now, {
        label: connection.label,
        database: connection.database,
        readonly: options.readonly,
      });
      found = await storeState(store);
    }
    // A person's login writes as itself, not as a flag says (see ctx.user()). The database owner
    // acts like a desk (its copies keep their authors, as the triggers do).
    if (found && !found.owner) store.role = found.role;
    return store;
  } catch (err) {
    await store.close().catch(() => undefined);
    throw err;
  }
}

/**
 * In one round trip: who we are on the server, whether we own the database, and the schema
 * version of the store in the current schema; undefined when no cafcharte store is there yet
 * (its migrations table missing, which fails the statement: undefined_table).
 */
async function storeState(store: PostgresStore): Promise<{ role: string; owner: boolean; version: number | undefined } | undefined> {
  try {
    const row = await store.one(sql<{ role: string; owner: boolean; here: boolean; version: number | null }>`
      SELECT current_user AS role,
             (SELECT pg_has_role(current_user, datdba, 'MEMBER') FROM pg_database WHERE datname = current_database()) AS owner,
             EXISTS (SELECT 1 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                     WHERE n.nspname = current_schema() AND c.relname = 'cafcharte_migrations') AS here,
             (SELECT max(version) FROM cafcharte_migrations) AS version`);
    if (!row) return undefined;
    // A migrations table found elsewhere on the search path is not this schema's store.
    return { role: row.role, owner: row.owner, version: row.here ? (row.version ?? 0) : undefined };
  } catch (err) {
    if ((err as { code?: unknown }).code === '42P01') return undefined;
    throw err;
  }
}

function isServerWithoutTls(err: unknown): boolean {
  return /does not support SSL/i.test((err as Error)?.message ?? '');
}

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ECONNRESET', 'EPIPE', 'ENOENT']);

const UNTRUSTED_CERTIFICATE = new Set([
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_SIGNATURE_FAILURE',
  'CERT_UNTRUSTED',
]);

/** The server's refusal as the French message and exit code it deserves; other errors pass. */
export function translateConnectionError(err: unknown, connection: Connection): unknown {
  if (err instanceof UsageError) return err;
  const code = String((err as { code?: unknown })?.code ?? '');
  const message = (err as Error)?.message ?? '';
  const server = connection.host.startsWith('/') ? `sur le socket ${connection.host}` : `${connection.host}:${connection.port}`;
  const unchanged = 'Rien n’a été modifié.';

  if (code === '3D000') {
    return new NotFoundError(
      `--db : la base « ${connection.database} » n’existe pas sur le serveur PostgreSQL ${server} ; créez-la (« createdb -O ${connection.user} ${connection.database} ») puis relancez. ${unchanged}`,
    );
  }
  if (code === '28P01' || /client password must be a string|password must be a string/i.test(message)) {
    if (connection.passwordFrom === undefined) {
      const ignored = connection.ignoredPasswordFile
        ? ` (${connection.ignoredPasswordFile} est ignoré : d’autres que vous peuvent le lire ; « chmod 600 ${connection.ignoredPasswordFile} »)`
        : '';
      return new AccessRefusedError(
        `--db : le serveur PostgreSQL ${server} demande un mot de passe pour le rôle « ${connection.user} » et aucun n’a été trouvé${ignored} ; ajoutez la ligne ${connection.host}:${connection.port}:${connection.database}:${connection.user}:MOT_DE_PASSE à ~/.pgpass (droits 0600) ou définissez PGPASSWORD. ${unchanged}`,
      );
    }
    return new AccessRefusedError(
      `--db : le serveur PostgreSQL ${server} a refusé le mot de passe du rôle « ${connection.user} » (pris dans ${connection.passwordFrom}) ; corrigez-le. ${unchanged}`,
    );
  }
  if (code === '28000') {
    return new AccessRefusedError(`--db : le serveur PostgreSQL ${server} a refusé la connexion du rôle « ${connection.user} » à la base « ${connection.database} » (rôle inconnu ou connexion non autorisée par pg_hba.conf). ${unchanged}`);
  }
  if (code === '42501') {
    return new AccessRefusedError(
      `--db : le rôle « ${connection.user} » n’a pas le droit de créer les tables du magasin dans la base « ${connection.database} » ; faites-en le propriétaire de la base (« ALTER DATABASE ${connection.database} OWNER TO ${connection.user} »). ${unchanged}`,
    );
  }
  if (UNTRUSTED_CERTIFICATE.has(code)) {
    const root = connection.rootCert ? `l’autorité de sslrootcert (« ${connection.rootCert} »)` : 'une autorité reconnue';
    return new CertificateError(`--db : le certificat du serveur PostgreSQL ${server} n’est pas signé par ${root} (sslmode=${connection.sslMode}) ; vérifiez sslrootcert. ${unchanged}`);
  }
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') {
    return new CertificateError(
      `--db : le certificat du serveur PostgreSQL ${server} n’est pas établi au nom « ${connection.host} » (sslmode=verify-full) ; utilisez dans l’URL le nom que porte le certificat. ${unchanged}`,
    );
  }
  if (code === 'CERT_HAS_EXPIRED' || code === 'CERT_NOT_YET_VALID') {
    return new CertificateError(`--db : le certificat du serveur PostgreSQL ${server} ${code === 'CERT_HAS_EXPIRED' ? 'a expiré' : 'n’est pas encore valide'}. ${unchanged}`);
  }
  if (isServerWithoutTls(err)) {
    return new CertificateError(`--db : le serveur PostgreSQL ${server} n’accepte pas les connexions chiffrées (TLS), que sslmode=${connection.sslMode} exige. ${unchanged}`);
  }
  if (/^ERR_SSL|^ERR_TLS|CERT/.test(code)) {
    return new CertificateError(`--db : la connexion chiffrée (TLS) au serveur PostgreSQL ${server} a échoué (${code}). ${unchanged}`);
  }
  if (NETWORK_CODES.has(code) || code === '57P03' || code === '53300' || /timeout|Connection terminated/i.test(message)) {
    const why = code === 'ENOTFOUND' || code === 'EAI_AGAIN' ? `le nom « ${connection.host} » est inconnu` : code === '57P03' ? 'il démarre ou s’arrête' : code === '53300' ? 'il a atteint son nombre maximal de connexions' : 'il ne répond pas';
    return new UnreachableError(
      `--db : impossible de joindre le serveur PostgreSQL ${server} : ${why}${NETWORK_CODES.has(code) ? ` (${code})` : ''} ; vérifiez l’hôte, le port et que le serveur est démarré et accepte les connexions. ${unchanged}`,
    );
  }
  return err;
}
