// The team checklist's merge (templates/static/js/equipe.js), run by node
// from TestEquipeMerge: idempotent, commutative, and no concurrent edit
// lost. Exits non-zero on the first failure.
"use strict";
const assert = require("assert");
const M = require(process.argv[2]);

let seed = 12345;
function rnd(n) {
  seed = (seed * 1103515245 + 12345) % 2147483648;
  return seed % n;
}
function shuffle(a) {
  a = a.slice();
  for (let i = a.length - 1; i > 0; i--) {
    const j = rnd(i + 1);
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a;
}

// A replica: what one browser knows and how it edits.
function replica(actor) {
  return { actor, ops: {}, lamport: 0 };
}
function edit(r, item, value, author) {
  const heads = (M.itens(r.ops)[item] || { cabecas: [] }).cabecas;
  let max = r.lamport;
  for (const id in r.ops) max = Math.max(max, r.ops[id].lamport);
  r.lamport = max + 1;
  const op = { id: r.actor + "-" + r.lamport, item, value, author, at: "2026-11-28T10:00:00Z", actor: r.actor, lamport: r.lamport, base: heads.map((h) => h.id).sort() };
  r.ops[op.id] = op;
  return op;
}
function sync(a, b) {
  M.juntar(a.ops, Object.values(b.ops));
  M.juntar(b.ops, Object.values(a.ops));
}
function view(ops) {
  const it = M.itens(ops);
  const out = {};
  for (const k of Object.keys(it).sort()) out[k] = { heads: it[k].cabecas.map((o) => o.id), value: it[k].valor.id, conflict: it[k].conflito };
  return M.canonico({ items: out, andamento: M.andamento(ops) });
}
function fromList(list) {
  const ops = {};
  M.juntar(ops, list);
  return ops;
}

// 1. Concurrent edits of the same item are both kept, shown as a conflict;
//    the displayed value is deterministic; a later edit resolves it.
{
  const a = replica("aaa"), b = replica("bbb");
  edit(a, "x", { done: true, done_on: "2026-11-28" }, "Ana");
  sync(a, b);
  edit(a, "x", { done: true, evidence: { ato: "Portaria 1" } }, "Ana");
  edit(b, "x", { evidence: { ato: "Portaria 2" } }, "Bruno");
  edit(b, "y", { done: true }, "Bruno");
  sync(a, b);
  const ia = M.itens(a.ops), ib = M.itens(b.ops);
  assert.strictEqual(view(a.ops), view(b.ops), "replicas differ after sync");
  assert.strictEqual(ia.x.cabecas.length, 2, "a concurrent edit was dropped");
  assert.ok(ia.x.conflito, "the conflict is not flagged");
  assert.deepStrictEqual(ia.x.cabecas.map((o) => o.author).sort(), ["Ana", "Bruno"]);
  assert.strictEqual(ia.x.valor.id, "bbb-2", "the displayed value is not the highest (lamport, actor)");
  assert.ok(!ia.y.conflito && ib.y.valor.value.done, "y");
  assert.strictEqual(ia.x.historico.length, 3, "history");
  // Same value from both sides: two heads, no conflict to resolve.
  const c = replica("ccc"), d = replica("ddd");
  edit(c, "z", { done: true }, "C");
  edit(d, "z", { done: true }, "D");
  sync(c, d);
  assert.ok(!M.itens(c.ops).z.conflito, "equal concurrent values are not a conflict");
  // Resolution: an edit that saw both heads replaces them.
  edit(a, "x", ia.x.cabecas[1].value, "Ana");
  sync(a, b);
  const r = M.itens(b.ops).x;
  assert.strictEqual(r.cabecas.length, 1, "the resolution did not replace both heads");
  assert.ok(!r.conflito);
  assert.deepStrictEqual(r.valor.value, { done: true, evidence: { ato: "Portaria 1" } });
}

// 2. Random histories: any order, any split, any duplication gives the same
//    result (commutative, associative, idempotent), and every op that no one
//    saw is a head (nothing concurrent is lost).
for (let round = 0; round < 200; round++) {
  const rs = ["r1", "r2", "r3", "r4"].map(replica);
  const items = ["a", "b", "c", ":inicio"];
  for (let step = 0; step < 40; step++) {
    const r = rs[rnd(rs.length)];
    if (rnd(4) === 0) sync(r, rs[rnd(rs.length)]);
    else {
      const it = items[rnd(items.length)];
      edit(r, it, it === ":inicio" ? "2026-0" + (1 + rnd(9)) + "-01" : rnd(5) === 0 ? null : { done: rnd(2) === 1, evidence: { n: String(rnd(3)) } }, r.actor);
    }
  }
  const all = [];
  for (const r of rs) all.push(...Object.values(r.ops));
  const want = view(fromList(all));
  for (let k = 0; k < 5; k++) {
    assert.strictEqual(view(fromList(shuffle(all))), want, "order changed the result");
    const dup = shuffle(all.concat(all.slice(0, rnd(all.length))));
    const cut = rnd(dup.length);
    const x = fromList(dup.slice(0, cut)), y = fromList(dup.slice(cut));
    M.juntar(x, Object.values(y));
    M.juntar(x, Object.values(y)); // idempotent
    assert.strictEqual(view(x), want, "split and merge changed the result");
  }
  const ops = fromList(all);
  const seen = new Set();
  for (const o of all) o.base.forEach((b) => seen.add(b));
  const heads = new Set();
  for (const v of Object.values(M.itens(ops))) v.cabecas.forEach((h) => heads.add(h.id));
  for (const o of Object.values(ops)) assert.strictEqual(heads.has(o.id), !seen.has(o.id), "op " + o.id + " lost or wrongly a head");
}

// 3. Malformed operations are ignored, never crash the merge.
{
  const ops = {};
  const n = M.juntar(ops, [null, 1, "x", {}, { id: "a-1", item: "x", actor: "a", lamport: 1, author: "", at: "", base: "no", value: null },
    { id: "b-2", item: "x", actor: "a", lamport: 2, author: "", at: "", base: [], value: null },
    { id: "a-1", item: "x", actor: "a", lamport: 1, author: "A", at: "t", base: [], value: { done: true } }]);
  assert.strictEqual(n, 1);
  assert.deepStrictEqual(M.andamento(ops), { items: { x: { done: true } } });
}
console.log("ok");
