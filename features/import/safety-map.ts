import "server-only";
import { recordAudit } from "@/lib/audit";
import { Prisma } from "@/lib/db/prisma";
import { blocked, placeOf, validRecords, type ImportContext, type ImportCounts, type RecordAt } from "./context";
import { safetyMapSchema } from "./schemas";

const sameFlags = (a: (boolean | null)[], b: boolean[]) => a.length === b.length && a.every((flag, i) => flag === b[i]);

/**
 * The safety-colliding map (docs/design.md §4): one flag per critical action, in
 * order. Flags set for the first time count as created.
 */
export async function importSafetyMap(context: ImportContext): Promise<ImportCounts> {
  const { tx, studyId, problems } = context;
  const maps: { at: RecordAt; map: Record<string, boolean[]> }[] = [];
  for await (const rows of validRecords(context, safetyMapSchema)) for (const { at, row } of rows) maps.push({ at, map: row });

  const scenarios = await tx.scenario.findMany({
    where: { studyId },
    select: { externalId: true, criticalActions: { select: { id: true, safetyColliding: true }, orderBy: { position: "asc" } } },
  });
  const byId = new Map(scenarios.map((s) => [s.externalId, s.criticalActions]));
  const seen = new Set<string>();
  const updates: { actionIds: string[]; flags: boolean[] }[] = [];
  const replacedBefore: Record<string, (boolean | null)[]> = {};
  let created = 0;
  let unchanged = 0;
  let replaced = 0;

  for (const { at: place, map } of maps) {
    // One map is one record: with ?invalid=skip it is taken only when none of its entries has a problem.
    const mine = { created: 0, unchanged: 0, replaced: 0, updates: [] as typeof updates, before: {} as typeof replacedBefore };
    for (const [scenarioId, flags] of Object.entries(map)) {
      const at = { ...placeOf(place), field: scenarioId };
      const actions = byId.get(scenarioId);
      if (seen.has(scenarioId)) {
        problems.add({ ...at, message: `Scenario ${scenarioId} is mapped twice in this upload.` });
      } else if (!actions) {
        problems.add({ ...at, message: `There is no scenario ${scenarioId} in this study: import the scenarios first.` });
      } else if (actions.length !== flags.length) {
        problems.add({
          ...at,
          message: `Scenario ${scenarioId} has ${actions.length} critical actions but the map gives ${flags.length} flags.`,
        });
      } else {
        const current = actions.map((a) => a.safetyColliding);
        if (sameFlags(current, flags)) mine.unchanged++;
        else if (current.every((flag) => flag === null)) mine.created++;
        else if (context.replace) {
          mine.replaced++;
          mine.before[scenarioId] = current;
        }
        else {
          problems.add({ ...at, message: `The flags of ${scenarioId} differ from the stored ones; send replace=true to replace them.` }, "conflict");
          continue;
        }
        if (!sameFlags(current, flags)) mine.updates.push({ actionIds: actions.map((a) => a.id), flags });
      }
      seen.add(scenarioId);
    }
    if (problems.has(place)) continue;
    created += mine.created;
    unchanged += mine.unchanged;
    replaced += mine.replaced;
    updates.push(...mine.updates);
    Object.assign(replacedBefore, mine.before);
  }
  if (blocked(context) || updates.length === 0) return { created, unchanged, replaced };

  const ids = updates.flatMap((u) => u.actionIds);
  const flags = updates.flatMap((u) => u.flags);
  await tx.$executeRaw(Prisma.sql`
    UPDATE critical_actions AS a SET safety_colliding = v.flag
    FROM unnest(${ids}::uuid[], ${flags}::boolean[]) AS v(id, flag)
    WHERE a.id = v.id`);
  if (replaced > 0) {
    await recordAudit(tx, {
      actorId: context.actorId,
      action: "safety_colliding.replace",
      entityType: "import_batch",
      entityId: context.batchId,
      studyId,
      data: { before: replacedBefore },
    });
  }
  return { created, unchanged, replaced };
}
