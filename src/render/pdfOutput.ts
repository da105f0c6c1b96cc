// pdfkit writes a document object by object, each line of it (`12 0 obj`, its dictionary,
// `endobj`) as its own small Buffer pushed through the stream: the tagged report of a busy
// semester has tens of thousands of structure elements, so hundreds of thousands of Buffers to
// make, push and collect. Here the lines are kept as text and turned into bytes in blocks of
// about 64 KB: the same bytes in the same order (pdfkit writes each line in 'binary', followed
// by a line end), and the same byte offsets for the cross-reference table, which pdfkit counts
// as it writes.

/** What this module uses of a pdfkit document's output side (PDFDocument in pdfkit's sources). */
interface DocumentOutput {
  _write(data: unknown): void;
  push(chunk: unknown): boolean;
  _offset: number;
}

const BLOCK = 64 * 1024;

/** Makes `doc` write its lines in blocks; call before anything is written but the header. */
export function writeDocumentInBlocks(doc: PDFKit.PDFDocument): void {
  const output = doc as unknown as DocumentOutput;
  const push = output.push.bind(output);
  const pending: string[] = [];
  let pendingBytes = 0;
  const flush = () => {
    if (pending.length === 0) return;
    // pdfkit would have written each as `line + '\n'`.
    pending.push('');
    push(Buffer.from(pending.join('\n'), 'binary'));
    pending.length = 0;
    pendingBytes = 0;
  };
  output._write = (data: unknown) => {
    if (Buffer.isBuffer(data)) {
      flush();
      push(data);
      output._offset += data.length;
      return;
    }
    const line = `${data as string}`;
    pending.push(line);
    // One byte per character in 'binary', plus the line end.
    output._offset += line.length + 1;
    pendingBytes += line.length + 1;
    if (pendingBytes >= BLOCK) flush();
  };
  // The end of the document (null) comes after its last line.
  output.push = (chunk: unknown) => {
    if (chunk === null) flush();
    return push(chunk);
  };
}
