// PostgreSQL writes an import's figures with COPY ... FROM STDIN on the transaction's own
// connection: the rows stream in PostgreSQL's text format, parsed by the server in bulk, where
// INSERT statements cost a parse, a plan and a round trip each batch.
import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import copyStreams from 'pg-copy-streams';
import type { Store } from '../engine.js';
import type { FigureColumns, FigureInserter } from '../cafFigureInserter.js';
import { INDICATOR_LABELS } from '../../domain/cafFigures/types.js';
import { transactionClient } from './transactions.js';

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

  constructor(private readonly tx: Store) {}

  async insert(importId: number, batch: FigureColumns): Promise<void> {
    const { stream, done } = this.copy ?? this.open();
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
  }

  abandon(): void {
    // CopyFail makes the server end the COPY with an error, so the connection can roll back.
    this.copy?.stream.destroy(new Error('import abandonné'));
    this.copy = undefined;
  }

  private open(): NonNullable<PostgresFigureCopy['copy']> {
    const client = transactionClient(this.tx);
    if (client === undefined) throw new Error('COPY needs the import’s transaction');
    const stream = client.query(copyStreams.from(COPY));
    // Listened to from the start: a refusal arriving between two writes must not go unheard.
    const done = finished(stream);
    done.catch(() => undefined);
    this.copy = { stream, done };
    return this.copy;
  }
}

/** A value in COPY's text format: backslash, tab, newline and carriage return escaped. */
function field(value: string): string {
  return SPECIAL.test(value) ? value.replace(/[\\\t\n\r]/g, (c) => ESCAPES[c]!) : value;
}
const SPECIAL = /[\\\t\n\r]/;
const ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };
