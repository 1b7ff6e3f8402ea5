#!/usr/bin/env bash
# Builds the image from ./Dockerfile (unchanged) and smoke-runs it: against the fake Discord and a fresh
# database on the machine's PostgreSQL, /readyz must turn ready, one /study must be answered, and SIGTERM must
# end the container with exit code 0 within 10 s, its stdout JSON lines without the token. Then validates
# docker-compose.yml. Run from the repository root; needs node_modules (npm ci) and ../shared/tools.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

ENGINE="$(cd .. && pwd)/shared/tools/container-engine.sh"
IMAGE=boksup:ci
RUN_ID="$(date +%s)_$RANDOM"
DB_NAME="boksup_ci_$RUN_ID"
CONTAINER="boksup-ci-$RUN_ID"
PSQL=(psql -h "${CI_PGHOST:-127.0.0.1}" -p "${CI_PGPORT:-5432}" -U "${CI_PGUSER:-postgres}" -v ON_ERROR_STOP=1 -qAt)
WORK="$(mktemp -d)"
FAKE_PID=
DB_CREATED=
ENV_CREATED=
ENGINE_STARTED=

step() { echo "== container-check: $*"; }
fail() {
  echo "container-check: FAIL: $*" >&2
  exit 1
}
elapsed_since() { echo $(($(date +%s) - $1)); }

