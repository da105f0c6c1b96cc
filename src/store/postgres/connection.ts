// Where a PostgreSQL store is and how to reach it, resolved the way libpq (psql) does, so that a
// PostgreSQL user's habits work: the URL first, then the service file (PGSERVICE or ?service=),
// then PG* variables, then defaults; the password from PGPASSWORD or the password file, never
// from the command line; sslmode with libpq's meaning. node-postgres covers only part of this
// (no service file, `sslmode=require` checks the certificate, its pgpass support reads the
// process environment and is deprecated), and the context's environment and home folder must
// be the ones used, so everything is resolved here and node-postgres receives explicit values.
import { readFileSync, statSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import type { ConnectionOptions } from 'node:tls';
import type pg from 'pg';
import { UsageError } from '../../errors.js';

/** Where libpq's conventions are read from: the context's environment and home folder. */
export interface ConnectionSource {
  env: Record<string, string | undefined>;
  home: string;
}

export const SSL_MODES = ['disable', 'allow', 'prefer', 'require', 'verify-ca', 'verify-full'] as const;
export type SslMode = (typeof SSL_MODES)[number];

/** A resolved connection: what node-postgres needs, and what messages may show. */
export interface Connection {
  config: pg.PoolConfig;
  /** The URL as given, without any password: safe to print. */
  label: string;
  host: string;
  port: number;
  database: string;
  user: string;
  sslMode: SslMode;
  /** The root certificate file used to check the server, if any. */
  rootCert?: string;
  /** prefer/allow: TLS is tried first, and a server without TLS is then reached in clear. */
  clearFallback: boolean;
  /** Where the password came from, for the message when the server refuses it. */
  passwordFrom?: 'PGPASSWORD' | 'fichier de mots de passe' | 'fichier de services';
  /** The password file, when it exists but was ignored because others may read it. */
  ignoredPasswordFile?: string;
}

/** Parameters a URL, the service file or the environment may set (libpq keywords). */
const KEYWORDS = ['host', 'port', 'dbname', 'user', 'sslmode', 'sslrootcert', 'sslcert', 'sslkey', 'application_name', 'connect_timeout', 'service'] as const;
type Keyword = (typeof KEYWORDS)[number];
type Parameters = Partial<Record<Keyword | 'password', string>>;

const ENVIRONMENT: Record<Exclude<Keyword, 'service'>, string> = {
  host: 'PGHOST',
  port: 'PGPORT',
  dbname: 'PGDATABASE',
  user: 'PGUSER',
  sslmode: 'PGSSLMODE',
  sslrootcert: 'PGSSLROOTCERT',
  sslcert: 'PGSSLCERT',
  sslkey: 'PGSSLKEY',
  application_name: 'PGAPPNAME',
  connect_timeout: 'PGCONNECT_TIMEOUT',
};

/** Without connect_timeout, a server behind a firewall that drops packets would hang the command. */
const DEFAULT_CONNECT_TIMEOUT_SECONDS = 10;

/** The URL with any password removed, for every message and for the Store's label. */
export function withoutPassword(location: string): string {
  try {
    const url = new URL(location);
    url.password = '';
    url.searchParams.delete('password');
    return url.toString();
  } catch {
    return location.replace(/\/\/([^/@]*?):[^/@]*@/, '//$1@').replace(/([?&]password=)[^&]*/gi, '$1…');
  }
}

/** Resolves `location` (postgresql://…) with the libpq conventions read from `source`. */
export function resolveConnection(location: string, source: ConnectionSource): Connection {
  const label = withoutPassword(location);
  const fromUrl = parseUrl(location, label);
  const { env, home } = source;

  const serviceName = fromUrl.service ?? env.PGSERVICE;
  const fromService = serviceName ? readService(serviceName, fromUrl.service ? 'service=' : 'PGSERVICE', source) : {};
  const setting = (keyword: Exclude<Keyword, 'service'>): string | undefined => nonEmpty(fromUrl[keyword]) ?? nonEmpty(fromService[keyword]) ?? nonEmpty(env[ENVIRONMENT[keyword]]);

  const user = setting('user') ?? osUser(env);
  const database = setting('dbname') ?? user;
  const host = setting('host') ?? 'localhost';
  const port = parsePort(setting('port') ?? '5432');
  const sslMode = parseSslMode(setting('sslmode') ?? 'prefer');
  const timeout = Number(setting('connect_timeout') ?? DEFAULT_CONNECT_TIMEOUT_SECONDS);
  if (!Number.isInteger(timeout) || timeout < 0) throw new UsageError(`--db : connect_timeout « ${setting('connect_timeout')} » invalide ; attendu un nombre entier de secondes.`);

  const tls = tlsOptions(sslMode, setting('sslrootcert'), setting('sslcert'), setting('sslkey'), home);

  let password: string | undefined;
  let passwordFrom: Connection['passwordFrom'];
  let ignoredPasswordFile: string | undefined;
  if (fromService.password !== undefined) {
    password = fromService.password;
    passwordFrom = 'fichier de services';
  } else if (env.PGPASSWORD !== undefined) {
    password = env.PGPASSWORD;
    passwordFrom = 'PGPASSWORD';
  } else {
    const file = env.PGPASSFILE || join(home, '.pgpass');
    const found = lookUpPasswordFile(file, { host, port, database, user });
    if (found.ignored) ignoredPasswordFile = file;
    if (found.password !== undefined) {
      password = found.password;
      passwordFrom = 'fichier de mots de passe';
    }
  }

  const config: pg.PoolConfig = {
    host,
    port,
    database,
    user,
    // A function, so that node-postgres never falls back to its own .pgpass reading of the
    // process environment; undefined makes a password request fail with a clear message.
    password: () => password as string,
    ssl: tls.ssl,
    application_name: setting('application_name') ?? 'cafcharte',
    connectionTimeoutMillis: timeout * 1000,
  };
  return {
    config,
    label,
    host,
    port,
    database,
    user,
    sslMode,
    rootCert: tls.rootCert,
    clearFallback: sslMode === 'prefer' || sslMode === 'allow',
    passwordFrom,
    ignoredPasswordFile,
  };
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}

function osUser(env: Record<string, string | undefined>): string {
  const fromEnv = env.USER || env.LOGNAME || env.USERNAME;
  if (fromEnv) return fromEnv;
  try {
    return userInfo().username;
  } catch {
    return 'postgres';
  }
}

function parsePort(value: string): number {
  const port = Number(value);
  if (!/^\d+$/.test(value) || port < 1 || port > 65535) throw new UsageError(`--db : port PostgreSQL « ${value} » invalide ; attendu un nombre de 1 à 65535.`);
  return port;
}

function parseSslMode(value: string): SslMode {
  if ((SSL_MODES as readonly string[]).includes(value)) return value as SslMode;
  throw new UsageError(`--db : sslmode « ${value} » inconnu ; attendu ${SSL_MODES.join(', ')} (verify-full recommandé).`);
}

/** The parameters written in the URL; a password there is refused (it would show in `ps` and in the shell history). */
function parseUrl(location: string, label: string): Parameters {
  let url: URL;
  try {
    url = new URL(location);
  } catch {
    throw new UsageError(`--db : « ${label} » n’est pas une URL PostgreSQL lisible ; attendu postgresql://rôle@hôte:port/base?sslmode=verify-full.`);
  }
  if (url.password !== '' || url.searchParams.has('password')) {
    throw new UsageError(
      `--db (ou CAFCHARTE_DB) : l’URL « ${label} » contient un mot de passe, refusé : il serait visible des autres utilisateurs de la machine et resterait dans l’historique. Retirez-le de l’URL et placez-le dans ~/.pgpass (droits 0600) ou dans la variable PGPASSWORD.`,
    );
  }
  const parameters: Parameters = {};
  const decode = (text: string) => {
    try {
      return decodeURIComponent(text);
    } catch {
      throw new UsageError(`--db : « ${label} » contient un encodage % invalide.`);
    }
  };
  if (url.username) parameters.user = decode(url.username);
  // IPv6 hosts come bracketed; node-postgres wants them bare.
  if (url.hostname) parameters.host = decode(url.hostname).replace(/^\[(.*)\]$/, '$1');
  if (url.port) parameters.port = url.port;
  const path = url.pathname.replace(/^\//, '');
  if (path) parameters.dbname = decode(path);
  for (const [key, value] of url.searchParams) {
    if (!(KEYWORDS as readonly string[]).includes(key)) {
      throw new UsageError(`--db : paramètre « ${key} » inconnu dans l’URL ; acceptés : ${KEYWORDS.join(', ')}.`);
    }
    parameters[key as Keyword] = value;
  }
  return parameters;
}

/**
 * A service's parameters: PGSERVICEFILE or ~/.pg_service.conf first, then
 * PGSYSCONFDIR/pg_service.conf, as libpq reads them.
 */
function readService(name: string, origin: string, source: ConnectionSource): Parameters {
  const files = [source.env.PGSERVICEFILE || join(source.home, '.pg_service.conf')];
  if (source.env.PGSYSCONFDIR) files.push(join(source.env.PGSYSCONFDIR, 'pg_service.conf'));
  for (const file of files) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    const found = parseServiceFile(text, name, file);
    if (found) return found;
  }
  throw new UsageError(`--db : le service PostgreSQL « ${name} » (${origin}) n’est défini ni dans ${files.join(' ni dans ')} ; ajoutez une section [${name}] ou corrigez le nom.`);
}

/** The section `name` of a pg_service.conf, or undefined. */
export function parseServiceFile(text: string, name: string, file: string): Parameters | undefined {
  let current: string | undefined;
  let found: Parameters | undefined;
  const lines = text.split(/\r?\n/);
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index]!.trim();
    if (line === '' || line.startsWith('#')) continue;
    const section = /^\[(.+)\]$/.exec(line);
    if (section) {
      if (found) return found;
      current = section[1];
      if (current === name) found = {};
      continue;
    }
    if (current !== name || !found) continue;
    const equals = line.indexOf('=');
    const key = line.slice(0, equals).trim();
    if (equals < 0 || !([...KEYWORDS, 'password'] as string[]).includes(key) || key === 'service') {
      throw new UsageError(`--db : ligne ${index + 1} du fichier de services ${file} illisible (« ${key || line} ») ; attendu mot-clé=valeur parmi ${KEYWORDS.filter((k) => k !== 'service').join(', ')}, password.`);
    }
    found[key as Keyword] = line.slice(equals + 1).trim();
  }
  return found;
}

