// Who may do what in the territory store, said to PostgreSQL itself: three group roles, their
// GRANTs, row-level security on the logbook and authors set by the database. PostgreSQL
// enforces it for every client, the tool and `psql` alike; the tool only explains refusals.
import { sql } from 'kysely';
import { ConflictError, NotFoundError, UsageError } from '../../errors.js';
import type { Store } from '../engine.js';
import { scramVerifier } from './scram.js';

export type Group = 'coordination' | 'animation' | 'lecture';
export const GROUPS: readonly Group[] = ['coordination', 'animation', 'lecture'];

/** The PostgreSQL role of a group. */
export function groupRole(group: Group): string {
  return `cafcharte_${group}`;
}

/** Tables whose `author` the database sets to the role that writes the row. */
const AUTHORED_TABLES = ['logbook_entries', 'logbook_history', 'session_history', 'commissioning_visits', 'purge_journal'];

/**
 * What animation writes beyond reading: logbook entries (its own, by row-level security) and
 * their history, seats booked and cancelled and the session's history of them. Columns an
 * animator may change are listed by what they may not: who wrote a row and when it was made.
 */
const ANIMATION_INSERTS = ['logbook_entries', 'logbook_history', 'bookings', 'session_history'];
const ANIMATION_UPDATES: Record<string, { except: string[] }> = {
  logbook_entries: { except: ['id', 'author', 'created_at'] },
  bookings: { except: ['id', 'session_id', 'created_at'] },
};

const IDENTIFIER = /^[a-z][a-z0-9_]{1,62}$/;

/** A login as PostgreSQL keeps it unquoted: lower case letters, digits, underscore. */
export function checkLogin(login: string): string {
  if (!IDENTIFIER.test(login) || login.startsWith('pg_') || login.startsWith('cafcharte_')) {
    throw new UsageError(
      `--identifiant : « ${login} » n’est pas un identifiant possible ; attendu 2 à 63 caractères, lettres minuscules sans accent, chiffres ou « _ », commençant par une lettre (ni « pg_ » ni « cafcharte_ »), par exemple « mpayet ».`,
    );
  }
  return login;
}

async function statements(store: Store, texts: string[]): Promise<void> {
  for (const text of texts) await store.run(sql.raw(text));
}

/**
 * Creates (or brings up to date) the groups, their rights, the row-level security of the logbook
 * and the author triggers. Idempotent: run again after an upgrade adds tables.
 */
export async function initTerritory(store: Store): Promise<void> {
  await store.transaction(async (tx) => {
    const database = (await tx.one(sql<{ name: string }>`SELECT current_database() AS name`))!.name;
    const quotedDb = `"${database.replaceAll('"', '""')}"`;
    const texts: string[] = [];
    for (const group of GROUPS) {
      const role = groupRole(group);
      texts.push(`DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '${role}') THEN CREATE ROLE ${role} NOLOGIN; END IF; END $$`);
      texts.push(`GRANT CONNECT ON DATABASE ${quotedDb} TO ${role}`, `GRANT USAGE ON SCHEMA public TO ${role}`, `GRANT SELECT ON ALL TABLES IN SCHEMA public TO ${role}`);
    }
    const coordination = groupRole('coordination');
    const animation = groupRole('animation');
    texts.push(
      `GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${coordination}`,
      `GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ${coordination}, ${animation}`,
      `GRANT INSERT ON ${ANIMATION_INSERTS.join(', ')} TO ${animation}`,
      // The schema's own bookkeeping is the owner's: nobody else migrates.
      `REVOKE INSERT, UPDATE, DELETE ON cafcharte_migrations FROM ${coordination}`,
    );
    for (const [table, { except }] of Object.entries(ANIMATION_UPDATES)) {
      const columns = await tx.all(
        sql<{ name: string }>`SELECT column_name AS name FROM information_schema.columns WHERE table_schema = 'public' AND table_name = ${table} ORDER BY ordinal_position`,
      );
      const allowed = columns.map((c) => c.name).filter((name) => !except.includes(name));
      texts.push(`GRANT UPDATE (${allowed.join(', ')}) ON ${table} TO ${animation}`);
    }
    // Row-level security: everyone reads the logbook; an animator adds and changes only the
    // entries it wrote (its author is immutable to it: no UPDATE right on that column).
    texts.push(
      'ALTER TABLE logbook_entries ENABLE ROW LEVEL SECURITY',
      'DROP POLICY IF EXISTS lecture ON logbook_entries',
      'DROP POLICY IF EXISTS coordination ON logbook_entries',
      'DROP POLICY IF EXISTS animation_ajout ON logbook_entries',
      'DROP POLICY IF EXISTS animation_modification ON logbook_entries',
      'CREATE POLICY lecture ON logbook_entries FOR SELECT USING (true)',
      `CREATE POLICY coordination ON logbook_entries FOR ALL TO ${coordination} USING (true) WITH CHECK (true)`,
      `CREATE POLICY animation_ajout ON logbook_entries FOR INSERT TO ${animation} WITH CHECK (author = current_user)`,
      `CREATE POLICY animation_modification ON logbook_entries FOR UPDATE TO ${animation} USING (true) WITH CHECK (author = current_user)`,
    );
    // The author is the role that writes, whatever a client sends; only the database owner
    // (who copies a whole store in) keeps the authors it brings.
    texts.push(`CREATE OR REPLACE FUNCTION cafcharte_author() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NOT pg_has_role(current_user, (SELECT datdba FROM pg_database WHERE datname = current_database()), 'MEMBER') THEN
          NEW.author := current_user;
        END IF;
        RETURN NEW;
      END $$`);
    for (const table of AUTHORED_TABLES) {
      texts.push(`DROP TRIGGER IF EXISTS ${table}_author ON ${table}`, `CREATE TRIGGER ${table}_author BEFORE INSERT ON ${table} FOR EACH ROW EXECUTE FUNCTION cafcharte_author()`);
    }
    // Tables a later version adds are readable by all, writable by coordination.
    texts.push(
      `ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT ON TABLES TO ${GROUPS.map(groupRole).join(', ')}`,
      `ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT INSERT, UPDATE, DELETE ON TABLES TO ${coordination}`,
      `ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO ${coordination}, ${animation}`,
    );
    await statements(tx, texts);
  });
}