cleanup() {
  local status=$?
  set +e
  if [ -n "$ENGINE_STARTED" ] && docker inspect "$CONTAINER" >/dev/null 2>&1; then
    if [ "$status" -ne 0 ]; then
      echo "--- container logs ($CONTAINER) ---" >&2
      docker logs "$CONTAINER" 2>&1 | tail -n 100 >&2
      echo "--- end of container logs ---" >&2
    fi
    docker rm -f "$CONTAINER" >/dev/null 2>&1
  fi
  if [ -n "$FAKE_PID" ] && kill -0 "$FAKE_PID" 2>/dev/null; then
    kill "$FAKE_PID" 2>/dev/null
    wait "$FAKE_PID" 2>/dev/null
  fi
  if [ "$status" -ne 0 ] && [ -s "$WORK/fake.err" ]; then
    echo "--- fake Discord stderr ---" >&2
    cat "$WORK/fake.err" >&2
  fi
  [ -z "$DB_CREATED" ] || "${PSQL[@]}" -d postgres -c "drop database if exists $DB_NAME with (force)" >/dev/null
  [ -z "$ENV_CREATED" ] || rm -f .env
  [ -z "$ENGINE_STARTED" ] || bash "$ENGINE" stop
  rm -rf "$WORK"
  if [ "$status" -eq 0 ]; then echo "container-check: OK"; else echo "container-check: FAILED ($status)" >&2; fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

[ -f "$ENGINE" ] || fail "$ENGINE not found (shared/ must sit beside the repository)"
[ -d node_modules ] || fail "node_modules is missing; run npm ci first (the fake Discord runs from the tests)"

step "starting the container engine"
ENGINE_STARTED=1
bash "$ENGINE" start
eval "$(bash "$ENGINE" env)"

step "docker build --network host -t $IMAGE ."
started=$(date +%s)
docker build --network host -t "$IMAGE" . >"$WORK/build.log" 2>&1 || {
  tail -n 60 "$WORK/build.log" >&2
  fail "docker build failed"
}
echo "built in $(elapsed_since "$started") s; image size: $(docker image ls "$IMAGE" --format '{{.Size}}')"
[ "$(docker image inspect -f '{{.Config.User}}' "$IMAGE")" = node ] || fail "the image does not run as the node user"

step "starting the fake Discord"
node --import tsx test/support/fake-discord-server.ts --timeout-ms 120000 >"$WORK/fake.out" 2>"$WORK/fake.err" &
FAKE_PID=$!
for _ in $(seq 150); do
  [ -s "$WORK/fake.out" ] && break
  kill -0 "$FAKE_PID" 2>/dev/null || fail "the fake Discord did not start"
  sleep 0.2
done
FAKE_JSON="$(head -n 1 "$WORK/fake.out")"
[ -n "$FAKE_JSON" ] || fail "the fake Discord printed nothing"
json_field() { node -e 'process.stdout.write(String(JSON.parse(process.argv[1])[process.argv[2]]))' "$FAKE_JSON" "$1"; }
FAKE_API_URL="$(json_field apiUrl)"
FAKE_TOKEN="$(json_field token)"
FAKE_GUILD="$(json_field guildId)"

step "creating database $DB_NAME"
"${PSQL[@]}" -d postgres -c "create database $DB_NAME"
DB_CREATED=1

HEALTH_PORT="$(node -e "const s = require('node:net').createServer().listen(0, '127.0.0.1', () => { console.log(s.address().port); s.close(); })")"

step "running $IMAGE (health on port $HEALTH_PORT)"
# --health-interval only shortens the image's own HEALTHCHECK so that it is exercised here.
docker run -d --name "$CONTAINER" --network host \
  --health-interval 2s --health-start-period 60s \
  -e DISCORD_TOKEN="$FAKE_TOKEN" \
  -e DISCORD_API_URL="$FAKE_API_URL" \
  -e DATABASE_URL="postgres://${CI_PGUSER:-postgres}@${CI_PGHOST:-127.0.0.1}:${CI_PGPORT:-5432}/$DB_NAME" \
  -e GUILD_ID="$FAKE_GUILD" \
  -e HEALTH_PORT="$HEALTH_PORT" \
  "$IMAGE" >/dev/null

started=$(date +%s)
until [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$HEALTH_PORT/readyz" || true)" = 200 ]; do
  [ "$(docker inspect -f '{{.State.Running}}' "$CONTAINER")" = true ] || fail "the container exited before it was ready"
  [ "$(elapsed_since "$started")" -lt 60 ] || fail "/readyz did not answer 200 within 60 s"
  sleep 0.5
done
echo "/readyz answered 200 after $(elapsed_since "$started") s"

until grep -qx STUDY_OK "$WORK/fake.out"; do
  kill -0 "$FAKE_PID" 2>/dev/null || fail "the fake Discord gave up: $(tail -n 5 "$WORK/fake.err")"
  [ "$(elapsed_since "$started")" -lt 90 ] || fail "/study was not answered within 90 s"
  sleep 0.5
done
echo "/study answered with an ephemeral embed"

until [ "$(docker inspect -f '{{.State.Health.Status}}' "$CONTAINER")" = healthy ]; do
  [ "$(elapsed_since "$started")" -lt 90 ] || fail "the image's HEALTHCHECK did not report healthy"
  sleep 0.5
done
echo "the image's HEALTHCHECK reports healthy"

step "docker stop (SIGTERM)"
stop_started=$(date +%s%N)
docker stop --time 15 "$CONTAINER" >/dev/null
stop_ms=$((($(date +%s%N) - stop_started) / 1000000))
exit_code="$(docker inspect -f '{{.State.ExitCode}}' "$CONTAINER")"
echo "stopped in $stop_ms ms with exit code $exit_code"
[ "$exit_code" = 0 ] || fail "the container exited with $exit_code after SIGTERM, not 0"
[ "$stop_ms" -le 10000 ] || fail "the container took $stop_ms ms to stop (limit 10 s)"

docker logs "$CONTAINER" >"$WORK/stdout.log" 2>"$WORK/stderr.log"
if grep -qF "$FAKE_TOKEN" "$WORK/stdout.log" "$WORK/stderr.log"; then fail "the logs contain the token"; fi
# shellcheck disable=SC2016 # the single-quoted text is JavaScript, with its own template literals
node -e '
  const lines = require("node:fs").readFileSync(process.argv[1], "utf8").split("\n").filter(Boolean);
  const bad = lines.filter((line) => { try { return typeof JSON.parse(line) !== "object"; } catch { return true; } });
  if (bad.length > 0) { console.error("not JSON:\n" + bad.slice(0, 5).join("\n")); process.exit(1); }
  const messages = lines.map((line) => JSON.parse(line).msg);
  for (const expected of ["boksup is ready", "shutting down", "boksup stopped"])
    if (!messages.includes(expected)) { console.error(`no "${expected}" line`); process.exit(1); }
  console.log(`${lines.length} log lines, all JSON`);
' "$WORK/stdout.log" || fail "the container's stdout is not JSON lines"
[ ! -s "$WORK/stderr.log" ] || {
  cat "$WORK/stderr.log" >&2
  fail "the container wrote to stderr"
}

step "docker-compose.yml"
if docker compose version >/dev/null 2>&1; then COMPOSE=(docker compose); else COMPOSE=(docker-compose); fi
if [ ! -e .env ]; then
  cp .env.example .env
  ENV_CREATED=1
fi
"${COMPOSE[@]}" config -q
echo "${COMPOSE[*]} config: valid"
