// One entry for the three document formats; each writer (and its library) loads only when asked.
import type { Block } from './markup.js';

export const DOCUMENT_FORMATS = ['docx', 'odt', 'pdf'] as const;
export type DocumentFormat = (typeof DOCUMENT_FORMATS)[number];

/** What a document says about itself (file properties). */
export interface DocumentMeta {
  title: string;
  subject: string;
  /** Creation date, from the context clock. */
  date: Date;
  /** Files carried inside the document where the format allows it (PDF attachments). */
  attachments?: { name: string; data: Buffer; description: string }[];
}

export async function renderDocument(blocks: Block[], format: DocumentFormat, meta: DocumentMeta): Promise<Buffer> {
  switch (format) {
    case 'docx':
      return (await import('./docx.js')).renderDocx(blocks, meta);
    case 'odt':
      return (await import('./odt.js')).renderOdt(blocks, meta);
    case 'pdf':
      return (await import('./pdf.js')).renderDocumentPdf(blocks, meta);
  }
}
