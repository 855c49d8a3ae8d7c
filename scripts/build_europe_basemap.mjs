// Writes the offline base map: the outlines of the countries in and around Europe, as GeoJSON,
// from world-atlas (Natural Earth 1:50m, public domain). The map draws it under the tiles, so
// it stays readable when the tile server cannot be reached.
// Usage: node scripts/build_europe_basemap.mjs OUT.geojson
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { feature } from "topojson-client";

const require = createRequire(import.meta.url);
const topology = JSON.parse(readFileSync(require.resolve("world-atlas/countries-50m.json"), "utf8"));
const countries = feature(topology, topology.objects.countries);

// West, south, east, north: the Council of Europe's member states and their neighbours.
const [WEST, SOUTH, EAST, NORTH] = [-32, 27, 60, 72];

function roundCoordinates(coordinates) {
    return typeof coordinates[0] === "number"
        ? coordinates.map((value) => Math.round(value * 100) / 100)
        : coordinates.map(roundCoordinates);
}

function* positions(coordinates) {
    if (typeof coordinates[0] === "number") {
        yield coordinates;
    } else {
        for (const part of coordinates) {
            yield* positions(part);
        }
    }
}

function touchesEurope(geometry) {
    for (const [lon, lat] of positions(geometry.coordinates)) {
        if (lon >= WEST && lon <= EAST && lat >= SOUTH && lat <= NORTH) {
            return true;
        }
    }
    return false;
}

const features = countries.features
    .filter((country) => country.geometry && touchesEurope(country.geometry))
    .map((country) => ({
        type: "Feature",
        properties: { name: country.properties.name },
        geometry: {
            type: country.geometry.type,
            coordinates: roundCoordinates(country.geometry.coordinates),
        },
    }));

writeFileSync(process.argv[2], JSON.stringify({ type: "FeatureCollection", features }));
console.log(`${features.length} countries written to ${process.argv[2]}`);
