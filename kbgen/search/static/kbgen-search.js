/*
 * kbgen-search.js: the query engine over the lunr indexes built by kbgen/search/index.py.
 *
 * Needs lunr.js and kbgen-normalise.js loaded first (in Node: require()d; lunr is passed in).
 * Queries are built with index.query() from our own tokens, never index.search(text): lunr's
 * query syntax would make a pasted "Erro 700: Erro no arquivo BALANCETE" throw (":" reads as a
 * field) and gives "- + ~ ^ *" meanings a reader never intended.
 *
 * For each word of the query (stop words and question fillers dropped, compounds joined, their
 * parts kept as lower-boost alternatives), with decreasing boosts:
 *   - its term, exact;
 *   - as you type (prefix: true): "q*", q the longest prefix (>= MIN_PREFIX letters) of the
 *     folded word that starts some term of the index (SEARCH-NOTES.md's back-off), plus the
 *     longest prefix of the word that is itself a term ("declara" -> "declar"); a prefix of more
 *     than MAX_EXPANSIONS terms keeps the most frequent (mostFrequent); a word the index does
 *     not know that no longer starts any term as typed also gets the one-edit corrections below;
 *   - on the results page, when the index does not know its term (a typo, a half-typed word):
 *     that longest term prefix ("cancelameto" -> "cancel"), "q*" with a longer minimum, and the
 *     terms that one-edit variants of the word stem to ("aqusitivo" -> "aquisit"); the last
 *     word of a query submitted mid-word also gets "q*"; MAX_EXPANSIONS caps "q*" here too;
 *   - words of MIN_FUZZY+ letters the index does not know: the term with editDistance 1
 *     (lunr's fuzzy match).
 * As you type, a trailing stop word ("com", "pro") may be the start of a word: it adds
 * completions that only reorder documents otherwise equal.
 * Wildcard and fuzzy terms skip lunr's search pipeline, so every term is normalised here and
 * all clauses use usePipeline: false. Only the first MAX_EXPANDED_WORDS words get expansions,
 * and at most MAX_WORDS words are used, so a pasted log line stays cheap. Results are ranked by
 * how many query words they contain, then how many of them their title and tags contain, then
 * how many without typo tolerance, then by the fewest title words the query did not ask for,
 * then score: documents with every word come first, a typo-tolerant match counts only for a
 * word the index does not know, and documents matched by nothing else are dropped.
 *
 * The upper-case names (C.EXACT_BOOST ...) are defined once, in kbgen/search/constants.py, which
 * says what each is for; a build writes their values in (kbgen/search/scripts.py).
 * C.GENERAL_SHARES is derived from wordfreq's Portuguese data (Robyn Speer, CC BY-SA 4.0:
 * kbgen/search/LICENSE.wordfreq.txt; kbgen/search/generalfreq.py).
 *
 * No DOM, no eval: highlight() returns ranges; the UI builds text nodes from them.
 */
