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

  function Reader(text) {
    this.text = text;
    this.at = 0;
  }
  Reader.prototype.done = function () { return this.at >= this.text.length; };
  Reader.prototype.number = function () {
    var value = 0, scale = 1, digit;
    for (;;) {
      digit = VALUE[this.text.charAt(this.at++)];
      if (digit < 32) return value + digit * scale;
      value += (digit - 32) * scale;
      scale *= 32;
    }
  };

  function unpack(text) {
    var reader = new Reader(text), out = [];
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

  // The manifest m read: an index with no postings yet, which the engine can plan a query on.
  Store.prototype.start = function (m) {
    if (m.version !== C.FORMAT_VERSION) throw new Error('kbgen search index format ' + m.version + ', expected ' + C.FORMAT_VERSION);
    var lunr = this.lunr, terms = frontDecode(m.terms), df = unpack(m.df), titles = unpack(m.titles);
    var numbers = unpack(m.index), position = Object.create(null);
    terms.forEach(function (t, i) { position[t] = i; });
    this.manifest = m;
    this.terms = terms;
    this.position = position;
    this.numbers = numbers;
    this.df = df;
    this.places = m.places;
    this.placeOf = unpack(m.place);
    this.averages = m.totals.map(function (total) { return total / m.count; });
    this.lengths = m.lengths.map(unpack);
    this.vectors = m.fields.map(function () { return []; }); // per field, ref -> its lunr.Vector
    var idx = new lunr.Index({
      invertedIndex: Object.create(null), fieldVectors: Object.create(null),
      tokenSet: lunr.TokenSet.fromArray(terms), fields: m.fields, pipeline: lunr.Pipeline.load(m.pipeline)
    });
    function has(term) { return Object.prototype.hasOwnProperty.call(position, term); }
    idx.kbgenInfo = {
      terms: terms, has: has, count: m.count,
      df: function (term) { return has(term) ? df[position[term]] : 0; },
      titleTerms: function (ref) { return titles[ref] || 0; }
    };
    this.index = idx;
  };

  // Adds shard n's terms: postings, and field vector elements with lunr's weights.
  Store.prototype.add = function (n, payload) {
    if (this.shards[n] === true) return;
    this.shards[n] = true;
    var m = this.manifest, idx = this.index, lunr = this.lunr, reader = new Reader(payload), position = -1;
    var count = m.count, fields = m.fields, k1p1 = C.K1 + 1, touched = [], stamp = n + 1;
    while (!reader.done()) {
      position += reader.number() + 1;
      var df = this.df[position], number = this.numbers[position];
      var idf = Math.log(1 + Math.abs((count - df + 0.5) / (df + 0.5)));
      var entry = { _index: number };
      for (var f = 0; f < fields.length; f++) {
        var field = fields[f], boost = m.boosts[f], average = this.averages[f], lengths = this.lengths[f];
        var vectors = this.vectors[f], posting = {}, ref = 0;
        for (var left = reader.number(); left > 0; left--) {
          ref += reader.number();
          var tf = reader.number(), length = lengths[ref];
          posting[ref] = EMPTY;
          // kbgen/search/lunrindex.py's (and lunr.py's) order of operations
          var norm = C.K1 * (1 - C.B + C.B * (length / average));
          var score = idf * (k1p1 * tf) / (norm + tf) * boost;
          var vector = vectors[ref];
          if (!vector) vector = vectors[ref] = idx.fieldVectors[field + '/' + ref] = new lunr.Vector([]);
          if (vector.kbgenStamp !== stamp) {
            vector.kbgenStamp = stamp;
            vector.kbgenFrom = vector.elements.length;
            touched.push(vector);
          }
          vector.elements.push(number, round3(score));
        }
        entry[field] = posting;
      }
      idx.invertedIndex[this.terms[position]] = entry;
    }
    // Appended in dictionary order: each vector touched is put back in term-number order (lunr
    // walks two vectors in step).
    for (var t = 0; t < touched.length; t++) sortPairs(touched[t]);
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

  // The manifest, loaded once.
  Store.prototype.ready = function () {
    var store = this;
    return this.fetch(this.mode, C.MANIFEST_PART).then(function (m) {
      if (!store.manifest) store.start(m);
      return store;
    });
  };

  // Loads (once) the shards holding `terms` and adds them to the index.
  Store.prototype.need = function (terms) {
    var store = this, shards = this.manifest.shards, wanted = Object.create(null);
    terms.forEach(function (t) {
      if (Object.prototype.hasOwnProperty.call(store.position, t)) wanted[shardOf(t, shards)] = true;
    });
    return Promise.all(Object.keys(wanted).map(function (n) {
      return store.fetch(store.mode, n).then(function (payload) { store.add(n, payload); });
    })).then(function () { return store.index; });
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

  return { open: open, round3: round3, shardOf: shardOf, frontDecode: frontDecode, unpack: unpack };
}));
