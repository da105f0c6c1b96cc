#!/usr/bin/env node
// Generates a deterministic CSV of N CAF figure rows in the import format, for measuring
// `cafcharte stats import`. Same N, same bytes: values come from a fixed-seed LCG.
//   node bench/gen-caf-csv.mjs 1000000 > /tmp/caf-1m.csv
//   node bench/gen-caf-csv.mjs 1000000 --out /tmp/caf-1m.csv
// Every (month, perimeter, indicator, rubrique) key is unique, so the file imports cleanly.
import { createWriteStream } from 'node:fs';

const args = process.argv.slice(2);
const rows = Number(args.find((arg) => /^\d+$/.test(arg)) ?? 1000);
const outIndex = args.indexOf('--out');
const out = outIndex >= 0 ? createWriteStream(args[outIndex + 1]) : process.stdout;

const perimeters = [
  'Territoire Sud', "L'Étang-Salé", 'Les Avirons', 'Saint-Louis', "L'Entre-Deux", 'Cilaos',
  'Saint-Pierre', 'Le Tampon', 'Petite-Île', 'Saint-Joseph', 'Saint-Philippe',
];
const baseSections = ['Mon Compte', 'Mes démarches', 'Aides et démarches', 'Mes paiements', 'Mon attestation', 'Déclarer mes ressources'];
// 100 sections: enough that 1,000,000 rows fit in the years the parser accepts.
const sections = Array.from({ length: 100 }, (_, i) => baseSections[i] ?? `Rubrique ${String(i).padStart(3, '0')}`);

let seed = 20260701;
const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648);

let buffer = 'mois;perimetre;indicateur;rubrique;valeur\n';
let written = 0;
let monthIndex = 0;
outer: for (;;) {
  const year = 2000 + Math.floor(monthIndex / 12);
  const month = String((monthIndex % 12) + 1).padStart(2, '0');
  for (const perimeter of perimeters) {
    const lines = [`${year}-${month};${perimeter};consultations;;${next() % 50000}`, `${year}-${month};${perimeter};teledeclarations;;${next() % 5000}`];
    for (const section of sections) lines.push(`${year}-${month};${perimeter};rubrique;${section};${next() % 9000}`);
    for (const line of lines) {
      if (written === rows) break outer;
      buffer += line + '\n';
      written++;
      if (buffer.length > 1 << 20) {
        out.write(buffer);
        buffer = '';
      }
    }
  }
  monthIndex++;
}
out.write(buffer);
if (out !== process.stdout) out.end();
