#!/usr/bin/env bash
# vendor-swagger-ui.sh — (re)writes Sources/Runtime/SwaggerUIAssets from a pinned, hash-checked Swagger UI release,
# so /docs works without internet access. Run it only to move to another release (then update the pins below).
#
#   bash scripts/vendor-swagger-ui.sh
#
# The files come from the PyPI wheel of drf-spectacular-sidecar, which ships swagger-ui-dist's files unchanged
# (Apache-2.0; npm itself is not reachable from every build machine, PyPI is). The wheel and each file are checked
# against the SHA-256 pins below before anything is written; the Swift sources hold each file as unpadded
# base64url (Swift source may not contain the control characters the bundle does), with its SHA-256 and its
# Subresource Integrity (SHA-384) value.
set -euo pipefail
cd "$(dirname "$0")/.."

SWAGGER_UI_VERSION=5.33.1
SIDECAR_VERSION=2026.10.1
WHEEL=drf_spectacular_sidecar-$SIDECAR_VERSION-py3-none-any.whl
WHEEL_SHA256=fe1d005d8ac9b5d0472f2fe5deeb2e7d6dcffaa24118044f22578b4b8c4b31f2
BUNDLE_SHA256=050bc415ee7048dcd881682678f720264e7da5e373f7461d7c58c755305255f7
STYLESHEET_SHA256=1ac324f7dcd27e4b9386b4bd6421271ec147e922a22c05ba24b11515e9aa6321
OUT=Sources/Runtime/SwaggerUIAssets

die() { echo "vendor-swagger-ui.sh: $*" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

python3 -m pip download --quiet --no-deps --dest "$work" "drf-spectacular-sidecar==$SIDECAR_VERSION" \
    || die "could not download drf-spectacular-sidecar $SIDECAR_VERSION from PyPI"
echo "$WHEEL_SHA256  $work/$WHEEL" | sha256sum --check --quiet || die "$WHEEL does not match its pinned SHA-256"
dist=drf_spectacular_sidecar/static/drf_spectacular_sidecar/swagger-ui-dist
(cd "$work" && python3 -m zipfile -e "$WHEEL" unpacked)
src=$work/unpacked/$dist
echo "$BUNDLE_SHA256  $src/swagger-ui-bundle.js" | sha256sum --check --quiet || die "swagger-ui-bundle.js does not match its pin"
echo "$STYLESHEET_SHA256  $src/swagger-ui.css" | sha256sum --check --quiet || die "swagger-ui.css does not match its pin"

# One Swift file per asset: name, content type, pins and the bytes.
write_asset() { # SWIFT_NAME FILE CONTENT_TYPE SHA256 DESCRIPTION
    local name=$1 file=$2 type=$3 sha256=$4 what=$5
    local sri encoded
    sri="sha384-$(openssl dgst -sha384 -binary "$src/$file" | base64 -w0)"
    encoded=$(base64 -w0 "$src/$file" | tr '+/' '-_' | tr -d '=')
    {
        echo "// Written by scripts/vendor-swagger-ui.sh from swagger-ui-dist $SWAGGER_UI_VERSION ($file). DO NOT EDIT."
        echo
        echo "extension SwaggerUIAssets {"
        echo "    /// $what"
        echo "    public static let $name = SwaggerUIAsset("
        echo "        fileName: \"$file\","
        echo "        contentType: \"$type\","
        echo "        sha256: \"$sha256\","
        echo "        subresourceIntegrity: \"$sri\","
        printf '        base64URL: "%s"\n' "$encoded"
        echo "    )"
        echo "}"
    } >"$OUT/SwaggerUIAssets+$(tr '[:lower:]' '[:upper:]' <<<"${name:0:1}")${name:1}.swift"
}
mkdir -p "$OUT"
write_asset script swagger-ui-bundle.js "text/javascript; charset=utf-8" "$BUNDLE_SHA256" "Swagger UI itself: \`swagger-ui-bundle.js\`."
write_asset stylesheet swagger-ui.css "text/css; charset=utf-8" "$STYLESHEET_SHA256" "Swagger UI's styles: \`swagger-ui.css\`."
cp "$src/LICENSE" "$OUT/LICENSE-swagger-ui"
echo "vendor-swagger-ui.sh: wrote $OUT for swagger-ui-dist $SWAGGER_UI_VERSION"
