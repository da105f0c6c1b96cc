// Builds data/noms-personnes.json, the word lists of the personal-data guard (names without
// civility). Run by hand only, when the lists change: `node scripts/build-person-names.mjs
// FAKER_DIR DICT`, where FAKER_DIR holds an installed @faker-js/faker 10 (MIT licence: its
// French locales give the given names and the common metropolitan surnames) and DICT is a
// French word list (Debian's wfrench, /usr/share/dict/french, GPL): a name that is also an
// ordinary lower-case French word ("Pierre", "Rose", "Fontaine") goes to the "ambiguous" lists,
// which the guard only trusts with more evidence. The surnames common in La Réunion and the
// given names usual there are written below by hand.
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const [fakerDir, dictPath = '/usr/share/dict/french'] = process.argv.slice(2);
if (!fakerDir) {
  console.error('usage: node scripts/build-person-names.mjs FAKER_DIR [DICT]');
  process.exit(2);
}
const require = createRequire(join(fakerDir, 'package.json'));
const faker = await import(require.resolve('@faker-js/faker'));

const REUNION_SURNAMES = `
Payet Hoarau Hoareau Grondin Técher Techer Rivière Fontaine Boyer Robert Turpin Lebon Maillot Dijoux
Nativel Lauret Huet Morel Clain Gonthier Sautron Ethève Bègue Damour Adam Baillif Barret Baret Cadet
Dalleau Laurent Léger Mussard Picard Perrault Perreau Thiburce Vienne Bello Mondon Virapoullé Ramassamy
Moutoussamy Nagou Abrousse Ah-Hot Ah-Sing Ah-Chane Ah-Fong Ah-Kiem Ah-Moye Ah-Thion Ah-Time Ah-Van
Ah-Yong Chane-Kune Law-Yen Lan-Sun-Luk Yong-Fong Ollivier Gauvin Grimaud Lebreton Vitry Bertil Boucher
Lefèvre Welmant Valy Vellayoudom Aubry Bénard Bigot Boullé Chaussalet Cerveaux Clotagatide Dambreville
Dennemont Deurveilher Dorseuil Douyère Esparon Folio Gangnant Gigan Gonneau Grenier Hamilcaro Hibon
Idmont Jauffret Lacouture Lafosse Lagourgue Lallemand Lambert Lapierre Laravine Latchimy Lebeau Lebian
Leclerc Lefebvre Legros Lépinay Leperlier Loricourt Madoré Malet Maunier Mazeau Minatchy Moreau
Moutama Narayanin Octave Pausé Pitou Pothin Rabot Ramaye Sadéyen Salomon Savigny Séry Sinapayen Sinimalé
Souprayen Thénor Valentin Vergoz Virama Virapin Actif Albany Allamèle Ardon Arlanda Armoudom Assati
Aupiais Avril Babet Bachelier Bardil Barau Bastide Batou Bègue Belon Bertile Besson Blard Bouchet
Boulanger Bourgeois Boyer Broc Caro Carpaye Catherine Chamand Chan-Way Chassagne Chaulet Chevalier
Cléry Combo Corré Cuvelier Dalbin Daly Damour Darid Dauphin Delatre Derand Despinoy Diomat Domitile
Dupuis Duchemann Éliard Elma Ethève Fabre Fock-Chow Ferrère Folio Fortuné Fredeline Gérard Gigord
Gilles Gonthier Govindin Grosset Guichard Guézello Hoareau Hoair Hoffmann Hubert Hoarau Isautier Jacquemart
Janin Javelle Justine Kichenin Kerbidi Lacpatia Lagarrigue Lai-Yu Laope Latour Lauratet Lebihan
Lecoq Legras Lelièvre Lesport Libel Louise Lucas Magamootoo Mamode Manglou Marianne Marimoutou Mariotti
Maillot Mardé Martinez Mas Mathiot Mavoungou Mété Minienpoullé Mondon Moussa Murin Nababa Nagapin
Naze Noël Nourry Omarjee Ouledi Panechou Parbatia Paulin Payet Pédre Permalnaick Picard Pitou Poleya
Pongérard Porcher Pounoussamy Quatrefages Rabenja Ramin Ramsamy Ratane Razafindrakoto Ricquebourg
Rivière Roche Rochefeuille Rosalie Rouvière Sababadichetty Sabine Sadeyen Sainte-Rose Samouilhan
Sanchez Sauvage Séraphine Serveaux Sicre Sinama Sitouze Soubaya Tamachia Tanguy Taochy Técher Thénor
Thomas Tholozan Tipveau Tournayre Turpin Vaitilingom Valentin Vanaspongue Velia Verdier Vergoz Vidot
Virassamy Visnelda Voilquin Volsan Wolff Zitte Abrousse Adékalom Ah-Son Ajaguin Annette Aroule Asmussen
Badat Bauvais Benard Bertrand Bois Bonnefoy Bourdon Bras Camalon Caniguy Casimir Célestin Chong-Wa
Cochard Collet Coupama Courtois Dambreville Dartron Dasseville Debeaux Delarue Delbos Donnadieu Émilien
Étienne Fégar Fontano Fruteau Gastrin Gobalou Grenier Guichard Guillermin Guirand Hilarion Hoarau
Hossen Ibao Jean-Baptiste Joron Kalidas Lamoly Laroche Laurence Lauret Lebreton Lenclume Magnan
Mangata Martin Maximin Mézino Mouniama Mourgaye Nayagom Néfati Ollivier Pajaniaye Patel Perrault
Petit Philéas Picardo Pierre-Louis Poudroux Puylaurent Quirin Ramalingom Robin Sautron Savriama
Soupramanien Tayllamin Thazar Thiburce Tiburce Timol Vayaboury Vinh-San Zettor`;

