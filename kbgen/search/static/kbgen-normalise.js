/*
 * kbgen-normalise.js: text -> search terms in the browser, identical to kbgen/search/normalise.py
 * (tests/search/ holds the two to 100 % agreement on the content and on a 275k-word list).
 *
 * Steps: fold (lower case, NFKD, drop U+0300-U+036F, NFC, lower case), word groups (runs of
 * letters/digits joined by one hyphen/underscore, or by a dot between digits), the lunr.pt.js
 * stop words, then for plain a-z words: re-accent a few suffixes, Snowball Portuguese, fold.
 *
 * The stemmer below is a port of the official Snowball Portuguese algorithm
 * (https://snowballstem.org/, BSD licence; the same code PyStemmer/snowballstemmer run), not
 * lunr-languages' lunr.pt.js, whose suffix table still has Spanish "ucion" and so disagrees
 * with Python on words such as "devolucao".
 *
 * STOP_WORDS is data copied unchanged from lunr-languages 1.22.0 lunr.pt.js
 * (Copyright 2014 Mihai Valentin, MPL-1.1).
 *
 * Plain ES2015 (plus Unicode property escapes), no modules, no eval: a classic <script> that
 * defines the global kbgenNormalise, and a CommonJS module under Node. Non-ASCII characters are
 * written as \u escapes so the file means the same whatever charset it is served with.
 */
