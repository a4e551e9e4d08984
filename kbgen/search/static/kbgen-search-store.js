/*
 * kbgen-search-store.js: a lunr index assembled, query by query, from the shards written by
 * kbgen/search/shards.py (see there for the files and why the result is exact).
 *
 * open(mode, load, lunr) -> a store (lunr: with kbgen's pipeline functions registered, as
 * kbgenNormalise.registerLunr does). load(name) loads the script `name` (a manifest or shard,
 * each pushing [mode, part, payload] on the global kbgenSearchParts) and returns a promise of
 * the array it pushed on. store.ready() loads the manifest: store.index is then a lunr.Index
 * holding no postings yet, with idx.kbgenInfo (the engine's terms, document frequencies,
 * document count, title lengths: kbgen-search.js's info) and idx.tokenSet over every term, so
 * kbgen-search.js plans a query on it. store.need(terms) loads the shards of those terms and
 * adds their postings and field vector elements, with the whole index's term numbers and
 * weights, to store.index: lunr then ranks as on the whole index.
 *
 * The work of reading the manifest and adding shards is cut into slices of about SLICE_MS each,
 * in tasks of their own (store.run), so that a keystroke is never kept waiting by a long task
 * (issue 25: none over 50 ms at 20,000 articles on a throttled phone); the store runs one job
 * at a time, so a query never reads a shard half added. store.whenIdle() settles when the jobs
 * queued so far are done.
 *
 * A weight is lunr's BM25, computed here as lunr.py computes it for kbgen/search/lunrindex.py,
 * float operation by float operation, and rounded to 3 decimals as Python's round() does.
 * The packed formats (varints, front-coded terms) are kbgen/search/packing.py's.
 */
