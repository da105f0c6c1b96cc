// PostgreSQL writes an import's figures with COPY ... FROM STDIN on the transaction's own
// connection: the rows stream in PostgreSQL's text format, parsed by the server in bulk, where
// INSERT statements cost a parse, a plan and a round trip each batch.
import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import type pg from 'pg';
import copyStreams from 'pg-copy-streams';
import type { Store } from '../engine.js';
import type { FigureColumns, FigureInserter } from '../cafFigureInserter.js';
import { INDICATOR_LABELS } from '../../domain/cafFigures/types.js';
import { transactionClient } from './store.js';

const COPY = 'COPY caf_figures (month, perimeter, indicator, site_section, value, import_id) FROM STDIN';

/**
 * One COPY stays open while figures come, so the server stores rows while the file is still
 * being read; `settle` ends it before any other statement, which the connection could not run
 * during a COPY. A COPY the server refuses (or a lost connection) fails the import, and the
 * transaction's rollback leaves the store as it was.
 */
export class PostgresFigureCopy implements FigureInserter {
  readonly batchSize = 5000;
  readonly onePairPerBatch = false;
  private copy: { stream: copyStreams.CopyStreamQuery; done: Promise<void> } | undefined;
  /** Whether this role may leave the rows' foreign key unchecked during the COPY (asked once). */
  private mayTrustImportId: boolean | undefined;

  constructor(private readonly tx: Store) {}

  async insert(importId: number, batch: FigureColumns): Promise<void> {
    const { stream, done } = this.copy ?? (await this.open());
    if (stream.destroyed) await done; // refused by the server: throws its error
    let text = '';
    const tail = `\t${Math.trunc(importId)}\n`;
    for (let i = 0; i < batch.length; i++) {
      text += `${field(batch.months[i]!)}\t${field(batch.perimeters[i]!)}\t${INDICATOR_LABELS[batch.indicators[i]!]}\t${field(batch.sections[i] ?? '')}\t${batch.values[i]}${tail}`;
    }
    // Backpressure: wait while the socket's buffer is full, so a big file is never all in memory.
    if (!stream.write(text)) await Promise.race([once(stream, 'drain'), done]);
  }

  async settle(): Promise<void> {
    const copy = this.copy;
    if (copy === undefined) return;
    this.copy = undefined;
    copy.stream.end();
    await copy.done;
    if (this.mayTrustImportId) await this.client().query('SET LOCAL session_replication_role = origin');
  }

  abandon(): void {
    // CopyFail makes the server end the COPY with an error, so the connection can roll back.
    this.copy?.stream.destroy(new Error('import abandonné'));
    this.copy = undefined;
  }

  private async open(): Promise<NonNullable<PostgresFigureCopy['copy']>> {
    const client = this.client();
    await this.trustImportId(client);
    const stream = client.query(copyStreams.from(COPY));
    // Listened to from the start: a refusal arriving between two writes must not go unheard.
    const done = finished(stream);
    done.catch(() => undefined);
    this.copy = { stream, done };
    return this.copy;
  }

  private client(): pg.PoolClient {
    const client = transactionClient(this.tx);
    if (client === undefined) throw new Error('COPY needs the import’s transaction');
    return client;
  }

  /**
   * Checking each row's import_id against caf_imports is most of the server's work (6 of 11 s of
   * CPU for a million rows, measured), and needless: every row gets the id of the caf_imports row
   * this transaction inserted just before, which nobody else can see or delete. So, as the SQLite
   * import turns foreign_keys off, the COPY runs with session_replication_role = replica, which
   * fires no trigger, hence no foreign key check, on caf_figures (which has no trigger of its own;
   * CHECK and NOT NULL constraints are not triggers and still hold). Set only around the COPY,
   * every other statement of the transaction runs as usual. Only a role the server lets set it
   * (a superuser, or one granted SET on the parameter) does this; any other role's COPY is
   * checked row by row, as before.
   */
  private async trustImportId(client: pg.PoolClient): Promise<void> {
    if (this.mayTrustImportId === undefined) {
      const { rows } = await client.query<{ may: boolean }>(
        "SELECT current_setting('is_superuser') = 'on' OR has_parameter_privilege('session_replication_role', 'SET') AS may",
      );
      this.mayTrustImportId = rows[0]?.may === true;
    }
    if (this.mayTrustImportId) await client.query('SET LOCAL session_replication_role = replica');
  }
}

/** A value in COPY's text format: backslash, tab, newline and carriage return escaped. */
function field(value: string): string {
  return SPECIAL.test(value) ? value.replace(/[\\\t\n\r]/g, (c) => ESCAPES[c]!) : value;
}
const SPECIAL = /[\\\t\n\r]/;
const ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };
