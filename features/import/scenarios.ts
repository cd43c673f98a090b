import "server-only";
import { recordAudit } from "@/lib/audit";
import { Prisma } from "@/lib/db/prisma";
import { blocked, keyParts, placeOf, validRecords, type ImportContext, type ImportCounts, type RecordAt } from "./context";
import { scenarioContentHash } from "./hashes";
import { scenarioRowSchema, type ScenarioRow } from "./schemas";


function scenarioData(row: ScenarioRow) {
  return {
    category: row.quadrant,
    categoryNumber: row.quadrant_number ?? null,
    acuityWeight: row.acuity_weight,
    prompt: row.prompt,
    systemPrompt: row.system_prompt ?? null,
    goldStandard: row.gold_standard_response,
    commissionRisks: row.commission_risks,
    equityVariant: row.equity_variant ? (row.equity_variant as Prisma.InputJsonValue) : Prisma.DbNull,
    decouplingPairId: row.decoupling_variant?.pair_id ?? null,
    decouplingFraming: row.decoupling_variant?.framing ?? null,
    decouplingPartner: row.decoupling_variant?.partner_id ?? null,
    metadata: row.metadata as Prisma.InputJsonValue,
    contentHash: scenarioContentHash(row),
  };
}

const scenarioKey = (value: unknown) => {
  const [id] = keyParts(value, ["id"]) ?? [];
  return id ? `Scenario ${id}` : null;
};

/** Scenarios (docs/design.md §4): new ones are created, identical ones left, changed ones replaced only on request. */
export async function importScenarios(context: ImportContext): Promise<ImportCounts> {
  const { tx, studyId, problems } = context;
  const stored = new Map(
    (
      await tx.scenario.findMany({
        where: { studyId },
        select: { id: true, externalId: true, contentHash: true, _count: { select: { criticalActions: true } } },
      })
    ).map((s) => [s.externalId, s]),
  );
  const seen = new Map<string, RecordAt>();
  let toCreate: { row: ScenarioRow; at: RecordAt }[] = [];
  let toReplace: { row: ScenarioRow; at: RecordAt; scenarioId: string; actionCount: number }[] = [];
  let unchanged = 0;

  for await (const rows of validRecords(context, scenarioRowSchema, { keyOf: scenarioKey })) for (const { at, row } of rows) {
    const first = seen.get(row.id);
    if (first) {
      problems.add({ ...placeOf(at), field: "id", message: `Scenario ${row.id} appears twice: first at record ${first.record} (line ${first.line}) of ${first.file}.` });
      continue;
    }
    seen.set(row.id, at);
    const existing = stored.get(row.id);
    if (!existing) toCreate.push({ row, at });
    else if (existing.contentHash === scenarioContentHash(row)) unchanged++;
    else if (context.replace) toReplace.push({ row, at, scenarioId: existing.id, actionCount: existing._count.criticalActions });
    else {
      problems.add(
        { ...placeOf(at), field: "id", message: `Scenario ${row.id} differs from the stored one; send replace=true to replace it.` },
        "conflict",
      );
    }
  }

  for (const item of toReplace) {
    if (item.row.critical_actions.length === item.actionCount) continue;
    const dependent = await tx.rating.count({
      where: { response: { scenarioId: item.scenarioId }, NOT: { criticalActionResults: { isEmpty: true } } },
    });
    if (dependent > 0) {
      problems.add({
        ...placeOf(item.at),
        field: "critical_actions",
        message: `Scenario ${item.row.id} cannot change from ${item.actionCount} to ${item.row.critical_actions.length} critical actions: ${dependent} ratings score them by position.`,
      });
    }
  }
  if (blocked(context)) return { created: 0, unchanged, replaced: 0 };
  // With ?invalid=skip, a record with a problem is refused whole.
  toCreate = toCreate.filter((item) => !problems.has(item.at));
  toReplace = toReplace.filter((item) => !problems.has(item.at));

  for (const { row } of toCreate) {
    await tx.scenario.create({
      data: {
        studyId,
        externalId: row.id,
        ...scenarioData(row),
        criticalActions: { create: row.critical_actions.map((text, position) => ({ position, text })) },
      },
    });
  }
  for (const { row, scenarioId, actionCount } of toReplace) {
    const before = await tx.scenario.findUniqueOrThrow({
      where: { id: scenarioId },
      include: { criticalActions: { orderBy: { position: "asc" } } },
    });
    await recordAudit(tx, {
      actorId: context.actorId,
      action: "scenario.replace",
      entityType: "scenario",
      entityId: scenarioId,
      studyId,
      data: { importBatchId: context.batchId, before: JSON.parse(JSON.stringify(before)) as Prisma.InputJsonValue },
    });
    // Safety-colliding flags stay with their positions while the number of actions does not change.
    const keepFlags = row.critical_actions.length === actionCount;
    await tx.criticalAction.deleteMany({ where: { scenarioId } });
    await tx.scenario.update({
      where: { id: scenarioId },
      data: {
        ...scenarioData(row),
        criticalActions: {
          create: row.critical_actions.map((text, position) => ({
            position,
            text,
            safetyColliding: keepFlags ? (before.criticalActions[position]?.safetyColliding ?? null) : null,
          })),
        },
      },
    });
  }
  return { created: toCreate.length, unchanged, replaced: toReplace.length };
}
