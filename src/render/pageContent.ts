// pdfkit turns each drawing operator into its own small Buffer as it is written: a dozen per
// line of text (text object, position, font, glyphs, marked content, colour), hundreds of
// thousands for the tagged report of a busy semester, all to be collected again. Here a page's
// operators are kept as text and turned into bytes once, when the page's content ends: the same
// bytes (pdfkit writes each operator in 'binary', followed by a line end), far fewer objects.

/** What this module uses of a page's content stream (a PDFReference in pdfkit's sources). */
interface ContentStream {
  write(chunk: unknown): unknown;
  finalize(): unknown;
}

function writeAtOnce(content: ContentStream): void {
  const pending: string[] = [];
  const write = content.write.bind(content);
  const finalize = content.finalize.bind(content);
  const flush = () => {
    if (pending.length === 0) return;
    // pdfkit would have written each as `chunk + '\n'`: joined, the last line end is its own.
    write(pending.join('\n'));
    pending.length = 0;
  };
  content.write = (chunk: unknown) => {
    if (chunk instanceof Uint8Array) {
      flush();
      return write(chunk);
    }
    pending.push(`${chunk as string}`);
    return undefined;
  };
  content.finalize = () => {
    flush();
    return finalize();
  };
}

/** Every page `doc` adds from now on keeps its operators as text until the page ends. */
export function writePageContentAtOnce(doc: PDFKit.PDFDocument): void {
  doc.on('pageAdded', () => writeAtOnce((doc.page as unknown as { content: ContentStream }).content));
}
