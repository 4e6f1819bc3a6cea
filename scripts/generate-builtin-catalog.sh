#!/usr/bin/env bash
# Regenerates server/src/analysis/catalog/builtin/pg-catalog.json from a running PostgreSQL server:
# the relations of pg_catalog and information_schema with their columns, which unqualified names such as
# pg_tables reach on every search_path. Usage: scripts/generate-builtin-catalog.sh "postgresql://..."
set -euo pipefail
psql "$1" -Atq <<'SQL' > server/src/analysis/catalog/builtin/pg-catalog.json
select json_object_agg(nspname, rels order by nspname) from (
  select n.nspname, json_object_agg(c.relname, (
      select json_agg(json_build_array(a.attname, format_type(a.atttypid, a.atttypmod)) order by a.attnum)
      from pg_attribute a where a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
    ) order by c.relname) as rels
  from pg_class c join pg_namespace n on n.oid = c.relnamespace
  where n.nspname in ('pg_catalog', 'information_schema') and c.relkind in ('r', 'v', 'm', 'p', 'f')
  group by n.nspname
) s;
SQL
