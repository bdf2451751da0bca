// Test driver for busca.js under node (used by the Go tests of
// generator/search). Usage:
//   node driver.js BUSCA_JS terms        < lines      → JSON [[term…]…], one per line
//   node driver.js BUSCA_JS search DIR   < queries    → JSON [{query, terms, results}…]
"use strict";
const fs = require("fs");
const path = require("path");
const core = require(path.resolve(process.argv[2]));
const mode = process.argv[3];
const input = fs.readFileSync(0, "utf8");

if (mode === "terms") {
  const lines = input.split("\n");
  if (lines[lines.length - 1] === "") lines.pop();
  process.stdout.write(JSON.stringify(lines.map((l) => core.terms(l))));
} else if (mode === "search") {
  const dir = process.argv[4];
  const loads = [];
  const index = core.createIndex((p) => {
    loads.push(p);
    return fs.promises.readFile(path.join(dir, p), "utf8");
  });
  (async () => {
    const out = [];
    for (const q of JSON.parse(input)) {
      const found = await index.search(q);
      const results = [];
      for (const r of found.results) {
        const p = await index.passage(r);
        results.push({
          url: r.url, title: r.title, section: r.section, all: r.all,
          heading: p.id, snippet: core.snippet(p.text, found.terms)
        });
      }
      out.push({
        query: q, terms: found.terms.map((t) => t.stem),
        fuzzy: found.terms.map((t) => (t.fuzzy || []).join(" ")), results
      });
    }
    process.stdout.write(JSON.stringify({ searches: out, loads }));
  })().catch((e) => { console.error(e); process.exit(1); });
} else {
  console.error("driver.js: unknown mode " + mode);
  process.exit(2);
}
