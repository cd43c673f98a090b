// An answer's texts in order, from its stored earlier versions and its current text.

export interface StoredAnswerVersion {
  version: number;
  text: string;
  replacedAt: Date;
  replacedBy: { name: string; email: string } | null;
}

export interface AnswerVersionEntry {
  version: number;
  current: boolean;
  text: string;
  /** When this text took the answer's place: the import of the answer, or the replacement of the version before. */
  since: Date | null;
  /** Who put it there (the importing admin), when known. */
  by: string | null;
}

const who = (user: { name: string; email: string } | null | undefined) => (user ? `${user.name} <${user.email}>` : null);

/** Newest first: the current text, then each earlier one. Version k+1 came in when version k was replaced. */
export function answerVersionHistory(answer: {
  version: number;
  text: string;
  createdAt: Date;
  importBatch: { user: { name: string; email: string } | null } | null;
  versions: StoredAnswerVersion[];
}): AnswerVersionEntry[] {
  const byNumber = new Map(answer.versions.map((v) => [v.version, v]));
  const arrival = (version: number) => {
    const before = byNumber.get(version - 1);
    if (before) return { since: before.replacedAt, by: who(before.replacedBy) };
    // Version 1 came with the answer's first import; later versions lost their predecessor's row only if it was deleted.
    return version === 1 ? { since: answer.createdAt, by: answer.version === 1 ? who(answer.importBatch?.user) : null } : { since: null, by: null };
  };
  const earlier = [...answer.versions].sort((a, b) => b.version - a.version).map((v) => ({ version: v.version, current: false, text: v.text, ...arrival(v.version) }));
  return [{ version: answer.version, current: true, text: answer.text, ...arrival(answer.version) }, ...earlier];
}

/** One change of a rating: the version it replaced, when, and the reason the rater gave (if any). */
export interface RatingChange {
  version: number;
  changedAt: Date;
  changeReason: string | null;
}

/** A rating's changes in order, one line each: "v1 → v2, 2026-12-06 20:50: reason" ("no reason given" when none). */
export function ratingChangeLines(changes: readonly RatingChange[]): string[] {
  return [...changes]
    .sort((a, b) => a.version - b.version)
    .map((c) => `v${c.version} → v${c.version + 1}, ${c.changedAt.toISOString().replace("T", " ").slice(0, 16)}: ${c.changeReason ?? "no reason given"}`);
}