(function (root, factory) {
  if (typeof module !== 'undefined' && module.exports) {
    module.exports = factory(root);
  } else {
    root.kbgenSearchStore = factory(root);
  }
}(typeof globalThis !== 'undefined' ? globalThis : this, function (root) {
  'use strict';

  // The format version and manifest part name (shards.py), the varint alphabet (packing.py) and
  // lunr's BM25 parameters (lunrindex.py), written in by kbgen/search/scripts.py.
  var C = /*@kbgen-constants@*/null;
  if (!C) throw new Error('kbgen-search-store.js: constants not written in (ship it through kbgen.search.scripts)');
  var VALUE = Object.create(null);
  for (var a = 0; a < C.ALPHABET.length; a++) VALUE[C.ALPHABET.charAt(a)] = a;
  var EMPTY = Object.freeze({}); // every posting's (empty) metadata

  var SLICE_MS = 10; // a slice's budget: well under the 50 ms of a long task, even throttled
  var PIECE = 256; // postings (or terms) handled between two looks at the clock
  var now = root.performance && typeof root.performance.now === 'function'
    ? function () { return root.performance.now(); } : function () { return Date.now(); };

  // Runs fn in a later task. A MessageChannel's message is not clamped to 4 ms as nested
  // setTimeouts are; in Node, setImmediate.
  var later = (function () {
    if (typeof root.setImmediate === 'function') return function (fn) { root.setImmediate(fn); };
    if (typeof root.MessageChannel === 'function') {
      var channel = new root.MessageChannel(), waiting = [];
      channel.port1.onmessage = function () { waiting.shift()(); };
      return function (fn) { waiting.push(fn); channel.port2.postMessage(0); };
    }
    return function (fn) { root.setTimeout(fn, 0); };
  }());

  /*
   * sliced(job, options) -> a promise of job.result, or of null when options.cancelled() turned
   * true first. job.step() does a bounded piece of work and returns true when the job is done;
   * steps run until options.sliceMs (default SLICE_MS; 0: one step a task) have passed, then the
   * job goes on in a later task. onSlice(), when given, is called once per slice.
   */
  function sliced(job, options, onSlice) {
    var budget = options && options.sliceMs !== undefined ? options.sliceMs : SLICE_MS;
    var cancelled = options && typeof options.cancelled === 'function' ? options.cancelled : null;
    return new Promise(function (resolve, reject) {
      function slice() {
        try {
          if (cancelled && cancelled()) return resolve(null);
          if (onSlice) onSlice();
          var end = now() + budget;
          do {
            if (job.step()) return resolve(job.result);
          } while (now() < end);
          later(slice);
        } catch (error) {
          reject(error);
        }
      }
      later(slice); // not in the caller's task: that may be a script's onload, long already
    });
  }

  // A number's digits run past the end or hold a character outside the alphabet: the data was cut
  // short (a deploy killed halfway, a proxy's truncation) or is not ours. Without this check the
  // decoders below would add NaN forever and hang the page.
  function corrupt(name) {
    throw new Error((name || 'kbgen search data') + ' is truncated or corrupt');
  }

  function Reader(text, name) {
    this.text = text;
    this.name = name;
    this.at = 0;
  }
  Reader.prototype.done = function () { return this.at >= this.text.length; };
  Reader.prototype.number = function () {
    var value = 0, scale = 1, digit;
    for (;;) {
      digit = VALUE[this.text.charAt(this.at++)];
      if (digit < 32) return value + digit * scale;
      if (digit === undefined) corrupt(this.name);
      value += (digit - 32) * scale;
      scale *= 32;
    }
  };

  function unpack(text, name) {
    var reader = new Reader(text, name), out = [];
    while (!reader.done()) out.push(reader.number());
    return out;
  }

  // packing.py's front_decode; lengths count code points.
  function frontDecode(text) {
    var chars = Array.from(text), terms = [], previous = [], at = 0;
    function number() {
      var value = 0, scale = 1, digit;
      for (;;) {
        digit = VALUE[chars[at++]];
        if (digit < 32) return value + digit * scale;
        if (digit === undefined) corrupt('a term list');
        value += (digit - 32) * scale;
        scale *= 32;
      }
    }
    while (at < chars.length) {
      var shared = number(), length = number();
      previous = previous.slice(0, shared).concat(chars.slice(at, at + length));
      at += length;
      terms.push(previous.join(''));
    }
    return terms;
  }

  // (value, run length) pairs, expanded: chunks.py's place_numbers from its unpacked runs.
  function expandRuns(runs) {
    var out = [];
    for (var at = 0; at < runs.length; at += 2) {
      for (var k = 0; k < runs[at + 1]; k++) out.push(runs[at]);
    }
    return out;
  }

  // shards.py's shard_of: FNV-1a over UTF-16 code units.
  function shardOf(term, shards) {
    var h = 2166136261;
    for (var i = 0; i < term.length; i++) h = Math.imul(h ^ term.charCodeAt(i), 16777619) >>> 0;
    return h % shards;
  }

  // Python's round(x, 3) for x > 0 (lunrindex.py explains the fast path). Away from a half,
  // the nearest thousandth; at x*1000 within 1e-4 of a half, the exact decimal value decides:
  // toFixed rounds it exactly, ties to the larger, and an exact tie (x = odd/16) goes to even.
  function round3(x) {
    var t = x * 1000, nearest = Math.floor(t + 0.5);
    if (Math.abs(nearest - t) < 0.4999) return nearest / 1000;
    var sixteenths = x * 16;
    if (sixteenths === Math.floor(sixteenths) && sixteenths % 2 === 1) {
      var k = Math.floor(t);
      return (k % 2 === 0 ? k : k + 1) / 1000;
    }
    return parseFloat(x.toFixed(3));
  }

  function Store(mode, load, lunr) {
    this.mode = mode;
    this.loadScript = load;
    this.lunr = lunr || root.lunr;
    this.manifest = null;
    this.index = null;
    this.shards = Object.create(null); // shard numbers added to the index
    this.loads = Object.create(null); // "<kind>/<part>" -> promise of its payload
    this.queue = Promise.resolve(null); // the jobs that change or read the index, one at a time
    this.slices = 0; // slices run so far (tests: slicing did happen)
    this.starting = null;
  }

  Store.prototype.file = function (part, kind) {
    return 'kbgen-search-' + (kind || this.mode) + (part === C.MANIFEST_PART ? '' : '-' + part) + '.js';
  };

  // What the scripts loaded so far pushed on kbgenSearchParts, by "<kind>/<part>". Kept on the
  // array itself, so that the stores of one page (one global) share the document chunks.
  function inbox(parts) {
    var box = parts.received || (parts.received = Object.create(null));
    while (parts.length) {
      var part = parts.shift();
      box[part[0] + '/' + part[1]] = part[2];
    }
    return box;
  }

  // Loads (once) the script of `part` of `kind` and gives what it pushed.
  Store.prototype.fetch = function (kind, part) {
    var key = kind + '/' + part, store = this;
    if (!this.loads[key]) {
      this.loads[key] = this.loadScript(this.file(part, kind)).then(function (parts) {
        var box = inbox(parts || []);
        if (!(key in box)) throw new Error(store.file(part, kind) + ' holds no ' + key);
        return box[key];
      });
      this.loads[key].catch(function () { delete store.loads[key]; }); // a later query tries again
    }
    return this.loads[key];
  };

  // The manifest m read: an index with no postings yet, which the engine can plan a query on
  // (at once: the tests' and benchmarks' way; ready() reads it in slices).
  Store.prototype.start = function (m) {
    var job = new StartJob(this, m);
    while (!job.step()) { /* all of it */ }
  };

  /*
   * Reading a manifest, piece by piece, every piece small enough for a cold, throttled engine
   * (issue 25: at 20,000 articles unpacking the whole document-length lists at once took 8 ms
   * unthrottled, four times that at 4x throttling): its terms (front-coded, read from the string itself: Array.from
   * over the whole dictionary was another such piece), their numbers and document frequencies,
   * the documents' field lengths and places, then lunr's TokenSet over the terms, inserted PIECE
   * at a time with lunr's own TokenSet.Builder (what TokenSet.fromArray does, in one go).
   */
  function StartJob(store, m) {
    if (m.version !== C.FORMAT_VERSION) throw new Error('kbgen search index format ' + m.version + ', expected ' + C.FORMAT_VERSION);
    this.store = store;
    this.m = m;
    this.name = store.file(C.MANIFEST_PART);
    this.text = m.terms;
    this.at = 0; // in UTF-16 units of m.terms, while decoding terms
    this.previous = []; // the last term's code points
    this.terms = [];
    this.position = Object.create(null);
    this.byShard = [];
    for (var n = 0; n < m.shards; n++) this.byShard.push([]);
    // the number lists, each read by its own Reader a piece at a time
    this.lists = [['df', m.df], ['titles', m.titles], ['numbers', m.index], ['runs', m.placeRuns]]
      .concat(m.lengths.map(function (packed, f) { return ['length' + f, packed]; }))
      .map(function (pair) { return { key: pair[0], reader: new Reader(pair[1], store.file(C.MANIFEST_PART)), out: [] }; });
    this.list = 0;
    this.inserted = 0;
    this.builder = null;
    this.result = store;
  }

  StartJob.prototype.number = function () {
    var value = 0, scale = 1, digit, text = this.text;
    for (;;) {
      digit = VALUE[text.charAt(this.at++)];
      if (digit < 32) return value + digit * scale;
      if (digit === undefined) corrupt(this.name);
      value += (digit - 32) * scale;
      scale *= 32;
    }
  };

  StartJob.prototype.step = function () {
    var m = this.m, store = this.store, text = this.text, n, k;
    if (this.at < text.length) { // frontDecode, resumable; packing.py's lengths count code points
      for (n = 0; n < PIECE && this.at < text.length; n++) {
        var shared = this.number(), length = this.number(), previous = this.previous;
        previous.length = Math.min(shared, previous.length);
        for (k = 0; k < length; k++) {
          if (this.at >= text.length) corrupt(this.name);
          var code = text.codePointAt(this.at), size = code > 0xffff ? 2 : 1;
          previous.push(text.substr(this.at, size));
          this.at += size;
        }
        var term = previous.join('');
        this.position[term] = this.terms.length;
        // a shard holds its terms in dictionary order and names none (shards.py's terms_by_shard)
        this.byShard[shardOf(term, m.shards)].push(this.terms.length);
        this.terms.push(term);
      }
      return false;
    }
    if (this.list < this.lists.length) {
      var list = this.lists[this.list];
      for (n = 0; n < PIECE * 4 && !list.reader.done(); n++) list.out.push(list.reader.number());
      if (list.reader.done()) this.list++;
      return false;
    }
    if (!this.builder) {
      this.builder = new store.lunr.TokenSet.Builder();
      return false;
    }
    if (this.inserted < this.terms.length) {
      for (n = 0; n < PIECE && this.inserted < this.terms.length; n++) this.builder.insert(this.terms[this.inserted++]);
      return false;
    }
    if (!this.places) {
      this.places = expandRuns(this.read('runs'));
      return false;
    }
    this.builder.finish();
    this.finish(this.builder.root);
    return true;
  };

  // The numbers of the list `key`, read.
  StartJob.prototype.read = function (key) {
    for (var i = 0; i < this.lists.length; i++) if (this.lists[i].key === key) return this.lists[i].out;
    return null;
  };

  StartJob.prototype.finish = function (tokenSet) {
    var m = this.m, store = this.store, lunr = store.lunr, job = this;
    var terms = this.terms, position = this.position, df = this.read('df'), titles = this.read('titles');
    store.manifest = m;
    store.terms = terms;
    store.position = position;
    store.byShard = this.byShard;
    store.numbers = this.read('numbers');
    store.df = df;
    store.places = m.places;
    store.placeOf = this.places;
    store.averages = m.totals.map(function (total) { return total / m.count; });
    store.lengths = m.lengths.map(function (_, f) { return job.read('length' + f); });
    // per field, ref -> its lunr.Vector: arrays, not lunr's fieldVectors ("<field>/<ref>" keys),
    // whose growth past tens of thousands of keys rehashed in one 11 ms step (44 ms throttled)
    store.vectors = m.fields.map(function () { return []; });
    var byField = Object.create(null);
    m.fields.forEach(function (field, f) { byField[field] = store.vectors[f]; });
    var idx = new lunr.Index({
      invertedIndex: Object.create(null), fieldVectors: Object.create(null),
      tokenSet: tokenSet, fields: m.fields, pipeline: lunr.Pipeline.load(m.pipeline)
    });
    function has(term) { return Object.prototype.hasOwnProperty.call(position, term); }
    idx.kbgenInfo = {
      terms: terms, has: has, count: m.count,
      df: function (term) { return has(term) ? df[position[term]] : 0; },
      titleTerms: function (ref) { return titles[ref] || 0; },
      vector: function (field, ref) { return byField[field][ref]; },
      // lunr's fieldVectors of what is loaded, made on demand: lunr's own Index.query reads them
      // (kbgenSearch.scores compares the engine's scorer with it)
      fieldVectors: function () {
        var out = Object.create(null);
        m.fields.forEach(function (field, f) {
          store.vectors[f].forEach(function (vector, ref) { out[field + '/' + ref] = vector; });
        });
        return out;
      }
    };
    store.index = idx;
  };

  // Runs job (see sliced) after the store's other jobs: one at a time, so that none sees the
  // index halfway through another's change. A job that throws does not stop the next ones.
  Store.prototype.run = function (job, options) {
    var store = this;
    var done = this.queue.then(function () {
      return sliced(job, options, function () { store.slices++; });
    });
    this.queue = done.catch(function () { return null; });
    return done;
  };

  // A promise settled once the jobs queued so far are done.
  Store.prototype.whenIdle = function () {
    return this.queue;
  };

  // Adds shard n's terms at once (see AddJob; need() adds them in slices).
  Store.prototype.add = function (n, payload) {
    var job = new AddJob(this, n, payload);
    while (!job.step()) { /* all of it */ }
  };

  /*
   * Adding shard n's terms: postings, and field vector elements with lunr's weights, PIECE
   * postings at a time (a common word's postings at 20,000 articles took a long task alone). A
   * term's entry joins the inverted index once all its postings are read; the vectors touched
   * are put back in order at the end, before the job reports done.
   */
  function AddJob(store, n, payload) {
    this.store = store;
    this.n = n;
    this.reader = new Reader(payload, store.file(n));
    this.rank = -1; // among the shard's terms (store.byShard[n])
    this.position = -1; // in the dictionary
    this.entry = null; // the term being read
    this.f = 0; // its field being read
    this.left = 0; // postings left in that field
    this.posting = null;
    this.ref = 0;
    this.touched = [];
    this.sorted = 0;
    this.result = null;
  }

  AddJob.prototype.step = function () {
    var store = this.store, m = store.manifest, idx = store.index, lunr = store.lunr, reader = this.reader;
    if (this.rank < 0 && store.shards[this.n] === true) return true; // added by an earlier job
    store.shards[this.n] = true;
    var fields = m.fields, k1p1 = C.K1 + 1, stamp = +this.n + 1, budget = PIECE;
    while (budget > 0) {
      if (!this.entry) {
        // a shard from another build than the manifest (a stale cache) fails the query: its
        // postings are never read as other terms'
        var expected = store.byShard[this.n].length;
        if (reader.done()) {
          if (this.rank + 1 !== expected) throw new Error(store.file(this.n) + ' does not match its manifest');
          break;
        }
        if (this.rank + 1 === expected) throw new Error(store.file(this.n) + ' does not match its manifest');
        this.position = store.byShard[this.n][++this.rank];
        var df = store.df[this.position];
        this.idf = Math.log(1 + Math.abs((m.count - df + 0.5) / (df + 0.5)));
        this.number = store.numbers[this.position];
        this.entry = { _index: this.number };
        this.f = 0;
        this.left = -1;
      }
      if (this.f === fields.length) {
        idx.invertedIndex[store.terms[this.position]] = this.entry;
        this.entry = null;
        continue;
      }
      var field = fields[this.f];
      if (this.left < 0) {
        this.left = reader.number();
        this.posting = this.entry[field] = {};
        this.ref = 0;
      }
      var boost = m.boosts[this.f], average = store.averages[this.f], lengths = store.lengths[this.f];
      var vectors = store.vectors[this.f], posting = this.posting, idf = this.idf, number = this.number;
      var left = this.left, ref = this.ref;
      for (; left > 0 && budget > 0; left--, budget--) {
        // shards.py's posting: 2 * delta + (tf > 1), then tf - 2 when tf > 1
        var code = reader.number();
        ref += Math.floor(code / 2);
        var tf = code % 2 ? reader.number() + 2 : 1, length = lengths[ref];
        posting[ref] = EMPTY;
        // kbgen/search/lunrindex.py's (and lunr.py's) order of operations
        var norm = C.K1 * (1 - C.B + C.B * (length / average));
        var score = idf * (k1p1 * tf) / (norm + tf) * boost;
        var vector = vectors[ref];
        if (!vector) vector = vectors[ref] = new lunr.Vector([]);
        if (vector.kbgenStamp !== stamp) {
          vector.kbgenStamp = stamp;
          vector.kbgenFrom = vector.elements.length;
          this.touched.push(vector);
        }
        vector.elements.push(number, round3(score));
      }
      this.left = left;
      this.ref = ref;
      if (left === 0) {
        this.f++;
        this.left = -1;
      }
    }
    if (budget === 0) return false;
    // Appended in dictionary order: each vector touched is put back in term-number order (lunr
    // walks two vectors in step).
    for (var t = 0; t < PIECE && this.sorted < this.touched.length; t++) sortPairs(this.touched[this.sorted++]);
    return this.sorted === this.touched.length;
  };

  // The pairs appended since vector.kbgenFrom (a few) moved, one by one, to their place among
  // the sorted ones before them (in place: no allocation but splice's).
  function sortPairs(vector) {
    var e = vector.elements, end = e.length;
    vector._magnitude = 0;
    for (var at = vector.kbgenFrom; at < end; at += 2) {
      var index = e[at], value = e[at + 1];
      if (at === 0 || e[at - 2] < index) continue;
      var lo = 0, hi = at / 2;
      while (lo < hi) {
        var mid = (lo + hi) >>> 1;
        if (e[2 * mid] < index) lo = mid + 1; else hi = mid;
      }
      e.splice(at, 2);
      e.splice(2 * lo, 0, index, value);
    }
  }

  // The manifest, loaded once and read in slices (options: sliced's; a cancelled reading goes
  // on: the next query needs it too).
  Store.prototype.ready = function (options) {
    var store = this;
    if (!this.starting) {
      this.starting = this.fetch(this.mode, C.MANIFEST_PART).then(function (m) {
        if (store.manifest) return store;
        return store.run(new StartJob(store, m), { sliceMs: options && options.sliceMs });
      }).then(function () { return store; });
      this.starting.catch(function () { store.starting = null; }); // a later query tries again
    }
    return this.starting;
  };

  // Loads (once) the shards holding `terms` and adds them to the index, in slices (options:
  // sliced's sliceMs; the adds are not cancelled: a later query may use them).
  Store.prototype.need = function (terms, options) {
    var store = this, shards = this.manifest.shards, wanted = Object.create(null);
    var slicing = { sliceMs: options && options.sliceMs };
    terms.forEach(function (t) {
      if (Object.prototype.hasOwnProperty.call(store.position, t)) wanted[shardOf(t, shards)] = true;
    });
    return Promise.all(Object.keys(wanted).map(function (n) {
      if (store.shards[n] === true) return null;
      return store.fetch(store.mode, n).then(function (payload) {
        return store.run(new AddJob(store, n, payload), slicing);
      });
    })).then(function () { return store.whenIdle(); }).then(function () { return store.index; });
  };

  /*
   * items(kind, refs) -> a promise of {ref: item} for the documents `refs`: kind "d", what a
   * result shows (title, url, set, module, excerpt); "p", its passages (the snippets). Loaded
   * in chunks of consecutive refs (chunks.py), only those the refs fall in.
   */
  Store.prototype.items = function (kind, refs) {
    var store = this, size = kind === 'd' ? this.manifest.docChunk : this.manifest.passageChunk, wanted = {};
    refs.forEach(function (ref) { wanted[Math.floor(ref / size)] = true; });
    var numbers = Object.keys(wanted);
    return Promise.all(numbers.map(function (n) { return store.fetch(kind, n); })).then(function (chunks) {
      var byNumber = {}, out = {};
      numbers.forEach(function (n, i) { byNumber[n] = chunks[i]; });
      refs.forEach(function (ref) {
        var n = Math.floor(ref / size);
        out[ref] = byNumber[n][ref - n * size];
      });
      return out;
    });
  };

  // The document's "<set>/<module>" (from the manifest: no chunk needed to filter by set or to
  // weigh the reader's context).
  Store.prototype.place = function (ref) {
    return this.places[this.placeOf[ref]] || '';
  };

  function open(mode, load, lunr) {
    return new Store(mode, load, lunr);
  }

  return { open: open, sliced: sliced, round3: round3, shardOf: shardOf, frontDecode: frontDecode, unpack: unpack };
}));
