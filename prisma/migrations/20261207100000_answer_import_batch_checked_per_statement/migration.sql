-- An answer's import_batch_id (the import that brought its text) is checked once per
-- statement instead of by a foreign key: the foreign key's row-by-row check was a sixth of
-- the database's time in an import of 100,000 answers. What the foreign key guaranteed
-- on the paths that exist still holds: an answer never names an import batch that does not
-- exist, a batch an answer is being written with cannot be deleted until that write's
-- transaction ends (it is locked FOR KEY SHARE, as the foreign key locked it), and deleting
-- a batch clears the answers that named it (ON DELETE SET NULL). Two things the foreign key
-- also did are refused outright below instead: changing a batch's id (it had ON UPDATE
-- CASCADE) and TRUNCATE of import_batches.

-- DropForeignKey
ALTER TABLE "responses" DROP CONSTRAINT "responses_import_batch_id_fkey";

CREATE FUNCTION responses_check_import_batch() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  missing uuid;
BEGIN
  PERFORM 1 FROM import_batches b
  WHERE b.id IN (SELECT c.import_batch_id FROM changed c WHERE c.import_batch_id IS NOT NULL)
  ORDER BY b.id FOR KEY SHARE OF b;
  SELECT c.import_batch_id INTO missing FROM changed c
  WHERE c.import_batch_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM import_batches b WHERE b.id = c.import_batch_id)
  LIMIT 1;
  IF missing IS NOT NULL THEN
    RAISE EXCEPTION 'insert or update on table "responses" names import batch %, which does not exist', missing
      USING ERRCODE = 'foreign_key_violation', TABLE = 'responses', COLUMN = 'import_batch_id';
  END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER responses_import_batch_on_insert AFTER INSERT ON responses
  REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION responses_check_import_batch();
CREATE TRIGGER responses_import_batch_on_update AFTER UPDATE ON responses
  REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION responses_check_import_batch();

-- A deleted batch's answers keep their text and lose the reference. Answers of a study being
-- deleted are left alone: the study's deletion removes them too (through its scenarios), and
-- clearing them first would rewrite every one of them for nothing.
CREATE FUNCTION import_batches_release_answers() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE responses r SET import_batch_id = NULL
  FROM gone g
  WHERE r.import_batch_id = g.id AND EXISTS (SELECT 1 FROM studies s WHERE s.id = r.study_id);
  RETURN NULL;
END
$$;

CREATE TRIGGER import_batches_release_answers AFTER DELETE ON import_batches
  REFERENCING OLD TABLE AS gone FOR EACH STATEMENT EXECUTE FUNCTION import_batches_release_answers();

-- A batch's id never changes, and its rows go only by DELETE (which the trigger above follows).
CREATE FUNCTION import_batches_keep_ids() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'import_batches: % is refused (answers refer to a batch by its id)', CASE WHEN TG_OP = 'UPDATE' THEN 'changing id' ELSE TG_OP END
    USING ERRCODE = 'foreign_key_violation';
END
$$;

CREATE TRIGGER import_batches_keep_ids BEFORE UPDATE OF id ON import_batches
  FOR EACH ROW WHEN (OLD.id IS DISTINCT FROM NEW.id) EXECUTE FUNCTION import_batches_keep_ids();
CREATE TRIGGER import_batches_no_truncate BEFORE TRUNCATE ON import_batches
  FOR EACH STATEMENT EXECUTE FUNCTION import_batches_keep_ids();
