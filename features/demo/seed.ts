import "server-only";
import { randomBytes } from "node:crypto";
import { prisma } from "@/lib/db/prisma";
import { newBlindCode } from "@/lib/blind-code";
import type { Role } from "@/lib/roles";
import { responseContentHash, scenarioContentHash } from "@/features/import/hashes";
import { scenarioRowSchema } from "@/features/import/schemas";
import { createUser } from "@/features/users/service";
import { newUserSchema } from "@/features/users/schemas";
import { DEMO_JUDGE, DEMO_SAFETY_COLLIDING, demoAnswers, demoJudgeScore, type DemoAnswer } from "./answers";
import { DEMO_SCENARIOS } from "./scenarios";

export interface DemoCredential {
  role: Role;
  email: string;
  password: string;
}

const DEMO_USERS: { role: Role; email: string; name: string }[] = [
  { role: "admin", email: "admin@demo.tandem", name: "Ada Admin" },
  { role: "researcher", email: "researcher@demo.tandem", name: "Rhea Researcher" },
  { role: "rater", email: "rater1@demo.tandem", name: "Dr. Paul Physician" },
  { role: "rater", email: "rater2@demo.tandem", name: "Dr. Priya Physician" },
];

/** True when the database holds no user yet: the only time the demo is seeded. */
export async function databaseIsEmpty(): Promise<boolean> {
  return (await prisma.user.count()) === 0;
}

/**
 * Seeds a demo study (scenarios, answers, a made-up judge's scores, a double-rating queue) and demo
 * users with fresh random passwords, which are returned to be printed once.
 */
export async function seedDemo(): Promise<DemoCredential[]> {
  const credentials: DemoCredential[] = [];
  const users = [];
  for (const demoUser of DEMO_USERS) {
    const password = randomBytes(9).toString("base64url");
    users.push(await createUser(newUserSchema.parse({ ...demoUser, password })));
    credentials.push({ role: demoUser.role, email: demoUser.email, password });
  }
  const adminId = users.find((u) => u.role === "admin")?.id ?? null;
  const raters = users.filter((u) => u.role === "rater");

  await prisma.$transaction(async (tx) => {
    const study = await tx.study.create({
      data: {
        name: "Demo: omission harm in clinical answers",
        description: "Seven made-up scenarios, three made-up models, two repetitions each.",
        createdById: adminId,
      },
    });
    for (const file of DEMO_SCENARIOS) {
      const flags = DEMO_SAFETY_COLLIDING[file.id];
      const scenario = await tx.scenario.create({
        data: {
          studyId: study.id,
          externalId: file.id,
          category: file.quadrant,
          categoryNumber: file.quadrant_number,
          acuityWeight: file.acuity_weight,
          prompt: file.prompt,
          systemPrompt: file.system_prompt,
          goldStandard: file.gold_standard_response,
          commissionRisks: file.commission_risks,
          decouplingPairId: file.decoupling_variant?.pair_id ?? null,
          decouplingFraming: file.decoupling_variant?.framing ?? null,
          decouplingPartner: file.decoupling_variant?.partner_id ?? null,
          metadata: file.metadata,
          // The importer's own hash, so re-importing these files reports them unchanged.
          contentHash: scenarioContentHash(scenarioRowSchema.parse(file)),
          criticalActions: {
            create: file.critical_actions.map((text, position) => ({
              position,
              text,
              safetyColliding: flags ? (flags[position] ?? null) : null,
            })),
          },
        },
      });
      await tx.response.createMany({
        data: demoAnswers([file]).map((answer) => ({
          studyId: study.id,
          scenarioId: scenario.id,
          modelId: answer.modelId,
          repetition: answer.repetition,
          text: answer.text,
          contentFiltered: answer.contentFiltered,
          blindCode: newBlindCode(),
          contentHash: responseContentHash({
            scenario_id: file.id,
            model_id: answer.modelId,
            rep_id: answer.repetition,
            response: answer.text,
            output_tokens: null,
            content_filtered: answer.contentFiltered,
            metadata: {},
          }),
        })),
      });
    }
    const judge = await tx.rater.create({ data: { kind: "machine", studyId: study.id, name: DEMO_JUDGE } });
    const responses = await tx.response.findMany({ where: { studyId: study.id }, select: { id: true, modelId: true, repetition: true, scenario: { select: { externalId: true } } } });
    await tx.rating.createMany({
      data: responses.map((response) => {
        const file = DEMO_SCENARIOS.find((s) => s.id === response.scenario.externalId) as (typeof DEMO_SCENARIOS)[number];
        const answer = demoAnswers([file]).find((a) => a.modelId === response.modelId && a.repetition === response.repetition) as DemoAnswer;
        return { responseId: response.id, raterId: judge.id, raterKind: "machine" as const, ...demoJudgeScore(file, answer) };
      }),
    });
    await tx.queue.create({
      data: {
        studyId: study.id,
        name: "Double rating: all answers",
        ratingsPerItem: 2,
        seed: randomBytes(8).toString("hex"),
        createdById: adminId,
        raters: { create: raters.map((r) => ({ userId: r.id })) },
        items: { create: responses.map((r) => ({ responseId: r.id })) },
      },
    });
  });
  return credentials;
}
