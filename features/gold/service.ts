import "server-only";
import { recordAudit } from "@/lib/audit";
import { prisma, type Prisma } from "@/lib/db/prisma";
import { invalid, notFound } from "@/lib/errors";
import { goldScoreHash } from "@/lib/gold-score";
import { goldFlag, perRaterAgreement, type GoldFlagRule, type QualityPair, type RaterQuality } from "@/lib/stats/rater-quality";
import { assertStudyOpen } from "@/lib/study-lock";
import type { GoldForm } from "./schemas";

/** An answer's gold scores as the answer page shows them, or null. */
export function goldScoresOf(answerId: string) {
  return prisma.goldScore.findUnique({ where: { responseId: answerId } });
}

async function answerOfStudy(tx: Prisma.TransactionClient, studyId: string, answerId: string) {
  const answer = await tx.response.findFirst({ where: { id: answerId, studyId }, select: { id: true, scenario: { select: { _count: { select: { criticalActions: true } } } } } });
  if (!answer) throw notFound("The answer");
  return answer;
}

/**
 * Sets or changes an answer's gold scores (admin, answer page). The values
 * hash as an imported row does, so importing the same values later is
 * "unchanged". A locked study takes no change; the change is audited with
 * the values before and after.
 */
export async function setGoldScores(form: GoldForm, actorId: string): Promise<{ created: boolean }> {
  return prisma.$transaction(async (tx) => {
    await assertStudyOpen(tx, form.studyId, "its gold scores cannot change.");
    const answer = await answerOfStudy(tx, form.studyId, form.answerId);
    const results = form.criticalActionResults.filter((r) => r !== "");
    if (results.length > 0 && results.length !== answer.scenario._count.criticalActions) {
      throw invalid("The critical actions do not match the scenario.", [
        { field: "criticalActionResults", message: `The scenario has ${answer.scenario._count.criticalActions} critical actions: give a result for each, or for none.` },
      ]);
    }
    const values = {
      omissionHarm: form.omissionHarm,
      commissionHarm: form.commissionHarm,
      criticalActionResults: results,
      responseClass: form.responseClass,
      omissionMechanism: form.omissionMechanism,
      reasoning: form.reasoning,
    };
    const before = await tx.goldScore.findUnique({ where: { responseId: answer.id } });
    const data = { ...values, contentHash: goldScoreHash(values), setById: actorId, importBatchId: null };
    await tx.goldScore.upsert({ where: { responseId: answer.id }, create: { responseId: answer.id, studyId: form.studyId, ...data }, update: data });
    await recordAudit(tx, {
      actorId, action: before ? "gold_score.change" : "gold_score.set", entityType: "gold_score", entityId: answer.id, studyId: form.studyId,
      data: { ...(before ? { before: { omission_harm: before.omissionHarm, commission_harm: before.commissionHarm } } : {}), after: { omission_harm: values.omissionHarm, commission_harm: values.commissionHarm } },
    });
    return { created: before === null };
  });
}

/** Clears an answer's gold scores (admin, after a confirmation); audited with what was cleared. */
export async function clearGoldScores(studyId: string, answerId: string, actorId: string): Promise<{ cleared: boolean }> {
  return prisma.$transaction(async (tx) => {
    await assertStudyOpen(tx, studyId, "its gold scores cannot change.");
    await answerOfStudy(tx, studyId, answerId);
    const before = await tx.goldScore.findUnique({ where: { responseId: answerId } });
    if (!before) return { cleared: false };
    await tx.goldScore.delete({ where: { responseId: answerId } });
    await recordAudit(tx, {
      actorId, action: "gold_score.clear", entityType: "gold_score", entityId: answerId, studyId,
      data: { before: { omission_harm: before.omissionHarm, commission_harm: before.commissionHarm } },
    });
    return { cleared: true };
  });
}

interface PairRow {
  user_id: string;
  a_oh: number;
  b_oh: number;
  a_ch: number;
  b_ch: number;
}

const toPairs = (rows: PairRow[]): QualityPair[] =>
  rows.map((r) => ({ userId: r.user_id, omission_harm: [r.a_oh, r.b_oh], commission_harm: [r.a_ch, r.b_ch] }));

/**
 * The pairs behind agreement with gold: each gold rating a physician gave
 * (a quality rating of kind gold) of the current text of an answer, with the
 * answer's gold scores (A = the physician, B = gold).
 */
export async function goldPairs(studyId: string): Promise<QualityPair[]> {
  return toPairs(await prisma.$queryRaw<PairRow[]>`
    SELECT q.user_id, q.omission_harm::int AS a_oh, g.omission_harm::int AS b_oh, q.commission_harm::int AS a_ch, g.commission_harm::int AS b_ch
    FROM quality_ratings q
    JOIN gold_scores g ON g.response_id = q.response_id
    JOIN responses r ON r.id = q.response_id
    WHERE g.study_id = ${studyId}::uuid AND q.kind = 'gold' AND q.answer_version = r.version
    ORDER BY q.user_id, q.created_at`);
}

/**
 * The pairs behind intra-rater agreement: a physician's first rating of an
 * answer (A) and their retest of the same text (B).
 */
export async function retestPairs(studyId: string): Promise<QualityPair[]> {
  return toPairs(await prisma.$queryRaw<PairRow[]>`
    SELECT q.user_id, f.omission_harm::int AS a_oh, q.omission_harm::int AS b_oh, f.commission_harm::int AS a_ch, q.commission_harm::int AS b_ch
    FROM quality_ratings q
    JOIN responses r ON r.id = q.response_id
    JOIN raters rt ON rt.user_id = q.user_id
    JOIN ratings f ON f.response_id = q.response_id AND f.rater_id = rt.id AND f.answer_version = q.answer_version
    WHERE r.study_id = ${studyId}::uuid AND q.kind = 'retest'
    ORDER BY q.user_id, q.created_at`);
}

export interface PhysicianQuality extends RaterQuality {
  name: string;
  email: string;
}

export interface GoldAndRetest {
  rule: GoldFlagRule;
  gold: (PhysicianQuality & { flagged: boolean })[];
  retest: PhysicianQuality[];
}

/** Per physician: agreement with gold (and the flag under `rule`), and intra-rater agreement; physicians by name. */
export async function goldAndRetestFigures(studyId: string, rule: GoldFlagRule): Promise<GoldAndRetest> {
  const [gold, retest] = await Promise.all([goldPairs(studyId), retestPairs(studyId)]);
  const goldFigures = perRaterAgreement(gold);
  const retestFigures = perRaterAgreement(retest);
  const ids = [...new Set([...goldFigures, ...retestFigures].map((f) => f.userId))];
  const users = new Map((await prisma.user.findMany({ where: { id: { in: ids } }, select: { id: true, name: true, email: true } })).map((u) => [u.id, u]));
  const named = (f: RaterQuality): PhysicianQuality => ({ ...f, name: users.get(f.userId)?.name ?? "", email: users.get(f.userId)?.email ?? "" });
  const byName = (a: PhysicianQuality, b: PhysicianQuality) => a.name.localeCompare(b.name) || a.email.localeCompare(b.email);
  return {
    rule,
    gold: goldFigures.map((f) => ({ ...named(f), flagged: goldFlag(f.omission_harm, rule) })).sort(byName),
    retest: retestFigures.map(named).sort(byName),
  };
}
