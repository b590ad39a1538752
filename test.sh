#!/usr/bin/env bash
# The one test command (CI runs it through .ci/run). Builds everything, runs every suite, and ends
# with one line counted from the real results: "N passed, N failed[, N skipped]". Exit non-zero on
# any failure. Installs what the suites need when it is missing (Debian packages when root).
set -uo pipefail
cd "$(dirname "$0")"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

# ---- What the suites need, installed when missing (a fresh CI machine has none of it) ----------
apt_updated=0
apt_install() {
  if [ "$(id -u)" -ne 0 ]; then
    echo "missing: $* (not root, cannot apt-get install); tests that need it will skip or, under CI, fail"
    return 0
  fi
  if [ "$apt_updated" -eq 0 ]; then
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null || echo "apt-get update failed"
    apt_updated=1
  fi
  echo "installing: $*"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null || echo "apt-get install $* failed"
}

# PostgreSQL server binaries: the PostgreSQL store tests start throwaway clusters with them.
# The tests start their own throwaway clusters: keep Debian from creating and starting an unused one.
if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  if [ "$(id -u)" -eq 0 ]; then
    mkdir -p /etc/postgresql-common/createcluster.d
    echo 'create_main_cluster = false' > /etc/postgresql-common/createcluster.d/weft.conf
  fi
  apt_install postgresql
fi

# Chromium: the Studio end-to-end tests drive it headless (Playwright with ExecutablePath=/usr/bin/chromium).
if [ ! -x /usr/bin/chromium ]; then
  apt_install chromium
  # An interrupted earlier install can leave dpkg half-configured; repair once and try again.
  if [ ! -x /usr/bin/chromium ] && [ "$(id -u)" -eq 0 ]; then
    DEBIAN_FRONTEND=noninteractive apt-get -f install -y -qq >/dev/null 2>&1 || true
    apt_install chromium
  fi
fi

results=TestResults
rm -rf "$results"
mkdir -p "$results"

echo "== build"
if ! dotnet build Solution.sln -c Debug -nologo -clp:ErrorsOnly; then
  echo "build failed"
  echo "0 passed, 1 failed"
  exit 1
fi

echo "== .NET tests"
# Each test project writes its own TRX file (named after it); the summary below is counted from them.
dotnet_status=0
for project in tests/*/*.csproj; do
  name=$(basename "$project" .csproj)
  dotnet test "$project" -c Debug --no-build --nologo \
    --logger "trx;LogFileName=$name.trx" --logger "console;verbosity=minimal" --results-directory "$results" \
    || dotnet_status=1
done

echo "== Studio ClientApp tests (vitest)"
# The build above ran npm ci for src/Studio (Studio.csproj); install here too in case it was skipped.
client=src/Studio/ClientApp
vitest_json="$PWD/$results/vitest.json"
vitest_status=0
( cd "$client" && { [ -d node_modules ] || npm ci --no-audit --no-fund --loglevel=error; } \
    && npx vitest run --reporter=default --reporter=json --outputFile.json="$vitest_json" ) || vitest_status=1

passed=0; failed=0; skipped=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -1)
  get() { echo "$counters" | grep -o " $1=\"[0-9]*\"" | grep -o '[0-9]*'; }
  passed=$((passed + $(get passed)))
  failed=$((failed + $(get failed) + $(get error) + $(get timeout) + $(get aborted)))
  skipped=$((skipped + $(get notExecuted)))
done
# vitest's JSON report: its counts join the .NET ones; no report (npm or vitest crashed) counts as a failure.
if [ -f "$vitest_json" ]; then
  read -r v_passed v_failed v_skipped < <(node -e '
    const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
    console.log(r.numPassedTests, r.numFailedTests, (r.numPendingTests || 0) + (r.numTodoTests || 0));' "$vitest_json")
  passed=$((passed + v_passed)); failed=$((failed + v_failed)); skipped=$((skipped + v_skipped))
  if [ "$vitest_status" -ne 0 ] && [ "$v_failed" -eq 0 ]; then failed=$((failed + 1)); fi
else
  echo "vitest wrote no report"
  failed=$((failed + 1))
fi
# A test run that crashed writes no TRX: count it as a failure rather than report green.
if [ "$dotnet_status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi

summary="$passed passed, $failed failed"
[ "$skipped" -gt 0 ] && summary="$summary, $skipped skipped"
echo "$summary"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