interface PasswordLookup {
  password?: string;
  /** The file exists but group or others may read it: libpq ignores it, so do we. */
  ignored?: boolean;
}

/** The first matching line of a .pgpass file: host:port:database:user:password, `*` for any. */
export function lookUpPasswordFile(file: string, wanted: { host: string; port: number; database: string; user: string }): PasswordLookup {
  let text: string;
  try {
    const stat = statSync(file);
    if (!stat.isFile()) return {};
    if (process.platform !== 'win32' && (stat.mode & 0o077) !== 0) return { ignored: true };
    text = readFileSync(file, 'utf8');
  } catch {
    return {};
  }
  // A socket connection matches « localhost », as libpq does.
  const hosts = wanted.host.startsWith('/') ? ['localhost', wanted.host] : [wanted.host];
  for (const line of text.split(/\r?\n/)) {
    if (line.trim() === '' || line.startsWith('#')) continue;
    const fields = splitPasswordLine(line);
    if (fields.length < 5) continue;
    const [host, port, database, user] = fields as [string, string, string, string];
    const password = fields.slice(4).join(':');
    const matches = (field: string, values: string[]) => field === '*' || values.includes(field);
    if (matches(host, hosts) && matches(port, [String(wanted.port)]) && matches(database, [wanted.database]) && matches(user, [wanted.user])) {
      return { password };
    }
  }
  return {};
}

