// An XLSX whose zip lies about its sizes: its sheet declares 1 KB and inflates to hundreds of
// megabytes. The real inflated bytes are bounded while inflating (never the declared ones
// trusted), the import stops with exit 2 and a French message, and the store is unchanged.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { constants, createDeflateRaw } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { tempDb, tempDir } from '../harness.js';
import { cli, FULL, logicalDump } from './support.js';

/** Deflates `megabytes` of one repeated byte, a megabyte at a time (the input is never held whole). */
async function deflatedZeros(megabytes: number): Promise<Buffer> {
  const deflate = createDeflateRaw({ level: constants.Z_BEST_COMPRESSION });
  const parts: Buffer[] = [];
  deflate.on('data', (chunk: Buffer) => parts.push(chunk));
  const done = new Promise((resolve) => deflate.on('end', resolve));
  const megabyte = Buffer.alloc(1024 * 1024, 0x41);
  for (let i = 0; i < megabytes; i++) if (!deflate.write(megabyte)) await new Promise((resolve) => deflate.once('drain', resolve));
  deflate.end();
  await done;
  return Buffer.concat(parts);
}

/** A zip of deflated entries, each with the uncompressed size it declares (in both headers). */
function zip(entries: { name: string; data: Buffer; declared: number }[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(entry.data.length, 18);
    local.writeUInt32LE(entry.declared, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(entry.data.length, 20);
    central.writeUInt32LE(entry.declared, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, entry.data);
    centrals.push(central, name);
    offset += 30 + name.length + entry.data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

describe('an XLSX whose zip lies about its sizes', () => {
  it('is refused with exit 2 after inflating no more than it declared, the store unchanged', async () => {
    // 256 MB (2 GB in the full run) declared as 1 KB. Before the bound, the whole sheet was
    // inflated into memory: a heap of 200 MB (the child's limit below) died with exit 134.
    const megabytes = FULL ? 2048 : 256;
    const types = Buffer.from('<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>');
    const { deflateRawSync } = await import('node:zlib');
    const bytes = zip([
      { name: '[Content_Types].xml', data: deflateRawSync(types), declared: types.length },
      { name: 'xl/worksheets/sheet1.xml', data: await deflatedZeros(megabytes), declared: 1024 },
    ]);
    const path = join(tempDir(), 'menteur.xlsx');
    writeFileSync(path, bytes);
    const db = tempDb();
    expect(cli(['--db', db, 'check']).code).toBe(0); // creates the store
    const before = logicalDump(db);
    const r = cli(['--db', db, 'stats', 'import', path], { env: { NODE_OPTIONS: '--max-old-space-size=200' } });
    expect(r.signal).toBeNull();
    expect(r.stderr.replace(/[\u00a0\u202f]/g, ' ')).toBe(
      'Erreur : « menteur.xlsx » : classeur XLSX refusé : une entrée de l’archive se décompresse en plus que sa taille annoncée (archive piégée ?)\n',
    );
    expect(r.code).toBe(2);
    expect(logicalDump(db)).toBe(before);
  }, 120_000);
});
