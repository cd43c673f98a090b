import Link from "next/link";

export function StudyTabs({ studyId, isAdmin }: { studyId: string; isAdmin: boolean }) {
  const tabs = [
    { href: `/studies/${studyId}`, label: "Scenarios" },
    { href: `/studies/${studyId}/answers`, label: "Answers" },
    ...(isAdmin ? [{ href: `/studies/${studyId}/import`, label: "Import" }] : []),
  ];
  return (
    <nav aria-label="Study" className="mb-6 flex gap-4 border-b border-slate-200 pb-2 text-sm">
      {tabs.map((tab) => (
        <Link key={tab.href} href={tab.href} className="text-brand-700 hover:underline">
          {tab.label}
        </Link>
      ))}
    </nav>
  );
}
