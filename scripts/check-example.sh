#!/usr/bin/env bash
# Examples/Notes as another package uses the toolkit: built from its openapi.yaml by the OpenAPIGeneratorPlugin
# (nothing generated is committed there), served, and asked over HTTP; the command plugin, for packages that commit
# the output, writes the same files into the target. Then a changed openapi.yaml must change the
# generated API at the next build: an operation added to the document is a handler method NotesHandler lacks, so
# that build must fail naming it. The document is restored however the script ends.
set -euo pipefail
cd "$(dirname "$0")/../Examples/Notes"
spec=Sources/NotesAPI/openapi.yaml
log=$(mktemp)
backup=$(mktemp)
cp "$spec" "$backup"
server=
cleanup() {
  cp "$backup" "$spec"
  rm -rf Sources/NotesAPI/Generated
  [ -n "$server" ] && kill "$server" 2>/dev/null || true
  rm -f "$backup" "$log"
}
trap cleanup EXIT
fail() { echo "check-example: $*" >&2; exit 1; }

start=$(date +%s)
swift build 2>&1 | tail -3
echo "check-example: built through the plugin in $(( $(date +%s) - start )) s"
bin=$(swift build --show-bin-path)/notes-server
cli=$(swift build --show-bin-path)/notes-cli

port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"$bin" "$port" >"$log" 2>&1 &
server=$!
for _ in $(seq 50); do grep -q listening "$log" && break; sleep 0.1; done
grep -q listening "$log" || { cat "$log"; fail "notes-server did not start"; }
base=http://127.0.0.1:$port
expect() {  # expect STATUS METHOD PATH [BODY]
  local status
  status=$(curl -s -o /dev/null -w '%{http_code}' -X "$2" -H 'Content-Type: application/json' ${4:+--data "$4"} "$base$3")
  [ "$status" = "$1" ] || fail "$2 $3 answered $status, expected $1"
}
expect 201 POST /notes '{"text": "buy milk"}'
expect 200 GET /notes/1
expect 422 POST /notes '{"text": ""}'
expect 422 POST /notes '{"text": "x", "colour": "red"}'
expect 422 GET '/notes?limit=0'
expect 204 DELETE /notes/1
expect 404 GET /notes/1
expect 200 GET /notes
echo "check-example: notes-server answered 8 requests as documented"
# The generated client, in notes-cli: its answers are the Output cases the server returned.
id=$("$cli" "$base" add "call the plumber") || fail "notes-cli add failed"
[ "$("$cli" "$base" get "$id")" = "call the plumber" ] || fail "notes-cli get did not read the note back"
"$cli" "$base" list | grep -q "call the plumber" || fail "notes-cli list does not show the note"
"$cli" "$base" add "" 2>"$log" && fail "notes-cli add accepted an empty text"
grep -q "422" "$log" || fail "notes-cli did not report the 422: $(cat "$log")"
"$cli" "$base" delete "$id" || fail "notes-cli delete failed"
"$cli" "$base" get "$id" 2>"$log" && fail "notes-cli read a deleted note"
grep -q "404" "$log" || fail "notes-cli did not report the 404: $(cat "$log")"
kill "$server"; server=
echo "check-example: notes-cli, through the generated client, added, read, listed and deleted a note"

cat >>"$spec" <<'YAML'
  # Added by scripts/check-example.sh: the next build must ask NotesHandler for it.
YAML
python3 - "$spec" <<'PY'
import sys
path = sys.argv[1]
text = open(path).read()
text = text.replace("paths:\n", "paths:\n  /notes/count:\n    get:\n      operationId: countNotes\n"
                    "      responses:\n        '204': {description: Counted.}\n", 1)
open(path, "w").write(text)
PY
if swift build >"$log" 2>&1; then
  fail "the build succeeded although openapi.yaml gained an operation that NotesHandler does not implement"
fi
grep -q "countNotes" "$log" || { tail -20 "$log"; fail "the failed build does not name countNotes"; }
echo "check-example: a changed openapi.yaml changed the generated API (the next build asks for countNotes)"

# A mistake in the document is a compiler diagnostic at its file:line:column, and the build stops there.
cp "$backup" "$spec"
sed -i 's/minLength: 1, maxLength: 500/minLength: -1, maxLength: 500/' "$spec"
if swift build >"$log" 2>&1; then
  fail "the build succeeded although openapi.yaml has minLength: -1"
fi
grep -Eq "Sources/NotesAPI/openapi.yaml:[0-9]+:[0-9]+: error: .*minLength" "$log" \
  || { tail -20 "$log"; fail "the failed build does not point at minLength in openapi.yaml"; }
echo "check-example: a broken openapi.yaml is an error at its position: $(grep -Eo 'openapi.yaml:[0-9]+:[0-9]+: error: [^(]*' "$log" | head -1)"

# The command plugin writes what the build plugin generates into the target, for packages that commit it.
cp "$backup" "$spec"
swift build >"$log" 2>&1 || { cat "$log"; fail "the restored document does not build"; }
swift package --allow-writing-to-package-directory generate-openapi-code --target NotesAPI >"$log" 2>&1 \
  || { cat "$log"; fail "the generate-openapi-code command plugin failed"; }
for file in APIClient APIHandler APIRouter Operations Schemas; do
  # The same code; only the header's regenerate command names other paths.
  cmp -s <(tail -n +3 "Sources/NotesAPI/Generated/$file.swift") \
    <(tail -n +3 ".build/plugins/outputs/notes/NotesAPI/destination/OpenAPIGeneratorPlugin/GeneratedSources/$file.swift") \
    || fail "generate-openapi-code wrote a $file.swift unlike the build plugin's"
done
grep -q "^// Regenerate: swift run openapi-gen generate Sources/NotesAPI/openapi.yaml --output Sources/NotesAPI/Generated" \
  Sources/NotesAPI/Generated/Schemas.swift || fail "the committed header names absolute paths"
rm -rf Sources/NotesAPI/Generated
echo "check-example: generate-openapi-code wrote the build plugin's files into Sources/NotesAPI/Generated"
