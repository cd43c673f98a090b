// npm run cli -- lock-study | unlock-study --study ID --reason R [--email ADMIN]
import { z } from "zod";
import { prisma } from "@/lib/db/prisma";
import { invalid } from "@/lib/errors";
import { emailSchema } from "@/features/users/schemas";
import { lockStudy, unlockStudy, type LockActor } from "./lock";
import { reasonSchema } from "./schemas";

const lockOptions = z.object({
  study: z.uuid({ error: "Give the study's id." }),
  reason: reasonSchema,
  // Without one, the lock is recorded as made from the command line, by no user.
  email: emailSchema.optional(),
});

/** The admin named by --email; anyone else is refused by name. */
async function actorOf(email: string | undefined): Promise<LockActor> {
  if (email === undefined) return null;
  const user = await prisma.user.findUnique({ where: { email }, select: { id: true, name: true, role: true, active: true } });
  if (!user || user.role !== "admin" || !user.active) throw invalid(`--email: ${email} is not an active admin.`);
  return { id: user.id, name: user.name };
}

/** Runs lock-study or unlock-study with the command line's options; returns what to print. */
export async function lockCommand(command: "lock-study" | "unlock-study", values: Record<string, string | undefined>): Promise<string> {
  const options = lockOptions.parse({ study: values.study ?? "", reason: values.reason ?? "", email: values.email });
  const actor = await actorOf(options.email);
  if (command === "unlock-study") {
    await unlockStudy(options.study, actor, options.reason);
    return `Unlocked study ${options.study}; its snapshots stay.`;
  }
  const state = await lockStudy(options.study, actor, options.reason);
  const snapshot = await prisma.studySnapshot.findUniqueOrThrow({ where: { id: state.snapshotId ?? "" }, select: { dataSha256: true } });
  return `Locked study ${options.study} at ${state.lockedAt ?? ""}; snapshot ${state.snapshotId ?? ""}, data sha256 ${snapshot.dataSha256}.`;
}
