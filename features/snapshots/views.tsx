import { lockStudyAction, unlockStudyAction } from "./actions";
import { LockControls } from "./lock-controls";
import { changedSinceLastSnapshot, listSnapshots, studyLockState } from "./service";

/** A moment as the pages show it: to the minute, in UTC. */
export const utcMinute = (at: Date | string) => `${new Date(at).toISOString().slice(0, 16).replace("T", " ")} UTC`;

const units = ["B", "KiB", "MiB", "GiB"];
function byteSize(size: number): string {
  let value = size;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${unit === 0 ? value : value.toFixed(1)} ${units[unit]}`;
}

/** Shown above every page of a locked study: by whom, since when, why. */
export async function StudyLockBanner({ studyId }: { studyId: string }) {
  const lock = await studyLockState(studyId);
  if (!lock) return null;
  return (
    <div role="status" data-testid="study-lock-banner" className="mb-3 rounded border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900">
      <strong>Locked</strong>
      {lock.lockedBy ? ` by ${lock.lockedBy}` : ""} since {utcMinute(lock.lockedAt)}
      {lock.reason ? <> — {lock.reason}</> : null}. No ratings, edits, skips, imports or queue changes until an admin unlocks it.
    </div>
  );
}

/** On the live Results and Analysis pages: the ratings have changed since the last snapshot was frozen. */
export async function ChangedSinceSnapshotNote({ studyId }: { studyId: string }) {
  const last = await changedSinceLastSnapshot(studyId);
  if (!last) return null;
  return (
    <p role="note" data-testid="snapshot-drift" className="rounded border border-sky-300 bg-sky-50 p-3 text-sm text-sky-900">
      These live figures differ from the last snapshot ({utcMinute(last.createdAt)}, data SHA-256{" "}
      <code className="break-all">{last.dataSha256.slice(0, 12)}…</code>): ratings have been given or changed since. Cite the snapshot
      for the figures as they were when the study was locked.
    </p>
  );
}

/** The study page's lock section: the controls (admins) and the snapshots with their hashes and downloads. */
export async function StudyLockPanel({ studyId, isAdmin }: { studyId: string; isAdmin: boolean }) {
  const [lock, snapshots] = await Promise.all([studyLockState(studyId), listSnapshots(studyId)]);
  return (
    <section aria-labelledby="snapshots-heading" className="mb-6 space-y-3 rounded border border-slate-200 bg-white p-4">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h2 id="snapshots-heading" className="text-lg font-semibold">Lock and snapshots</h2>
        {isAdmin && <LockControls studyId={studyId} locked={lock !== null} lockAction={lockStudyAction} unlockAction={unlockStudyAction} />}
      </div>
      <p className="text-sm text-slate-600">
        {lock ? "The study is locked." : "The study is open."} Locking freezes the ratings export, the results and the analysis as a snapshot that
        stays downloadable byte for byte; its data SHA-256 is the hash of the ratings export the figures were computed from.
      </p>
      {snapshots.length === 0 ? (
        <p className="text-sm text-slate-600">No snapshot yet.</p>
      ) : (
        <ul className="space-y-2" aria-label="Snapshots">
          {snapshots.map((s) => (
            <li key={s.id} data-testid="snapshot" className="rounded border border-slate-200 p-3 text-sm">
              <div>
                <strong>{utcMinute(s.createdAt)}</strong> by {s.createdBy ?? "the command line"} — {s.reason}
              </div>
              <div className="text-slate-700">
                Data SHA-256 <code className="break-all" data-testid="snapshot-sha">{s.dataSha256}</code>
              </div>
              <ul className="mt-1 flex flex-wrap gap-x-4 gap-y-1">
                {s.files.map((f) => (
                  <li key={f.name}>
                    <a href={`/api/v1/studies/${studyId}/snapshots/${s.id}/${f.name}`} download className="text-brand-700 underline"
                      title={`SHA-256 ${f.sha256}`}>
                      {f.name}
                    </a>{" "}
                    <span className="text-slate-500">({byteSize(f.size)})</span>
                  </li>
                ))}
              </ul>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
