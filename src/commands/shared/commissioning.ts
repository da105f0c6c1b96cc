// A warning for the commands that record activity at a place (sessions, logbook entries): the
// place should have been put into service first (art. 7). It never refuses, so that existing
// scripts keep working; it only says so on stderr.
import type { Ctx } from '../../context.js';
import type { Store } from '../../store/engine.js';
import { placeState } from '../../store/commissioning.js';
import { getPlace } from '../../store/places.js';
import { printWarning } from '../../render/output.js';
import { agree, placeGender } from '../../domain/french.js';

/** Prints a French warning on stderr when the place is not in service; returns whether it did. */
export async function warnIfNotInService(ctx: Ctx, store: Store, placeId: number): Promise<boolean> {
  if ((await placeState(store, placeId)) === 'en_service') return false;
  const place = await getPlace(store, placeId);
  const name = place ? place.name : `Le lieu n° ${placeId}`;
  const gender = place ? placeGender(place.kind) : 'm';
  printWarning(
    ctx,
    `${name} n’est pas encore ${agree(gender, 'mis', 'mise')} en service (art. 7 : vérification des moyens par le chef d’antenne) ; l’enregistrement est accepté. Vérifiez ses moyens avec « cafcharte places mise-en-service ${placeId} --verifie-par ... --date ... ».`,
  );
  return true;
}
