// The stratified validation sample (issue 4): pure, so that the same seed and
// the same answers always give the same sample, and so that it is testable
// without a database.
//
// - Balanced across models: the size is dealt out to the models in turn.
// - Proportional across categories within each model (largest remainder).
// - Optional oversampling: within each stratum, answers a machine rater
//   flagged (OH >= 2) are drawn first, up to the target share.
// - The two framings of a decoupling pair (same model and repetition) are one
//   sampling unit, so they enter the sample together.
// - Content-filtered answers are candidates like any other.

import { byText } from "@/lib/collections";
import { seededRandom } from "@/lib/stats/random";

export interface SampleCandidate {
  id: string;
  model: string;
  category: string;
  repetition: number;
  pairId: string | null;
  framing: string | null;
  /** The oversampling rater scored this answer OH >= 2. */
  flagged: boolean;
  contentFiltered: boolean;
}

export interface SampleSpec {
  size: number;
  seed: string;
  /** Target share of flagged answers in each stratum (0 to 1). */
  flaggedShare?: number | undefined;
}

export interface StratumReport {
  model: string;
  category: string;
  available: number;
  flaggedAvailable: number;
  target: number;
  selected: number;
  flaggedSelected: number;
  contentFilteredSelected: number;
}

export interface SampleReport {
  requested: number;
  selected: number;
  available: number;
  flaggedShareTarget: number | null;
  flaggedShareAvailable: number;
  flaggedShareSelected: number;
  pairsKeptTogether: number;
  strata: StratumReport[];
}

export class SampleTooLargeError extends Error {
  constructor(readonly requested: number, readonly available: number) {
    super(`The sample asks for ${requested} answers but only ${available} are available.`);
  }
}

interface Unit {
  members: SampleCandidate[];
  flagged: number;
}

