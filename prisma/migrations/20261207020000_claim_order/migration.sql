-- AlterTable
ALTER TABLE "queue_items" ADD COLUMN     "order_key" BIGINT NOT NULL DEFAULT 0,
ADD COLUMN     "ratings_missing" INTEGER NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "queue_raters" ADD COLUMN     "claim_cursor" BIGINT;

-- A 62-bit key from a queue's seed and an id: an item's place (order_key) and
-- a rater's mask. A rater meets the items of a queue by order_key XOR their
-- mask, so each rater has an order of their own, reproducible from the seed
-- and unknown to anyone who does not know it.
CREATE FUNCTION tandem_order_key(seed text, id text) RETURNS bigint LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT ('x' || substr(md5(seed || '|' || id), 1, 16))::bit(64)::bigint & 4611686018427387903
$$;

-- A new item gets its key and the k ratings it lacks (none for a gold item),
-- unless the insert gave them (a queue's bulk insert computes them in the
-- statement, which is cheaper than a trigger call per row; a computed key of 0
-- is recomputed to the same value).
CREATE FUNCTION queue_items_before_insert() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  queue_seed text;
  k int;
BEGIN
  SELECT q.seed, q.ratings_per_item INTO queue_seed, k FROM queues q WHERE q.id = NEW.queue_id;
  NEW.order_key := tandem_order_key(queue_seed, NEW.id::text);
  NEW.ratings_missing := CASE WHEN NEW.gold THEN 0 ELSE k END;
  RETURN NEW;
END
$$;

CREATE TRIGGER queue_items_keys BEFORE INSERT ON queue_items
  FOR EACH ROW WHEN (NEW.order_key = 0) EXECUTE FUNCTION queue_items_before_insert();

-- ratings_missing follows every write to assignments: a `rating` assignment
-- entering or leaving `submitted` (a submission, an answer's text replaced, a
-- deletion) takes or gives back one. An increment is applied to the row's
-- latest version under its row lock, so concurrent submissions add up.
CREATE FUNCTION assignments_count_ratings() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  was boolean := TG_OP <> 'INSERT' AND OLD.status = 'submitted' AND OLD.purpose = 'rating';
  now_is boolean := TG_OP <> 'DELETE' AND NEW.status = 'submitted' AND NEW.purpose = 'rating';
BEGIN
  IF TG_OP = 'UPDATE' AND was = now_is AND OLD.queue_item_id = NEW.queue_item_id THEN
    RETURN NULL;
  END IF;
  IF was THEN
    UPDATE queue_items SET ratings_missing = ratings_missing + 1 WHERE id = OLD.queue_item_id AND NOT gold;
  END IF;
  IF now_is THEN
    UPDATE queue_items SET ratings_missing = ratings_missing - 1 WHERE id = NEW.queue_item_id AND NOT gold;
  END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER assignments_ratings_missing AFTER INSERT OR DELETE OR UPDATE OF status, purpose, queue_item_id ON assignments
  FOR EACH ROW EXECUTE FUNCTION assignments_count_ratings();

UPDATE queue_items qi
   SET order_key = tandem_order_key(q.seed, qi.id::text),
       ratings_missing = CASE WHEN qi.gold THEN 0 ELSE q.ratings_per_item - (
         SELECT count(*) FROM assignments a WHERE a.queue_item_id = qi.id AND a.purpose = 'rating' AND a.status = 'submitted') END
  FROM queues q WHERE q.id = qi.queue_id;

-- The items that still lack ratings, by key: what a claim walks.
CREATE INDEX queue_items_open_order_idx ON queue_items (queue_id, order_key) WHERE ratings_missing > 0;

-- The items of a queue still lacking ratings, in the order of the rater with
-- mask p_mask (order_key XOR p_mask), after position p_after (-1: from the
-- start), at most p_limit of them, with their positions. It walks the binary
-- trie of the keys, the half whose next key bit equals the mask's coming
-- first, and reads a block of keys through the index only while it holds
-- more than 4 items: O(log n) index reads for the first item, whatever the
-- queue's size, and none for a block wholly at or before p_after. ROWS 8: a
-- claim asks for a few, so a query joining the walk to queue_items looks each
-- item up by its id rather than reading the queue.
CREATE FUNCTION tandem_queue_walk(p_queue uuid, p_mask bigint, p_after bigint, p_limit int)
RETURNS TABLE (item_id uuid, item_position bigint) LANGUAGE plpgsql STABLE ROWS 8 AS $$
DECLARE
  los bigint[] := ARRAY[0::bigint];
  widths int[] := ARRAY[62];
  lo bigint;
  width int;
  size bigint;
  ids uuid[];
  positions bigint[];
  found int;
  emitted int := 0;
  first_bit bigint;
BEGIN
  WHILE cardinality(los) > 0 LOOP
    lo := los[cardinality(los)];
    width := widths[cardinality(widths)];
    los := los[1:cardinality(los) - 1];
    widths := widths[1:cardinality(widths) - 1];
    size := 1::bigint << width;
    -- The positions of a block share its high bits: skip it when the last of them is at or before p_after.
    CONTINUE WHEN (((lo # p_mask) >> width) << width) + size - 1 <= p_after;
    SELECT array_agg(s.id ORDER BY s.pos), array_agg(s.pos ORDER BY s.pos), count(*)
      INTO ids, positions, found
      FROM (SELECT qi.id, qi.order_key # p_mask AS pos FROM queue_items qi
            WHERE qi.queue_id = p_queue AND qi.ratings_missing > 0 AND qi.order_key >= lo AND qi.order_key < lo + size
            ORDER BY qi.order_key
            LIMIT CASE WHEN width = 0 THEN NULL ELSE 5 END) s;
    CONTINUE WHEN found = 0;
    IF found <= 4 OR width = 0 THEN
      FOR i IN 1..found LOOP
        CONTINUE WHEN positions[i] <= p_after;
        item_id := ids[i];
        item_position := positions[i];
        RETURN NEXT;
        emitted := emitted + 1;
        IF emitted >= p_limit THEN
          RETURN;
        END IF;
      END LOOP;
    ELSE
      -- Two halves by the next key bit; the one matching the mask's bit comes first, so it goes on the stack last.
      width := width - 1;
      first_bit := (p_mask >> width) & 1;
      los := los || (lo + ((1 - first_bit) << width)) || (lo + (first_bit << width));
      widths := widths || width || width;
    END IF;
  END LOOP;
END
$$;
