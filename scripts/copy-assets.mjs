// Copies the pinned front-end libraries from node_modules into internal/ui/static/vendor/,
// which the Go binary embeds. Run with `npm ci && npm run build` after changing package-lock.json
// and commit the result: CI rebuilds it and fails on any difference (.ci/browser.sh).
import { cpSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const vendor = join(root, 'internal/ui/static/vendor');
const leaflet = join(root, 'node_modules/leaflet/dist');

// [source under the repository root, destination under vendor/]
const files = [
  ['node_modules/htmx.org/dist/htmx.min.js', 'htmx.min.js'],
  ['node_modules/leaflet/dist/leaflet.js', 'leaflet.js'],
  ['node_modules/leaflet/dist/leaflet.css', 'leaflet.css'],
  ...readdirSync(join(leaflet, 'images')).map((f) => [`node_modules/leaflet/dist/images/${f}`, `images/${f}`]),
];

rmSync(vendor, { recursive: true, force: true });
for (const [from, to] of files) {
  mkdirSync(dirname(join(vendor, to)), { recursive: true });
  cpSync(join(root, from), join(vendor, to));
}
console.log(`copied ${files.length} files into ${vendor}`);
