#!/usr/bin/env bash
# Builds the image from ./Dockerfile (unchanged) and smoke-runs it:
#   1. Node 24 inside, user node.
#   2. No database configured: the container refuses to start, one line on stderr saying why, exit code 1.
#   3. A fresh database on the machine's PostgreSQL, root filesystem read-only, 512 MiB as on Fargate: /readyz
#      turns ready, memory at rest, one /study answered, memory after it, the image's HEALTHCHECK healthy, and
#      SIGTERM ends it with exit code 0 within 10 s, its stdout JSON lines without the token.
#   4. DATABASE_MODE=embedded, asked for explicitly, on a volume, root filesystem read-only but for a tmpfs on
#      /tmp: as user node it migrates, turns ready (gateway and database), and ends with exit code 0 on SIGTERM.
#      No /study here: the server run above covers it, and the test suites cover the embedded database.
#   5. docker-compose.yml is valid on a fresh clone (no .env).
# Run from the repository root; needs node_modules (npm ci) and ../shared/tools.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

ENGINE="$(cd .. && pwd)/shared/tools/container-engine.sh"
# Only the base image the Dockerfile uses, so a fresh engine builds one stand-in and not three.
export CE_NODE_MAJORS=24
IMAGE=boksup:ci
RUN_ID="$(date +%s)_$RANDOM"
DB_NAME="boksup_ci_$RUN_ID"
VOLUME="boksup-ci-data-$RUN_ID"
PG_USER=${CI_PGUSER:-postgres} PG_HOST=${CI_PGHOST:-127.0.0.1} PG_PORT=${CI_PGPORT:-5432}
PSQL=(psql -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -v ON_ERROR_STOP=1 -qAt)
WORK="$(mktemp -d)"
CONTAINERS=()
FAKE_PIDS=()
DB_CREATED=
VOLUME_CREATED=
ENGINE_STARTED=

step() { echo "== container-check: $*"; }
fail() {
  echo "container-check: FAIL: $*" >&2
  exit 1
}
elapsed_since() { echo $(($(date +%s) - $1)); }

