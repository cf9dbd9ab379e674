#!/usr/bin/env bash
# Keeps the import direction of DESIGN.md §5 true: each package may import
# only the pitgate packages listed for it, and a vendor SDK only from the
# one package that owns it.
set -euo pipefail
mod=github.com/pitgate/pitgate
fail=0

allowed() { # package -> allowed pitgate imports (space separated, prefixes)
  case "$1" in
    $mod/plan|$mod/registry|$mod/wire|$mod/internal/sqlerr|$mod) echo "" ;;
    $mod/planner) echo "$mod/plan $mod/registry $mod/internal/sqlerr" ;;
    $mod/dialects) echo "$mod/plan $mod/internal/sqlerr" ;;
    $mod/warehouse) echo "" ;;
    $mod/warehouse/loadconv) echo "$mod/internal/sqlerr" ;;
    $mod/warehouse/*) echo "$mod/warehouse $mod/warehouse/loadconv $mod/internal/sqlerr" ;;
    $mod/catalog) echo "$mod/registry $mod/plan $mod/warehouse $mod/warehouse/duckdb $mod/internal/sqlerr" ;;
    $mod/online) echo "$mod/registry $mod/plan $mod/dialects $mod/warehouse $mod/internal/sqlerr" ;;
    $mod/online/onlinetest) echo "*" ;;
    $mod/online/*) echo "$mod/online $mod/registry $mod/plan $mod/internal/sqlerr" ;;
    $mod/gateway) echo "$mod/wire $mod/planner $mod/dialects $mod/catalog $mod/online $mod/warehouse $mod/registry $mod/plan $mod/internal/sqlerr" ;;
    $mod/internal/datagen) echo "$mod/warehouse $mod/internal/sqlerr" ;;
    $mod/internal/pitref) echo "" ;;
    *) echo "*" ;;
  esac
}

while read -r pkg imports; do
  ok=$(allowed "$pkg")
  for imp in $imports; do
    case "$imp" in
      github.com/pganalyze/pg_query_go*) [[ "$pkg" == "$mod/planner" ]] || { echo "$pkg imports $imp: only planner/ may"; fail=1; } ;;
      github.com/duckdb/duckdb-go*) [[ "$pkg" == "$mod/warehouse/duckdb" ]] || { echo "$pkg imports $imp: only warehouse/duckdb may"; fail=1; } ;;
      go.etcd.io/bbolt*) [[ "$pkg" == "$mod/online/embedded" ]] || { echo "$pkg imports $imp: only online/embedded may"; fail=1; } ;;
      github.com/redis/go-redis*) [[ "$pkg" == "$mod/online/redis" ]] || { echo "$pkg imports $imp: only online/redis may"; fail=1; } ;;
      cloud.google.com/go/bigquery*) [[ "$pkg" == "$mod/warehouse/bigquery" ]] || { echo "$pkg imports $imp: only warehouse/bigquery may"; fail=1; } ;;
      github.com/goccy/bigquery-emulator*) echo "$pkg imports $imp: the emulator is for internal/bqemu's tests only"; fail=1 ;;
      github.com/snowflakedb/gosnowflake*) [[ "$pkg" == "$mod/warehouse/snowflake" ]] || { echo "$pkg imports $imp: only warehouse/snowflake may"; fail=1; } ;;
      github.com/jackc/pgx/v5/pgxpool|github.com/jackc/pgx/v5)
        [[ "$pkg" == "$mod/warehouse/postgres" || "$pkg" == "$mod/online/postgres" || "$pkg" == "$mod/online/onlinetest" || "$pkg" == "$mod/internal/testenv" || "$pkg" == "$mod/bench/online" || "$pkg" == "$mod/bench/wire" || "$pkg" == "$mod/bench/notebook" ]] || { echo "$pkg imports $imp: only the PostgreSQL connectors (and bench/online, bench/wire, bench/notebook: pgx clients) may"; fail=1; } ;;
    esac
    [[ "$imp" == $mod* ]] || continue
    [[ "$ok" == "*" ]] && continue
    hit=0
    for a in $ok; do [[ "$imp" == "$a" ]] && hit=1; done
    [[ $hit == 1 ]] || { echo "$pkg must not import $imp (DESIGN §5)"; fail=1; }
  done
done < <(go list -f '{{.ImportPath}} {{join .Imports " "}}' ./...)

# Test files may use test helpers, but never a vendor SDK outside its owner.
while read -r pkg imports; do
  for imp in $imports; do
    case "$imp" in
      github.com/duckdb/duckdb-go*) [[ "$pkg" == "$mod/warehouse/duckdb" ]] || { echo "$pkg (tests) import $imp: only warehouse/duckdb may"; fail=1; } ;;
      github.com/pganalyze/pg_query_go*) [[ "$pkg" == "$mod/planner" ]] || { echo "$pkg (tests) import $imp: only planner/ may"; fail=1; } ;;
      cloud.google.com/go/bigquery*|github.com/goccy/bigquery-emulator*)
        [[ "$pkg" == "$mod/warehouse/bigquery" || "$pkg" == "$mod/internal/bqemu" ]] || { echo "$pkg (tests) import $imp: only warehouse/bigquery and internal/bqemu may"; fail=1; } ;;
    esac
  done
done < <(go list -f '{{.ImportPath}} {{join .TestImports " "}} {{join .XTestImports " "}}' ./...)

[[ $fail == 0 ]] && echo "layers: imports follow DESIGN §5"
exit $fail