export interface Person {
  login: string;
  name: string;
  group: Group | null;
  canLogin: boolean;
}

/** Logins that belong to a cafcharte group (or belonged: a removed person keeps its name). */
export async function listPeople(store: Store): Promise<Person[]> {
  const rows = await store.all(sql<{ login: string; comment: string | null; groups: string | null; can_login: boolean }>`
    SELECT r.rolname AS login, shobj_description(r.oid, 'pg_authid') AS comment, r.rolcanlogin AS can_login,
           (SELECT string_agg(g.rolname, ',' ORDER BY g.rolname) FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid
             WHERE m.member = r.oid AND g.rolname LIKE 'cafcharte\\_%') AS groups
    FROM pg_roles r
    WHERE shobj_description(r.oid, 'pg_authid') LIKE 'cafcharte : %'
    ORDER BY r.rolname`);
  return rows.map((row) => ({
    login: row.login,
    name: (row.comment ?? '').replace(/^cafcharte : /, ''),
    group: (GROUPS.find((g) => (row.groups ?? '').split(',').includes(groupRole(g))) ?? null),
    canLogin: row.can_login,
  }));
}

/** The groups must exist: `territoire init` first. */
async function requireGroups(store: Store): Promise<void> {
  const found = await store.all(sql<{ rolname: string }>`SELECT rolname FROM pg_roles WHERE rolname IN (${sql.join(GROUPS.map(groupRole))})`);
  if (found.length < GROUPS.length) {
    throw new UsageError('les rôles du territoire n’existent pas encore sur ce serveur : le propriétaire de la base lance d’abord « cafcharte territoire init ».');
  }
}

/** Creates a login in its group; the password, if given, is sent as a SCRAM verifier only. */
export async function addPerson(store: Store, person: { login: string; name: string; group: Group; password?: string }): Promise<void> {
  await requireGroups(store);
  const exists = await store.one(sql<{ rolname: string }>`SELECT rolname FROM pg_roles WHERE rolname = ${person.login}`);
  if (exists) throw new ConflictError(`--identifiant : le rôle « ${person.login} » existe déjà sur ce serveur.`);
  // Utility statements take no parameters: the login was checked against IDENTIFIER, the comment
  // and the verifier are quoted as literals.
  const comment = `'cafcharte : ${person.name.replaceAll("'", "''")}'`;
  const texts = [`CREATE ROLE ${checkLogin(person.login)} LOGIN IN ROLE ${groupRole(person.group)}`, `COMMENT ON ROLE ${person.login} IS ${comment}`];
  if (person.password !== undefined) texts.push(`ALTER ROLE ${person.login} PASSWORD '${scramVerifier(person.password)}'`);
  await store.transaction((tx) => statements(tx, texts));
}

/** Takes the login and its group away; its rows keep its name as their author. */
export async function removePerson(store: Store, login: string): Promise<Person> {
  const person = (await listPeople(store)).find((p) => p.login === checkLogin(login));
  if (!person) throw new NotFoundError(`--identifiant : aucune personne « ${login} » dans le territoire (voyez « cafcharte territoire personnes list »).`);
  const texts = [`ALTER ROLE ${login} NOLOGIN`, ...GROUPS.map((g) => `REVOKE ${groupRole(g)} FROM ${login}`)];
  await store.transaction((tx) => statements(tx, texts));
  return person;
}

/** The connected role and its cafcharte group (the most powerful one it belongs to). */
export async function whoAmI(store: Store): Promise<{ role: string; group: Group | null; owner: boolean }> {
  const row = (await store.one(
    sql<{ role: string; groups: string | null; owner: boolean }>`
      SELECT current_user AS role,
             pg_has_role(current_user, (SELECT datdba FROM pg_database WHERE datname = current_database()), 'MEMBER') AS owner,
             (SELECT string_agg(rolname, ',') FROM pg_roles WHERE rolname LIKE 'cafcharte\\_%' AND pg_has_role(current_user, oid, 'MEMBER')) AS groups`,
  ))!;
  const groups = (row.groups ?? '').split(',');
  return { role: row.role, owner: row.owner, group: GROUPS.find((g) => groups.includes(groupRole(g))) ?? null };
}
