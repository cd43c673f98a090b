-- CreateTable
CREATE TABLE "study_snapshots" (
    "id" UUID NOT NULL,
    "study_id" UUID NOT NULL,
    "created_by_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "reason" TEXT NOT NULL,
    "data_sha256" TEXT NOT NULL,
    "rating_count" INTEGER NOT NULL,
    "ratings_changed_at" TIMESTAMPTZ(3),

    CONSTRAINT "study_snapshots_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "study_snapshot_files" (
    "snapshot_id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "content_type" TEXT NOT NULL,
    "sha256" TEXT NOT NULL,
    "size" INTEGER NOT NULL,
    "bytes" BYTEA NOT NULL,

    CONSTRAINT "study_snapshot_files_pkey" PRIMARY KEY ("snapshot_id","name")
);

-- CreateIndex
CREATE INDEX "study_snapshots_study_id_created_at_idx" ON "study_snapshots"("study_id", "created_at");

-- CreateIndex
CREATE INDEX "ratings_response_id_updated_at_idx" ON "ratings"("response_id", "updated_at");

-- AddForeignKey
ALTER TABLE "study_snapshots" ADD CONSTRAINT "study_snapshots_study_id_fkey" FOREIGN KEY ("study_id") REFERENCES "studies"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "study_snapshots" ADD CONSTRAINT "study_snapshots_created_by_id_fkey" FOREIGN KEY ("created_by_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "study_snapshot_files" ADD CONSTRAINT "study_snapshot_files_snapshot_id_fkey" FOREIGN KEY ("snapshot_id") REFERENCES "study_snapshots"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- A snapshot holds the four files of an analysis, nothing else.
ALTER TABLE "study_snapshot_files" ADD CONSTRAINT "study_snapshot_files_name_check"
  CHECK ("name" IN ('ratings.csv', 'results.json', 'analysis.json', 'analysis.md'));

-- Snapshots are what a paper cites: once written they never change. A direct
-- UPDATE or DELETE (from the application, a script or psql) fires this at
-- depth 1 and is refused. Deleting the whole study cascades through a
-- foreign-key trigger, where pg_trigger_depth() is above 1, and is let
-- through: the snapshots go with the study they describe. TRUNCATE is left to
-- the database's owner.
CREATE FUNCTION study_snapshots_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF pg_trigger_depth() <= 1 THEN
    RAISE EXCEPTION '% is immutable: % is refused', TG_TABLE_NAME, TG_OP
      USING HINT = 'Unlock and lock the study again to take a new snapshot.';
  END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER study_snapshots_refuse_change BEFORE UPDATE OR DELETE ON study_snapshots
  FOR EACH STATEMENT EXECUTE FUNCTION study_snapshots_refuse_change();
CREATE TRIGGER study_snapshot_files_refuse_change BEFORE UPDATE OR DELETE ON study_snapshot_files
  FOR EACH STATEMENT EXECUTE FUNCTION study_snapshots_refuse_change();
