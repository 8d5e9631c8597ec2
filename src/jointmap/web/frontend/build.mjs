// Copies the npm-installed libraries into ../static/vendor (run by `npm run build` after `npm ci`).
// The outputs are build products: gitignored, shipped in the wheel as package data, served offline.
import { copyFileSync, mkdirSync, readFileSync, writeFileSync, cpSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { feature } from "topojson-client";

const here = dirname(fileURLToPath(import.meta.url));
const nm = join(here, "node_modules");
const out = join(here, "..", "static", "vendor");
mkdirSync(out, { recursive: true });

const copies = [
  ["leaflet/dist/leaflet.js", "leaflet.js"],
  ["leaflet/dist/leaflet.css", "leaflet.css"],
  ["chart.js/dist/chart.umd.min.js", "chart.umd.min.js"],
  ["leaflet/LICENSE", "LICENSE.leaflet.txt"],
  ["chart.js/LICENSE.md", "LICENSE.chartjs.md"],
  ["world-atlas/LICENSE", "LICENSE.world-atlas.txt"],
];
for (const [from, to] of copies) copyFileSync(join(nm, from), join(out, to));
cpSync(join(nm, "leaflet/dist/images"), join(out, "images"), { recursive: true });

// Natural Earth 1:50m country outlines (world-atlas TopoJSON) → GeoJSON, coordinates rounded to ~100 m.
const round = (v) => Math.round(v * 1000) / 1000;
const roundCoords = (c) => (typeof c[0] === "number" ? [round(c[0]), round(c[1])] : c.map(roundCoords));
const topo = JSON.parse(readFileSync(join(nm, "world-atlas/countries-50m.json"), "utf8"));
const countries = feature(topo, topo.objects.countries);
for (const f of countries.features) {
  if (f.geometry) f.geometry.coordinates = roundCoords(f.geometry.coordinates);
}
countries.attribution = "Natural Earth 1:50m via world-atlas (public domain)";
writeFileSync(join(out, "countries-50m.geojson"), JSON.stringify(countries));
console.log(`vendor files written to ${out}`);