/** Splits on unescaped colons; `\:` and `\\` stand for themselves. */
function splitPasswordLine(line: string): string[] {
  const fields: string[] = [];
  let field = '';
  for (let index = 0; index < line.length; index++) {
    const char = line[index]!;
    if (char === '\\' && index + 1 < line.length) {
      field += line[++index];
    } else if (char === ':') {
      fields.push(field);
      field = '';
    } else {
      field += char;
    }
  }
  fields.push(field);
  return fields;
}

/**
 * TLS as libpq means each sslmode: disable (none), allow/prefer (tried, not checked), require
 * (encrypted, not checked — unless a root certificate is given, then as verify-ca), verify-ca
 * (signed by the root certificate), verify-full (signed, and for this host name).
 * sslrootcert=system uses the machine's trusted authorities.
 */
function tlsOptions(mode: SslMode, rootCertSetting: string | undefined, certFile: string | undefined, keyFile: string | undefined, home: string): { ssl: pg.PoolConfig['ssl']; rootCert?: string } {
  if (mode === 'disable') return { ssl: false };
  const defaultRoot = join(home, '.postgresql', 'root.crt');
  const rootCert = rootCertSetting ?? (isFile(defaultRoot) ? defaultRoot : undefined);
  const verifying = mode === 'verify-ca' || mode === 'verify-full' || (mode === 'require' && rootCertSetting !== undefined);
  const options: ConnectionOptions = {};
  if (certFile) options.cert = readSetting(certFile, 'sslcert');
  if (keyFile) options.key = readSetting(keyFile, 'sslkey');
  if (!verifying) return { ssl: { ...options, rejectUnauthorized: false } };
  if (rootCert === undefined) {
    throw new UsageError(
      `--db : sslmode=${mode} vérifie le certificat du serveur, mais aucun certificat racine n’est indiqué (sslrootcert) et ${defaultRoot} n’existe pas ; donnez sslrootcert=CHEMIN (ou sslrootcert=system pour les autorités de la machine).`,
    );
  }
  if (rootCert !== 'system') options.ca = readSetting(rootCert, 'sslrootcert');
  else if (mode !== 'verify-full') throw new UsageError('--db : sslrootcert=system demande sslmode=verify-full (une autorité publique signe les certificats de bien d’autres serveurs).');
  // verify-ca: signed by the authority whatever the name; Node checks the name by default.
  if (mode !== 'verify-full') options.checkServerIdentity = () => undefined;
  return { ssl: options, rootCert };
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

function readSetting(path: string, name: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    throw new UsageError(`--db : ${name} « ${path} » illisible (${(err as NodeJS.ErrnoException).code ?? 'erreur'}) ; vérifiez le chemin et les droits du fichier.`);
  }
}
