// Typed errors. Commands throw them; src/main.ts is the one place that turns them into
// exit codes and French messages (the table is in the README, section « Codes de sortie »).

/** The documented exit codes. */
export const ExitCode = {
  ok: 0,
  internal: 1,
  usage: 2,
  notFound: 3,
  conflict: 4,
  personalData: 5,
  rightsRefused: 6,
  serverUnreachable: 7,
  accessRefused: 8,
  certificateRefused: 9,
  checkFound: 10,
  cancelled: 130,
} as const;

/** Base of every error whose message is written for the user, in French. */
export abstract class UserError extends Error {
  abstract readonly exitCode: number;
  /** Extra lines shown after the message (the conflicting session, the masked text...). */
  details: string[] = [];
  withDetails(lines: string[]): this {
    this.details = lines;
    return this;
  }
}

/** Bad usage or bad input: a flag, a date, a file. Exit 2. */
export class UsageError extends UserError {
  readonly exitCode = ExitCode.usage;
}

/** Something named does not exist (place, session, entry). Exit 3. */
export class NotFoundError extends UserError {
  readonly exitCode = ExitCode.notFound;
}

/** Overlap, full session, duplicate, state that forbids the action. Exit 4. */
export class ConflictError extends UserError {
  readonly exitCode = ExitCode.conflict;
}

/** A free-text field holds personal data (charter art. 12). Exit 5. */
export class PersonalDataError extends UserError {
  readonly exitCode = ExitCode.personalData;
}

/**
 * The territory store refused the action to the database role (PostgreSQL GRANTs and row-level
 * security): the message names the role, the action and who may do it. Exit 6.
 */
export class RightsError extends UserError {
  readonly exitCode = ExitCode.rightsRefused;
}

/**
 * The machine refused what the command needed (full disk, read-only store): nothing the user
 * typed was wrong. Exit 1, with a message that says what to do.
 */
export class SystemError extends UserError {
  readonly exitCode = ExitCode.internal;
}

/** The PostgreSQL server of --db does not answer (down, wrong host or port, firewall). Exit 7. */
export class UnreachableError extends UserError {
  readonly exitCode = ExitCode.serverUnreachable;
}

/** The PostgreSQL server refused the role: wrong or missing password, unknown role, no right. Exit 8. */
export class AccessRefusedError extends UserError {
  readonly exitCode = ExitCode.accessRefused;
}

/** The TLS connection to the PostgreSQL server failed: certificate not trusted, wrong name, no TLS. Exit 9. */
export class CertificateError extends UserError {
  readonly exitCode = ExitCode.certificateRefused;
}

/** The user cancelled at a prompt (Ctrl-C or « non » to the final confirmation). */
export class Cancelled extends UserError {
  readonly exitCode = ExitCode.cancelled;
  constructor(message = 'opération annulée : rien n’a été enregistré.') {
    super(message);
  }
}

/**
 * A schema change that could not be applied. Not a UserError: nothing the user typed caused it,
 * so main.ts reports it with the internal-error exit code. Here rather than in store/migrate.ts
 * so that reporting it does not load the store's code.
 */
export class MigrationError extends Error {}
