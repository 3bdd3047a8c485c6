#!/usr/bin/env bash
# cjs: one backup set — the database and the data directory's pki/ — while the service runs.
#
#   cjs-backup.sh BACKUP_DIR
#
# Environment: the service's own configuration (CJS_CONFIG=/etc/cjs/cjs.toml and/or CJS__*,
# e.g. CJS__DATABASE__URL from /etc/cjs/cjs.env); CJS (the binary, default `cjs`); DATA_DIR (the
# data directory holding pki/, default $CJS__DATA_DIR or /var/lib/cjs); KEEP (sets kept, 14).
#
# The database goes through `cjs operator backup`: SQLite `VACUUM INTO` (a consistent snapshot in
# one read transaction; writers go on) or PostgreSQL `pg_dump --format=custom` (one snapshot;
# needs postgresql-client of the server's major version or newer; put the password in ~/.pgpass,
# not in the URL, since the URL is on pg_dump's command line). Each set is a folder
# BACKUP_DIR/cjs-<UTC time>/ with database.backup, pki.tar, counts.json (every table's rows in
# the backup) and SHA256SUMS. Restore with cjs-restore.sh.
set -euo pipefail
dest=${1:?usage: cjs-backup.sh BACKUP_DIR}
cjs=${CJS:-cjs}
data=${DATA_DIR:-${CJS__DATA_DIR:-/var/lib/cjs}}
keep=${KEEP:-14}
umask 077
stamp=$(date -u +%Y%m%dT%H%M%SZ)
set_dir="$dest/cjs-$stamp"
mkdir -p "$dest"
work="$dest/.cjs-$stamp.partial"
rm -rf "$work"
mkdir "$work"
trap 'rm -rf "$work"' EXIT

"$cjs" operator backup --out "$work/database.backup" --json >"$work/counts.json"
tar -C "$data" -cf "$work/pki.tar" pki
(cd "$work" && sha256sum database.backup pki.tar counts.json >SHA256SUMS)
mv "$work" "$set_dir"
trap - EXIT
echo "backup set: $set_dir"

# Keep the newest $keep sets.
find "$dest" -maxdepth 1 -type d -name 'cjs-*' | sort | head -n -"$keep" | while read -r old; do
  rm -rf -- "$old"
done
