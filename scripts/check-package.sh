#!/usr/bin/env bash
# Checks what users install, not the work tree: packs the package, installs the tarball into an
# empty project (dependencies from the registry, so they may be hoisted beside the package) and
# builds the demo site with that install's own `sitewright` binary. Render processes run under
# Node's permission model and read only what the package ships, so a missing file or a path
# the model does not allow shows up here and nowhere else.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
tmp="$(mktemp -d "${TMPDIR:-/tmp}/sitewright-pack-XXXXXX")"
trap 'rm -rf "$tmp"' EXIT

cd "$repo"
tarball="$(npm pack --silent --pack-destination "$tmp" | tail -n 1)"
tarball="$tmp/$tarball"

# The render processes load these at run time; without them every page fails to render.
listing="$(tar -tzf "$tarball")"
for need in package/bin/sitewright.js package/dist/generator/render/render-worker.js; do
  grep -qxF "$need" <<<"$listing" || { echo "check-package: $need is not in the tarball" >&2; exit 1; }
done
grep -qE '^package/dist/generator/templates/.+\.njk$' <<<"$listing" \
  || { echo "check-package: no dist/generator/templates/*.njk in the tarball" >&2; exit 1; }

mkdir "$tmp/app"
cd "$tmp/app"
npm init -y >/dev/null
npm install --no-audit --no-fund --loglevel=error "$tarball"
npx --no-install sitewright build "$repo/fixtures/sites/demo" --out "$tmp/out"
[ -s "$tmp/out/index.html" ] || { echo "check-package: the build wrote no index.html" >&2; exit 1; }
echo "check-package: the installed tarball built the demo site ($(find "$tmp/out" -type f | wc -l) files)"