(function (root, factory) {
  var api = factory();
  if (typeof module !== 'undefined' && module.exports) {
    module.exports = api;
  } else {
    root.kbgenNormalise = api;
    // In the browser lunr.js is loaded first; register now so lunr.Index.load accepts our index.
    if (root.lunr) api.registerLunr(root.lunr);
  }
}(typeof globalThis !== 'undefined' ? globalThis : this, function () {
  'use strict';

  var MAX_TOKEN_LENGTH = 40;

  var STOP_WORDS = ('a ao aos aquela aquelas aquele aqueles aquilo as at\u00e9 com como da das de dela delas dele deles ' +
    'depois do dos e ela elas ele eles em entre era eram essa essas esse esses esta estamos estas ' +
    'estava estavam este esteja estejam estejamos estes esteve estive estivemos estiver estivera ' +
    'estiveram estiverem estivermos estivesse estivessem estiv\u00e9ramos estiv\u00e9ssemos estou est\u00e1 ' +
    'est\u00e1vamos est\u00e3o eu foi fomos for fora foram forem formos fosse fossem fui f\u00f4ramos f\u00f4ssemos haja ' +
    'hajam hajamos havemos hei houve houvemos houver houvera houveram houverei houverem houveremos ' +
    'houveria houveriam houvermos houver\u00e1 houver\u00e3o houver\u00edamos houvesse houvessem houv\u00e9ramos ' +
    'houv\u00e9ssemos h\u00e1 h\u00e3o isso isto j\u00e1 lhe lhes mais mas me mesmo meu meus minha minhas muito na nas ' +
    'nem no nos nossa nossas nosso nossos num numa n\u00e3o n\u00f3s o os ou para pela pelas pelo pelos por ' +
    'qual quando que quem se seja sejam sejamos sem serei seremos seria seriam ser\u00e1 ser\u00e3o ser\u00edamos ' +
    'seu seus somos sou sua suas s\u00e3o s\u00f3 tamb\u00e9m te tem temos tenha tenham tenhamos tenho terei ' +
    'teremos teria teriam ter\u00e1 ter\u00e3o ter\u00edamos teu teus teve tinha tinham tive tivemos tiver tivera ' +
    'tiveram tiverem tivermos tivesse tivessem tiv\u00e9ramos tiv\u00e9ssemos tu tua tuas t\u00e9m t\u00ednhamos um uma ' +
    'voc\u00ea voc\u00eas vos \u00e0 \u00e0s \u00e9ramos').split(' ');

  // Question fillers dropped from queries only (see kbgen/search/stopwords.py), folded.
  var QUERY_STOP_WORDS = ('pra pras pro pros faco fazer consigo posso pode preciso quero gostaria devo ' +
    'onde quais porque ola obrigado obrigada favor vc voce ta ne').split(' ');

  // Same table and order as _REACCENT in normalise.py (longest first; see the comments there).
  var REACCENT = [
    ['ariamos', 'ar\u00edamos'], ['eriamos', 'er\u00edamos'], ['iriamos', 'ir\u00edamos'],
    ['encias', '\u00eancias'], ['ancias', '\u00e2ncias'],
    ['arieis', 'ar\u00edeis'], ['erieis', 'er\u00edeis'], ['irieis', 'ir\u00edeis'],
    ['encia', '\u00eancia'], ['ancia', '\u00e2ncia'],
    ['aveis', '\u00e1veis'], ['iveis', '\u00edveis'],
    ['coes', '\u00e7\u00e3o'], ['avel', '\u00e1vel'], ['ivel', '\u00edvel'],
    ['cao', '\u00e7\u00e3o'], ['oes', '\u00e3o'], ['aes', '\u00e3es'], ['ao', '\u00e3o']
  ];

  var COMBINING_MARKS = /[\u0300-\u036f]+/g;
  var WORD_RUN = /[\p{L}\p{N}]+/gu;
  var EDGES = /^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu;
  var PLAIN_WORD = /^[a-z]+$/;
  var JOINERS = '-\u2010\u2011_';

  function fold(text) {
    var decomposed = String(text).toLowerCase().normalize('NFKD');
    return decomposed.replace(COMBINING_MARKS, '').normalize('NFC').toLowerCase();
  }

  function trim(token) {
    return token.replace(EDGES, '');
  }

  function toSet(words) {
    var set = Object.create(null);
    for (var i = 0; i < words.length; i++) set[words[i]] = true;
    return set;
  }

  var FOLDED_STOP = toSet(STOP_WORDS.map(fold));
  var FOLDED_QUERY_STOP = toSet(STOP_WORDS.map(fold).concat(QUERY_STOP_WORDS));

  function isStopWord(word) {
    return FOLDED_STOP[fold(word)] === true;
  }

  function reaccent(word) {
    for (var i = 0; i < REACCENT.length; i++) {
      var plain = REACCENT[i][0];
      if (word.length > plain.length && word.slice(-plain.length) === plain) {
        return word.slice(0, -plain.length) + REACCENT[i][1];
      }
    }
    return word;
  }

  /* ---- Snowball Portuguese ------------------------------------------------------------------
   * Port of portuguese.sbl as generated by Snowball 3.1 (snowballstemmer 3.1.1). Tables keep the
   * Snowball spelling of nasal vowels ("a~" for a-tilde, done by the prelude). Each entry is
   * "suffix" (action 1) or "suffix:action". Snowball's `among` picks the longest entry that ends
   * the region; the tables are indexed by last character to keep that cheap.
   */
  function table(spec) {
    var byLast = Object.create(null);
    spec.split(' ').forEach(function (item) {
      var colon = item.lastIndexOf(':');
      var entry = colon > 0 ? { s: item.slice(0, colon), r: +item.slice(colon + 1) } : { s: item, r: 1 };
      var last = entry.s.charAt(entry.s.length - 1);
      (byLast[last] = byLast[last] || []).push(entry);
    });
    Object.keys(byLast).forEach(function (k) {
      byLast[k].sort(function (a, b) { return b.s.length - a.s.length; });
    });
    return byLast;
  }

  var A2 = table('ic:-1 ad:-1 os:-1 iv');
  var A3 = table('ante avel \u00edvel');
  var A4 = table('ic abil iv');
  var A5 = table('ica \u00e2ncia \u00eancia:4 logia:2 ira:9 adora osa ista iva:8 eza idade:7 ante mente:6 ' +
    'amente:5 \u00e1vel \u00edvel ico ismo oso amento imento ivo:8 a\u00e7a~o u\u00e7a~o:3 ador icas \u00eancias:4 ' +
    'logias:2 iras:9 adoras osas istas ivas:8 ezas idades:7 adores antes a\u00e7o~es u\u00e7o~es:3 icos ' +
    'ismos osos amentos imentos ivos:8');
  var A6 = table('ada ida ia aria eria iria ara era ira ava asse esse isse aste este iste ei arei ' +
    'erei irei am iam ariam eriam iriam aram eram iram avam em arem erem irem assem essem issem ado ' +
    'ido ando endo indo ara~o era~o ira~o ar er ir as adas idas ias arias erias irias aras eras iras ' +
    'avas es ardes erdes irdes ares eres ires asses esses isses astes estes istes is ais eis areis ' +
    'ereis ireis \u00e1reis \u00e9reis \u00edreis \u00e1sseis \u00e9sseis \u00edsseis \u00e1veis \u00edeis ar\u00edeis er\u00edeis ir\u00edeis ' +
    'ados idos amos \u00e1ramos \u00e9ramos \u00edramos \u00e1vamos \u00edamos ar\u00edamos er\u00edamos ir\u00edamos emos aremos ' +
    'eremos iremos \u00e1ssemos \u00eassemos \u00edssemos imos armos ermos irmos \u00e1mos ar\u00e1s er\u00e1s ir\u00e1s eu iu ' +
    'ou ar\u00e1 er\u00e1 ir\u00e1');
  var A7 = table('a i o os \u00e1 \u00ed \u00f3');
  var A8 = table('e \u00e7:2 \u00e9 \u00ea');

  var VOWELS = 'aeiou\u00e1\u00e2\u00e9\u00ea\u00ed\u00f3\u00f4\u00fa';

  function isVowel(word, i) {
    return i < word.length && VOWELS.indexOf(word.charAt(i)) >= 0;
  }

  // The longest table entry that ends word and starts at or after `from`, or null.
  function longest(word, from, spec) {
    var candidates = spec[word.charAt(word.length - 1)];
    if (!candidates) return null;
    for (var i = 0; i < candidates.length; i++) {
      var s = candidates[i].s;
      if (word.length - s.length >= from && word.slice(word.length - s.length) === s) return candidates[i];
    }
    return null;
  }

  function skipConsonants(word, i) { while (i < word.length && !isVowel(word, i)) i++; return i; }
  function skipVowels(word, i) { while (i < word.length && isVowel(word, i)) i++; return i; }

  // RV as Snowball defines it for Portuguese/Spanish.
  function regionV(word) {
    var n = word.length, i;
    if (n < 2) return n;
    if (isVowel(word, 0)) {
      if (!isVowel(word, 1)) {
        i = skipConsonants(word, 2);
        if (i < n) return i + 1;
        return n;
      }
      i = skipVowels(word, 2);
      return i < n ? i + 1 : n;
    }
    if (!isVowel(word, 1)) {
      i = skipConsonants(word, 2);
      if (i < n) return i + 1;
      return n;
    }
    return n > 2 ? 3 : n;
  }

  // R1 and R2: after the first non-vowel following a vowel, twice.
  function regions12(word) {
    var n = word.length, r1 = n, r2 = n;
    var i = skipConsonants(word, 0);
    if (i >= n) return [r1, r2];
    i = skipVowels(word, i + 1);
    if (i >= n) return [r1, r2];
    r1 = i + 1;
    i = skipConsonants(word, r1);
    if (i >= n) return [r1, r2];
    i = skipVowels(word, i + 1);
    if (i >= n) return [r1, r2];
    r2 = i + 1;
    return [r1, r2];
  }

  function endsWithAt(word, suffix, region) {
    var start = word.length - suffix.length;
    return start >= region && word.slice(start) === suffix;
  }

  // Step 1. Returns the new word, or null when no rule applied.
  function standardSuffix(word, rv, r1, r2) {
    var m = longest(word, 0, A5);
    if (!m) return null;
    var start = word.length - m.s.length;
    var base = word.slice(0, start), m2;
    switch (m.r) {
      case 1: return start >= r2 ? base : null;
      case 2: return start >= r2 ? base + 'log' : null;
      case 3: return start >= r2 ? base + 'u' : null;
      case 4: return start >= r2 ? base + 'ente' : null;
      case 5: // -amente
        if (start < r1) return null;
        m2 = longest(base, 0, A2);
        if (m2 && base.length - m2.s.length >= r2) {
          base = base.slice(0, base.length - m2.s.length);
          if (m2.r === 1 && endsWithAt(base, 'at', r2)) base = base.slice(0, -2);
        }
        return base;
      case 6: // -mente
        if (start < r2) return null;
        m2 = longest(base, 0, A3);
        if (m2 && base.length - m2.s.length >= r2) base = base.slice(0, base.length - m2.s.length);
        return base;
      case 7: // -idade(s)
        if (start < r2) return null;
        m2 = longest(base, 0, A4);
        if (m2 && base.length - m2.s.length >= r2) base = base.slice(0, base.length - m2.s.length);
        return base;
      case 8: // -iva/-ivo(s)
        if (start < r2) return null;
        if (endsWithAt(base, 'at', r2)) base = base.slice(0, -2);
        return base;
      default: // 9: -ira(s) after "e", inside RV -> "ir"
        if (start < rv || start === 0 || word.charAt(start - 1) !== 'e') return null;
        return base + 'ir';
    }
  }

  // Step 2.
  function verbSuffix(word, rv) {
    if (word.length < rv) return null;
    var m = longest(word, rv, A6);
    return m ? word.slice(0, word.length - m.s.length) : null;
  }

  // Step 4.
  function residualSuffix(word, rv) {
    var m = longest(word, 0, A7);
    if (!m || word.length - m.s.length < rv) return null;
    return word.slice(0, word.length - m.s.length);
  }

  // Step 5.
  function residualForm(word, rv) {
    var m = longest(word, 0, A8);
    if (!m) return word;
    var start = word.length - 1;
    if (m.r === 2) return word.slice(0, start) + 'c';
    if (start < rv) return word;
    word = word.slice(0, start);
    var n = word.length;
    var last = word.charAt(n - 1), before = word.charAt(n - 2);
    if (n >= 2 && ((last === 'u' && before === 'g') || (last === 'i' && before === 'c')) && n - 1 >= rv) {
      word = word.slice(0, n - 1);
    }
    return word;
  }

  function stem(input) {
    var word = String(input).replace(/\u00e3/g, 'a~').replace(/\u00f5/g, 'o~');
    var rv = regionV(word), r12 = regions12(word), r1 = r12[0], r2 = r12[1];
    var changed = standardSuffix(word, rv, r1, r2);
    if (changed === null) changed = verbSuffix(word, rv);
    if (changed !== null) {
      word = changed;
      // Step 3: delete a final "i" preceded by "c", inside RV.
      var n = word.length;
      if (n >= 2 && word.charAt(n - 1) === 'i' && word.charAt(n - 2) === 'c' && n - 1 >= rv) {
        word = word.slice(0, n - 1);
      }
    } else {
      changed = residualSuffix(word, rv);
      if (changed !== null) word = changed;
    }
    word = residualForm(word, rv);
    return word.replace(/a~|o~/g, function (s) { return s === 'a~' ? '\u00e3' : '\u00f5'; });
  }

  /* ---- terms ------------------------------------------------------------------------------ */

  function stemTerm(word) {
    var folded = fold(word);
    if (!PLAIN_WORD.test(folded)) return folded;
    return fold(stem(reaccent(folded)));
  }

  // A small cache: queries and highlighting normalise the same few hundred words again and again.
  var cache = new Map();

  function normalise(token) {
    var hit = cache.get(token);
    if (hit !== undefined) return hit;
    var word = trim(fold(token));
    var term = (!word || FOLDED_STOP[word] === true) ? '' : stemTerm(word);
    if (cache.size > 50000) cache.clear();
    cache.set(token, term);
    return term;
  }

  function codePointLength(s) {
    // Only strings longer than the limit in UTF-16 can be longer in code points.
    return s.length <= MAX_TOKEN_LENGTH ? s.length : Array.from(s).length;
  }

  function joins(text, at) {
    var ch = text.charAt(at);
    if (JOINERS.indexOf(ch) >= 0) return true;
    return ch === '.' && /[0-9]/.test(text.charAt(at - 1)) && /[0-9]/.test(text.charAt(at + 1));
  }

  function wordGroups(text) {
    var folded = fold(text), groups = [], end = -2, m;
    WORD_RUN.lastIndex = 0;
    while ((m = WORD_RUN.exec(folded)) !== null) {
      if (groups.length && m.index === end + 1 && joins(folded, end)) {
        groups[groups.length - 1].push(m[0]);
      } else {
        groups.push([m[0]]);
      }
      end = m.index + m[0].length;
    }
    return groups;
  }

  function indexTokens(text) {
    var tokens = [];
    wordGroups(text).forEach(function (parts) {
      var candidates = parts.length === 1 ? parts : [parts.join('')].concat(parts);
      candidates.forEach(function (t) { if (codePointLength(t) <= MAX_TOKEN_LENGTH) tokens.push(t); });
    });
    return tokens;
  }

  function indexTerms(text) {
    return indexTokens(text).map(normalise).filter(Boolean);
  }

  // [{text, term, parts}]: see query_words in normalise.py.
  function queryWords(text, options) {
    var dropFillers = !(options && options.dropFillers === false);
    var stop = dropFillers ? FOLDED_QUERY_STOP : FOLDED_STOP;
    var words = [];
    wordGroups(text).forEach(function (parts) {
      var joined = parts.join('');
      if (stop[joined] === true || codePointLength(joined) > MAX_TOKEN_LENGTH) return;
      var partTerms = parts.length > 1 ? parts.map(normalise).filter(Boolean) : [];
      words.push({ text: joined, term: normalise(joined), parts: partTerms });
    });
    return words;
  }

  /* ---- lunr.js pipeline ------------------------------------------------------------------- */

  // Same labels as kbgen/search/pipeline.py: lunr.Index.load refuses an index whose serialized
  // search pipeline names a function that is not registered.
  var LABELS = { trimmer: 'kbgen-trimmer', stopWords: 'kbgen-stop-words-pt', stemmer: 'kbgen-stemmer-pt' };

  function registerLunr(lunr) {
    var registered = lunr.Pipeline.registeredFunctions;
    if (registered[LABELS.stemmer] && registered[LABELS.stemmer].kbgen) return lunr;
    var trimmer = function (token) {
      token.update(function (s) { return trim(fold(s)); });
      return token.toString() ? token : undefined;
    };
    var stopWords = function (token) {
      return FOLDED_STOP[fold(token.toString())] === true ? undefined : token;
    };
    var stemmer = function (token) {
      return token.update(function (s) { return stemTerm(s); });
    };
    [trimmer, stopWords, stemmer].forEach(function (fn) { fn.kbgen = true; });
    lunr.Pipeline.registerFunction(trimmer, LABELS.trimmer);
    lunr.Pipeline.registerFunction(stopWords, LABELS.stopWords);
    lunr.Pipeline.registerFunction(stemmer, LABELS.stemmer);
    return lunr;
  }

  return {
    MAX_TOKEN_LENGTH: MAX_TOKEN_LENGTH,
    STOP_WORDS: STOP_WORDS,
    QUERY_STOP_WORDS: QUERY_STOP_WORDS,
    LABELS: LABELS,
    fold: fold,
    trim: trim,
    isStopWord: isStopWord,
    reaccent: reaccent,
    stem: stem,
    stemTerm: stemTerm,
    normalise: normalise,
    wordGroups: wordGroups,
    indexTokens: indexTokens,
    indexTerms: indexTerms,
    queryWords: queryWords,
    registerLunr: registerLunr
  };
}));
