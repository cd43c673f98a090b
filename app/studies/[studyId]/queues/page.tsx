import type { Metadata } from "next";
import Link from "next/link";
import { DataTable, Row } from "@/components/data-table";
import { EmptyState } from "@/components/page-header";
import { requireRole } from "@/lib/auth/session";
import { AREA_ROLES } from "@/lib/roles";
import { createQueueAction } from "@/features/queue/actions";
import { listStudyQueues, queueFormOptions } from "@/features/queue/admin";
import { QueueForm } from "@/features/queue/queue-form";
import { requireStudy } from "@/features/studies/browse";

export const metadata: Metadata = { title: "Queues" };

/** Admins build queues here; researchers see them and their progress. */
export default async function StudyQueuesPage({ params }: { params: Promise<{ studyId: string }> }) {
  const user = await requireRole(AREA_ROLES.results);
  const study = await requireStudy((await params).studyId);
  const [queues, options] = await Promise.all([listStudyQueues(study.id), user.role === "admin" ? queueFormOptions(study.id) : null]);
  return (
    <div className="grid gap-8 md:grid-cols-[3fr_2fr]">
      <section>
        <h2 className="mb-3 text-lg font-semibold">Queues</h2>
        {queues.length === 0 ? (
          <EmptyState>No queue yet: build one to start rating.</EmptyState>
        ) : (
          <DataTable label="Queues" columns={["Queue", { label: "Answers", numeric: true }, { label: "Ratings each", numeric: true }, { label: "Raters", numeric: true }, { label: "Complete", numeric: true }]}>
            {queues.map((q) => (
              <Row key={q.id}>
                <td className="p-2">
                  <Link className="underline" href={`/studies/${study.id}/queues/${q.id}`}>{q.name}</Link>
                </td>
                <td className="p-2 text-right">{q._count.items}</td>
                <td className="p-2 text-right">{q.ratingsPerItem}</td>
                <td className="p-2 text-right">{q._count.raters}</td>
                <td className="p-2 text-right">{q.complete} of {q._count.items}</td>
              </Row>
            ))}
          </DataTable>
        )}
      </section>
      {options && (
        <section>
          <h2 className="mb-3 text-lg font-semibold">Build a queue</h2>
          {study.lockedAt ? <EmptyState>The study is locked.</EmptyState> : <QueueForm action={createQueueAction} studyId={study.id} {...options} />}
        </section>
      )}
    </div>
  );
}
