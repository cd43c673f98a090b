"use server";

import { revalidatePath } from "next/cache";
import { formAction } from "@/lib/actions";
import { AREA_ROLES } from "@/lib/roles";
import { newStudySchema } from "@/features/studies/schemas";
import { createStudy } from "@/features/studies/service";
import { newTokenSchema, newUserSchema, revokeTokenSchema } from "@/features/users/schemas";
import { createApiToken, createUser, revokeApiToken } from "@/features/users/service";

const roles = AREA_ROLES.administration;

export const createStudyAction = formAction(
  { roles, input: newStudySchema, success: (study: { name: string }) => `Study "${study.name}" created.` },
  async (input, user) => {
    const study = await createStudy(input, user.id);
    revalidatePath("/admin");
    return study;
  },
);

export const createUserAction = formAction(
  { roles, input: newUserSchema, success: (u: { email: string; role: string }) => `Created ${u.role} ${u.email}.` },
  async (input, user) => {
    const created = await createUser(input, user.id);
    revalidatePath("/admin/users");
    return created;
  },
);

export const createTokenAction = formAction(
  { roles, input: newTokenSchema, success: () => "Token created. Copy it now: it is not shown again." },
  async (input, user) => {
    const created = await createApiToken(input, user.id);
    revalidatePath("/admin/tokens");
    return { token: created.token };
  },
);

export const revokeTokenAction = formAction(
  { roles, input: revokeTokenSchema, success: () => "Token revoked." },
  async ({ id }, user) => {
    await revokeApiToken(id, user.id);
    revalidatePath("/admin/tokens");
    return null;
  },
);
