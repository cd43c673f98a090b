import { conflict, notFound } from "@/lib/errors";
import { isUuid } from "@/lib/ids";

export interface DriftPhysician {
  id: string;
  name: string;
  email: string | null;
}

/** The physician `rater` names among the study's: an id, then an email, then a name; a name two of them share names neither. */
export function chosenPhysician(physicians: readonly DriftPhysician[], given: string): DriftPhysician {
  const email = given.toLowerCase();
  const matches = [
    physicians.filter((p) => isUuid(given) && p.id === given),
    physicians.filter((p) => p.email?.toLowerCase() === email),
    physicians.filter((p) => p.name === given),
  ].find((found) => found.length > 0);
  if (!matches) throw notFound(`A physician "${given}" with ratings in this study`);
  if (matches.length > 1) throw conflict(`"${given}" names more than one physician of this study; give the physician's id or email.`, [{ field: "rater", message: "Several physicians have this name." }]);
  return matches[0] as DriftPhysician;
}
