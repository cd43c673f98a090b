-- CreateTable
CREATE TABLE "study_changes" (
    "study_id" UUID NOT NULL,
    "version" BIGINT NOT NULL,
    "changed_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "study_changes_pkey" PRIMARY KEY ("study_id")
);

-- CreateTable
CREATE TABLE "study_change_pending" (
    "study_id" UUID NOT NULL,
    "txid" BIGINT NOT NULL,

    CONSTRAINT "study_change_pending_pkey" PRIMARY KEY ("study_id","txid")
);

-- AddForeignKey
ALTER TABLE "study_changes" ADD CONSTRAINT "study_changes_study_id_fkey" FOREIGN KEY ("study_id") REFERENCES "studies"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- The change counter. Every table whose rows the Results figures read has
-- statement-level triggers that note the studies the statement touched in
-- study_change_pending: at most one row per study and transaction, however
-- many rows the statement (or the transaction) wrote. A deferred trigger on
-- that table bumps study_changes once per study when the transaction
-- commits and deletes the note, so the counter row is locked only for the
-- commit itself (a long import does not hold up the raters of its study),
-- and a reader sees version n + 1 exactly when the writes that made it are
-- visible. A study deleted in the same transaction gets no counter row.

CREATE FUNCTION study_changes_note(studies uuid[]) RETURNS void LANGUAGE sql AS $$
  INSERT INTO study_change_pending (study_id, txid)
  SELECT DISTINCT x.id, txid_current() FROM unnest(studies) AS x(id) WHERE x.id IS NOT NULL
  ON CONFLICT DO NOTHING;
$$;

CREATE FUNCTION study_changes_bump() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO study_changes (study_id, version)
  SELECT s.id, 1 FROM studies s WHERE s.id = NEW.study_id
  ON CONFLICT (study_id) DO UPDATE SET version = study_changes.version + 1, changed_at = clock_timestamp();
  DELETE FROM study_change_pending WHERE study_id = NEW.study_id AND txid = NEW.txid;
  RETURN NULL;
END
$$;

CREATE CONSTRAINT TRIGGER study_changes_bump AFTER INSERT ON study_change_pending
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION study_changes_bump();

-- Each function reads the statement's rows from the transition table
-- `changed` (and, for an update, `before_change`) and notes their studies.

-- Rows that carry study_id: responses, scenarios, queues, gold_scores.
CREATE FUNCTION study_changes_by_study_id() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' THEN
    PERFORM study_changes_note(ARRAY(SELECT study_id FROM changed UNION SELECT study_id FROM before_change));
  ELSE
    PERFORM study_changes_note(ARRAY(SELECT DISTINCT study_id FROM changed));
  END IF;
  RETURN NULL;
END
$$;

-- Rows of an answer: ratings, quality_ratings (adjudications), answer_versions.
CREATE FUNCTION study_changes_by_response() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' THEN
    PERFORM study_changes_note(ARRAY(
      SELECT DISTINCT r.study_id FROM responses r
      WHERE r.id IN (SELECT response_id FROM changed UNION SELECT response_id FROM before_change)));
  ELSE
    PERFORM study_changes_note(ARRAY(SELECT DISTINCT r.study_id FROM responses r WHERE r.id IN (SELECT response_id FROM changed)));
  END IF;
  RETURN NULL;
END
$$;

-- Rows of a queue: queue_items (progress, the adjudication panel), queue_raters (who a named rater is).
CREATE FUNCTION study_changes_by_queue() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' THEN
    PERFORM study_changes_note(ARRAY(
      SELECT DISTINCT q.study_id FROM queues q
      WHERE q.id IN (SELECT queue_id FROM changed UNION SELECT queue_id FROM before_change)));
  ELSE
    PERFORM study_changes_note(ARRAY(SELECT DISTINCT q.study_id FROM queues q WHERE q.id IN (SELECT queue_id FROM changed)));
  END IF;
  RETURN NULL;
END
$$;

-- Assignments: only a submitted one (before or after the write) shows in the
-- figures (time on task, the ratings and adjudications of a queue item), so
-- a claim, a lease renewal, a skip or an expiry bumps nothing.
CREATE FUNCTION study_changes_by_assignment() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' THEN
    PERFORM study_changes_note(ARRAY(
      SELECT DISTINCT q.study_id FROM queue_items qi JOIN queues q ON q.id = qi.queue_id
      WHERE qi.id IN (SELECT queue_item_id FROM changed WHERE status = 'submitted'
                      UNION SELECT queue_item_id FROM before_change WHERE status = 'submitted')));
  ELSE
    PERFORM study_changes_note(ARRAY(
      SELECT DISTINCT q.study_id FROM queue_items qi JOIN queues q ON q.id = qi.queue_id
      WHERE qi.id IN (SELECT queue_item_id FROM changed WHERE status = 'submitted')));
  END IF;
  RETURN NULL;
END
$$;

