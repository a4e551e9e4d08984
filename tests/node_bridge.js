// The one way tests run kbgen's JavaScript under Node (driven by tests/node_bridge.py):
//   node node_bridge.js ENGINE_DIR
// ENGINE_DIR holds kbgen-normalise.js and kbgen-search.js as a site ships them (constants written
// in by kbgen.search.scripts). One JSON request per line on stdin, {"command": NAME, ...fields};
// one JSON answer per line on stdout, {"ok": result} or {"error": stack}. One process serves a
// whole test session.
'use strict';
const fs = require('fs');
const path = require('path');
const readline = require('readline');
const vm = require('vm');

const REPO = path.resolve(__dirname, '..');
const ENGINE = path.resolve(process.argv[2]);
const THEME_STATIC = path.join(REPO, 'kbgen', 'theme', 'kbgen', 'static');
const lunr = require(path.join(REPO, 'node_modules', 'lunr'));
const kn = require(path.join(ENGINE, 'kbgen-normalise.js'));
const ks = require(path.join(ENGINE, 'kbgen-search.js'));
const store = require(path.join(ENGINE, 'kbgen-search-store.js'));
const handoff = require(path.join(THEME_STATIC, 'kbgen-handoff.js'));
const hours = require(path.join(THEME_STATIC, 'kbgen-hours.js'));
const handoffPage = require(path.join(THEME_STATIC, 'kbgen-handoff-page.js'));
const searchResults = require(path.join(THEME_STATIC, 'kbgen-search-results.js'));
const ticketSystems = require(path.join(__dirname, 'contracts', 'ticket_systems.js'));

kn.registerLunr(lunr);

// The kbgenSearchData the generated files assign, each request in a fresh global (as a page
// would have), so one process can load many sites.
function loadData(files) {
  const sandbox = vm.createContext({});
  files.forEach((file) => vm.runInContext(fs.readFileSync(file, 'utf8'), sandbox, { filename: file }));
  return sandbox.kbgenSearchData;
}

