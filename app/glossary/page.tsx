import type { Metadata } from "next";
import { PageHeader } from "@/components/page-header";
import { requireRole } from "@/lib/auth/session";
import { AREA_ROLES } from "@/lib/roles";
import { Glossary } from "@/features/results/glossary";

export const metadata: Metadata = { title: "Glossary of figures" };

export default async function GlossaryPage() {
  await requireRole(AREA_ROLES.results);
  return (
    <>
      <PageHeader title="Glossary of figures">What each figure of Results and Analysis means, and when to report it.</PageHeader>
      <Glossary />
    </>
  );
}
