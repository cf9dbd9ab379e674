-- SQLAlchemy 1.4.46's postgresql dialect (Debian 12's python3-sqlalchemy, psycopg2),
-- lib/sqlalchemy/dialects/postgresql/base.py: the Inspector's reflection queries, captured
-- with a before_cursor_execute listener against the equivalent PostgreSQL relations.
-- psycopg2 interpolates parameters on the client, so the server sees literals.

-- name: dialect.initialize: _get_server_version_info
-- source: PGDialect._get_server_version_info
-- expect: matches ^PostgreSQL 15\.8 \(pitgate\) on [a-z0-9_]+-pc-[a-z]+-gnu, compiled by go[0-9.]+, 64-bit$
select pg_catalog.version();

-- name: dialect.initialize: _get_default_schema_name
-- source: PGDialect._get_default_schema_name
-- expect: row features
select current_schema();

-- name: dialect.initialize: standard_conforming_strings
-- source: PGDialect.initialize (psycopg2 dialect: _set_backslash_escapes)
-- expect: row on
select pg_catalog.current_setting('standard_conforming_strings');

-- name: Inspector.get_schema_names #1
-- expect: row features
-- expect: row online
-- expect: row public
-- expect: row information_schema
SELECT nspname FROM pg_namespace WHERE nspname NOT LIKE 'pg_%' ORDER BY nspname;

-- name: Inspector.get_table_names #1
-- expect: rows 2
-- expect: row driver_stats
SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND c.relkind in ('r', 'p');

-- name: Inspector.get_view_names #1
-- expect: rows 4
-- expect: row driver_activity
SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'features' AND c.relkind IN ('v', 'm');

-- name: Inspector.get_columns #1
-- expect: rows 1
SELECT c.oid
FROM pg_catalog.pg_class c
LEFT JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
WHERE (n.nspname = 'features')
AND c.relname = 'driver_hourly_stats' AND c.relkind in
('r', 'v', 'm', 'f', 'p');

-- name: Inspector.get_columns #2
-- expect: rows 5
-- expect: column default
-- expect: column comment
-- expect: row conv_rate|double precision|NULL|f|{{oid features.driver_hourly_stats}}|Share of ride offers the driver converted into trips||NULL
SELECT a.attname,
  pg_catalog.format_type(a.atttypid, a.atttypmod),
  (
    SELECT pg_catalog.pg_get_expr(d.adbin, d.adrelid)
    FROM pg_catalog.pg_attrdef d
    WHERE d.adrelid = a.attrelid AND d.adnum = a.attnum
    AND a.atthasdef
  ) AS DEFAULT,
  a.attnotnull,
  a.attrelid as table_oid,
  pgd.description as comment,
  a.attgenerated as generated,
                  (SELECT json_build_object(
        'always', a.attidentity = 'a',
        'start', s.seqstart,
        'increment', s.seqincrement,
        'minvalue', s.seqmin,
        'maxvalue', s.seqmax,
        'cache', s.seqcache,
        'cycle', s.seqcycle)
    FROM pg_catalog.pg_sequence s
    JOIN pg_catalog.pg_class c on s.seqrelid = c."oid"
    WHERE c.relkind = 'S'
    AND a.attidentity != ''
    AND s.seqrelid = pg_catalog.pg_get_serial_sequence(
        a.attrelid::regclass::text, a.attname
    )::regclass::oid
    ) as identity_options
FROM pg_catalog.pg_attribute a
LEFT JOIN pg_catalog.pg_description pgd ON (
    pgd.objoid = a.attrelid AND pgd.objsubid = a.attnum)
WHERE a.attrelid = '{{oid features.driver_hourly_stats}}'
AND a.attnum > 0 AND NOT a.attisdropped
ORDER BY a.attnum;

-- name: Inspector.get_columns #3
SELECT t.typname as "name",
   pg_catalog.format_type(t.typbasetype, t.typtypmod) as "attype",
   not t.typnotnull as "nullable",
   t.typdefault as "default",
   pg_catalog.pg_type_is_visible(t.oid) as "visible",
   n.nspname as "schema"
FROM pg_catalog.pg_type t
   LEFT JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace
WHERE t.typtype = 'd';

-- name: Inspector.get_columns #4
SELECT t.typname as "name",
       -- no enum defaults in 8.4 at least
       -- t.typdefault as "default",
       pg_catalog.pg_type_is_visible(t.oid) as "visible",
       n.nspname as "schema",
       e.enumlabel as "label"
    FROM pg_catalog.pg_type t
         LEFT JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace
         LEFT JOIN pg_catalog.pg_enum e ON t.oid = e.enumtypid
    WHERE t.typtype = 'e'
ORDER BY "schema", "name", e.oid;

-- name: Inspector.has_table #1
-- expect: rows 1
select relname from pg_class c join pg_namespace n on n.oid=c.relnamespace where n.nspname='features' and relname='driver_hourly_stats';

-- name: Inspector.get_pk_constraint #1
SELECT c.oid
FROM pg_catalog.pg_class c
LEFT JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
WHERE (n.nspname = 'public')
AND c.relname = 'driver_stats' AND c.relkind in
('r', 'v', 'm', 'f', 'p');