/** FNV-1a: turns the seed text (with a stratum's name) into a generator seed. */
function hashSeed(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

function shuffle<T>(items: T[], random: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}


function candidateOrder(a: SampleCandidate, b: SampleCandidate): number {
  return byText(a.model, b.model) || byText(a.category, b.category) || byText(a.pairId ?? "", b.pairId ?? "") || a.repetition - b.repetition || byText(a.framing ?? "", b.framing ?? "") || byText(a.id, b.id);
}

/** Groups answers into sampling units: a decoupling pair's answers (one model, one repetition) are one unit. */
function samplingUnits(candidates: SampleCandidate[]): Unit[] {
  const units = new Map<string, SampleCandidate[]>();
  for (const c of candidates) {
    const key = c.pairId === null ? `answer|${c.id}` : `pair|${c.model}|${c.pairId}|${String(c.repetition)}`;
    const unit = units.get(key);
    if (unit) unit.push(c);
    else units.set(key, [c]);
  }
  return [...units.values()].map((members) => ({ members, flagged: members.filter((m) => m.flagged).length }));
}

/** Deals `size` out to the groups in turn (seeded order), never beyond a group's capacity. */
function dealEvenly(capacities: Map<string, number>, size: number, random: () => number): Map<string, number> {
  const order = shuffle([...capacities.keys()].sort(byText), random);
  const quota = new Map(order.map((k) => [k, 0]));
  let left = size;
  while (left > 0) {
    let dealt = false;
    for (const key of order) {
      if (left === 0) break;
      const given = quota.get(key) ?? 0;
      if (given < (capacities.get(key) ?? 0)) {
        quota.set(key, given + 1);
        left--;
        dealt = true;
      }
    }
    if (!dealt) break;
  }
  return quota;
}

/** Splits `size` in proportion to the capacities (largest remainder; ties by name). */
function splitProportionally(capacities: Map<string, number>, size: number): Map<string, number> {
  const total = [...capacities.values()].reduce((a, b) => a + b, 0);
  if (total === 0) return new Map([...capacities.keys()].map((k) => [k, 0]));
  const exact = [...capacities].map(([key, cap]) => ({ key, share: (size * cap) / total }));
  const quota = new Map(exact.map((e) => [e.key, Math.floor(e.share)]));
  let left = size - [...quota.values()].reduce((a, b) => a + b, 0);
  const byRemainder = [...exact].sort((a, b) => b.share - Math.floor(b.share) - (a.share - Math.floor(a.share)) || byText(a.key, b.key));
  for (const e of byRemainder) {
    if (left === 0) break;
    quota.set(e.key, (quota.get(e.key) ?? 0) + 1);
    left--;
  }
  return quota;
}

/**
 * Picks units until `target` answers are in. A pair never gets split: when
 * one place is left, a single answer is preferred; if only pairs remain, the
 * stratum takes one answer more than its target.
 */
function pickUnits(units: Unit[], target: number, flaggedTarget: number): Unit[] {
  const picked = new Set<Unit>();
  let count = 0;
  let flagged = 0;
  const take = (unit: Unit) => {
    picked.add(unit);
    count += unit.members.length;
    flagged += unit.flagged;
  };
  const fill = (pool: Unit[], done: () => boolean) => {
    for (const unit of pool) {
      if (done()) return;
      if (picked.has(unit)) continue;
      if (unit.members.length > 1 && target - count === 1 && pool.some((u) => !picked.has(u) && u.members.length === 1)) continue;
      take(unit);
    }
  };
  fill(units.filter((u) => u.flagged > 0), () => flagged >= flaggedTarget || count >= target);
  fill(units, () => count >= target);
  return units.filter((u) => picked.has(u));
}

export function drawStratifiedSample(candidates: SampleCandidate[], spec: SampleSpec): { ids: string[]; report: SampleReport } {
  if (spec.size > candidates.length) throw new SampleTooLargeError(spec.size, candidates.length);
  const sorted = [...candidates].sort(candidateOrder);

  const byModel = new Map<string, SampleCandidate[]>();
  for (const c of sorted) byModel.set(c.model, [...(byModel.get(c.model) ?? []), c]);
  const modelQuota = dealEvenly(new Map([...byModel].map(([m, list]) => [m, list.length])), spec.size, seededRandom(hashSeed(`${spec.seed}|models`)));

  const ids: string[] = [];
  const strata: StratumReport[] = [];
  let pairsKeptTogether = 0;
  for (const [model, modelCandidates] of [...byModel].sort(([a], [b]) => byText(a, b))) {
    const units = samplingUnits(modelCandidates);
    // A unit belongs to the category of its first member (a pair's framings share one in practice).
    const byCategory = new Map<string, Unit[]>();
    for (const unit of units) {
      const category = (unit.members[0] as SampleCandidate).category;
      byCategory.set(category, [...(byCategory.get(category) ?? []), unit]);
    }
    const capacity = new Map([...byCategory].map(([c, list]) => [c, list.reduce((n, u) => n + u.members.length, 0)]));
    const categoryQuota = splitProportionally(capacity, modelQuota.get(model) ?? 0);
    for (const [category, categoryUnits] of [...byCategory].sort(([a], [b]) => byText(a, b))) {
      const target = categoryQuota.get(category) ?? 0;
      const flaggedAvailable = categoryUnits.reduce((n, u) => n + u.flagged, 0);
      const flaggedTarget = spec.flaggedShare === undefined ? 0 : Math.min(Math.ceil(target * spec.flaggedShare), flaggedAvailable);
      const shuffled = shuffle(categoryUnits, seededRandom(hashSeed(`${spec.seed}|${model}|${category}`)));
      const picked = target === 0 ? [] : pickUnits(shuffled, target, flaggedTarget);
      const members = picked.flatMap((u) => u.members);
      pairsKeptTogether += picked.filter((u) => u.members.length > 1).length;
      ids.push(...members.map((m) => m.id));
      strata.push({
        model,
        category,
        available: capacity.get(category) ?? 0,
        flaggedAvailable,
        target,
        selected: members.length,
        flaggedSelected: members.filter((m) => m.flagged).length,
        contentFilteredSelected: members.filter((m) => m.contentFiltered).length,
      });
    }
  }

  const share = (part: number, whole: number) => (whole === 0 ? 0 : part / whole);
  const flaggedSelected = strata.reduce((n, s) => n + s.flaggedSelected, 0);
  return {
    ids,
    report: {
      requested: spec.size,
      selected: ids.length,
      available: candidates.length,
      flaggedShareTarget: spec.flaggedShare ?? null,
      flaggedShareAvailable: share(candidates.filter((c) => c.flagged).length, candidates.length),
      flaggedShareSelected: share(flaggedSelected, ids.length),
      pairsKeptTogether,
      strata,
    },
  };
}
