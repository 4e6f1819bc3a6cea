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

# The built-in functions users call (completion shows their signatures): pg_catalog's functions,
# aggregates and window functions, without the type I/O and internal support functions.
psql "$1" -Atq <<'SQL' > server/src/analysis/catalog/builtin/pg-functions.json
select json_agg(json_build_array(proname, args, result) order by proname, args) from (
  select distinct p.proname, pg_get_function_arguments(p.oid) as args, pg_get_function_result(p.oid) as result
  from pg_proc p join pg_namespace n on n.oid = p.pronamespace
  where n.nspname = 'pg_catalog' and p.prokind in ('f', 'a', 'w')
    and not exists (select 1 from unnest(p.proargtypes::oid[]) t where t in ('internal'::regtype, 'cstring'::regtype))
    and p.prorettype not in ('internal'::regtype, 'cstring'::regtype, 'trigger'::regtype, 'event_trigger'::regtype,
      'language_handler'::regtype, 'fdw_handler'::regtype, 'index_am_handler'::regtype, 'table_am_handler'::regtype,
      'tsm_handler'::regtype)
    and p.proname !~ '^(_|pg_stat_get|binary_upgrade|int[248]|float[48]|numeric_|bool|char|bpchar|varchar|name|oid|tid|xid|cid|cash|macaddr|uuid_)'
    and p.proname !~ '_(in|out|recv|send|support|handler)$'
) f;
SQL

# Every name pg_catalog has a function (of any kind) or a type of: the static 42883 check reports a call
# only when no function of its name exists at all (a type name called with one argument is a cast); and its
# indexes, which a regclass literal may name.
psql "$1" -Atq <<'SQL' > server/src/analysis/catalog/builtin/pg-names.json
select json_build_object(
  'functions', (select json_agg(distinct p.proname order by p.proname) from pg_proc p join pg_namespace n on n.oid = p.pronamespace where n.nspname = 'pg_catalog'),
  'types', (select json_agg(distinct t.typname order by t.typname) from pg_type t join pg_namespace n on n.oid = t.typnamespace where n.nspname = 'pg_catalog'),
  'indexes', (select json_agg(c.relname order by c.relname) from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname = 'pg_catalog' and c.relkind in ('i', 'I')));
SQL
