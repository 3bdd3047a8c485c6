#!/usr/bin/env bash
# cjs: restore one backup set (cjs-backup.sh) into a FRESH data directory / an EMPTY database.
#
#   CJS__DATA_DIR=/var/lib/cjs-restored [CJS__DATABASE__URL=postgres://…/cjs_restored] \
#     cjs-restore.sh BACKUP_DIR/cjs-<UTC time>
#
# SQLite: the database file <data_dir>/cjs.sqlite3 must not exist. PostgreSQL: create the new
# database first (CREATE DATABASE cjs_restored OWNER cjs;); it must have no tables. Then:
# checksums, pki/ unpacked (refused over an existing pki/), `cjs operator restore` (pg_restore in
# one transaction, or the SQLite file copied, integrity-checked and renamed into place; pending
# migrations; the operation log's hash chain verified), and every table's row count compared with
# the counts taken from the backup file itself. Start the service on the new place afterwards.
set -euo pipefail
set_dir=${1:?usage: cjs-restore.sh BACKUP_SET_DIR}
cjs=${CJS:-cjs}
data=${CJS__DATA_DIR:?set CJS__DATA_DIR to the fresh data directory}
(cd "$set_dir" && sha256sum --check --quiet SHA256SUMS)
if [ -e "$data/pki" ]; then
  echo "refusing: $data/pki exists (restore into a fresh data directory)" >&2
  exit 1
fi
install -d -m 0700 "$data"
tar -C "$data" -xf "$set_dir/pki.tar"
restored=$(mktemp)
trap 'rm -f "$restored"' EXIT
"$cjs" operator restore --from "$set_dir/database.backup" --json >"$restored"
# The same tables with the same row counts as in the backup file.
tables() { python3 -c 'import json,sys; print(json.dumps(json.load(open(sys.argv[1]))["tables"], sort_keys=True, indent=0))' "$1"; }
if ! diff <(tables "$set_dir/counts.json") <(tables "$restored"); then
  echo "row counts differ from the backup's" >&2
  exit 1
fi
"$cjs" operator audit verify
echo "restored into $data: every table has the backup's rows"