(function (root, factory) {
  if (typeof module !== 'undefined' && module.exports) {
    module.exports = factory(require('./kbgen-normalise.js'), root);
  } else {
    root.kbgenSearch = factory(root.kbgenNormalise, root);
  }
}(typeof globalThis !== 'undefined' ? globalThis : this, function (kn, root) {
  'use strict';

  // The constants this engine shares with kbgen/search/query.py, defined once in
  // kbgen/search/constants.py and written in here when a site is built (kbgen/search/scripts.py).
  var C = /*@kbgen-constants@*/null;
  if (!C) throw new Error('kbgen-search.js: constants not written in (ship it through kbgen.search.scripts)');
  var TRAILING_WILDCARD = 2; // lunr.Query.wildcard.TRAILING
  // measure(): a term only in these fields is not the author's own (the synonyms the index added),
  // or, in a keyword query, only a passing mention (confidence.py's PASSING_FIELDS)
  var SYNONYM_FIELDS = [C.SYNONYMS_FIELD];
  var PASSING_FIELDS = [C.SYNONYMS_FIELD, C.BODY_FIELD];

  /*
   * What the engine reads of an index besides the postings of the query's own terms: its sorted
   * terms, whether it has a term, a term's document frequency as lunr counts it (once per field
   * holding it), the document count, and how many distinct terms a document's title has. A
   * whole index (loadIndex) answers from its postings and field vectors; a partial index
   * assembled from shards (kbgen-search-store.js) carries them from its manifest as
   * idx.kbgenInfo, so plan() and clauses() work before any shard is loaded (termsNeeded).
   */
  var infoCache = new WeakMap();

  function info(idx) {
    if (idx.kbgenInfo) return idx.kbgenInfo;
    var found = infoCache.get(idx);
    if (!found) {
      var prefix = idx.fields[0] + '/';
      found = {
        terms: Object.keys(idx.invertedIndex).sort(),
        has: function (term) { return Object.prototype.hasOwnProperty.call(idx.invertedIndex, term); },
        df: function (term) {
          return idx.fields.reduce(function (sum, f) { return sum + postingCount(idx, term, f); }, 0);
        },
        count: Object.keys(idx.fieldVectors).filter(function (ref) { return startsWith(ref, prefix); }).length,
        titleTerms: function (ref) {
          var vector = idx.fieldVectors[C.TITLE_FIELD + '/' + ref];
          return vector ? vector.elements.length / 2 : 0;
        },
        vector: function (field, ref) { return idx.fieldVectors[field + '/' + ref]; }
      };
      infoCache.set(idx, found);
    }
    return found;
  }

  function sortedTerms(idx) {
    return info(idx).terms;
  }

  function hasTerm(idx, term) {
    return info(idx).has(term);
  }

  function startsWith(s, prefix) {
    return s.slice(0, prefix.length) === prefix;
  }

  // The position of the first term of the sorted list that is not below prefix.
  function lowerBound(terms, prefix) {
    var lo = 0, hi = terms.length;
    while (lo < hi) {
      var mid = (lo + hi) >>> 1;
      if (terms[mid] < prefix) lo = mid + 1; else hi = mid;
    }
    return lo;
  }

  // Whether some term of the sorted list starts with prefix.
  function someTermStartsWith(terms, prefix) {
    var at = lowerBound(terms, prefix);
    return at < terms.length && startsWith(terms[at], prefix);
  }

  function longestLivePrefix(terms, word, min) {
    for (var n = word.length; n >= min; n--) {
      var prefix = word.slice(0, n);
      if (someTermStartsWith(terms, prefix)) return prefix;
    }
    return null;
  }

  function longestTermPrefix(idx, word, min) {
    for (var n = word.length - 1; n >= min; n--) {
      var prefix = word.slice(0, n);
      if (hasTerm(idx, prefix)) return prefix;
    }
    return null;
  }

  // Damerau distance <= 1 (one insertion, deletion, substitution or swap), as lunr's fuzzy.
  function withinOneEdit(a, b) {
    if (a === b) return true;
    var la = a.length, lb = b.length;
    if (Math.abs(la - lb) > 1) return false;
    var i = 0;
    while (i < la && i < lb && a.charAt(i) === b.charAt(i)) i++;
    if (la === lb) {
      if (a.slice(i + 1) === b.slice(i + 1)) return true;
      return a.charAt(i) === b.charAt(i + 1) && a.charAt(i + 1) === b.charAt(i) && a.slice(i + 2) === b.slice(i + 2);
    }
    return la > lb ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
  }

  // Terms of the index that a one-edit variant of a typed a-z word normalises to. lunr's fuzzy
  // match works on stems, and a typo often changes how the word is stemmed ("ngeativo" stems to
  // "ngeativ", three edits from "negat"): trying the ~25n variants of the *word* and keeping
  // those whose term the index has finds what the reader meant. A few ms for a 10-letter word.
  function corrections(idx, text) {
    if (!/^[a-z]+$/.test(text)) return [];
    var seen = Object.create(null), found = [], n = text.length, i, j;
    function consider(candidate) {
      if (seen[candidate]) return;
      seen[candidate] = true;
      if (kn.isStopWord(candidate)) return;
      var term = kn.stemTerm(candidate);
      if (term.length > C.MIN_PREFIX && hasTerm(idx, term) && found.indexOf(term) < 0) found.push(term);
    }
    for (i = 0; i <= n; i++) {
      if (i < n) consider(text.slice(0, i) + text.slice(i + 1));
      if (i < n - 1) consider(text.slice(0, i) + text.charAt(i + 1) + text.charAt(i) + text.slice(i + 2));
      for (j = 0; j < C.ALPHABET.length; j++) {
        if (i < n) consider(text.slice(0, i) + C.ALPHABET.charAt(j) + text.slice(i + 1));
        consider(text.slice(0, i) + C.ALPHABET.charAt(j) + text.slice(i));
      }
    }
    return found.slice(0, C.MAX_CORRECTIONS);
  }

  // The index terms of a bare number read as an ordinal ("2" -> "2o", "2a": "2\u00ba", "2\u00aa"), those
  // the site has, in a keyword query (at most PASSING_QUERY_WORDS of `words`): readers type "2 via"
  // for "2\u00aa via", and the built-in ordinal synonyms put "2a" on every article that says "segunda
  // via"; in a longer text numbers are codes and amounts (plan.py's ordinal_forms says why).
  function ordinalForms(idx, text, words) {
    if (words > C.PASSING_QUERY_WORDS || !/^[1-9][0-9]?$/.test(text)) return [];
    return [text + 'o', text + 'a'].filter(function (form) { return hasTerm(idx, form); });
  }

  // unfinished: the query ends in the middle of its last word (no space or punctuation after it).
  function plan(idx, words, prefixMode, unfinished) {
    var terms = sortedTerms(idx), counted = words.filter(function (w) { return w.optional !== true; }).length;
    return words.map(function (word, i) {
      var known = word.term !== '' && hasTerm(idx, word.term);
      var p = {
        word: word, term: word.term, known: known, optional: word.optional === true,
        prefix: null, termPrefix: null, fuzzy: false, corrections: [], completes: false,
        forms: ordinalForms(idx, word.text, counted)
      };
      if (i >= C.MAX_EXPANDED_WORDS && !p.optional) return p;
      var length = word.text.length;
      if (prefixMode) {
        p.prefix = longestLivePrefix(terms, word.text, C.MIN_PREFIX);
        // The longest live prefix can belong to one rare compound ("declaracaosemmov" for
        // "declara"); the longest prefix that is a term itself ("declar") reaches the stem.
        p.termPrefix = longestTermPrefix(idx, word.text, C.MIN_PREFIX);
      } else {
        var shortestTerm = Math.ceil(length * C.TERM_PREFIX_SHARE), shortestLive = Math.ceil(length * C.LIVE_PREFIX_SHARE);
        // A query submitted in the middle of its last word ("segunda via ipt", "toner impress"):
        // that word's completions count (as PREFIX_CREDIT), even when the word is a term itself.
        p.completes = unfinished && i === words.length - 1;
        if (!known) p.termPrefix = longestTermPrefix(idx, word.text, Math.max(C.MIN_PREFIX, shortestTerm));
        if (!known || p.completes) {
          p.prefix = longestLivePrefix(terms, word.text, Math.max(p.completes ? C.MIN_PREFIX : C.MIN_PREFIX + 1, shortestLive));
        }
      }
      if (p.termPrefix === p.term) p.termPrefix = null;
      // A typo-tolerant match of a word the index knows would count for nothing (see
      // wordStrengths), and its clause was half of the query's time.
      p.fuzzy = !p.optional && !known && length >= C.MIN_FUZZY && word.term.length >= C.MIN_PREFIX;
      // One-edit corrections reach 4-letter words too ("isqn" -> "issqn"); lunr's fuzzy match, which
      // finds far more neighbours of a short word, starts at MIN_FUZZY letters.
      // As you type, a word that no longer starts any term as typed ("dedcuao", "etpas") gets
      // them too: a word still being typed is not a typo of its completions.
      var stuck = !prefixMode || p.prefix === null || p.prefix.length < length;
      if (stuck && !p.optional && !known && length > C.MIN_PREFIX && word.term.length >= C.MIN_PREFIX) {
        p.corrections = corrections(idx, word.text);
      }
      return p;
    });
  }

  var countCache = new WeakMap();

  // How many documents hold a term in a field (0 for a term the index does not know).
  function postingCount(idx, term, field) {
    var cache = countCache.get(idx);
    if (!cache) countCache.set(idx, cache = Object.create(null));
    var key = term + '/' + field;
    if (!(key in cache)) {
      var posting = idx.invertedIndex[term] && idx.invertedIndex[term][field];
      cache[key] = posting ? Object.keys(posting).length : 0;
    }
    return cache[key];
  }

  // How many postings a term has over all fields (a document counts once per field).
  function documentsHolding(idx, term) {
    return info(idx).df(term);
  }

  function documentCount(idx) {
    return info(idx).count;
  }

  // Above how many documents a term's postings in one field are looked up rather than walked.
  function commonLimit(idx) {
    var share = Math.ceil(C.COMMON_SHARE * documentCount(idx));
    return Math.min(C.MAX_WALKED_POSTINGS, Math.max(C.MIN_WALKED_POSTINGS, share));
  }

  // The terms of the index that start with prefix: a contiguous run of the sorted terms.
  function termsWithPrefix(idx, prefix) {
    var terms = sortedTerms(idx), out = [];
    for (var at = lowerBound(terms, prefix); at < terms.length && startsWith(terms[at], prefix); at++) {
      out.push(terms[at]);
    }
    return out;
  }

  // The terms of the index within one edit of term, by lunr's own automaton (idx.tokenSet's
  // class is lunr.TokenSet, whichever lunr loaded the index).
  // Unsorted: in lunr's order (Scan expands the clause with it rather than intersecting again:
  // on a large index that automaton walk is the costliest step of a query).
  function termsWithinOneEdit(idx, term) {
    var TokenSet = idx.tokenSet.constructor;
    return idx.tokenSet.intersect(TokenSet.fromFuzzyString(term, 1)).toArray();
  }

  /*
   * As you type (and on the results page, completing the last word of a query submitted
   * mid-word), a short prefix can stand for hundreds of terms ("err": "erro" and every error
   * code "erro1306"...), each a clause of its own once one is narrowed (addClause). Only the
   * MAX_EXPANSIONS completions held by the most documents are kept (Elasticsearch's
   * max_expansions, Typesense's max_candidates): the word the reader is most likely typing is
   * among them, and the next letter narrows the rest. Sorted again, as the expansion was.
   */
  function mostFrequent(idx, terms) {
    var counted = terms.map(function (t) { return { term: t, n: documentsHolding(idx, t) }; });
    counted.sort(function (a, b) { return b.n - a.n || (a.term < b.term ? -1 : 1); });
    return counted.slice(0, C.MAX_EXPANSIONS).map(function (c) { return c.term; }).sort();
  }

  /*
   * The query's clauses: {term, boost, wildcard, editDistance, terms}, terms being the index
   * terms the clause reaches. Wildcard and fuzzy clauses are expanded here (as lunr would), so
   * that each of their terms can get its own fields (clauseFields).
   */
  function clauses(idx, plans, prefixMode) {
    var out = [], planAt = 0;
    function add(term, boost, how) {
      var c = { term: term, boost: boost, wildcard: how === 'prefix', editDistance: how === 'fuzzy' ? 1 : 0, plan: planAt };
      if (how === 'fuzzy') c.expanded = termsWithinOneEdit(idx, term);
      c.terms = how === 'prefix' ? termsWithPrefix(idx, term) : how === 'fuzzy' ? c.expanded.slice().sort() : [term];
      c.terms = c.terms.filter(function (t) { return hasTerm(idx, t); });
      // Both modes: on the results page a query submitted mid-word ("ocorreu erro") completes its
      // last word, and "erro*" reached 906 error codes at 20,000 articles, 745 shards, 1 MB.
      if (c.wildcard && c.terms.length > C.MAX_EXPANSIONS) {
        c.terms = mostFrequent(idx, c.terms);
        c.capped = true; // lunr's wildcard would take them all: one clause per kept term instead
      }
      if (c.terms.length) out.push(c);
    }
    plans.forEach(function (p, k) {
      planAt = k;
      var typo = prefixMode ? C.PREFIX_BOOST : C.TYPO_BOOST;
      if (p.term) add(p.term, C.EXACT_BOOST);
      p.forms.forEach(function (form) { add(form, C.EXACT_BOOST); });
      p.word.parts.forEach(function (part) { add(part, C.PART_BOOST); });
      if (p.termPrefix) add(p.termPrefix, typo);
      if (p.prefix) add(p.prefix, typo, 'prefix');
      if (p.fuzzy) add(p.term, C.FUZZY_BOOST, 'fuzzy');
      p.corrections.forEach(function (c) { add(c, C.TYPO_BOOST); });
    });
    return out;
  }

  // A clause as lunr.Query's term() would make it (all optional, no pipeline; wildcard and fuzzy
  // terms as lunr.TokenSet.fromClause reads them): as it is when none of its terms is narrowed
  // and its expansion was not capped, else one exact clause per term (lunr scores a wildcard or
  // fuzzy clause as each term it expands to, with the clause's boost, so the scores are the same).
  function lunrClauses(idx, list, narrowed) {
    var out = [];
    list.forEach(function (c) {
      if (!c.capped && !c.terms.some(function (t) { return narrowed[t]; })) {
        out.push({ term: c.wildcard ? c.term + '*' : c.term, boost: c.boost, fields: idx.fields,
                   editDistance: c.editDistance, expand: c.wildcard || c.editDistance > 0,
                   expanded: c.expanded || null });
        return;
      }
      c.terms.forEach(function (t) {
        var fields = idx.fields;
        if (narrowed[t]) {
          if (!narrowed[t].walked.length) return; // looked up only
          fields = narrowed[t].walked;
        }
        out.push({ term: t, boost: c.boost, fields: fields, editDistance: 0, expand: false });
      });
    });
    return out;
  }

  /*
   * lunr's Index.query (lunr.js 2.3.9) for those clauses, as a job done PIECE postings at a time
   * (see kbgenSearchStore.sliced): on 20,000 articles it was the longest task of a query. The
   * same operations in the same order, so the scores are the same to the last bit: a wildcard or
   * fuzzy clause expands through idx.tokenSet.intersect as lunr does; each field's query vector
   * gets each clause's boost per term (lunr's upsert); the field/document pairs are met in
   * lunr's order, and each document's score adds up its fields' in that order. A pair scores
   * lunr's queryVector.similarity(fieldVector) = dot / |queryVector|, and the dot product adds
   * the products of the terms both hold in term-number order, as lunr's walk of the two vectors
   * does; it is found here by looking the query's few terms up in the field vector (binary
   * search) rather than by walking all of it. The results are lunr's {ref, score, matchData:
   * {metadata}} (metadata[term][field] set for what matched), sorted as lunr sorts them.
   */
  function Scan(idx, clauses, unsorted) {
    this.unsorted = !!unsorted;
    var vectors = Object.create(null);
    idx.fields.forEach(function (f) { vectors[f] = []; });
    this.idx = idx;
    this.clauses = clauses;
    this.vectors = vectors; // field -> the query vector's [term number, value, ...], sorted
    this.pairs = []; // field, ref, field, ref ...: lunr's matchingFields, in its key order
    // field -> ref -> true: per field, keyed by the (numeric) ref, not by "<field>/<ref>", whose
    // growth to tens of thousands of keys rehashed in one step (see kbgen-search-store.js)
    this.paired = Object.create(null);
    idx.fields.forEach(function (f) { this.paired[f] = Object.create(null); }, this);
    this.walked = Object.create(null); // lunr's termFieldCache
    this.metadata = Object.create(null); // ref -> term -> field -> the posting's metadata
    this.c = 0;
    this.terms = null;
    this.t = 0;
    this.f = 0;
    this.refs = null;
    this.r = 0;
    this.s = -1;
    this.matches = Object.create(null);
    this.results = [];
    this.done = false;
  }

  var PIECE = 256; // postings (or results) handled between two looks at the clock

  Scan.prototype.step = function () {
    var idx = this.idx, budget = PIECE, vectorOf = info(idx).vector;
    while (budget > 0) {
      if (this.c < this.clauses.length) {
        var clause = this.clauses[this.c];
        if (!this.terms) {
          this.terms = !clause.expand ? (hasTerm(idx, clause.term) ? [clause.term] : [])
            : clause.expanded ? clause.expanded // the same intersection, made when planning
            : idx.tokenSet.intersect(clause.editDistance
              ? idx.tokenSet.constructor.fromFuzzyString(clause.term, clause.editDistance)
              : idx.tokenSet.constructor.fromString(clause.term)).toArray();
          this.t = 0;
          this.f = 0;
          budget -= 32;
          continue;
        }
        if (this.t >= this.terms.length) {
          this.c++;
          this.terms = null;
          continue;
        }
        if (this.f >= clause.fields.length) {
          this.t++;
          this.f = 0;
          continue;
        }
        var term = this.terms[this.t], field = clause.fields[this.f];
        if (!this.refs) {
          var entry = idx.invertedIndex[term], key = term + '/' + field;
          if (!entry) { // not loaded: lunr would throw (need() loads every term a clause reaches)
            this.f++;
            continue;
          }
          upsert(this.vectors[field], entry._index, clause.boost);
          if (this.walked[key]) {
            this.f++;
            continue;
          }
          this.walked[key] = true;
          this.posting = entry[field];
          this.refs = Object.keys(this.posting);
          this.r = 0;
        }
        var refs = this.refs, posting = this.posting, r = this.r;
        for (; r < refs.length && budget > 0; r++, budget--) {
          var ref = refs[r], paired = this.paired[field];
          if (!paired[ref]) {
            paired[ref] = true;
            this.pairs.push(field, ref);
          }
          var terms = this.metadata[ref] || (this.metadata[ref] = Object.create(null));
          (terms[term] || (terms[term] = Object.create(null)))[field] = posting[ref];
        }
        this.r = r;
        if (r >= refs.length) {
          this.refs = null;
          this.f++;
        }
        continue;
      }
      if (this.s < 0) {
        this.magnitudes = Object.create(null);
        for (var name in this.vectors) this.magnitudes[name] = magnitude(this.vectors[name]);
        this.s = 0;
        continue;
      }
      if (this.s < this.pairs.length) {
        var pairs = this.pairs, s = this.s;
        for (; s < pairs.length && budget > 0; s += 2, budget -= 2) {
          var f = pairs[s], doc = pairs[s + 1];
          var score = dot(this.vectors[f], vectorOf(f, doc)) / this.magnitudes[f] || 0;
          var match = this.matches[doc];
          if (match) {
            match.score += score;
          } else {
            match = this.matches[doc] = { ref: doc, score: score, matchData: { metadata: this.metadata[doc] } };
            this.results.push(match);
          }
        }
        this.s = s;
        continue;
      }
      // lunr's order; the query job ranks them itself (Finish) and skips this sort, a
      // comparator's over every result found
      if (!this.unsorted) this.results.sort(function (a, b) { return b.score - a.score; });
      this.done = true;
      return true;
    }
    return false;
  };

  // lunr.Vector's upsert with (a, b) => a + b, on [index, value, ...].
  function upsert(elements, index, value) {
    var lo = 0, hi = elements.length / 2;
    while (lo < hi) {
      var mid = (lo + hi) >>> 1;
      if (elements[2 * mid] < index) lo = mid + 1; else hi = mid;
    }
    if (elements[2 * lo] === index) elements[2 * lo + 1] = elements[2 * lo + 1] + value;
    else elements.splice(2 * lo, 0, index, value);
  }

  // lunr.Vector's magnitude: the square root of the sum of squares, in element order.
  function magnitude(elements) {
    var sum = 0;
    for (var i = 1; i < elements.length; i += 2) sum += elements[i] * elements[i];
    return Math.sqrt(sum);
  }

  // lunr.Vector's dot(query, field vector): the products of the term numbers both hold, added in
  // increasing term number (the query's few are looked up; both are sorted).
  function dot(query, vector) {
    var e = vector.elements, size = e.length / 2, lo = 0, sum = 0;
    for (var i = 0; i < query.length; i += 2) {
      var index = query[i], hi = size;
      while (lo < hi) {
        var mid = (lo + hi) >>> 1;
        if (e[2 * mid] < index) lo = mid + 1; else hi = mid;
      }
      if (lo < size && e[2 * lo] === index) sum += query[i + 1] * e[2 * lo + 1];
    }
    return sum;
  }

  /*
   * Common postings are looked up, not walked. lunr's work is proportional to the postings it
   * walks: on a 5,000-article site "sistema" is in the body of nearly every article and "erro"
   * in the title or a heading of a third of them, and one such word cost more than a whole
   * query on 1,000 articles. A term held in one field by more than commonLimit() documents (a
   * tenth of the site, at least 100, at most 1,000) says little there about which article the
   * reader wants (Lucene's CommonTermsQuery reasons the same way): that field is not walked for
   * it. The term still counts, in that field, for every document found otherwise (one lookup
   * per document, in query() below), and the query's rarest term is walked in every field, so a
   * query of common words still finds every article that holds its most specific one. On sites
   * of up to 1,000 articles the limit is 100 documents.
   * Returns term -> {walked: [fields], looked: [fields]}, for the terms with a field looked up.
   */
  function clauseFields(idx, list) {
    var narrowed = Object.create(null), terms = [], limit = commonLimit(idx);
    if (!list.length) return narrowed;
    list.forEach(function (c) { terms = terms.concat(c.terms); });
    var rarest = null, fewest = Infinity;
    terms.forEach(function (t) {
      var n = documentsHolding(idx, t);
      if (n < fewest || (n === fewest && t < rarest)) { fewest = n; rarest = t; }
    });
    terms.forEach(function (t) {
      if (t === rarest || narrowed[t]) return;
      var looked = idx.fields.filter(function (f) { return postingCount(idx, t, f) > limit; });
      if (looked.length) {
        narrowed[t] = { walked: idx.fields.filter(function (f) { return looked.indexOf(f) < 0; }), looked: looked };
      }
    });
    return narrowed;
  }

  // What one index term found in a document says about one query word: 2, it is the word (or,
  // as you type, a completion of it); 1, only a typo-tolerant match or a part of a compound;
  // 0, nothing. Per document, a word's strength is the best of its terms' (see wordStrengths).
  function termStrength(p, t, prefixMode) {
    if ((p.term && t === p.term) || p.forms.indexOf(t) >= 0) return 2;
    if (p.termPrefix && t === p.termPrefix) return prefixMode ? 2 : 1;
    if (p.prefix && startsWith(t, p.prefix)) return prefixMode ? 2 : 1;
    // One edit from a 3-letter stem reaches unrelated short terms ("tir" -> "ir"): those
    // may score, not count.
    if (p.fuzzy && t.length > C.MIN_PREFIX && withinOneEdit(t, p.term)) return 1;
    if (p.word.parts.indexOf(t) >= 0 || p.corrections.indexOf(t) >= 0) return 1;
    return 0;
  }

  /*
   * wordStrengths(plans, prefixMode)(terms) -> [strength per plan] for a document whose matched
   * terms are `terms`: 2, the document has the word (or, as you type, a completion of it);
   * 1, only a typo-tolerant match of a word the index does not know (a likely typo); 0, none.
   * A word the index knows counts only as itself (or, as you type, its completions): otherwise
   * "nota" would count as found in every document with "noto". Each term's strengths
   * are worked out once per query: the same few dozen terms recur in hundreds of documents.
   */
  function wordStrengths(plans, prefixMode) {
    var memo = Object.create(null);
    function of(t) {
      var s = memo[t];
      if (!s) {
        s = memo[t] = plans.map(function (p) { return termStrength(p, t, prefixMode); });
      }
      return s;
    }
    var needsParts = plans.some(function (p) { return p.word.parts.length > 1; });
    return function (terms) {
      var n = plans.length, best = new Array(n), i, j, s, has = null;
      for (j = 0; j < n; j++) best[j] = 0;
      for (i = 0; i < terms.length; i++) {
        s = of(terms[i]);
        for (j = 0; j < n; j++) if (s[j] > best[j]) best[j] = s[j];
      }
      if (needsParts) {
        has = Object.create(null);
        for (i = 0; i < terms.length; i++) has[terms[i]] = true;
      }
      for (j = 0; j < n; j++) {
        var p = plans[j], parts = p.word.parts;
        if (best[j] < 2 && has && parts.length > 1 && parts.every(function (part) { return has[part]; })) {
          best[j] = 2;
        } else if (best[j] === 1 && p.known) {
          best[j] = 0;
        }
      }
      return best;
    };
  }

  function uniqueWords(words) {
    var seen = Object.create(null);
    return words.filter(function (w) {
      if (!w.term || seen[w.term]) return false;
      seen[w.term] = true;
      return true;
    });
  }

  // Whether text ends in the middle of a word (results page: the reader pressed Enter mid-word).
  function unfinishedWord(text) {
    return /[\p{L}\p{N}]$/u.test(text);
  }

  // As you type, the word under the cursor is unfinished: "com" may become "competencia" and
  // "v" cannot match anything yet. Returns the words to query.
  function typingWords(idx, text, words) {
    if (!/[\p{L}\p{N}]$/u.test(text)) return words;
    var groups = kn.wordGroups(text), last = groups[groups.length - 1].join('');
    if (!kn.queryWords(last).length) {
      // a stop word so far: completions only, and they may only reorder (see query)
      if (last.length >= C.MIN_PREFIX) words = words.concat([{ text: last, term: '', parts: [], optional: true }]);
    } else if (last.length < C.MIN_PREFIX && words.length && words[words.length - 1].text === last &&
               !hasTerm(idx, words[words.length - 1].term)) {
      words = words.slice(0, -1);
    }
    return words;
  }

  /* ---- confidence --------------------------------------------------------------------------- */

  var frequencyCache = new WeakMap();

  // How many documents hold a term in any field (0 for a term the index does not know).
  function documentFrequency(idx, term) {
    var cache = frequencyCache.get(idx);
    if (!cache) frequencyCache.set(idx, cache = Object.create(null));
    if (!(term in cache)) {
      var holders = Object.create(null), n = 0, entry = idx.invertedIndex[term];
      if (entry && hasTerm(idx, term)) {
        idx.fields.forEach(function (f) {
          Object.keys(entry[f] || {}).forEach(function (ref) { if (!holders[ref]) { holders[ref] = true; n++; } });
        });
      }
      cache[term] = n;
    }
    return cache[term];
  }

  // BM25's inverse document frequency (always > 0): what finding a word says about a document.
  // value to RELEVANCE_DIGITS decimals (query.py's _rounded): the engines' floats may differ in
  // the last bits, and a rank must not.
  function rounded(value) {
    var scale = Math.pow(10, C.RELEVANCE_DIGITS);
    return Math.floor(value * scale + 0.5) / scale;
  }

  function inverseFrequency(documents, held) {
    return Math.log(1 + (documents - held + 0.5) / (held + 0.5));
  }

  /*
   * What each query word weighs in a result's quality, and whether it is common. A word the index
   * knows weighs by its own document frequency; a word it does not know, by the most frequent
   * term its expansions reach (typo corrections, prefixes, compound parts); so a word the site
   * has never seen, nor anything like it, weighs the most: a result that misses it misses the
   * most specific thing the reader asked. A word held by more than COMMON_WORD_SHARE of the
   * documents is common: it can add to a result's quality, never carry it alone.
   */
  function wordWeights(idx, plans, list) {
    var documents = documentCount(idx), held = plans.map(function (p) {
      return p.known ? documentFrequency(idx, p.term) : 0;
    });
    list.forEach(function (c) {
      if (plans[c.plan].known) return;
      c.terms.forEach(function (t) { held[c.plan] = Math.max(held[c.plan], documentFrequency(idx, t)); });
    });
    var counted = plans.filter(function (p) { return !p.optional; }).length;
    // A word nothing in the site resembles is a concept the site lacks in a short query; in a
    // long one (a description, a pasted message) it is more likely narration: it weighs less.
    var unseen = Math.min(1, C.SHORT_QUERY_WORDS / Math.max(1, counted));
    // A small site's counts cannot tell narration from concepts: a word's document frequency is
    // at least the share of ordinary Portuguese texts that hold it (kbgen/search/generalfreq.py).
    return plans.map(function (p, k) {
      var permille = Object.prototype.hasOwnProperty.call(C.GENERAL_SHARES, p.term) ? C.GENERAL_SHARES[p.term] : 0;
      var estimated = Math.max(held[k], permille / 1000 * documents);
      return {
        // an unknown word an article follows is most likely the question's verb (confidence.py)
        weight: p.optional ? 0 : inverseFrequency(documents, estimated) *
          (held[k] ? 1 : unseen * (p.word.beforeArticle ? C.VERB_LIKE_WEIGHT : 1)),
        common: estimated > C.COMMON_WORD_SHARE * documents
      };
    });
  }

  // Whether a word found only in a result's body is a passing mention (counts at most
  // PASSING_CREDIT) in a query of `words` words: in keyword queries, up to PASSING_QUERY_WORDS
  // (confidence.py's body_is_passing says why).
  function bodyIsPassing(words) {
    return words <= C.PASSING_QUERY_WORDS;
  }

  // Whether a document holds a term only in the fields of `fields`.
  function onlyIn(r, term, fields) {
    var held = Object.keys(r.metadata[term] || {});
    if (r.looked && r.looked[term]) held = held.concat(Object.keys(r.looked[term]));
    return held.length > 0 && held.every(function (f) { return fields.indexOf(f) >= 0; });
  }

  // What one index term found in a document is worth to one query word in the result's quality:
  // 1, the word itself (or, as you type, a completion of it); less for a completion of a word
  // submitted unfinished, a typo correction or a part of a compound; 0, nothing.
  function termCredit(p, t, prefixMode) {
    if ((p.term && t === p.term) || p.forms.indexOf(t) >= 0) return 1;
    if ((p.termPrefix && t === p.termPrefix) || (p.prefix && startsWith(t, p.prefix))) return prefixMode ? 1 : C.PREFIX_CREDIT;
    if ((p.fuzzy && t.length > C.MIN_PREFIX && withinOneEdit(t, p.term)) || p.corrections.indexOf(t) >= 0) return C.TYPO_CREDIT;
    return 0;
  }

  /*
   * wordCredits(plans, prefixMode)(terms) -> [credit per plan] for a document whose matched terms
   * are `terms`: the best of its terms' credits; every part of a compound together count as the
   * word; a word the index knows counts only as itself (as in wordStrengths).
   */
  function wordCredits(plans, prefixMode) {
    // term -> its credit per plan, worked out once per query (no per-document keys: a common
    // word's query reads thousands of documents)
    var memo = Object.create(null), needsParts = plans.some(function (p) { return p.word.parts.length > 0; });
    function of(t) {
      var c = memo[t];
      if (!c) c = memo[t] = plans.map(function (p) { return termCredit(p, t, prefixMode); });
      return c;
    }
    return function (terms) {
      var n = plans.length, best = new Array(n), has = null, i, k;
      for (k = 0; k < n; k++) best[k] = 0;
      for (i = 0; i < terms.length; i++) {
        var c = of(terms[i]);
        for (k = 0; k < n; k++) if (c[k] > best[k]) best[k] = c[k];
      }
      if (needsParts) {
        has = Object.create(null);
        for (i = 0; i < terms.length; i++) has[terms[i]] = true;
      }
      for (k = 0; k < n; k++) {
        var p = plans[k], parts = p.word.parts;
        // A compound ("nfs-e", a pasted error code) counts by the share of its parts present.
        if (parts.length) best[k] = Math.max(best[k], parts.filter(function (part) { return has[part]; }).length / parts.length);
        if (best[k] < 1 && p.known && !p.completes) best[k] = 0;
      }
      return best;
    };
  }

  /*
   * r.quality in [0, 1]: the weighted share of the query's words the document covers, each word
   * at its credit (wordCredits); a word found only among the synonyms the index added counts
   * SYNONYM_CREDIT of that, and with `passing` (bodyIsPassing) one found only in the body counts
   * at most PASSING_CREDIT. r.carried: some word that is not common counts (or the query has no
   * word that is not common).
   */
  function measure(r, plans, weights, credits, passing) {
    var authoredTerms = r.terms.filter(function (t) { return !onlyIn(r, t, SYNONYM_FIELDS); });
    var authored = credits(authoredTerms), all = credits(r.terms);
    var about = passing ? credits(authoredTerms.filter(function (t) { return !onlyIn(r, t, PASSING_FIELDS); }))
      : authored;
    var total = 0, got = 0, rare = false, anyRare = false;
    for (var k = 0; k < plans.length; k++) {
      if (plans[k].optional) continue;
      var w = weights[k].weight;
      var credit = Math.max(about[k], Math.min(C.PASSING_CREDIT, authored[k]), C.SYNONYM_CREDIT * all[k]);
      total += w;
      got += w * credit;
      if (!weights[k].common) anyRare = true;
      if (credit > 0 && !weights[k].common) rare = true;
    }
    r.quality = total > 0 ? got / total : 0;
    r.carried = rare || !anyRare;
  }

  /*
   * query(idx, text, {prefix, limit, partialLimit, prior}) ->
   *     [{ref, score, matchedTerms, coverage, words, titleCoverage, quality, answers}]
   *   ref: integer, the position of the document in URL order (its chunk entry); matchedTerms: index terms found in
   *   the document (give them to highlight()); coverage: how many of the `words` query words the
   *   document contains; quality: see measure(). answers: the result answers the query: its
   *   quality reaches the threshold (ANSWER_QUALITY, less for long queries) and ANSWER_SHARE of
   *   the best result's, and a word that is not common counts in it. Answering results come first (at most `limit`, default 20, 0 for
   *   all), then partial ones (at most `partialLimit`, default 0). prefix: true for as-you-type.
   *   prior(ref) in [0, 1]: the reader's context (1: the module selected, 0.5: its set), added
   *   to the rank times PRIOR_WEIGHT, and to the comparison with the best result's quality
   *   (PRIOR_SHARE_BOOST); never to the threshold ANSWER_QUALITY, so it never makes junk answer.
   */
  var lastPrepared = null;

  // The query's plans and clauses: they read the index's terms and frequencies (info), never a
  // posting, so a partial index's manifest is enough. The last one is kept: the store asks for
  // the terms (termsNeeded), then runs the query on the same text.
  function prepare(idx, text, prefixMode) {
    var last = lastPrepared;
    if (last && last.idx === idx && last.text === text && last.prefixMode === prefixMode) return last;
    var words = uniqueWords(kn.queryWords(text)).slice(0, C.MAX_WORDS);
    if (prefixMode) words = typingWords(idx, text, words);
    var plans = words.length ? plan(idx, words, prefixMode, unfinishedWord(text)) : [];
    lastPrepared = { idx: idx, text: text, prefixMode: prefixMode, plans: plans, list: clauses(idx, plans, prefixMode) };
    return lastPrepared;
  }

  /*
   * termsNeeded(idx, text, {prefix}) -> the index terms whose postings query() will read for this
   * text: every term of every clause (lunr expands a wildcard or fuzzy clause to exactly these).
   */
  function termsNeeded(idx, text, options) {
    var seen = Object.create(null), out = [];
    prepare(idx, String(text == null ? '' : text), !!(options && options.prefix === true)).list.forEach(function (c) {
      c.terms.forEach(function (t) { if (!seen[t]) { seen[t] = true; out.push(t); } });
    });
    return out;
  }

  /*
   * A query as a job (see kbgenSearchStore.sliced): queryStart plans it and makes lunr's
   * clauses; queryScan scores (Scan, lunr's work) then reads each result found, PIECE at a time;
   * Finish ranks those and picks the best, measuring the titles of those that can make it. query()
   * runs it at once.
   */
  function QueryJob(idx, text, options) {
    options = options || {};
    this.idx = idx;
    this.prefixMode = options.prefix === true;
    this.limit = options.limit === undefined ? C.DEFAULT_LIMIT : options.limit;
    this.partialLimit = options.partialLimit || 0;
    this.prior = typeof options.prior === 'function' ? options.prior : null;
    this.text = String(text == null ? '' : text);
    this.started = false;
    this.result = null;
  }

  QueryJob.prototype.step = function () {
    if (!this.started) {
      this.started = true;
      queryStart(this, this.text);
      return !!this.result;
    }
    if (this.result) return true;
    if (this.counting) {
      if (!queryCount(this)) {
        this.counting = null;
        queryPlan(this);
      }
      return false;
    }
    if (!this.scan.done) {
      this.scan.step();
      return false;
    }
    if (queryScan(this)) return false;
    if (!this.finishing) this.finishing = new Finish(this);
    return this.finishing.step();
  };

  function queryStart(job, text) {
    var idx = job.idx, prepared = prepare(idx, text, job.prefixMode);
    job.plans = prepared.plans;
    job.prepared = prepared;
    // (lunr reads a query without clauses as "everything but nothing": every document)
    if (!prepared.list.length) {
      job.result = [];
      return;
    }
    // the documents holding each word's terms (wordWeights), counted piece by piece first: a
    // common word is in nearly every document of a 20,000-article site
    var cache = frequencyCache.get(idx), terms = [];
    prepared.plans.forEach(function (p) { if (p.known) terms.push(p.term); });
    prepared.list.forEach(function (c) { if (!prepared.plans[c.plan].known) terms = terms.concat(c.terms); });
    job.counting = terms.filter(function (t) { return !cache || !(t in cache); });
    job.count = null;
  }

  // Counts the next PIECE postings of job.counting's terms (documentFrequency's count, stored
  // in its cache); false once every term is counted.
  function queryCount(job) {
    var idx = job.idx, c = job.count, budget = PIECE;
    while (budget > 0) {
      if (!c) {
        if (!job.counting.length) return false;
        var term = job.counting.shift(), entry = idx.invertedIndex[term];
        c = job.count = { term: term, entry: entry && hasTerm(idx, term) ? entry : null, f: 0, refs: null, at: 0,
                          holders: Object.create(null), n: 0 };
      }
      if (!c.entry || c.f >= idx.fields.length) {
        var cache = frequencyCache.get(idx);
        if (!cache) frequencyCache.set(idx, cache = Object.create(null));
        cache[c.term] = c.n;
        c = job.count = null;
        continue;
      }
      if (!c.refs) {
        c.refs = Object.keys(c.entry[idx.fields[c.f]] || {});
        c.at = 0;
      }
      for (; c.at < c.refs.length && budget > 0; c.at++, budget--) {
        var ref = c.refs[c.at];
        if (!c.holders[ref]) {
          c.holders[ref] = true;
          c.n++;
        }
      }
      if (c.at >= c.refs.length) {
        c.refs = null;
        c.f++;
      }
    }
    return true;
  }

  // The rest of queryStart, once the counts are in.
  function queryPlan(job) {
    var idx = job.idx, prepared = job.prepared;
    var narrowed = clauseFields(idx, prepared.list);
    job.scan = new Scan(idx, lunrClauses(idx, prepared.list, narrowed), true);
    job.counted = job.plans.filter(function (p) { return !p.optional; });
    job.strengths = wordStrengths(job.plans, job.prefixMode);
    job.weights = wordWeights(idx, job.plans, prepared.list);
    job.credits = wordCredits(job.plans, job.prefixMode);
    // (as you type the suggestions' index has no body: nothing is found in passing, so the check,
    // a second pass over each result's terms, is skipped where typing must stay light)
    job.passing = !job.prefixMode && bodyIsPassing(job.counted.length);
    job.ranked = [];
    job.read = 0;
    // A term whose postings in a field were not walked still counts there for a document found
    // otherwise (one lookup): looked[ref][term][field], beside lunr's metadata[term][field].
    var lookups = job.lookups = [];
    Object.keys(narrowed).forEach(function (t) {
      narrowed[t].looked.forEach(function (f) { lookups.push({ term: t, field: f, posting: idx.invertedIndex[t][f] }); });
    });
  }

  // Reads the next PIECE results lunr found into job.ranked; false once all are read.
  function queryScan(job) {
    var results = job.scan.results, plans = job.plans, counted = job.counted, lookups = job.lookups;
    if (job.read >= results.length) return false;
    for (var end = Math.min(results.length, job.read + PIECE); job.read < end; job.read++) {
      var r = results[job.read];
      var metadata = r.matchData.metadata, terms = Object.keys(metadata), looked = null;
      for (var l = 0; l < lookups.length; l++) {
        var lookup = lookups[l];
        if (!lookup.posting[r.ref]) continue;
        if (!looked) looked = Object.create(null);
        if (!looked[lookup.term]) {
          looked[lookup.term] = Object.create(null);
          if (!metadata[lookup.term]) terms.push(lookup.term);
        }
        looked[lookup.term][lookup.field] = true;
      }
      var all = job.strengths(terms);
      var coverage = 0, exact = 0, completes = 0;
      for (var k = 0; k < plans.length; k++) {
        if (plans[k].optional) {
          completes += all[k];
        } else {
          if (all[k] > 0) coverage++;
          if (all[k] === 2) exact++;
        }
      }
      // Nothing but typo-tolerant neighbours of words the index knows ("colet" for "boleto"):
      // noise. (A lone stop word being typed, "com", is all completions.)
      if (coverage === 0 && (counted.length || completes === 0)) continue;
      var entry = {
        ref: +r.ref, score: r.score, metadata: metadata, looked: looked, terms: terms, coverage: coverage,
        words: counted.length, titleCoverage: 0, exact: exact, titleOnly: 0, completes: completes,
        quality: 1, carried: true, rank: 0
      };
      if (counted.length) measure(entry, plans, job.weights, job.credits, job.passing);
      job.ranked.push(entry);
    }
    return true;
  }

  // The results of `list` whose rank is among its n best (ties with the n-th included; n <= 0:
  // all), in no particular order. The n-th best rank comes from a native numeric sort of the
  // ranks alone (no comparator called per pair).
  function floorOf(list, n) {
    if (n <= 0 || list.length <= n) return list;
    var ranks = new Float64Array(list.length);
    for (var i = 0; i < list.length; i++) ranks[i] = list[i].rank;
    ranks.sort();
    var floor = ranks[list.length - n];
    return list.filter(function (r) { return r.rank >= floor; });
  }

  // The order of the lists, best first. Within each list, the documents covering the most of
  // the query (weighted) come first; then those whose title and tags hold the most query words:
  // the reader who types a title, or most of it, is looking for that article, not for one that
  // mentions the same words in passing; and, of titles that hold as many, the one with the
  // fewest other words ("Guia de ITBI" before "Guia de ITBI com perfil restrito" for "guia
  // itbi"). A trailing stop word being typed may be the start of a word or just "com": its
  // completions only order documents that are equal on the real words. A total order (refs
  // differ), so the n best are the same whichever way they are picked.
  function before(a, b) {
    return (b.answers - a.answers) || b.rank - a.rank || b.titleCoverage - a.titleCoverage || b.exact - a.exact ||
      a.titleOnly - b.titleOnly || b.completes - a.completes || b.score - a.score || a.ref - b.ref;
  }

  /*
   * The n best of the items offered (n <= 0: all of them), by before(): a heap whose root is the worst
   * kept, so most items cost one comparison. The sliced query offers the results PIECE at a time;
   * a comparator sort of every result (6,350 for a common word at 20,000 articles) took one
   * 40 ms step, throttled (issue 25).
   */
  function Best(n) {
    this.n = n;
    this.heap = [];
  }
  Best.prototype.offer = function (item) {
    var heap = this.heap, n = this.n;
    if (n <= 0 || heap.length < n) {
      heap.push(item);
      for (var at = heap.length - 1; at > 0;) { // sift up: the worst to the root
        var up = (at - 1) >> 1;
        if (before(heap[up], heap[at]) >= 0) break;
        var t = heap[up]; heap[up] = heap[at]; heap[at] = t;
        at = up;
      }
      return;
    }
    if (before(item, heap[0]) >= 0) return; // not better than the worst kept
    heap[0] = item;
    for (var i = 0; ;) { // sift down
      var l = 2 * i + 1, r = l + 1, worst = i;
      if (l < heap.length && before(heap[l], heap[worst]) > 0) worst = l;
      if (r < heap.length && before(heap[r], heap[worst]) > 0) worst = r;
      if (worst === i) break;
      var u = heap[i]; heap[i] = heap[worst]; heap[worst] = u;
      i = worst;
    }
  };
  Best.prototype.sorted = function () {
    return this.heap.slice().sort(before);
  };

  /*
   * The end of a query, in pieces: each result's rank and whether it answers; the results that
   * can still make the lists (floorOf) measured against their titles; the best `limit` answering
   * and `partialLimit` partial ones picked (Best). step() -> true once job.result is set.
   */
  function Finish(job) {
    var ranked = job.ranked, counted = job.counted;
    this.job = job;
    this.phase = 0;
    this.at = 0;
    // A result's rank: the IDF-weighted words it covers (quality * words: a rare word counts more
    // than a common one, a passing mention less than a title), plus the reader's context. A long
    // query (a description, a pasted message) is read as natural language: the same, graded by
    // lunr's BM25 score as a share of the best one's (query.py's _ranker, rounded the same way).
    // As you type, the count of words covered ranks (the suggestions' index holds no body).
    this.bestScore = 0;
    this.long = counted.length > C.SHORT_QUERY_WORDS;
    // The quality a result needs: ANSWER_QUALITY, less for long queries from LONG_QUERY_QUALITY
    // (confidence.py's answer_threshold), and ANSWER_SHARE of the best result's, the result's own
    // counted with the reader's context (quality * (1 + PRIOR_SHARE_BOOST * prior), confidence.py's answering).
    this.best = 0;
    this.threshold = counted.length <= C.SHORT_QUERY_WORDS ? C.ANSWER_QUALITY
      : C.LONG_QUERY_QUALITY * Math.pow(C.SHORT_QUERY_WORDS / counted.length, C.LONG_QUERY_DECAY);
    var prior = job.prior;
    for (var i = 0; i < ranked.length; i++) {
      var r = ranked[i];
      r.context = prior ? Math.min(1, Math.max(0, +prior(r.ref) || 0)) : 0;
      r.boosted = prior ? r.quality * (1 + C.PRIOR_SHARE_BOOST * r.context) : r.quality;
      if (r.score > this.bestScore) this.bestScore = r.score;
      if (r.carried && r.quality > this.best) this.best = r.quality;
    }
    this.kept = null;
    this.answering = new Best(job.limit);
    this.partial = new Best(job.partialLimit);
  }

  Finish.prototype.step = function () {
    var job = this.job, ranked = job.ranked, end, r;
    if (this.phase === 0) { // rank and answers
      var n = job.counted.length, bestScore = this.bestScore, long = this.long;
      for (end = Math.min(ranked.length, this.at + PIECE); this.at < end; this.at++) {
        r = ranked[this.at];
        var covered = long && bestScore > 0
          ? rounded(r.quality * n) + rounded(C.RELEVANCE_WEIGHT * r.score / bestScore)
          : job.prefixMode ? r.coverage : rounded(r.quality * n);
        r.rank = covered + C.PRIOR_WEIGHT * r.context;
        r.answers = r.carried && r.quality >= this.threshold && r.boosted >= C.ANSWER_SHARE * this.best;
      }
      if (this.at < ranked.length) return false;
      // Only the results that can still make the lists (the n best ranks of each, ties
      // included) need the title measures below: a common word can match most of the site.
      // (limit <= 0: every answering result; partialLimit <= 0: no partial one)
      this.kept = floorOf(ranked.filter(function (x) { return x.answers; }), job.limit)
        .concat(job.partialLimit > 0 ? floorOf(ranked.filter(function (x) { return !x.answers; }), job.partialLimit) : []);
      this.phase = 1;
      this.at = 0;
      return false;
    }
    var kept = this.kept;
    if (this.phase === 1) { // title measures, then the pick
      for (end = Math.min(kept.length, this.at + PIECE); this.at < end; this.at++) {
        r = kept[this.at];
        measureTitle(job, r);
        (r.answers ? this.answering : this.partial).offer(r);
      }
      if (this.at < kept.length) return false;
      job.result = this.answering.sorted().concat(this.partial.sorted()).map(function (x) {
        return {
          ref: x.ref, score: x.score, matchedTerms: x.terms.sort(), coverage: x.coverage, words: x.words,
          titleCoverage: x.titleCoverage, quality: x.quality, answers: x.answers
        };
      });
      return true;
    }
    return true;
  };

  // How many of the query's words r's title and tags hold (titleCoverage), and how many other
  // words its title has (titleOnly).
  function measureTitle(job, r) {
    var plans = job.plans, inTitle = [], title, k, t, titleTerms = 0;
    function has(term, field) {
      var m = r.metadata[term], l = r.looked && r.looked[term];
      return !!((m && m[field]) || (l && l[field]));
    }
    for (k = 0; k < r.terms.length; k++) {
      t = r.terms[k];
      if (has(t, C.TITLE_FIELD) || has(t, C.TAGS_FIELD)) inTitle.push(t);
      if (has(t, C.TITLE_FIELD)) titleTerms++;
    }
    title = job.strengths(inTitle);
    for (k = 0; k < plans.length; k++) if (!plans[k].optional && title[k] > 0) r.titleCoverage++;
    var titleLength = info(job.idx).titleTerms(r.ref);
    r.titleOnly = titleLength ? titleLength - titleTerms : 0;
  }

  /*
   * scores(idx, text, options, byLunr) -> [[ref, score]] as lunr ranks the query's clauses: by
   * Scan, or (byLunr) by lunr's own Index.query over the same clauses. For the tests: the two
   * must be equal to the last bit.
   */
  function scores(idx, text, options, byLunr) {
    var prepared = prepare(idx, String(text == null ? '' : text), !!(options && options.prefix === true));
    if (!prepared.list.length) return [];
    var list = lunrClauses(idx, prepared.list, clauseFields(idx, prepared.list)), results;
    if (byLunr) {
      // a store's index keeps its field vectors by field and ref: lunr reads them as fieldVectors
      var lunrIndex = idx.kbgenInfo && idx.kbgenInfo.fieldVectors ? new idx.constructor({
        invertedIndex: idx.invertedIndex, fieldVectors: idx.kbgenInfo.fieldVectors(), tokenSet: idx.tokenSet,
        fields: idx.fields, pipeline: idx.pipeline
      }) : idx;
      results = lunrIndex.query(function (q) {
        list.forEach(function (c) {
          var clause = { term: c.term, boost: c.boost, fields: c.fields, usePipeline: false };
          if (c.editDistance) clause.editDistance = c.editDistance;
          q.clause(clause);
        });
      });
    } else {
      var scan = new Scan(idx, list);
      while (!scan.step()) { /* all of it */ }
      results = scan.results;
    }
    return results.map(function (r) { return [r.ref, r.score, Object.keys(r.matchData.metadata).sort()]; });
  }

  function query(idx, text, options) {
    var job = new QueryJob(idx, text, options);
    while (!job.step()) { /* all of it */ }
    return job.result;
  }

  /*
   * contextPrior(docs, set, module) -> prior(ref) for query(): 1 for the articles of the module
   * the reader selected, 0.5 for the rest of its set, 0 elsewhere (docs: the documents by ref,
   * whose url is "<set>/<module>/<article>.html"). query.py's context_prior is the same.
   */
  function contextPrior(docs, set, module) {
    return function (ref) {
      var parts = String((docs[ref] && docs[ref].url) || '').split('/');
      if (!set || parts.length < 3 || parts[0] !== set) return 0;
      return module && parts[1] === module ? 1 : 0.5;
    };
  }

  // contextPrior for a store (kbgen-search-store.js): its manifest holds each document's
  // "<set>/<module>", so no document chunk is needed.
  function storePrior(store, set, module) {
    return function (ref) {
      var parts = store.place(ref).split('/');
      if (!set || parts.length < 2 || parts[0] !== set) return 0;
      return module && parts[1] === module ? 1 : 0.5;
    };
  }

  /* ---- highlighting ------------------------------------------------------------------------ */

  // Word runs of the *original* text (marks included, so a decomposed "c\u0327" stays one word;
  // invisible characters too, so a soft hyphen inside a word does not cut it in two: fold drops them;
  // not the zero-width space, a word break).
  var RUN = new RegExp('[\\p{L}\\p{N}\\p{M}' + kn.IGNORABLE + ']+', 'gu');

  /*
   * highlight(text, matchedTerms) -> [{start, end}] (UTF-16 offsets into text, sorted, disjoint):
   * the words (compounds as a whole) whose terms are among matchedTerms.
   */
  function highlight(text, matchedTerms) {
    var wanted = Object.create(null), ranges = [], m, group = null, end = -2;
    (matchedTerms || []).forEach(function (t) { wanted[t] = true; });
    text = String(text == null ? '' : text);
    function close() {
      if (group && kn.indexTerms(text.slice(group.start, group.end)).some(function (t) { return wanted[t]; })) {
        ranges.push({ start: group.start, end: group.end });
      }
    }
    RUN.lastIndex = 0;
    while ((m = RUN.exec(text)) !== null) {
      var ch = text.charAt(end);
      var glued = group && m.index === end + 1 &&
        (kn.JOINERS.indexOf(ch) >= 0 || (ch === '.' && /[0-9]/.test(text.charAt(end - 1)) && /[0-9]/.test(text.charAt(end + 1))));
      end = m.index + m[0].length;
      if (glued) {
        group.end = end;
      } else {
        close();
        group = { start: m.index, end: end };
      }
    }
    close();
    return ranges;
  }

  // [{text, highlight}] pieces covering all of text, for building text nodes and <mark>s.
  function segments(text, ranges) {
    var out = [], at = 0;
    text = String(text == null ? '' : text);
    (ranges || []).forEach(function (r) {
      if (r.start > at) out.push({ text: text.slice(at, r.start), highlight: false });
      out.push({ text: text.slice(r.start, r.end), highlight: true });
      at = r.end;
    });
    if (at < text.length) out.push({ text: text.slice(at), highlight: false });
    return out;
  }

  /* ---- loading ------------------------------------------------------------------------------ */

  // lunr.Index from a whole serialized index (build_indexes(whole=True): the tests' and
  // benchmarks' reference; sites load the sharded store), after registering our pipeline
  // functions with that lunr.
  function loadIndex(serialized, lunrLib) {
    var lunr = lunrLib || root.lunr;
    kn.registerLunr(lunr);
    return lunr.Index.load(serialized);
  }

  /*
   * search(store, text, options) -> a promise of query()'s results on a store's index
   * (kbgen-search-store.js): the manifest first, then the shards of the terms the query reads,
   * then the query, each in slices of their own tasks (kbgenSearchStore.sliced) so that typing
   * never waits on a long task. options, besides query()'s: cancelled(), true once the results
   * are no longer wanted (a newer keystroke): the promise then settles with null, and no more of
   * the query runs; sliceMs, a slice's budget (tests: 0, one piece of work per task).
   */
  function search(store, text, options) {
    options = options || {};
    var cancelled = typeof options.cancelled === 'function' ? options.cancelled : function () { return false; };
    var slicing = { sliceMs: options.sliceMs, cancelled: cancelled };
    kn.registerLunr(store.lunr);
    return store.ready(slicing).then(function () {
      if (cancelled()) return null;
      // planned in a task of its own (typo corrections, fuzzy expansion), not the caller's
      var planning = { result: null, step: function () { this.result = api.termsNeeded(store.index, text, options); return true; } };
      return store.run(planning, slicing);
    }).then(function (terms) {
      if (!terms || cancelled()) return null;
      return store.need(terms, slicing);
    }).then(function (idx) {
      if (!idx || cancelled()) return null;
      // in the store's queue: no shard is half added while the query reads the index
      return store.run(new QueryJob(idx, text, options), slicing);
    });
  }

  // search() plans through api.termsNeeded: a benchmark that wraps it (bench/search/payload.py)
  // counts that work as the engine's.
  var api = {
    query: query,
    search: search,
    scores: scores,
    termsNeeded: termsNeeded,
    contextPrior: contextPrior,
    storePrior: storePrior,
    highlight: highlight,
    segments: segments,
    loadIndex: loadIndex,
    withinOneEdit: withinOneEdit
  };
  return api;
}));