// A store of the sharded index in `folder` (kbgen-search-store.js), its scripts run in one fresh
// global as a page would run them; `loaded` lists the files in the order they were loaded.
function openStore(folder, mode) {
  const sandbox = vm.createContext({});
  const loaded = [];
  const s = store.open(mode, (name) => new Promise((resolve) => {
    loaded.push(name);
    const file = path.join(folder, name);
    vm.runInContext(fs.readFileSync(file, 'utf8'), sandbox, { filename: file });
    resolve(sandbox.kbgenSearchParts);
  }), lunr);
  s.loaded = loaded;
  return s;
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

function timed(p) {
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

const commands = {
  // search: normalisation
  normalise: (p) => ({ terms: p.tokens.map(kn.normalise) }),
  stem: (p) => ({ stems: p.words.map(kn.stem) }),
  words: (p) => ({ terms: p.words.map(kn.normalise), stems: p.words.map((w) => kn.stem(w.toLowerCase())) }),
  text: (p) => p.texts.map((t) => ({
    groups: kn.wordGroups(t),
    indexTokens: kn.indexTokens(t),
    indexTerms: kn.indexTerms(t),
    queryWords: kn.queryWords(t)
  })),
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
  // the store's decoders (packing.py's unpack and front_decode); an error is the answer
  unpack: (p) => store.unpack(p.text),
  frontDecode: (p) => store.frontDecode(p.text),
  // search: the data files and the engine over them
  docs: (p) => loadData(p.files).docs,
  lunr: (p) => {
    const idx = lunr.Index.load(loadData(p.files)[p.kind]);
    return p.queries.map((q) => idx.search(q).map((r) => [r.ref, r.score]));
  },
  // options.context {set, module}: the hand-off page's prior (ks.contextPrior over the docs file)
  query: (p) => {
    const data = loadData(p.files);
    const idx = ks.loadIndex(data[p.kind], lunr);
    return p.queries.map((q) => {
      const options = Object.assign({}, q.options || {});
      if (options.context) options.prior = ks.contextPrior(data.docs, options.context.set, options.context.module);
      return ks.query(idx, q.text, options);
    });
  },
  // the same queries on the sharded index, one store for all (as a reader typing on one page):
  // each query's results and the files it loaded; a query's options.context is weighed from the
  // docs files when given (ks.contextPrior), else from the manifest (ks.storePrior)
  sharded: async (p) => {
    const s = openStore(p.folder, p.mode);
    const docs = p.docs ? loadData(p.docs).docs : null;
    const out = [];
    for (const q of p.queries) {
      const options = Object.assign({}, q.options || {});
      if (options.context) {
        options.prior = docs ? ks.contextPrior(docs, options.context.set, options.context.module)
          : ks.storePrior(s, options.context.set, options.context.module);
      }
      const before = s.loaded.length;
      const results = await ks.search(s, q.text, options);
      out.push({ results, loaded: s.loaded.slice(before) });
    }
    return out;
  },
  // every shard of a mode loaded: the assembled index as lunr serializes it (fieldVectors sorted)
  assembled: async (p) => {
    const s = openStore(p.folder, p.mode);
    kn.registerLunr(lunr);
    await s.ready();
    await s.need(s.terms);
    // the store keeps its field vectors by field and ref (kbgen-search-store.js): lunr's view of them
    const json = new lunr.Index(Object.assign({}, s.index, { fieldVectors: s.index.kbgenInfo.fieldVectors() })).toJSON();
    json.fieldVectors.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    return json;
  },
  round3: (p) => p.values.map(store.round3),
  highlight: (p) => p.cases.map((c) => {
    const r = ks.highlight(c.text, c.terms);
    return { ranges: r, segments: ks.segments(c.text, r) };
  }),
  // the results page's snippet: which passage of a document (weights: term -> idf, or none)
  passage: (p) => p.cases.map((c) => searchResults.bestPassage(c.passages, c.terms, kn.indexTerms,
    c.weights ? (t) => (Object.prototype.hasOwnProperty.call(c.weights, t) ? c.weights[t] : 0) : undefined)),
  bench: timed,
  // hand-off URL builder and support hours
  build: (p) => handoff.build(p.target, p.context, p.labels),
  // what Zendesk and GLPI do with a link (tests/contracts/ticket_systems.js)
  zendeskPrefill: (p) => ticketSystems.zendeskPrefill(p.href, p.form),
  glpiPrefill: (p) => ticketSystems.glpiPrefill(p.href, p.form),
  sanitize: (p) => ticketSystems.sanitize(p.html, p.tags || ticketSystems.ZENDESK_ALLOWED_TAGS),
  // the hand-off page's suggestions: the prior of each ref, the text, the articles shown. `prior`
  // weighs docs (a list or an object) through a store whose place() is kbgen/search/chunks.py's
  // place() of each doc's url, as the manifest holds it.
  prior: (p) => {
    const own = (o, k) => (Object.prototype.hasOwnProperty.call(o, k) ? o[k] : undefined);
    const places = {
      place: (ref) => {
        const parts = String((own(p.docs, ref) || {}).url || '').split('/');
        return parts.length >= 3 ? parts.slice(0, 2).join('/') : '';
      }
    };
    const options = handoffPage.queryOptions(ks, places, p.set, p.module, 'full');
    return options.prior ? p.refs.map(options.prior) : null;
  },
  suggestionText: (p) => handoffPage.suggestionText(p.subject, p.description),
  pick: (p) => handoffPage.pick(p.hits, p.docs, p.skip, p.max),
  indexKind: (p) => p.texts.map(handoffPage.indexKind),
  queryOptions: (p) => {
    const options = handoffPage.queryOptions(ks, null, p.set, p.module, p.kind);
    return { prefix: options.prefix, limit: options.limit, prior: typeof options.prior };
  },
  // the articles the page shows, on the sharded index in p.folder, with the files it loaded
  suggestions: async (p) => {
    const text = handoffPage.suggestionText(p.subject, p.description);
    const kind = p.kind || handoffPage.indexKind(text);
    const s = openStore(p.folder, handoffPage.MODES[kind]);
    const shown = await handoffPage.suggestions(ks, s, { text, kind, set: p.set, module: p.module, skipUrl: p.skip });
    return { shown, loaded: s.loaded };
  },
  hours: (p) => {
    const now = new Date(p.now);
    const result = hours.status(p.hours, now);
    return { status: result, message: p.texts ? hours.message(result, p.texts, p.reader, now, p.hours.tz) : null };
  }
};

const rl = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
rl.on('line', (line) => {
  let answer;
  try {
    const request = JSON.parse(line);
    if (!Object.prototype.hasOwnProperty.call(commands, request.command)) {
      throw new Error('unknown command ' + request.command);
    }
    answer = Promise.resolve(commands[request.command](request)).then((ok) => ({ ok }));
  } catch (e) {
    answer = Promise.resolve({ error: String((e && e.stack) || e) });
  }
  // answers go out in request order (tests/node_bridge.py sends one request at a time)
  answer.catch((e) => ({ error: String((e && e.stack) || e) }))
    .then((a) => process.stdout.write(JSON.stringify(a) + '\n'));
});
