-- Ids for the rows the application inserts with raw SQL, in the scheme of the
-- ids Prisma's client makes for @default(uuid(7)): UUID version 7, whose first
-- 48 bits are the unix time in milliseconds, so ids sort by creation time and
-- new rows land at the end of each primary key index.
--
-- A SQL function rather than ids made in TypeScript, because the raw inserts
-- are INSERT ... SELECT over any number of rows. PostgreSQL 18 has uuidv7()
-- built in, and tandem_uuid_v7() is that function where the server has it.
-- DATABASE_URL may name an older server, which gets tandem_uuid_v7_portable():
-- the same layout as PostgreSQL 18's, the millisecond timestamp, version 7,
-- 12 bits of sub-millisecond fraction, the variant and 62 random bits. Unlike
-- the built-in, two ids made in the same microsecond are in random order.
CREATE FUNCTION tandem_uuid_v7_portable() RETURNS uuid LANGUAGE plpgsql VOLATILE PARALLEL SAFE AS $$
DECLARE
  micros bigint := (extract(epoch FROM clock_timestamp()) * 1000000)::bigint;
BEGIN
  -- First 8 bytes: milliseconds (48 bits), version 7 (4 bits), the fraction
  -- of the millisecond in 4096ths (12 bits). Last 8 bytes: those of a random
  -- (version 4) UUID, whose variant bits are already the 10 that v7 needs.
  RETURN encode(
    int8send(((micros / 1000) << 16) | (7 << 12) | ((micros % 1000) * 4096 / 1000))
      || substring(uuid_send(gen_random_uuid()) FROM 9),
    'hex')::uuid;
END
$$;

DO $$
BEGIN
  IF to_regprocedure('pg_catalog.uuidv7()') IS NOT NULL THEN
    CREATE FUNCTION tandem_uuid_v7() RETURNS uuid LANGUAGE sql VOLATILE PARALLEL SAFE AS 'SELECT pg_catalog.uuidv7()';
  ELSE
    CREATE FUNCTION tandem_uuid_v7() RETURNS uuid LANGUAGE sql VOLATILE PARALLEL SAFE AS 'SELECT tandem_uuid_v7_portable()';
  END IF;
END
$$;
