#!/usr/bin/env bash
# listing.sh BASE PG_URL OUTDIR — GET /tasks for one user with 100,000 tasks; run by measure.sh for `listing`.
#
# Registers a user through the API, gives it LISTING_TASKS tasks (default 100,000) straight in SQL, walks 99 pages
# of 20 through the Link headers, then runs wrk on each case for BENCH_SECONDS: page 1 and page 100 (keyset
# pagination makes them cost the same), filters, tags, search and another sort. 16 connections: this measures
# latency of one user's big list, not the server's saturation, which the main scenarios do. Appends one JSON
# line per case to OUTDIR/results.jsonl (common.lua's format, impl "listing").
set -euo pipefail
say() { echo "listing.sh: $*" >&2; }
die() { say "$*"; exit 1; }
[[ $# -eq 3 ]] || die "usage: listing.sh BASE PG_URL OUTDIR"
base=$1 pg_url=$2 out=$3
tasks=${LISTING_TASKS:-100000}
here=$(cd "$(dirname "$0")" && pwd -P)

email=listing-$RANDOM@example.com password=listing-password
curl -fsS -o /dev/null -H 'Content-Type: application/json' \
    -d "{\"email\":\"$email\",\"password\":\"$password\"}" "$base/auth/register" || die "register failed"
token=$(curl -fsS --data-urlencode "username=$email" --data-urlencode "password=$password" "$base/auth/login" \
    | "$BENCH_TOOL_PYTHON" -c 'import json, sys; print(json.load(sys.stdin)["access_token"])') || die "login failed"
printf 'return { {token="%s", ids={1}} }\n' "$token" >"$out/listing-fixtures.lua"

# Titles of every tenth task mention a report; tags cycle through ten; three in four tasks are due.
started=$SECONDS
psql -X -q -v ON_ERROR_STOP=1 "$pg_url" <<SQL || die "could not insert the tasks"
INSERT INTO tasks (user_id, title, description, status, priority, due_at, tags, tag_keys, completed_at)
SELECT u.id, CASE WHEN i % 10 = 0 THEN 'Write report ' ELSE 'Task ' END || i,
       CASE WHEN i % 3 = 0 THEN 'notes for task ' || i END,
       (ARRAY['todo', 'in_progress', 'done'])[i % 3 + 1], (ARRAY['low', 'medium', 'high'])[i % 5 % 3 + 1],
       CASE WHEN i % 4 > 0 THEN timestamptz '2026-12-01' + i * interval '1 minute' END,
       ARRAY['tag' || (i % 10)], ARRAY['tag' || (i % 10)], CASE WHEN i % 3 = 2 THEN now() END
FROM users u, generate_series(1, $tasks) AS i WHERE u.email = '$email';
ANALYZE tasks;
SQL
say "$tasks tasks inserted in $((SECONDS - started)) s"

# Page 100: follow rel="next" 99 times.
target="/tasks?limit=20"
for _ in $(seq 1 99); do
    link=$(curl -fsS -o /dev/null -D - -H "Authorization: Bearer $token" "$base$target" \
        | tr -d '\r' | sed -n 's/^[Ll]ink: <\(.*\)>; rel="next"$/\1/p')
    [[ -n $link ]] || die "no Link: rel=\"next\" after $target"
    target=$link
done
page100=$target

cases=(
    "page-1 /tasks?limit=20"
    "page-100 $page100"
    "status+priority /tasks?limit=20&status=todo&priority=high"
    "tag /tasks?limit=20&tag=tag3"
    "q /tasks?limit=20&q=report"
    "sort=due_at /tasks?limit=20&sort=due_at"
)
for entry in "${cases[@]}"; do
    name=${entry%% *} path=${entry#* }
    status=$(curl -sS -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $token" "$base$path")
    [[ $status == 200 ]] || die "$name: GET $path answered $status"
    BENCH_LABEL=$name LISTING_CASE=$name LISTING_TARGET=$path BENCH_IMPL=listing BENCH_CONNECTIONS=16 \
        wrk -t2 -c16 -d"${BENCH_SECONDS}s" --latency -s "$here/listing.lua" "$base" -- "$out/listing-fixtures.lua" \
        >"$out/wrk-$name.txt" 2>&1 || { tail -n 5 "$out/wrk-$name.txt" >&2; die "wrk failed for $name"; }
    grep '^{"scenario"' "$out/wrk-$name.txt" >>"$out/results.jsonl" || die "$name produced no result"
done
