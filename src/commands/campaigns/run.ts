// The work of `cafcharte campagnes`: record campaigns and deliveries, show what each place got.
import type { Ctx } from '../../context.js';
import { UsageError } from '../../errors.js';
import { formatDateFr, formatDateShortFr, parseDate, timestampInReunion } from '../../domain/dates.js';
import { formatIntFr } from '../../domain/numbers.js';
import { communeByInsee } from '../../domain/territory.js';
import { CHANNELS, deliveriesByPlace, findCampaign, insertCampaign, insertDelivery, listCampaigns, type Campaign } from '../../store/campaigns.js';
import { findPlace, listPlaces } from '../../store/places.js';
import { parseChoice, parseInteger, requireText } from '../shared/parse.js';
import { guardFreeText } from '../shared/guard.js';
import { printFields, printJson, printLine, printNote, printSuccess, printTable, printWarning } from '../../render/output.js';
import { countOf } from '../../domain/french.js';


function period(c: Campaign): string {
  return c.endsOn ? `du ${formatDateFr(c.startsOn)} au ${formatDateFr(c.endsOn)}` : `depuis le ${formatDateFr(c.startsOn)}`;
}

export async function runAdd(flags: { nom: string; debut: string; fin?: string; canal?: string; notes?: string }, ctx: Ctx): Promise<number> {
  const startsOn = parseDate(flags.debut, '--debut');
  const endsOn = flags.fin === undefined ? null : parseDate(flags.fin, '--fin');
  if (endsOn && endsOn < startsOn) throw new UsageError(`--fin : la fin (${formatDateFr(endsOn)}) précède le début (${formatDateFr(startsOn)}).`);
  // Art. 3: the first campaign is the CAF's posters, hence the default channel.
  const channel = flags.canal === undefined ? 'affiche' : parseChoice(flags.canal, '--canal', CHANNELS);
  const notesText = flags.notes?.trim() ? requireText(flags.notes, '--notes', 2000) : undefined;
  const texts = await guardFreeText(ctx, { '--nom': requireText(flags.nom, '--nom'), '--notes': notesText });
  const id = await insertCampaign(
    await ctx.store(),
    { name: texts['--nom'], channel, startsOn, endsOn, notes: texts['--notes'] ?? null },
    timestampInReunion(ctx.now()),
  );
  printSuccess(ctx, `Campagne n° ${id} enregistrée : ${texts['--nom']} (${channel}, ${endsOn ? `du ${formatDateFr(startsOn)} au ${formatDateFr(endsOn)}` : `à partir du ${formatDateFr(startsOn)}`}).`);
  return 0;
}

export async function runList(flags: { json?: boolean }, ctx: Ctx): Promise<number> {
  const store = await ctx.store();
  const rows = [];
  for (const c of await listCampaigns(store)) {
    const byPlace = await deliveriesByPlace(store, c.id);
    rows.push({ campaign: c, total: byPlace.reduce((s, d) => s + d.quantity, 0), places: byPlace.length });
  }
  if (flags.json) {
    printJson(
      ctx,
      rows.map(({ campaign: c, total, places }) => ({ id: c.id, nom: c.name, canal: c.channel, debut: c.startsOn, fin: c.endsOn, notes: c.notes, total, lieux_servis: places })),
    );
    return 0;
  }
  printTable(
    ctx,
    ['N°', 'Nom', 'Canal', 'Période', 'Quantité diffusée', 'Lieux servis'],
    rows.map(({ campaign: c, total, places }) => [c.id, c.name, c.channel, period(c), formatIntFr(total), places]),
    { alignRight: [0, 4, 5] },
  );
  printLine(ctx, `${countOf(rows.length, 'campagne', 'campagnes')}.`);
  return 0;
}

export async function runDelivery(ref: string, flags: { lieu: string; quantite: string; date: string }, ctx: Ctx): Promise<number> {
  // Flags first, store second: a bad quantity or date never needs the store.
  const quantity = parseInteger(flags.quantite, '--quantite', { min: 1 });
  const deliveredOn = parseDate(flags.date, '--date');
  const store = await ctx.store();
  const campaign = await findCampaign(store, ref);
  const place = await findPlace(store, flags.lieu, '--lieu');
  await insertDelivery(store, { campaignId: campaign.id, placeId: place.id, quantity, deliveredOn }, timestampInReunion(ctx.now()));
  printSuccess(ctx, `Diffusion enregistrée : ${countOf(quantity, 'exemplaire', 'exemplaires')} de « ${campaign.name} » remis à ${place.name} le ${formatDateFr(deliveredOn)}.`);
  if (deliveredOn < campaign.startsOn || (campaign.endsOn && deliveredOn > campaign.endsOn)) {
    printWarning(ctx, `la date de remise est hors de la période de la campagne (${period(campaign)}).`);
  }
  return 0;
}

export async function runShow(ref: string, flags: { json?: boolean }, ctx: Ctx): Promise<number> {
  const store = await ctx.store();
  const campaign = await findCampaign(store, ref);
  const byPlace = await deliveriesByPlace(store, campaign.id);
  const served = new Set(byPlace.map((d) => d.placeId));
  const notServed = (await listPlaces(store)).filter((p) => !served.has(p.id));
  const total = byPlace.reduce((s, d) => s + d.quantity, 0);
  const commune = (insee: string) => communeByInsee(insee)?.name ?? insee;
  if (flags.json) {
    printJson(ctx, {
      schema: 'cafcharte-campagne/1', // docs/schemas
      id: campaign.id,
      nom: campaign.name,
      canal: campaign.channel,
      debut: campaign.startsOn,
      fin: campaign.endsOn,
      notes: campaign.notes,
      diffusions: byPlace.map((d) => ({ lieu_id: d.placeId, lieu: d.placeName, commune: commune(d.communeInsee), quantite: d.quantity, remises: d.deliveries, derniere_remise: d.lastDate })),
      total,
      lieux_non_servis: notServed.map((p) => ({ id: p.id, nom: p.name, commune: p.communeName })),
    });
    return 0;
  }
  printFields(ctx, [
    ['Numéro', campaign.id],
    ['Nom', campaign.name],
    ['Canal', campaign.channel],
    ['Période', period(campaign)],
    ['Notes', campaign.notes],
    ['Total diffusé', formatIntFr(total)],
  ]);
  printLine(ctx);
  if (byPlace.length === 0) printLine(ctx, 'Aucune diffusion enregistrée.');
  else {
    printTable(
      ctx,
      ['Lieu', 'Commune', 'Quantité', 'Remises', 'Dernière remise'],
      byPlace.map((d) => [d.placeName, commune(d.communeInsee), formatIntFr(d.quantity), d.deliveries, formatDateShortFr(d.lastDate)]),
      { alignRight: [2, 3] },
    );
  }
  if (notServed.length > 0) {
    printLine(ctx);
    printLine(ctx, `Lieux pas encore servis (${notServed.length}) : ${notServed.map((p) => p.name).join(', ')}.`);
  } else if (byPlace.length > 0) printNote(ctx, 'Tous les espaces numériques ont été servis.');
  return 0;
}