cleanup() {
  local status=$? name pid
  set +e
  for name in "${CONTAINERS[@]}"; do
    docker inspect "$name" >/dev/null 2>&1 || continue
    if [ "$status" -ne 0 ]; then
      echo "--- container logs ($name) ---" >&2
      docker logs "$name" 2>&1 | tail -n 100 >&2
    fi
    docker rm -f "$name" >/dev/null 2>&1
  done
  for pid in "${FAKE_PIDS[@]}"; do
    kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
  done
  if [ "$status" -ne 0 ]; then
    for err in "$WORK"/fake-*.err; do [ ! -s "$err" ] || { echo "--- $(basename "$err") ---" >&2; cat "$err" >&2; }; done
  fi
  [ -z "$VOLUME_CREATED" ] || docker volume rm "$VOLUME" >/dev/null 2>&1
  [ -z "$DB_CREATED" ] || "${PSQL[@]}" -d postgres -c "drop database if exists $DB_NAME with (force)" >/dev/null
  # Stop the engine only if this run started it: another build may be using one that was already up.
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
bash "$ENGINE" status >/dev/null 2>&1 || ENGINE_STARTED=1
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
node_version="$(docker run --rm --network none --entrypoint node "$IMAGE" -p process.versions.node)"
[ "${node_version%%.*}" = 24 ] || fail "the image runs Node $node_version, not 24"
echo "runs as node on Node $node_version: $(docker image inspect -f '{{json .Config.Cmd}}' "$IMAGE")"

step "no database configured: refuses to start"
set +e
docker run --rm --network none -e DISCORD_TOKEN=aaaa.bbbb.cccc "$IMAGE" >"$WORK/refusal.out" 2>"$WORK/refusal.err"
refusal_code=$?
set -e
[ "$refusal_code" = 1 ] || fail "exit code $refusal_code without a database, not 1"
[ ! -s "$WORK/refusal.out" ] || fail "it wrote to stdout before refusing: $(head -n 3 "$WORK/refusal.out")"
[ "$(wc -l <"$WORK/refusal.err")" = 1 ] || fail "not one line on stderr: $(cat "$WORK/refusal.err")"
grep -q 'thrown away on redeploy.*DATABASE_MODE=embedded' "$WORK/refusal.err" || fail "no reason given: $(cat "$WORK/refusal.err")"
echo "exit code 1: $(cat "$WORK/refusal.err")"

# Starts a fake Discord; sets FAKE_PID, FAKE_OUT, FAKE_API_URL, FAKE_TOKEN, FAKE_GUILD.
start_fake() {
  local name=$1
  shift
  FAKE_OUT="$WORK/fake-$name.out"
  node --import tsx test/support/fake-discord-server.ts --timeout-ms 120000 "$@" >"$FAKE_OUT" 2>"$WORK/fake-$name.err" &
  FAKE_PID=$!
  FAKE_PIDS+=("$FAKE_PID")
  for _ in $(seq 150); do
    [ -s "$FAKE_OUT" ] && break
    kill -0 "$FAKE_PID" 2>/dev/null || fail "the fake Discord ($name) did not start"
    sleep 0.2
  done
  local json
  json="$(head -n 1 "$FAKE_OUT")"
  [ -n "$json" ] || fail "the fake Discord ($name) printed nothing"
  field() { node -e 'process.stdout.write(String(JSON.parse(process.argv[1])[process.argv[2]]))' "$json" "$1"; }
  FAKE_API_URL="$(field apiUrl)" FAKE_TOKEN="$(field token)" FAKE_GUILD="$(field guildId)"
}

free_port() { node -e "const s = require('node:net').createServer().listen(0, '127.0.0.1', () => { console.log(s.address().port); s.close(); })"; }

# run_bot NAME HEALTH_PORT MEMORY [docker run options...]: the image against the current fake Discord, read-only.
run_bot() {
  local name=$1 port=$2 memory=$3
  shift 3
  CONTAINERS+=("$name")
  # --health-interval only shortens the image's own HEALTHCHECK so that it is exercised here.
  docker run -d --name "$name" --network host --read-only --memory "$memory" \
    --health-interval 2s --health-start-period 60s \
    -e DISCORD_TOKEN="$FAKE_TOKEN" -e DISCORD_API_URL="$FAKE_API_URL" -e GUILD_ID="$FAKE_GUILD" \
    -e HEALTH_PORT="$port" "$@" "$IMAGE" >/dev/null
}

wait_ready() {
  local name=$1 port=$2 since
  since=$(date +%s)
  until [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/readyz" || true)" = 200 ]; do
    [ "$(docker inspect -f '{{.State.Running}}' "$name")" = true ] ||
      fail "$name exited before it was ready: $(docker inspect -f 'exit code {{.State.ExitCode}}, OOM-killed {{.State.OOMKilled}}' "$name")"
    [ "$(elapsed_since "$since")" -lt 90 ] || fail "$name: /readyz did not answer 200 within 90 s"
    sleep 0.5
  done
  echo "/readyz answered 200 after $(elapsed_since "$since") s"
}

wait_study() {
  local since
  since=$(date +%s)
  until grep -qx STUDY_OK "$FAKE_OUT"; do
    kill -0 "$FAKE_PID" 2>/dev/null || fail "the fake Discord gave up: $(tail -n 5 "${FAKE_OUT%.out}.err")"
    [ "$(elapsed_since "$since")" -lt 90 ] || fail "/study was not answered within 90 s"
    sleep 0.5
  done
  echo "/study answered with an ephemeral embed"
}

memory() { docker stats --no-stream --format '{{.MemUsage}}' "$1"; }

stop_bot() {
  local name=$1 stop_started stop_ms exit_code
  stop_started=$(date +%s%N)
  docker stop --time 15 "$name" >/dev/null
  stop_ms=$((($(date +%s%N) - stop_started) / 1000000))
  exit_code="$(docker inspect -f '{{.State.ExitCode}}' "$name")"
  echo "stopped in $stop_ms ms with exit code $exit_code"
  [ "$exit_code" = 0 ] || fail "$name exited with $exit_code after SIGTERM, not 0"
  [ "$stop_ms" -le 10000 ] || fail "$name took $stop_ms ms to stop (limit 10 s)"
}

step "server database $DB_NAME, read-only root filesystem, 512 MiB"
start_fake server --study-on-sigusr1
"${PSQL[@]}" -d postgres -c "create database $DB_NAME"
DB_CREATED=1
port="$(free_port)"
run_bot "boksup-ci-$RUN_ID" "$port" 512m -e DATABASE_URL="postgres://$PG_USER@$PG_HOST:$PG_PORT/$DB_NAME"
wait_ready "boksup-ci-$RUN_ID" "$port"
sleep 5
echo "memory at rest: $(memory "boksup-ci-$RUN_ID")"
kill -USR1 "$FAKE_PID"
wait_study
echo "memory after /study: $(memory "boksup-ci-$RUN_ID")"
since=$(date +%s)
until [ "$(docker inspect -f '{{.State.Health.Status}}' "boksup-ci-$RUN_ID")" = healthy ]; do
  [ "$(elapsed_since "$since")" -lt 60 ] || fail "the image's HEALTHCHECK did not report healthy"
  sleep 0.5
done
echo "the image's HEALTHCHECK reports healthy"
stop_bot "boksup-ci-$RUN_ID"

docker logs "boksup-ci-$RUN_ID" >"$WORK/stdout.log" 2>"$WORK/stderr.log"
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

step "DATABASE_MODE=embedded on a volume, read-only root filesystem"
start_fake embedded --study-on-sigusr1
docker volume create "$VOLUME" >/dev/null
VOLUME_CREATED=1
port="$(free_port)"
# A new named volume takes the owner of the image's /app/data (node), as a volume on ECS or compose would. The
# embedded PostgreSQL runs inside the container beside the bot, both within the Fargate task's 512 MiB. /tmp is a
# writable tmpfs, as a read-only deployment would give a database that needs one for its socket or scratch files.
run_bot "boksup-ci-embedded-$RUN_ID" "$port" 512m -e DATABASE_MODE=embedded -v "$VOLUME:/app/data" --tmpfs /tmp
wait_ready "boksup-ci-embedded-$RUN_ID" "$port"
echo "memory when ready: $(memory "boksup-ci-embedded-$RUN_ID")"
stop_bot "boksup-ci-embedded-$RUN_ID"

step "docker-compose.yml on a fresh clone (no .env)"
if docker compose version >/dev/null 2>&1; then COMPOSE=(docker compose); else COMPOSE=(docker-compose); fi
mkdir "$WORK/clone"
git ls-files -z | grep -zv '^\.env$' | xargs -0 cp --parents -t "$WORK/clone"
(cd "$WORK/clone" && "${COMPOSE[@]}" config -q)
echo "${COMPOSE[*]} config: valid without .env"
