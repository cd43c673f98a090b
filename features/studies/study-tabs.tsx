import { TabNav } from "@/components/tab-nav";

export function StudyTabs({ studyId, isAdmin }: { studyId: string; isAdmin: boolean }) {
  return (
    <TabNav
      label="Study"
      links={[
        { href: `/studies/${studyId}`, label: "Scenarios" },
        { href: `/studies/${studyId}/answers`, label: "Answers" },
        { href: `/studies/${studyId}/results`, label: "Results" },
        { href: `/studies/${studyId}/analysis`, label: "Analysis" },
        { href: `/studies/${studyId}/quality`, label: "Quality" },
        { href: `/studies/${studyId}/queues`, label: "Queues" },
        ...(isAdmin ? [{ href: `/studies/${studyId}/import`, label: "Import" }] : []),
      ]}
    />
  );
}