const REUNION_GIVEN_NAMES = `
Fabiola Jean-Paul Jean-Claude Jean-Pierre Jean-Luc Jean-Louis Jean-Michel Jean-François Jean-Jacques
Jean-Yves Jean-Hugues Jean-Max Jean-Noël Jean-Philippe Jean-Charles Jean-Bernard Jean-Christophe
Jean-Baptiste Jean-René Jean-Daniel Jean-Guy Jean-Robert Jean-Michaël Jean-Pascal Jean-Emmanuel
Marie-Josée Marie-Claude Marie-France Marie-Paule Marie-Hélène Marie-Christine Marie-Thérèse
Marie-Noëlle Marie-Annick Marie-Line Marie-Laure Marie-Pierre Marie-Rose Marie-Jo Marie-Lise
Marie-Andrée Marie-Odile Marie-Reine Marie-Ange Marie-Claire Marie-Jeanne Marie-Danielle
Marie-Sophie Marie-Nella Anne-Marie Rose-May Rose-Marie Marie-Michèle José Josie Josette Jocelyne
Sully Nella Judith Priscilla Priscillia Lindsay Cindy Wendy Jenny Jessy Jessie Kelly Kimberley
Loïc Mickaël Mickael Michaël Johnny Willy Freddy Teddy Jimmy Ludovic Steeve Steve Stéphane Gino Dimitri
Yannick Yannis Warren Kévin Kevin Dylan Jordan Killian Kylian Noa Maëva Maeva Océane Anaïs Ilona Inaya
Lorenzo Enzo Mathéo Timothée Bryan Brandon Mégane Morgane Sullivan Tony Rudy Rudolph Mario Harry
Alix Gilberte Ginette Huguette Raymonde Josiane Lucette Odette Lucienne Marcelle Ghislaine Roselyne
Sabrina Samia Yasmina Fatima Zaïnaba Anlia Faïza Naïma Ibrahim Moussa Soilihi Mohamadi Ahamada Zaïna`;

const words = (s) => s.split(/\s+/).filter(Boolean);
const normalize = (w) => w.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/’/g, "'");

const dictionary = new Set(readFileSync(dictPath, 'utf8').split('\n').filter((w) => w && w === w.toLowerCase()).map(normalize));
// Words a remark uses often that the dictionary spells differently or lacks.
for (const w of ['mars', 'avril', 'mai', 'juin', 'internet', 'caf', 'max', 'bob', 'ali', 'mme', 'mlle']) dictionary.add(w);

const given = new Set();
const surnames = new Set();
const reunion = new Set(words(REUNION_SURNAMES).map(normalize));
for (const locale of ['fakerFR', 'fakerFR_CA', 'fakerFR_BE', 'fakerFR_CH', 'fakerFR_LU']) {
  const person = faker[locale].rawDefinitions.person;
  for (const list of Object.values(person.first_name ?? {})) for (const n of list) given.add(normalize(n));
  for (const list of Object.values(person.last_name ?? {})) for (const n of Array.isArray(list) ? list : []) for (const part of n.split(' ')) surnames.add(normalize(part));
}
for (const n of words(REUNION_GIVEN_NAMES)) given.add(normalize(n));
for (const n of reunion) surnames.add(n);

// Dictionary words that a remark hardly ever uses in their ordinary sense: names first.
const NAMES_FIRST = new Set(words(`grondin maillot begue leger jean marie louis marc laurent julien olivier richard guillaume
  benoit bernard mathieu pascal patrice serge regis rene romain virginie jacqueline jacques joseph charlotte laura madeleine
  denis sylvain clement maxime valentin augustin germain jeremie claude henry morgane brandon germaine jeanne louise
  josette paulette veronique mathurin eustache honore martin picard robin moreau fournier mercier meunier rousseau rosalie
  sabine aubin thais lise alphonse auguste augustine berthe clarisse clementine colin cesar doris elise emir gloria jenny
  jules leonard lorraine maria marina melodie olympe patrice romane rosa rosie sylvestre tommy victoria victorien
  barbier berger boucher boulanger bourgeois charpentier chevalier collet courtois marchand meunier poirier renard
  roche gaillard guyot jacquet maillard moulin cerveaux javelle`.replace(/\n/g, ' ')));
// Not names in a remark: Réunion communes are "Saint-Paul", "Sainte-Marie" (the guard skips what
// follows Saint/Sainte), "France" is France Travail or France Services, the rest are short words.
const NEVER = new Set(words('france can al ed wm da von toy nil rim orn fay kub pat ben sue van don el dan ira jan de le'));
const split = (set, keep) => [...set].filter((w) => w.length >= 2 && !NEVER.has(w) && keep(w)).sort();
const ambiguous = (w) => dictionary.has(w) && !NAMES_FIRST.has(w);
const out = {
  _source:
    'Prénoms et noms de famille français : @faker-js/faker 10 (licence MIT), locales fr ; noms courants à La Réunion et prénoms usuels : liste établie à la main ; mots courants : wfrench (Debian). Regénérer : node scripts/build-person-names.mjs.',
  prenoms: split(given, (w) => !ambiguous(w)),
  prenomsMotsCourants: split(given, ambiguous),
  nomsReunion: split(reunion, (w) => !ambiguous(w)),
  noms: split(surnames, (w) => !reunion.has(w) && !ambiguous(w)),
  nomsMotsCourants: split(surnames, ambiguous),
};
writeFileSync(new URL('../data/noms-personnes.json', import.meta.url), JSON.stringify(out, null, 0).replace(/\],"/g, '],\n"') + '\n');
console.log(Object.entries(out).map(([k, v]) => `${k}: ${Array.isArray(v) ? v.length : ''}`).join(', '));