-- Raters: a machine rater belongs to its study; a physician rater's name
-- shows in every study it rated in, so a renamed physician bumps those. A
-- deleted rater's ratings go with it (and bump through ratings).
CREATE FUNCTION study_changes_by_rater() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' THEN
    PERFORM study_changes_note(ARRAY(
      SELECT study_id FROM changed UNION SELECT study_id FROM before_change
      UNION SELECT r.study_id FROM ratings g JOIN responses r ON r.id = g.response_id
      WHERE g.rater_id IN (SELECT n.id FROM changed n JOIN before_change o ON o.id = n.id WHERE n.name IS DISTINCT FROM o.name OR n.kind IS DISTINCT FROM o.kind)));
  ELSE
    PERFORM study_changes_note(ARRAY(SELECT DISTINCT study_id FROM changed));
  END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER study_changes_on_insert AFTER INSERT ON responses REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION study_changes_by_study_id();
CREATE TRIGGER study_changes_on_update AFTER UPDATE ON responses REFERENCING OLD TABLE AS before_change NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION study_changes_by_study_id();
CREATE TRIGGER study_changes_on_delete AFTER DELETE ON responses REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION study_changes_by_study_id();

CREATE TRIGGER study_changes_on_insert AFTER INSERT ON scenarios REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION study_changes_by_study_id();
CREATE TRIGGER study_changes_on_update AFTER UPDATE ON scenarios REFERENCING OLD TABLE AS before_change NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION study_changes_by_study_id();
CREATE TRIGGER study_changes_on_delete AFTER DELETE ON scenarios REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION study_changes_by_study_id();

CREATE TRIGGER study_changes_on_insert AFTER INSERT ON queues REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION study_changes_by_study_id();
CREATE TRIGGER study_changes_on_update AFTER UPDATE ON queues REFERENCING OLD TABLE AS before_change NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION study_changes_by_study_id();
CREATE TRIGGER study_changes_on_delete AFTER DELETE ON queues REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION study_changes_by_study_id();

CREATE TRIGGER study_changes_on_insert AFTER INSERT ON gold_scores REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION study_changes_by_study_id();
CREATE TRIGGER study_changes_on_update AFTER UPDATE ON gold_scores REFERENCING OLD TABLE AS before_change NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION study_changes_by_study_id();
CREATE TRIGGER study_changes_on_delete AFTER DELETE ON gold_scores REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION study_changes_by_study_id();

CREATE TRIGGER study_changes_on_insert AFTER INSERT ON ratings REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION study_changes_by_response();
CREATE TRIGGER study_changes_on_update AFTER UPDATE ON ratings REFERENCING OLD TABLE AS before_change NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION study_changes_by_response();
CREATE TRIGGER study_changes_on_delete AFTER DELETE ON ratings REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION study_changes_by_response();

CREATE TRIGGER study_changes_on_insert AFTER INSERT ON quality_ratings REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION study_changes_by_response();
CREATE TRIGGER study_changes_on_update AFTER UPDATE ON quality_ratings REFERENCING OLD TABLE AS before_change NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION study_changes_by_response();
CREATE TRIGGER study_changes_on_delete AFTER DELETE ON quality_ratings REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION study_changes_by_response();

CREATE TRIGGER study_changes_on_insert AFTER INSERT ON answer_versions REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION study_changes_by_response();
CREATE TRIGGER study_changes_on_update AFTER UPDATE ON answer_versions REFERENCING OLD TABLE AS before_change NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION study_changes_by_response();
CREATE TRIGGER study_changes_on_delete AFTER DELETE ON answer_versions REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION study_changes_by_response();

CREATE TRIGGER study_changes_on_insert AFTER INSERT ON queue_items REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION study_changes_by_queue();
CREATE TRIGGER study_changes_on_update AFTER UPDATE ON queue_items REFERENCING OLD TABLE AS before_change NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION study_changes_by_queue();
CREATE TRIGGER study_changes_on_delete AFTER DELETE ON queue_items REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION study_changes_by_queue();

CREATE TRIGGER study_changes_on_insert AFTER INSERT ON queue_raters REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION study_changes_by_queue();
CREATE TRIGGER study_changes_on_update AFTER UPDATE ON queue_raters REFERENCING OLD TABLE AS before_change NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION study_changes_by_queue();
CREATE TRIGGER study_changes_on_delete AFTER DELETE ON queue_raters REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION study_changes_by_queue();

CREATE TRIGGER study_changes_on_insert AFTER INSERT ON assignments REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION study_changes_by_assignment();
CREATE TRIGGER study_changes_on_update AFTER UPDATE ON assignments REFERENCING OLD TABLE AS before_change NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION study_changes_by_assignment();
CREATE TRIGGER study_changes_on_delete AFTER DELETE ON assignments REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION study_changes_by_assignment();

CREATE TRIGGER study_changes_on_insert AFTER INSERT ON raters REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION study_changes_by_rater();
CREATE TRIGGER study_changes_on_update AFTER UPDATE ON raters REFERENCING OLD TABLE AS before_change NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION study_changes_by_rater();
CREATE TRIGGER study_changes_on_delete AFTER DELETE ON raters REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION study_changes_by_rater();
