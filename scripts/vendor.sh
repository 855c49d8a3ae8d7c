#!/usr/bin/env bash
# Refresh the front-end libraries the map uses, from npm (versions pinned in package-lock.json),
# into pact/static/pact/vendor/. The copies are committed, so `make run` and `make test` need no
# npm; run this (`make vendor`) only after changing package.json.
set -euo pipefail
cd "$(dirname "$0")/.."

npm ci --no-audit --no-fund

vendor=pact/static/pact/vendor
rm -rf "$vendor"
mkdir -p "$vendor/leaflet/images" "$vendor/leaflet.markercluster" "$vendor/world-atlas"

cp node_modules/leaflet/dist/leaflet.js node_modules/leaflet/dist/leaflet.css "$vendor/leaflet/"
cp node_modules/leaflet/dist/images/*.png "$vendor/leaflet/images/"
cp node_modules/leaflet/LICENSE "$vendor/leaflet/LICENSE"

cp node_modules/leaflet.markercluster/dist/leaflet.markercluster.js \
    node_modules/leaflet.markercluster/dist/MarkerCluster.css \
    node_modules/leaflet.markercluster/dist/MarkerCluster.Default.css \
    "$vendor/leaflet.markercluster/"
cp node_modules/leaflet.markercluster/MIT-LICENCE.txt "$vendor/leaflet.markercluster/LICENSE"

node scripts/build_europe_basemap.mjs "$vendor/world-atlas/europe.geojson"
cp node_modules/world-atlas/LICENSE "$vendor/world-atlas/LICENSE"
cat > "$vendor/world-atlas/README.txt" <<'TEXT'
europe.geojson: the outlines of the countries in and around Europe, made by
scripts/build_europe_basemap.mjs from world-atlas's countries-50m.json (itself made from
Natural Earth's 1:50m Admin 0 countries, public domain). See LICENSE for world-atlas's terms.
TEXT

find "$vendor" -type f -exec chmod 644 {} +

# The source maps name files we do not ship; drop their trailing comments.
sed -i '/^\/\/# sourceMappingURL=/d' "$vendor"/leaflet/leaflet.js "$vendor"/leaflet.markercluster/leaflet.markercluster.js

for package in leaflet leaflet.markercluster world-atlas; do
    node -p "'$package ' + require('./node_modules/$package/package.json').version"
done > "$vendor/VERSIONS.txt"
cat "$vendor/VERSIONS.txt"
