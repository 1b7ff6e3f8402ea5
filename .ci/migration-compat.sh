#!/usr/bin/env bash
# Migrations stay compatible with the previous release. During a rolling deploy the new task migrates the
# database while the old one still serves, and a rollback starts the old release on the new schema. So:
#   1. the previous release's migrations are unchanged, and the new ones only come after them;
#   2. the previous release's database and end-to-end tests pass on the new schema: its source is exported,
#      its migrations/ replaced by this one's, and its own suites run (they migrate the database with what
#      they find there, as the old task would on a database the new one has migrated).
# The previous release is PREVIOUS_RELEASE if set, else the newest tag v* before HEAD, else the commit named in
# .ci/previous-release (the release running in production: move it forward when a release ships), else HEAD's
# first parent (the state of the branch before the last commit or merge). Nothing to check when migrations/ is
# unchanged since then. TEST_DATABASE_URL and TEST_DRIVERS pass through to the old suites.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

say() { echo "== migration-compat: $*"; }
fail() {
  echo "migration-compat: FAIL: $*" >&2
  exit 1
}

base=${PREVIOUS_RELEASE:-}
if [ -z "$base" ]; then
  base=$(git describe --tags --abbrev=0 --match 'v*' HEAD^ 2>/dev/null || true)
  [ -n "$base" ] || [ ! -f .ci/previous-release ] || base=$(grep -Eo '^[0-9a-f]{7,40}' .ci/previous-release | head -n 1)
  [ -n "$base" ] || base=HEAD^
fi
git rev-parse --verify --quiet "$base^{commit}" >/dev/null || fail "no commit $base (a shallow clone? fetch the history)"
base_commit=$(git rev-parse --short "$base^{commit}")

if git diff --quiet "$base" HEAD -- migrations; then
  say "migrations/ unchanged since $base ($base_commit): nothing to check"
  exit 0
fi

say "1. the migrations of $base ($base_commit) are unchanged and come first"
changed=$(git diff --name-only --diff-filter=DMRT "$base" HEAD -- migrations ':!migrations/meta/_journal.json')
[ -z "$changed" ] || fail "migrations of the previous release were changed or removed: $changed"
# shellcheck disable=SC2016 # the single-quoted text is JavaScript
git show "$base:migrations/meta/_journal.json" | node -e '
  const old = JSON.parse(require("node:fs").readFileSync(0, "utf8")).entries;
  const now = JSON.parse(require("node:fs").readFileSync("migrations/meta/_journal.json", "utf8")).entries;
  const same = old.every((entry, i) => JSON.stringify(entry) === JSON.stringify(now[i]));
  if (!same) { console.error("migrations/meta/_journal.json rewrites entries of the previous release"); process.exit(1); }
  const added = now.slice(old.length);
  const last = old.at(-1)?.when ?? 0;
  // The migrator applies what is newer than the last migration it finds in the database.
  if (added.some((entry) => entry.when <= last)) { console.error("a new migration is dated before the last released one"); process.exit(1); }
  console.log(`new migrations: ${added.map((entry) => entry.tag).join(", ")}`);
' || fail "the migration journal is not an extension of the previous release's"

say "2. the tests of $base ($base_commit) on this schema"
old_tree=$(mktemp -d)
trap 'rm -rf "$old_tree"' EXIT
# mktemp makes the folder private; run as root, the embedded PostgreSQL the old suites start runs as an
# unprivileged user, who must reach its binaries under node_modules there.
chmod 755 "$old_tree"
git archive "$base" | tar -x -C "$old_tree"
rm -rf "$old_tree/migrations"
cp -R migrations "$old_tree/migrations"
if git diff --quiet "$base" HEAD -- package-lock.json && [ -d node_modules ]; then
  ln -s "$PWD/node_modules" "$old_tree/node_modules"
else
  (cd "$old_tree" && npm ci --no-audit --no-fund --loglevel=error)
fi
suites=()
for dir in test/db test/e2e; do [ ! -d "$old_tree/$dir" ] || suites+=("$dir"); done
[ ${#suites[@]} -gt 0 ] || fail "$base has no test/db or test/e2e"
(cd "$old_tree" && npx --no-install vitest run "${suites[@]}") ||
  fail "the tests of $base fail on this schema: keep it compatible (add, then use, then drop one release later)"
say "OK: $base ($base_commit) passes its ${suites[*]} on this schema"
