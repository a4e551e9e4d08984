// Test driver for the shipped search JS: `node run_js.js COMMAND < payload.json > result.json`.
'use strict';
const fs = require('fs');
const path = require('path');

const REPO = path.resolve(__dirname, '..', '..');
const STATIC = path.join(REPO, 'kbgen', 'search', 'static');
const lunr = require(path.join(REPO, 'node_modules', 'lunr'));
const kn = require(path.join(STATIC, 'kbgen-normalise.js'));
const ks = require(path.join(STATIC, 'kbgen-search.js'));

kn.registerLunr(lunr);

function loadData(files) {
  // The generated files assign to globalThis.kbgenSearchData, as they do to window in a page.
  files.forEach((file) => require(path.resolve(file)));
  return globalThis.kbgenSearchData;
}

function ranges(test) {
  const out = [];
  let start = -1;
  for (let cp = 0; cp <= 0x110000; cp++) {
    const inside = cp < 0x110000 && test(cp);
    if (inside && start < 0) start = cp;
    if (!inside && start >= 0) { out.push([start, cp - 1]); start = -1; }
  }
  return out;
}

const commands = {
  normalise: (p) => ({ terms: p.tokens.map(kn.normalise) }),
  stem: (p) => ({ stems: p.words.map(kn.stem) }),
  words: (p) => ({ terms: p.words.map(kn.normalise), stems: p.words.map((w) => kn.stem(w.toLowerCase())) }),
  text: (p) => p.texts.map((t) => ({
    groups: kn.wordGroups(t),
    indexTokens: kn.indexTokens(t),
    indexTerms: kn.indexTerms(t),
    queryWords: kn.queryWords(t)
  })),
  docs: (p) => loadData(p.files).docs,
  constants: () => ({ stopWords: kn.STOP_WORDS, queryStopWords: kn.QUERY_STOP_WORDS, labels: kn.LABELS }),
  unicode: () => {
    const isSurrogate = (cp) => cp >= 0xd800 && cp < 0xe000;
    const ch = (cp) => String.fromCodePoint(cp);
    const unassigned = ranges((cp) => isSurrogate(cp) || /\p{Cn}/u.test(ch(cp)));
    const word = ranges((cp) => !isSurrogate(cp) && /[\p{L}\p{N}]/u.test(ch(cp)));
    const fold = {};
    for (let cp = 0; cp < 0x110000; cp++) {
      if (isSurrogate(cp)) continue;
      const f = kn.fold(ch(cp));
      if (f !== ch(cp)) fold[cp] = f;
    }
    return { unassigned, word, fold };
  },
  lunr: (p) => {
    const idx = lunr.Index.load(loadData(p.files)[p.kind]);
    return p.queries.map((q) => idx.search(q).map((r) => [r.ref, r.score]));
  },
  query: (p) => {
    const idx = ks.loadIndex(loadData(p.files)[p.kind], lunr);
    return p.queries.map((q) => ks.query(idx, q.text, q.options || {}));
  },
  highlight: (p) => p.cases.map((c) => {
    const r = ks.highlight(c.text, c.terms);
    return { ranges: r, segments: ks.segments(c.text, r) };
  }),
  bench: (p) => {
    const t0 = process.hrtime.bigint();
    const data = loadData(p.files);
    const t1 = process.hrtime.bigint();
    const idx = ks.loadIndex(data[p.kind], lunr);
    const t2 = process.hrtime.bigint();
    const times = [];
    for (let round = 0; round < p.rounds; round++) {
      p.queries.forEach((q) => {
        const s = process.hrtime.bigint();
        ks.query(idx, q, { prefix: p.prefix, limit: 10 });
        times.push(Number(process.hrtime.bigint() - s) / 1e6);
      });
    }
    times.sort((a, b) => a - b);
    return {
      parseMs: Number(t1 - t0) / 1e6,
      loadMs: Number(t2 - t1) / 1e6,
      medianMs: times[Math.floor(times.length / 2)],
      p95Ms: times[Math.floor(times.length * 0.95)],
      maxMs: times[times.length - 1]
    };
  }
};

const command = process.argv[2];
if (!commands[command]) {
  process.stderr.write('unknown command ' + command + '\n');
  process.exit(2);
}
const input = fs.readFileSync(0, 'utf8');
process.stdout.write(JSON.stringify(commands[command](input ? JSON.parse(input) : {})));
