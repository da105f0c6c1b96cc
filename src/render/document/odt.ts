// Blocks as an OpenDocument text (LibreOffice's own format): content.xml and styles.xml written
// here, every text through escapeXml, zipped by jszip with the uncompressed `mimetype` entry
// first, as ODF 1.2 §3.3 requires for a file to be recognised.
import { escapeXml } from '../xml.js';
import type { Block, Run } from './markup.js';
import type { DocumentMeta } from './index.js';

const NS =
  'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" ' +
  'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" ' +
  'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" ' +
  'xmlns:dc="http://purl.org/dc/elements/1.1/" office:version="1.2"';

function runsXml(runs: Run[]): string {
  return runs.map((r) => (r.bold ? `<text:span text:style-name="Gras">${escapeXml(r.text)}</text:span>` : escapeXml(r.text))).join('');
}

function linesXml(lines: Run[][]): string {
  return lines.map(runsXml).join('<text:line-break/>');
}

export function odtContent(blocks: Block[]): string {
  let tables = 0;
  const body = blocks
    .map((block) => {
      switch (block.kind) {
        case 'title':
          return `<text:h text:style-name="Title" text:outline-level="1">${runsXml(block.runs)}</text:h>`;
        case 'heading':
          return `<text:h text:style-name="Heading_20_2" text:outline-level="2">${runsXml(block.runs)}</text:h>`;
        case 'paragraph':
          return `<text:p text:style-name="Corps">${linesXml(block.lines)}</text:p>`;
        case 'bullet':
          return `<text:list><text:list-item><text:p text:style-name="Corps">${runsXml(block.runs)}</text:p></text:list-item></text:list>`;
        case 'quote':
          return `<text:p text:style-name="Citation">${linesXml(block.lines)}</text:p>`;
        case 'table': {
          const columns = Math.max(...[block.header ?? [], ...block.rows].map((r) => r.length), 1);
          const row = (cells: Run[][], header: boolean) =>
            `<table:table-row>${cells
              .map((c) => `<table:table-cell table:style-name="Cellule" office:value-type="string"><text:p text:style-name="${header ? 'EnTete' : 'Corps'}">${runsXml(c)}</text:p></table:table-cell>`)
              .join('')}</table:table-row>`;
          const head = block.header ? `<table:table-header-rows>${row(block.header, true)}</table:table-header-rows>` : '';
          return `<table:table table:name="Tableau${++tables}" table:style-name="Tableau"><table:table-column table:number-columns-repeated="${columns}"/>${head}${block.rows.map((r) => row(r, false)).join('')}</table:table>`;
        }
      }
    })
    .join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>
<office:document-content ${NS}>
<office:automatic-styles>
<style:style style:name="Gras" style:family="text"><style:text-properties fo:font-weight="bold"/></style:style>
<style:style style:name="Tableau" style:family="table"><style:table-properties style:width="17cm" table:align="margins"/></style:style>
<style:style style:name="Cellule" style:family="table-cell"><style:table-cell-properties fo:padding="0.1cm" fo:border="0.5pt solid #000000"/></style:style>
</office:automatic-styles>
<office:body><office:text>
${body}
</office:text></office:body>
</office:document-content>
`;
}

const STYLES = `<?xml version="1.0" encoding="UTF-8"?>
<office:document-styles ${NS}>
<office:styles>
<style:default-style style:family="paragraph"><style:text-properties style:font-name="Liberation Sans" fo:font-family="'Liberation Sans', Arial" fo:font-size="11pt" fo:language="fr" fo:country="FR"/></style:default-style>
<style:style style:name="Corps" style:family="paragraph"><style:paragraph-properties fo:margin-bottom="0.25cm"/></style:style>
<style:style style:name="EnTete" style:family="paragraph" style:parent-style-name="Corps"><style:text-properties fo:font-weight="bold"/></style:style>
<style:style style:name="Citation" style:family="paragraph" style:parent-style-name="Corps"><style:paragraph-properties fo:margin-left="1cm" fo:margin-right="1cm"/><style:text-properties fo:font-style="italic"/></style:style>
<style:style style:name="Title" style:family="paragraph" style:default-outline-level="1"><style:paragraph-properties fo:margin-bottom="0.4cm" fo:text-align="center"/><style:text-properties fo:font-size="16pt" fo:font-weight="bold"/></style:style>
<style:style style:name="Heading_20_2" style:display-name="Heading 2" style:family="paragraph" style:default-outline-level="2"><style:paragraph-properties fo:margin-top="0.4cm" fo:margin-bottom="0.2cm" fo:keep-with-next="always"/><style:text-properties fo:font-size="13pt" fo:font-weight="bold"/></style:style>
</office:styles>
<office:automatic-styles><style:page-layout style:name="A4"><style:page-layout-properties fo:page-width="21cm" fo:page-height="29.7cm" fo:margin-top="2cm" fo:margin-bottom="2cm" fo:margin-left="2cm" fo:margin-right="2cm"/></style:page-layout></office:automatic-styles>
<office:master-styles><style:master-page style:name="Standard" style:page-layout-name="A4"><style:footer><text:p>Page <text:page-number text:select-page="current"/> / <text:page-count/></text:p></style:footer></style:master-page></office:master-styles>
</office:document-styles>
`;

function metaXml(meta: DocumentMeta): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<office:document-meta ${NS}><office:meta><dc:title>${escapeXml(meta.title)}</dc:title><dc:subject>${escapeXml(meta.subject)}</dc:subject><dc:language>fr-FR</dc:language><meta:generator>cafcharte</meta:generator></office:meta></office:document-meta>
`;
}

const MANIFEST = `<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">
<manifest:file-entry manifest:full-path="/" manifest:version="1.2" manifest:media-type="application/vnd.oasis.opendocument.text"/>
<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>
<manifest:file-entry manifest:full-path="styles.xml" manifest:media-type="text/xml"/>
<manifest:file-entry manifest:full-path="meta.xml" manifest:media-type="text/xml"/>
</manifest:manifest>
`;

export async function renderOdt(blocks: Block[], meta: DocumentMeta): Promise<Buffer> {
  const { default: JSZip } = await import('jszip');
  const zip = new JSZip();
  // A fixed date keeps the bytes the same for the same document (JSZip stamps "now" otherwise).
  const date = meta.date;
  zip.file('mimetype', 'application/vnd.oasis.opendocument.text', { compression: 'STORE', date });
  zip.file('content.xml', odtContent(blocks), { date });
  zip.file('styles.xml', STYLES, { date });
  zip.file('meta.xml', metaXml(meta), { date });
  zip.file('META-INF/manifest.xml', MANIFEST, { date });
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', mimeType: 'application/vnd.oasis.opendocument.text' });
}
