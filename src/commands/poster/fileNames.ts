// Safe file names for posters: ASCII only, so they survive USB keys, mail and old printers.

/** "Médiathèque du Tampon" -> "mediatheque-du-tampon"; empty when nothing usable is left. */
export function slugify(text: string): string {
  return text
    .replace(/œ/g, 'oe')
    .replace(/Œ/g, 'OE')
    .replace(/æ/g, 'ae')
    .replace(/Æ/g, 'AE')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '');
}

/** "affiche-<slug>.<ext>", made unique among the names already taken (same-named places). */
export function posterFileName(place: { id: number; name: string }, extension: string, taken: Set<string>): string {
  const slug = slugify(place.name) || `lieu-${place.id}`;
  let name = `affiche-${slug}.${extension}`;
  if (taken.has(name)) name = `affiche-${slug}-${place.id}.${extension}`;
  taken.add(name);
  return name;
}
