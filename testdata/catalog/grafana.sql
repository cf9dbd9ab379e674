-- Grafana's PostgreSQL data source: the queries its query editor and data source
-- configuration send (github.com/grafana/grafana at eb607c51,
-- public/app/plugins/datasource/grafana-postgresql-datasource/postgresMetaQuery.ts,
-- functions getVersion, getTimescaleDBVersion, showTables, getSchema and
-- buildSchemaConstraint), with their template strings filled in.

-- name: getVersion
-- source: postgresMetaQuery.ts getVersion (useAutoDetectFeatures.ts)
-- expect: row 1500
SELECT current_setting('server_version_num')::int/100 as version;

-- name: getTimescaleDBVersion
-- source: postgresMetaQuery.ts getTimescaleDBVersion
-- expect: rows 0
SELECT extversion FROM pg_extension WHERE extname = 'timescaledb';

-- name: showTables
-- source: postgresMetaQuery.ts showTables with buildSchemaConstraint
-- expect: row features.driver_hourly_stats
-- expect: row driver_stats
-- expect: row online.driver_hourly_stats
SELECT
    CASE WHEN
          quote_ident(table_schema) IN (
          SELECT
            CASE WHEN trim(s[i]) = '"$user"' THEN user ELSE trim(s[i]) END
          FROM
            generate_series(
              array_lower(string_to_array(current_setting('search_path'),','),1),
              array_upper(string_to_array(current_setting('search_path'),','),1)
            ) as i,
            string_to_array(current_setting('search_path'),',') s
          )
      THEN quote_ident(table_name)
      ELSE quote_ident(table_schema) || '.' || quote_ident(table_name)
    END AS "table"
    FROM information_schema.tables
    WHERE quote_ident(table_schema) NOT IN ('information_schema',
                             'pg_catalog',
                             '_timescaledb_cache',
                             '_timescaledb_catalog',
                             '_timescaledb_internal',
                             '_timescaledb_config',
                             'timescaledb_information',
                             'timescaledb_experimental')
    ORDER BY CASE WHEN
          quote_ident(table_schema) IN (
          SELECT
            CASE WHEN trim(s[i]) = '"$user"' THEN user ELSE trim(s[i]) END
          FROM
            generate_series(
              array_lower(string_to_array(current_setting('search_path'),','),1),
              array_upper(string_to_array(current_setting('search_path'),','),1)
            ) as i,
            string_to_array(current_setting('search_path'),',') s
          ) THEN 0 ELSE 1 END, 1;

-- name: getSchema('features.driver_hourly_stats')
-- source: postgresMetaQuery.ts getSchema, a schema-qualified table
-- expect: rows 5
-- expect: row conv_rate|double precision
-- expect: row event_timestamp|timestamp with time zone
SELECT quote_ident(column_name) AS "column", data_type AS "type"
    FROM information_schema.columns
    WHERE
      CASE WHEN array_length(parse_ident('features.driver_hourly_stats'),1) = 2
        THEN quote_ident(table_schema) = (parse_ident('features.driver_hourly_stats'))[1]
          AND quote_ident(table_name) = (parse_ident('features.driver_hourly_stats'))[2]
        ELSE quote_ident(table_name) = 'features.driver_hourly_stats'
          AND
          quote_ident(table_schema) IN (
          SELECT
            CASE WHEN trim(s[i]) = '"$user"' THEN user ELSE trim(s[i]) END
          FROM
            generate_series(
              array_lower(string_to_array(current_setting('search_path'),','),1),
              array_upper(string_to_array(current_setting('search_path'),','),1)
            ) as i,
            string_to_array(current_setting('search_path'),',') s
          )
      END;

-- name: getSchema('driver_stats')
-- source: postgresMetaQuery.ts getSchema, a table on the search_path
-- expect: rows 6
-- expect: row created|timestamp with time zone
SELECT quote_ident(column_name) AS "column", data_type AS "type"
    FROM information_schema.columns
    WHERE
      CASE WHEN array_length(parse_ident('driver_stats'),1) = 2
        THEN quote_ident(table_schema) = (parse_ident('driver_stats'))[1]
          AND quote_ident(table_name) = (parse_ident('driver_stats'))[2]
        ELSE quote_ident(table_name) = 'driver_stats'
          AND
          quote_ident(table_schema) IN (
          SELECT
            CASE WHEN trim(s[i]) = '"$user"' THEN user ELSE trim(s[i]) END
          FROM
            generate_series(
              array_lower(string_to_array(current_setting('search_path'),','),1),
              array_upper(string_to_array(current_setting('search_path'),','),1)
            ) as i,
            string_to_array(current_setting('search_path'),',') s
          )
      END;
