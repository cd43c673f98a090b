import { z } from "zod";
import { idParams } from "@/lib/api/params";
import { apiRoute } from "@/lib/api/route";
import { earlierVersionsSchema } from "@/lib/answer-versions";
import { studyAgreement } from "@/features/results/agreement";
import { SCALES } from "@/features/results/scales";
import { withRaterPairRule } from "@/features/results/scope";

const query = withRaterPairRule(
  z.strictObject({
    scale: z.enum(Object.keys(SCALES) as [keyof typeof SCALES], { error: "scale must be omission_harm or commission_harm." }),
    raterA: z.string().trim().min(1).optional(),
    raterB: z.string().trim().min(1).optional(),
    queue: z.string().trim().min(1).optional(),
    earlierVersions: earlierVersionsSchema,
  }),
);

export const GET = apiRoute({ roles: ["researcher", "admin"], params: idParams, query }, async ({ params, query: q }) =>
  studyAgreement({ studyId: params.id, scale: q.scale, raterA: q.raterA, raterB: q.raterB, queue: q.queue, earlierVersions: q.earlierVersions }),
);
