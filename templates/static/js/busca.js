/*
 * busca.js — the portal's search, in the browser, offline too.
 *
 * It reads the index that generator/search writes at build time:
 *   /busca/indice.json      shard keys, sections and [url, title, section] of each page
 *   /busca/V/i/N.txt        shard N of the inverted index ("stem\tposting;…")
 *   /busca/V/t/B.txt        passage file B: consecutive passages ("heading
 *                           id\nheading text\ntext"), from passage c[B] of
 *                           page t[B] (indice.json) on; U+001D before the
 *                           first passage of the next page, U+001E between
 *                           passages of one page
 * A first search loads the entry, one shard per query word and the passage
 * file of each result shown.
 *
 * The text analysis (fold, words, stem) mirrors generator/search/analyze.go
 * exactly; a Go test runs this file under node and compares. Under node the
 * core is exported (module.exports); in a browser the script wires the
 * /busca/ page: #busca-q, #busca-status, #busca-resultados.
 */
(function () {
  "use strict";

  var ENTRY = "busca/indice.json";
  var PAGE = 10; // results shown at once
  var SNIPPET = 180; // characters of a snippet, roughly
  var MAX_KEY = 3; // runes of a shard key
  var TITLE = 64, HEAD = 16; // weights of a stem in the title and in a heading (search.go)

  var STOP = new Set(("a o e as os ao aos de da do das dos em na no nas nos num numa " +
    "um uma uns umas para pra por pelo pela pelos pelas com que se ou mas como " +
    "seu sua seus suas lhe lhes este esta estes estas isto esse essa esses essas isso " +
    "aquele aquela aqueles aquelas aquilo ele ela eles elas qual quais").split(" "));

  var EXCEPTIONS = {
    pais: "pais", paises: "pais", cais: "cais", jamais: "jamais", demais: "demais",
    anais: "anais", mais: "mais", depois: "depois", dois: "dois", pois: "pois",
    seis: "seis", tres: "tres", apos: "apos", lapis: "lapis", tenis: "tenis",
    uteis: "util", util: "util", faceis: "facil", facil: "facil",
    dificeis: "dificil", dificil: "dificil", simples: "simples",
    onibus: "onibus", virus: "virus", bonus: "bonus", atraves: "atraves"
  };

  var SUFFIXES = [
    ["amento", ""], ["imento", ""],
    ["ando", ""], ["endo", ""], ["indo", ""],
    ["cao", ""], ["sao", "s"],
    ["ado", ""], ["ada", ""], ["ido", ""], ["ida", ""],
    ["ar", ""], ["er", ""], ["ir", ""]
  ];

  var SPECIAL = { "ß": "ss", "æ": "ae", "œ": "oe", "ø": "o", "ł": "l", "đ": "d", "º": "o", "ª": "a", "§": " paragrafo " };

  // SYNONYMS: stems of the long forms of citation abbreviations ("artigo 35"
  // is "art. 35"); see stemSynonyms in analyze.go.
  var SYNONYMS = { artig: "art", incis: "inc" };

  // fold lowers the case and removes diacritics: "Órgão" → "orgao".
  // Case is lowered one code point at a time, as Go's unicode.ToLower does
  // (no final sigma, no locale).
  function fold(s) {
    var out = "";
    for (var c of s.normalize("NFD").replace(/\p{Mn}/gu, "")) out += c.toLowerCase();
    return out.replace(/\p{Mn}/gu, "").replace(/[ßæœøłđºª§]/g, function (c) { return SPECIAL[c]; });
  }

  // words splits folded text into runs of letters and numbers.
  function words(s) {
    return fold(s).match(/[\p{L}\p{N}]+/gu) || [];
  }

  function endsWith(w, s) {
    return w.length >= s.length && w.slice(w.length - s.length) === s;
  }

  function singular(w) {
    var n = w.length;
    if (n < 4 || w[n - 1] !== "s") return w;
    if (endsWith(w, "ns")) return w.slice(0, n - 2) + "m";
    if (endsWith(w, "oes") || endsWith(w, "aes")) return w.slice(0, n - 3) + "ao";
    if (endsWith(w, "ais")) return w.slice(0, n - 3) + "al";
    if (endsWith(w, "eis")) return w.slice(0, n - 3) + "el";
    if (endsWith(w, "ois")) return w.slice(0, n - 3) + "ol";
    if (endsWith(w, "vis")) return w.slice(0, n - 1) + "l";
    if (n >= 5 && (endsWith(w, "res") || endsWith(w, "zes") || endsWith(w, "ses"))) return w.slice(0, n - 2);
    return w.slice(0, n - 1);
  }

  // stem reduces a folded word to its stem (see Stem in analyze.go).
  function stem(w) {
    if (w.length < 3 || !/^[a-z]+$/.test(w)) return w;
    if (Object.prototype.hasOwnProperty.call(EXCEPTIONS, w)) return EXCEPTIONS[w];
    w = singular(w);
    if (endsWith(w, "mente") && w.length - 5 >= 4) w = w.slice(0, w.length - 5);
    for (var i = 0; i < SUFFIXES.length; i++) {
      var s = SUFFIXES[i];
      if (endsWith(w, s[0]) && w.length - s[0].length >= 3) {
        w = w.slice(0, w.length - s[0].length) + s[1];
        break;
      }
    }
    var n = w.length, last = w[n - 1];
    if (n >= 4 && (last === "a" || last === "e" || last === "o") && !endsWith(w, "ao")) w = w.slice(0, n - 1);
    return Object.prototype.hasOwnProperty.call(SYNONYMS, w) ? SYNONYMS[w] : w;
  }

  function indexable(w) {
    if (STOP.has(w)) return false;
    var r = Array.from(w);
    return !(r.length === 1 && /\p{L}/u.test(r[0]));
  }

  // terms returns the index terms of a text (see Terms in analyze.go).
  function terms(text) {
    return words(text).filter(indexable).map(stem);
  }

  // parseQuery turns what was typed into distinct terms. The last word, while
  // it is being typed (no space after it) and has three letters or more, also
  // matches as a prefix: "unid" finds "unidade".
  function parseQuery(q) {
    var ws = words(q), out = [], seen = {};
    var typing = q.length > 0 && !/\s$/.test(q);
    for (var i = 0; i < ws.length; i++) {
      var w = ws[i];
      if (!indexable(w)) continue;
      var t = { stem: stem(w), prefix: "", word: w };
      if (typing && i === ws.length - 1 && Array.from(w).length >= 3) t.prefix = w;
      var key = t.stem + "\u0000" + t.prefix;
      if (seen[key]) continue;
      seen[key] = true;
      out.push(t);
    }
    return out;
  }

  function keyPath(s) {
    var out = "";
    var r = Array.from(s);
    for (var i = 0; i < r.length && i < MAX_KEY; i++) out += /^[a-z0-9]$/.test(r[i]) ? r[i] : "_";
    return out;
  }

  // termMatches reports whether a folded word of a text matches a term.
  function termMatches(w, t) {
    if (!indexable(w)) return false;
    if (stem(w) === t.stem) return true;
    if (t.fuzzy && t.fuzzy.indexOf(stem(w)) >= 0) return true;
    return t.prefix !== "" && (w.indexOf(t.prefix) === 0 || stem(w).indexOf(t.prefix) === 0);
  }

  // snippet returns the parts of a short excerpt of text around the best
  // cluster of matches: [{text, mark}], with "…" where the text was cut.
  function snippet(text, ts, size) {
    size = size || SNIPPET;
    text = text.replace(/\s+/g, " ").trim();
    var re = /[\p{L}\p{N}\p{M}]+|§/gu, m, hits = [];
    while ((m = re.exec(text)) !== null) {
      var w = fold(m[0]).trim();
      for (var i = 0; i < ts.length; i++) {
        if (termMatches(w, ts[i])) {
          hits.push({ start: m.index, end: m.index + m[0].length, term: i });
          break;
        }
      }
    }
    var ws = 0, best = -1;
    for (var h = 0; h < hits.length; h++) {
      var from = Math.max(0, hits[h].start - 40), seen = {}, n = 0;
      for (var k = h; k < hits.length && hits[k].end <= from + size; k++) {
        if (!seen[hits[k].term]) { seen[hits[k].term] = true; n++; }
      }
      if (n > best) { best = n; ws = from; }
    }
    var we = Math.min(text.length, ws + size);
    if (ws > 0) {
      var sp = text.indexOf(" ", ws);
      if (sp >= 0 && sp < ws + 20) ws = sp + 1;
    }
    if (we < text.length) {
      var back = text.lastIndexOf(" ", we);
      if (back > ws) we = back;
    }
    var parts = [], pos = ws;
    if (ws > 0) parts.push({ text: "…", mark: false });
    for (var j = 0; j < hits.length; j++) {
      var hit = hits[j];
      if (hit.start < ws || hit.end > we) continue;
      if (hit.start > pos) parts.push({ text: text.slice(pos, hit.start), mark: false });
      parts.push({ text: text.slice(hit.start, hit.end), mark: true, term: hit.term });
      pos = hit.end;
    }
    if (we > pos) parts.push({ text: text.slice(pos, we), mark: false });
    if (we < text.length) parts.push({ text: "…", mark: false });
    return parts;
  }

  // maxEdits is the edit distance within which a stem of the index stands
  // for the stem of a query word found nowhere: none for words under five
  // letters, one up to seven, two from eight.
  function maxEdits(s) {
    var n = s.length;
    return n >= 8 ? 2 : n >= 5 ? 1 : 0;
  }

  // editDistance returns the Damerau–Levenshtein distance (optimal string
  // alignment: insertions, deletions, substitutions and swaps of two
  // neighbours) between a and b, or any number above k once it exceeds k.
  function editDistance(a, b, k) {
    if (Math.abs(a.length - b.length) > k) return k + 1;
    var prev2 = null, prev = [], cur;
    for (var j = 0; j <= b.length; j++) prev.push(j);
    for (var i = 1; i <= a.length; i++) {
      cur = [i];
      var low = i;
      for (j = 1; j <= b.length; j++) {
        var cost = a[i - 1] === b[j - 1] ? 0 : 1;
        var v = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
        if (prev2 && i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, prev2[j - 2] + 1);
        cur.push(v);
        if (v < low) low = v;
      }
      if (low > k) return k + 1;
      prev2 = prev;
      prev = cur;
    }
    return prev[b.length];
  }

  // createIndex returns the search over the index files; load(path) returns
  // a promise of the text of a file, path relative to the site root.
  function createIndex(load) {
    var entryP = null, shards = {}, passages = {};

    function entry() {
      if (!entryP) {
        entryP = load(ENTRY).then(function (s) { return JSON.parse(s); });
        entryP.catch(function () { entryP = null; });
      }
      return entryP;
    }

    function shardOf(e, stemOrPrefix) {
      var p = keyPath(stemOrPrefix), best = -1, bestLen = -1;
      for (var i = 0; i < e.k.length; i++) {
        var k = e.k[i];
        if (k.length > bestLen && p.slice(0, k.length) === k) { best = i; bestLen = k.length; }
      }
      return best;
    }

    function shard(e, i) {
      var path = "busca/" + e.v + "/i/" + i + ".txt";
      if (!shards[path]) {
        shards[path] = load(path).then(function (s) {
          var lines = {}, stems = [];
          s.split("\n").forEach(function (l) {
            var tab = l.indexOf("\t");
            if (tab > 0) { lines[l.slice(0, tab)] = l.slice(tab + 1); stems.push(l.slice(0, tab)); }
          });
          return { index: i, lines: lines, stems: stems };
        });
        shards[path].catch(function () { delete shards[path]; });
      }
      return shards[path];
    }

    function postings(raw) {
      var out = [], doc = 0;
      raw.split(";").forEach(function (p) {
        var f = p.split(",");
        doc += parseInt(f[0], 36);
        var chunks = [], heads = [];
        for (var i = 2; i < f.length; i++) {
          var c = parseInt(f[i], 36);
          if (f[i][0] === "-") { c = -c; heads.push(c); }
          chunks.push(c);
        }
        out.push({ doc: doc, w: parseInt(f[1], 36), chunks: chunks, heads: heads });
      });
      return out;
    }

    // search returns {terms, results}, results best first: every term
    // matched before some; then pages with every term in the title (or in
    // the title's other names, as a norm's "IN nº 15/2024"); then pages
    // with every term in one heading (an FAQ question); then by score
    // (title and headings above body). A term found nowhere is replaced by
    // the stems of the index within a small edit distance (typos:
    // "desginacao" finds "designação"); such a term has t.fuzzy set.
    function search(query) {
      var ts = parseQuery(query);
      if (ts.length === 0) return Promise.resolve({ terms: ts, results: [] });
      return entry().then(function (e) {
        var loadedP = Promise.all(ts.map(function (t) {
          var i = shardOf(e, t.prefix || t.stem);
          var j = t.prefix ? shardOf(e, t.stem) : i;
          var want = [i, j].filter(function (x, n, a) { return x >= 0 && a.indexOf(x) === n; });
          return Promise.all(want.map(function (x) { return shard(e, x); }));
        }));
        return loadedP.then(function (loaded) {
          return Promise.all(ts.map(function (t, ti) {
            if (found(t, loaded[ti]) || maxEdits(t.word) === 0) return null;
            return correct(e, t, loaded[ti]);
          }));
        }).then(function () {
          return loadedP;
        }).then(function (loaded) {
          return rank(e, ts, loaded);
        });
      });
    }

    // found reports whether a term is in one of the loaded shards.
    function found(t, shs) {
      return shs.some(function (sh) {
        if (Object.prototype.hasOwnProperty.call(sh.lines, t.stem)) return true;
        return t.prefix !== "" && sh.stems.some(function (s) { return s.indexOf(t.prefix) === 0; });
      });
    }

    // correct sets t.fuzzy to the nearest stem of the index within
    // maxEdits(t.stem), looking first in the shards already loaded (the
    // stems that share the first letters) and, failing that, in the
    // shards of the stem with one of its first letters dropped or two of
    // them swapped.
    function correct(e, t, shs) {
      var near = nearest(t.stem, t.word, shs);
      if (near.length) { t.fuzzy = near; return null; }
      var s = t.stem, keys = [];
      for (var i = 0; i < MAX_KEY && i < s.length; i++) {
        keys.push(s.slice(0, i) + s.slice(i + 1));
        if (i + 1 < s.length) keys.push(s.slice(0, i) + s[i + 1] + s[i] + s.slice(i + 2));
      }
      var have = shs.map(function (sh) { return sh.index; });
      var want = [];
      keys.forEach(function (k) {
        var x = shardOf(e, k);
        if (x >= 0 && have.indexOf(x) < 0 && want.indexOf(x) < 0) want.push(x);
      });
      return Promise.all(want.map(function (x) { return shard(e, x); })).then(function (more) {
        more.forEach(function (sh) { shs.push(sh); });
        t.fuzzy = nearest(s, t.word, shs);
        if (!t.fuzzy.length) delete t.fuzzy;
      });
    }

    // nearest returns the stem of the shards at the smallest edit distance
    // from s within maxEdits(w) that is in the most pages; failing that,
    // the same from the start of the typed word w, whose ending the stemmer
    // may not have recognised ("sobrestameno" is "sobrest…"). It returns a
    // list: empty when there is none.
    function nearest(s, w, shs) {
      var k = maxEdits(w);
      var pick = function (dist) {
        var best = k + 1, out = "", pages = 0;
        shs.forEach(function (sh) {
          sh.stems.forEach(function (c) {
            var d = dist(c, best);
            if (d > best || d > k) return;
            var n = sh.lines[c].split(";").length;
            if (d < best || n > pages || (n === pages && c < out)) { best = d; out = c; pages = n; }
          });
        });
        return out;
      };
      var out = pick(function (c, best) { return editDistance(s, c, best); }) ||
        pick(function (c, best) {
          if (c.length < 5 || w.length <= c.length || w.length - c.length > 6) return k + 1;
          return editDistance(w.slice(0, c.length), c, best);
        });
      return out ? [out] : [];
    }

    function rank(e, ts, loaded) {
      var n = e.d.length, byDoc = {};
      ts.forEach(function (t, ti) {
        var docs = {};
        loaded[ti].forEach(function (sh) {
          var add = function (raw, factor) {
            postings(raw).forEach(function (p) {
              var d = docs[p.doc] || (docs[p.doc] = { w: 0, chunks: {}, heads: {}, title: false });
              d.w = Math.max(d.w, p.w * factor);
              if (factor === 1 && p.w >= TITLE) d.title = true;
              p.chunks.forEach(function (c) { d.chunks[c] = true; });
              p.heads.forEach(function (c) { d.heads[c] = true; });
            });
          };
          if (Object.prototype.hasOwnProperty.call(sh.lines, t.stem)) add(sh.lines[t.stem], 1);
          if (t.prefix) {
            sh.stems.forEach(function (s) {
              if (s !== t.stem && s.indexOf(t.prefix) === 0) add(sh.lines[s], 0.5);
            });
          }
          (t.fuzzy || []).forEach(function (s) {
            if (Object.prototype.hasOwnProperty.call(sh.lines, s)) add(sh.lines[s], 1);
          });
        });
        var ids = Object.keys(docs);
        var idf = Math.log(1 + n / Math.max(1, ids.length));
        ids.forEach(function (id) {
          var r = byDoc[id] || (byDoc[id] = { doc: +id, matched: 0, score: 0, hits: {}, heads: {}, title: 0 });
          r.matched++;
          r.score += idf * docs[id].w;
          if (docs[id].title) r.title++;
          Object.keys(docs[id].chunks).forEach(function (c) { r.hits[c] = (r.hits[c] || 0) + 1; });
          Object.keys(docs[id].heads).forEach(function (c) { r.heads[c] = (r.heads[c] || 0) + 1; });
        });
      });
      // The passage shown is the one with the most terms, then the most
      // terms in its heading, then the first; a page found by its title
      // links to its top (its first passage) when that passage has every
      // term or no heading has them all ("desativação" in "Unidades:
      // criação e desativação" links to "Desativação de unidade").
      var results = Object.keys(byDoc).map(function (id) {
        var r = byDoc[id], d = e.d[r.doc], chunk = 0, most = 0, mostHead = 0;
        Object.keys(r.hits).forEach(function (c) {
          var h = r.hits[c], hh = r.heads[c] || 0;
          if (h > most || (h === most && (hh > mostHead || (hh === mostHead && +c < chunk)))) {
            most = h; mostHead = hh; chunk = +c;
          }
        });
        var tier = r.title === ts.length ? 2 : (mostHead === ts.length ? 1 : 0);
        var top = tier === 2 && (r.hits[0] === ts.length || mostHead < ts.length);
        return {
          doc: r.doc, url: d[0], title: d[1], section: e.s[d[2]] || "",
          matched: r.matched, all: r.matched === ts.length, tier: tier, score: r.score,
          chunk: top ? 0 : chunk, top: top
        };
      });
      results.sort(function (a, b) {
        return (b.matched - a.matched) || (b.tier - a.tier) || (b.score - a.score) || (a.doc - b.doc);
      });
      return { terms: ts, results: results };
    }

    // passage returns the passage of a result: {id, heading, text}. A
    // passage file holds consecutive passages, from passage e.c[b] of page
    // e.t[b] on; U+001D starts the next page, U+001E the next passage.
    function passage(result) {
      return entry().then(function (e) {
        var starts = e.t || [0], firsts = e.c || [], b = 0, doc = result.doc, chunk = result.chunk;
        for (var i = 0; i < starts.length && (starts[i] < doc || (starts[i] === doc && (firsts[i] || 0) <= chunk)); i++) b = i;
        var path = "busca/" + e.v + "/t/" + b + ".txt";
        if (!passages[path]) {
          passages[path] = load(path).then(function (s) { return s.split("\u001d"); });
          passages[path].catch(function () { delete passages[path]; });
        }
        return passages[path].then(function (docs) {
          var k = doc - starts[b];
          var s = (docs[k] || "").split("\u001e")[chunk - (k === 0 ? firsts[b] || 0 : 0)] || "";
          var a = s.indexOf("\n"), c = s.indexOf("\n", a + 1);
          if (a < 0 || c < 0) return { id: "", heading: "", text: s };
          return { id: s.slice(0, a), heading: s.slice(a + 1, c), text: s.slice(c + 1) };
        });
      });
    }

    return { search: search, passage: passage };
  }

  var core = {
    fold: fold, words: words, stem: stem, terms: terms, indexable: indexable,
    parseQuery: parseQuery, snippet: snippet, createIndex: createIndex,
    editDistance: editDistance, maxEdits: maxEdits
  };

  if (typeof module === "object" && module.exports) {
    module.exports = core;
    return;
  }
  if (typeof document === "undefined") return;

  // ---- in the browser ----

  function plural(n, one, many) { return n === 1 ? one : many; }

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text) e.textContent = text;
    return e;
  }

  // fillSnippet appends the parts of a snippet to a node, matches in <mark>.
  function fillSnippet(node, parts) {
    parts.forEach(function (part) {
      node.appendChild(part.mark ? el("mark", "", part.text) : document.createTextNode(part.text));
    });
  }

  // corrected returns, for a search whose terms include corrected typos,
  // the query as it was understood: each misspelt word replaced by the word
  // marked for it in the snippets shown ("desginacao" → "designação"), or
  // "" when there is no correction or no marked word to show.
  function corrected(q, found, snippets) {
    var fixes = {}, any = false, missing = false;
    found.terms.forEach(function (t, i) {
      if (!t.fuzzy) return;
      var shown = "";
      snippets.forEach(function (parts) {
        parts.forEach(function (p) { if (!shown && p.mark && p.term === i) shown = p.text.toLowerCase(); });
      });
      if (shown) { fixes[t.word] = shown; any = true; } else missing = true;
    });
    if (!any || missing) return "";
    return q.replace(/[\p{L}\p{N}\p{M}]+/gu, function (w) {
      var f = fold(w);
      return Object.prototype.hasOwnProperty.call(fixes, f) ? fixes[f] : w;
    });
  }

  // summary is what the status says of a search: how many results, for
  // what, and the correction of a typo.
  function summary(q, found, fixed) {
    var n = found.results.length, quoted = "“" + q + "”";
    if (found.terms.length === 0) return "Digite palavras mais específicas: " + quoted + " só tem palavras muito comuns.";
    if (n === 0) return "Nenhum resultado para " + quoted + ". Tente outras palavras ou menos palavras.";
    var fuzzy = found.terms.some(function (t) { return t.fuzzy; });
    if (fuzzy) {
      return "Nenhum resultado para " + quoted + ". " + n + plural(n, " resultado", " resultados") +
        " para " + (fixed ? "“" + fixed + "”" : "palavras parecidas") + ".";
    }
    var all = found.results.filter(function (r) { return r.all; }).length;
    return n + plural(n, " resultado", " resultados") + " para " + quoted +
      (all < n && found.terms.length > 1 ? " (" + all + " com todas as palavras)" : "");
  }

  function fetchIndex() {
    return createIndex(function (path) {
      return fetch("/" + path).then(function (r) {
        if (!r.ok) throw new Error(path + ": " + r.status);
        return r.text();
      });
    });
  }

  // resultHref is the address of a result's passage.
  function resultHref(r, ps) {
    return ps && ps.id && !r.top ? r.url + "#" + encodeURIComponent(ps.id) : r.url;
  }

  function resultTitle(r, ps) {
    return ps && ps.heading && ps.heading !== r.title && !r.top ? r.title + " › " + ps.heading : r.title;
  }

  // The /busca/ page: #busca-q, #busca-status, #busca-resultados.
  function initPage(index) {
    var input = document.getElementById("busca-q");
    var status = document.getElementById("busca-status");
    var list = document.getElementById("busca-resultados");
    if (!input || !status || !list) return null;
    var form = input.form;
    var more = el("button", "busca-mais", "Mostrar mais resultados");
    more.type = "button";
    more.hidden = true;
    list.parentNode.insertBefore(more, list.nextSibling);

    var generation = 0, current = null, shown = 0, timer = 0;

    function setURL(q) {
      var url = location.pathname + (q ? "?" + new URLSearchParams({ q: q }).toString() : "") + location.hash;
      history.replaceState(null, "", url);
    }

    function render(found, gen, from) {
      var rs = found.results.slice(from, from + PAGE), pending = [];
      rs.forEach(function (r) {
        var li = el("li"), a = el("a", "", r.title), p = el("p");
        a.href = r.url;
        li.appendChild(a);
        if (r.section) { li.appendChild(document.createTextNode(" ")); li.appendChild(el("span", "secao", r.section)); }
        li.appendChild(p);
        list.appendChild(li);
        pending.push(index.passage(r).then(function (ps) {
          if (gen !== generation) return [];
          a.href = resultHref(r, ps);
          a.textContent = resultTitle(r, ps);
          var parts = snippet(ps.text, found.terms);
          fillSnippet(p, parts);
          return parts;
        }, function () { return []; /* the result stays, without a snippet */ }));
      });
      shown = from + rs.length;
      more.hidden = shown >= found.results.length;
      return Promise.all(pending);
    }

    function run(raw) {
      var gen = ++generation;
      var q = raw.trim();
      setURL(q);
      list.replaceChildren();
      more.hidden = true;
      current = null;
      if (!q) {
        status.textContent = "";
        list.setAttribute("aria-busy", "false");
        return;
      }
      list.setAttribute("aria-busy", "true");
      index.search(raw).then(function (found) {
        if (gen !== generation) return;
        current = found;
        return render(found, gen, 0).then(function (snippets) {
          if (gen === generation) status.textContent = summary(q, found, corrected(q, found, snippets));
        });
      }).catch(function () {
        if (gen !== generation) return;
        status.textContent = "Não foi possível carregar o índice da busca. Verifique a conexão e tente de novo.";
      }).then(function () {
        if (gen === generation) list.setAttribute("aria-busy", "false");
      });
    }

    more.addEventListener("click", function () {
      if (!current) return;
      var from = shown, gen = generation;
      list.setAttribute("aria-busy", "true");
      render(current, gen, from).then(function () {
        if (gen === generation) list.setAttribute("aria-busy", "false");
      });
      var links = list.querySelectorAll("li > a");
      if (links[from]) links[from].focus();
    });

    if (form) {
      form.addEventListener("submit", function (ev) {
        ev.preventDefault();
        clearTimeout(timer);
        run(input.value);
      });
    }
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () { run(input.value); }, 200);
    });

    // Arrow keys move between the field and the result links.
    function links() { return Array.prototype.slice.call(list.querySelectorAll("li > a")); }
    input.addEventListener("keydown", function (ev) {
      if (ev.key === "ArrowDown") {
        var ls = links();
        if (ls.length) { ev.preventDefault(); ls[0].focus(); }
      }
    });
    list.addEventListener("keydown", function (ev) {
      if (ev.key !== "ArrowDown" && ev.key !== "ArrowUp") return;
      var ls = links(), i = ls.indexOf(document.activeElement);
      if (i < 0) return;
      ev.preventDefault();
      if (ev.key === "ArrowDown" && i + 1 < ls.length) ls[i + 1].focus();
      else if (ev.key === "ArrowUp") (i > 0 ? ls[i - 1] : input).focus();
    });

    var q = new URLSearchParams(location.search).get("q") || "";
    if (q) {
      input.value = q;
      run(q);
    }
    return input;
  }

  // The header's search box (#busca in form.busca-topo) as an ARIA 1.2
  // combobox: results as you type in a listbox under it, arrows to move,
  // Enter to open, Esc to close; a polite status announces the count.
  // Enter with no result chosen submits the form to /busca/.
  var SUGGEST = 5; // results in the header's list

  function initHeader(index) {
    var input = document.getElementById("busca");
    var form = input && input.form;
    if (!form) return null;
    var panel = el("div", "busca-topo-painel");
    panel.hidden = true;
    var note = el("p", "busca-topo-nota");
    note.hidden = true;
    var list = el("ul", "busca-topo-lista");
    list.id = "busca-topo-lista";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", "Resultados da busca");
    var live = el("p", "visualmente-oculto");
    live.setAttribute("role", "status");
    live.setAttribute("aria-live", "polite");
    panel.appendChild(note);
    panel.appendChild(list);
    form.appendChild(panel);
    form.appendChild(live);
    form.classList.add("busca-topo-ativa");
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", list.id);

    var generation = 0, timer = 0, active = -1;

    function options() { return Array.prototype.slice.call(list.querySelectorAll("[role=option]")); }

    function open(yes) {
      panel.hidden = !yes;
      input.setAttribute("aria-expanded", yes ? "true" : "false");
      if (!yes) select(-1);
    }

    function select(i) {
      var os = options();
      os.forEach(function (o, j) { o.setAttribute("aria-selected", j === i ? "true" : "false"); });
      active = i;
      if (i >= 0 && os[i]) {
        input.setAttribute("aria-activedescendant", os[i].id);
        if (os[i].scrollIntoView) os[i].scrollIntoView({ block: "nearest" });
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }

    function option(n, href) {
      var li = el("li", "busca-topo-opcao");
      li.id = "busca-topo-op-" + n;
      li.setAttribute("role", "option");
      li.setAttribute("aria-selected", "false");
      li.setAttribute("data-href", href);
      list.appendChild(li);
      return li;
    }

    function allResults(q) { return "/busca/?" + new URLSearchParams({ q: q }).toString(); }

    function run(raw) {
      var gen = ++generation, q = raw.trim();
      if (!q) { list.replaceChildren(); open(false); live.textContent = ""; return; }
      index.search(raw).then(function (found) {
        if (gen !== generation) return;
        var rs = found.results.slice(0, SUGGEST);
        return Promise.all(rs.map(function (r) {
          return index.passage(r).catch(function () { return null; });
        })).then(function (pss) {
          if (gen !== generation) return;
          list.replaceChildren();
          select(-1);
          var snippets = [];
          rs.forEach(function (r, i) {
            var ps = pss[i], li = option(i, resultHref(r, ps));
            li.appendChild(el("span", "busca-topo-titulo", resultTitle(r, ps)));
            if (r.section) li.appendChild(el("span", "busca-topo-secao", r.section));
            if (ps) {
              var parts = snippet(ps.text, found.terms, 110), p = el("span", "busca-topo-trecho");
              snippets.push(parts);
              fillSnippet(p, parts);
              li.appendChild(p);
            }
          });
          var n = found.results.length, fixed = corrected(q, found, snippets);
          var all = option(rs.length, allResults(fixed || q));
          all.classList.add("busca-topo-todos");
          all.textContent = n > rs.length ? "Ver todos os " + n + " resultados" : (n ? "Abrir a página de busca" : "Buscar na página de busca");
          note.hidden = !found.terms.some(function (t) { return t.fuzzy; }) || n === 0;
          note.textContent = fixed ? "Mostrando resultados para “" + fixed + "”." : "Mostrando resultados para palavras parecidas.";
          open(true);
          live.textContent = summary(q, found, fixed) + (n ? " Use as setas para percorrer." : "");
        });
      }).catch(function () {
        if (gen !== generation) return;
        list.replaceChildren();
        note.hidden = false;
        note.textContent = "Não foi possível carregar o índice da busca.";
        open(true);
        live.textContent = note.textContent;
      });
    }

    function go(i) {
      var o = options()[i];
      if (o) location.href = o.getAttribute("data-href");
    }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () { run(input.value); }, 150);
    });
    input.addEventListener("focus", function () {
      if (input.value.trim() && list.childNodes.length) open(true);
    });
    input.addEventListener("keydown", function (ev) {
      var n = options().length;
      if (ev.key === "ArrowDown" || ev.key === "ArrowUp") {
        if (!n) return;
        ev.preventDefault();
        if (panel.hidden) { open(true); select(ev.key === "ArrowDown" ? 0 : n - 1); return; }
        if (ev.key === "ArrowDown") select(active + 1 < n ? active + 1 : 0);
        else select(active > 0 ? active - 1 : n - 1);
      } else if (ev.key === "Enter") {
        if (!panel.hidden && active >= 0) { ev.preventDefault(); go(active); }
      } else if (ev.key === "Escape") {
        if (!panel.hidden) { ev.preventDefault(); ev.stopPropagation(); open(false); }
        else if (input.value) { ev.preventDefault(); input.value = ""; run(""); }
      } else if (ev.key === "Tab") {
        open(false);
      }
    });
    // A click (or tap) on a result opens it; mousedown keeps the focus in
    // the field until then.
    list.addEventListener("mousedown", function (ev) { ev.preventDefault(); });
    list.addEventListener("click", function (ev) {
      var o = ev.target.closest && ev.target.closest("[role=option]");
      if (o) location.href = o.getAttribute("data-href");
    });
    form.addEventListener("focusout", function (ev) {
      if (!form.contains(ev.relatedTarget)) open(false);
    });
    document.addEventListener("click", function (ev) {
      if (!form.contains(ev.target)) open(false);
    });
    return input;
  }

  // "/" (outside a text field) and Ctrl+K (or ⌘K) focus the search box: the
  // results page's own box there, the header's elsewhere.
  function initShortcuts(box, page) {
    if (page) {
      // The accessibility bar's "Ir para a busca" (#busca) too.
      document.addEventListener("click", function (ev) {
        var a = ev.target.closest && ev.target.closest('a[href="#busca"]');
        if (a) { ev.preventDefault(); box.focus(); }
      });
    }
    document.addEventListener("keydown", function (ev) {
      if (page && ev.altKey && ev.key === "3" && !ev.ctrlKey && !ev.metaKey) {
        // Alt+3 (eMAG: go to the search) finds this page's box, the
        // header's being hidden here.
        box.focus();
        return;
      }
      var t = ev.target, typing = t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName));
      var slash = ev.key === "/" && !typing && !ev.ctrlKey && !ev.metaKey && !ev.altKey;
      var k = (ev.key === "k" || ev.key === "K") && (ev.ctrlKey || ev.metaKey) && !ev.altKey && !ev.shiftKey;
      if (!slash && !k) return;
      ev.preventDefault();
      box.focus();
      if (box.select) box.select();
    });
  }

  function init() {
    var index = fetchIndex();
    var page = initPage(index);
    var header = page ? null : initHeader(index);
    var box = page || header;
    if (box) initShortcuts(box, !!page);
    // On the results page, its own box is the only one.
    if (page) document.documentElement.classList.add("busca-pagina");
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
