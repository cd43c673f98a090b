import type { Metadata } from "next";
import { requireRole } from "@/lib/auth/session";
import { pageQuery } from "@/lib/page-params";
import { AREA_ROLES } from "@/lib/roles";
import { DEFAULT_GOLD_FLAG } from "@/lib/stats/rater-quality";
import { requireStudy } from "@/features/studies/browse";
import { flagSettingsSchema } from "@/features/gold/schemas";
import { goldAndRetestFigures } from "@/features/gold/service";
import { GoldAgreementTable, IntraRaterTable } from "@/features/gold/quality-tables";

export const metadata: Metadata = { title: "Gold and retest" };

export default async function GoldAndRetestPage({
  params,
  searchParams,
}: {
  params: Promise<{ studyId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  await requireRole(AREA_ROLES.results);
  const study = await requireStudy((await params).studyId);
  const rule = flagSettingsSchema.parse(await pageQuery(searchParams));
  const figures = await goldAndRetestFigures(study.id, rule);
  return (
    <div className="space-y-6">
      <section className="space-y-2">
        <h2 className="text-lg font-semibold">Gold and retest</h2>
        <p className="text-sm text-slate-600">
          Ratings of gold items and retests are kept apart from the physicians&apos; ratings: they never enter inter-rater agreement,
          Results or the analysis.
        </p>
        <form method="get" className="flex flex-wrap items-end gap-3 text-sm">
          <label className="block">
            <span className="block font-medium text-slate-700">Flag when κ quadratic (OH) is below</span>
            <input name="threshold" type="number" step="0.05" min="-1" max="1" defaultValue={rule.threshold} className="mt-1 w-28 rounded border border-slate-300 px-2 py-1.5" />
          </label>
          <label className="block">
            <span className="block font-medium text-slate-700">after at least this many gold items</span>
            <input name="minItems" type="number" step="1" min="1" defaultValue={rule.minItems} className="mt-1 w-28 rounded border border-slate-300 px-2 py-1.5" />
          </label>
          <button type="submit" className="rounded border border-slate-300 bg-white px-3 py-1.5 hover:bg-slate-50">Apply</button>
        </form>
        <p className="text-xs text-slate-500">
          Defaults: κ quadratic (OH) below {DEFAULT_GOLD_FLAG.threshold} after {DEFAULT_GOLD_FLAG.minItems} gold items.
        </p>
      </section>
      <section className="space-y-2">
        <h3 className="font-medium">Agreement with gold</h3>
        <p className="text-sm text-slate-600">Each physician&apos;s gold ratings against the answers&apos; gold scores (current answer texts only).</p>
        <GoldAgreementTable figures={figures} />
      </section>
      <section className="space-y-2">
        <h3 className="font-medium">Intra-rater agreement (test–retest)</h3>
        <p className="text-sm text-slate-600">Each physician&apos;s first rating of an answer against their retest of it, shown under a new blind code.</p>
        <IntraRaterTable figures={figures} />
      </section>
    </div>
  );
}