-- name: Inspector.get_pk_constraint #2
-- expect: rows 0
SELECT a.attname
FROM pg_attribute a JOIN (
    SELECT unnest(ix.indkey) attnum,
           generate_subscripts(ix.indkey, 1) ord
    FROM pg_index ix
    WHERE ix.indrelid = '{{oid public.driver_stats}}' AND ix.indisprimary
    ) k ON a.attnum=k.attnum
WHERE a.attrelid = '{{oid public.driver_stats}}'
ORDER BY k.ord;

-- name: Inspector.get_pk_constraint #3
SELECT conname
   FROM  pg_catalog.pg_constraint r
   WHERE r.conrelid = '{{oid public.driver_stats}}' AND r.contype = 'p'
   ORDER BY 1;

-- name: Inspector.get_table_comment #1
-- expect: row Hourly driver performance statistics
SELECT
    pgd.description as table_comment
FROM
    pg_catalog.pg_description pgd
WHERE
    pgd.objsubid = 0 AND
    pgd.objoid = '{{oid features.driver_hourly_stats}}';

-- name: Inspector.get_indexes #1
-- source: PGDialect.get_indexes (a LEFT JOIN ... ON a.attnum = ANY(ix.indkey), which DuckDB refuses unrewritten)
-- expect: rows 0
-- expect: column indnkeyatts
SELECT
    i.relname as relname,
    ix.indisunique, ix.indexprs,
    a.attname, a.attnum, c.conrelid, ix.indkey::varchar,
    ix.indoption::varchar, i.reloptions, am.amname,
    pg_get_expr(ix.indpred, ix.indrelid),
    ix.indnkeyatts as indnkeyatts
FROM
    pg_class t
          join pg_index ix on t.oid = ix.indrelid
          join pg_class i on i.oid = ix.indexrelid
          left outer join
              pg_attribute a
              on t.oid = a.attrelid and a.attnum = ANY(ix.indkey)
          left outer join
              pg_constraint c
              on (ix.indrelid = c.conrelid and
                  ix.indexrelid = c.conindid and
                  c.contype in ('p', 'u', 'x'))
          left outer join
              pg_am am
              on i.relam = am.oid
WHERE
    t.relkind IN ('r', 'v', 'f', 'm', 'p')
    and t.oid = '{{oid features.driver_hourly_stats}}'
    and ix.indisprimary = 'f'
ORDER BY
    t.relname,
    i.relname;

-- name: Inspector.get_foreign_keys #1
-- source: PGDialect.get_foreign_keys
-- expect: rows 0
SELECT r.conname,
        pg_catalog.pg_get_constraintdef(r.oid, true) as condef,
        n.nspname as conschema
  FROM  pg_catalog.pg_constraint r,
        pg_namespace n,
        pg_class c

  WHERE r.conrelid = '{{oid features.driver_hourly_stats}}' AND
        r.contype = 'f' AND
        c.oid = confrelid AND
        n.oid = c.relnamespace
  ORDER BY 1;

-- name: Inspector.get_unique_constraints #1
-- source: PGDialect.get_unique_constraints
-- expect: rows 0
SELECT
    cons.conname as name,
    cons.conkey as key,
    a.attnum as col_num,
    a.attname as col_name
FROM
    pg_catalog.pg_constraint cons
    join pg_attribute a
      on cons.conrelid = a.attrelid AND
        a.attnum = ANY(cons.conkey)
WHERE
    cons.conrelid = '{{oid features.driver_hourly_stats}}' AND
    cons.contype = 'u';

-- name: Inspector.get_check_constraints #1
-- source: PGDialect.get_check_constraints
-- expect: rows 0
SELECT
    cons.conname as name,
    pg_get_constraintdef(cons.oid) as src
FROM
    pg_catalog.pg_constraint cons
WHERE
    cons.conrelid = '{{oid features.driver_hourly_stats}}' AND
    cons.contype = 'c';

-- name: Inspector.get_view_definition #1
-- source: PGDialect.get_view_definition
-- expect: rows 1
-- expect: matches ^ SELECT driver_stats\.driver_id,
SELECT pg_get_viewdef(c.oid) view_def FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'features' AND c.relname = 'driver_hourly_stats' AND c.relkind IN ('v', 'm');

-- name: Inspector.get_sequence_names #1
-- source: PGDialect.get_sequence_names
-- expect: rows 0
SELECT relname FROM pg_class c join pg_namespace n on n.oid=c.relnamespace where relkind='S' and n.nspname='features';

-- name: PGDialect._load_enums #1
-- source: PGDialect._load_enums (get_columns of an enum-typed column, metadata reflection)
-- expect: rows 0
SELECT t.typname as "name",
       -- no enum defaults in 8.4 at least
       -- t.typdefault as "default",
       pg_catalog.pg_type_is_visible(t.oid) as "visible",
       n.nspname as "schema",
       e.enumlabel as "label"
    FROM pg_catalog.pg_type t
         LEFT JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace
         LEFT JOIN pg_catalog.pg_enum e ON t.oid = e.enumtypid
    WHERE t.typtype = 'e'
AND n.nspname = 'features' ORDER BY "schema", "name", e.oid;

-- name: PGDialect.has_type #1
-- source: PGDialect.has_type
-- expect: row f
SELECT EXISTS (
        SELECT * FROM pg_catalog.pg_type t, pg_catalog.pg_namespace n
        WHERE t.typnamespace = n.oid
        AND t.typname = 'x'
        AND n.nspname = 'features'
        );
