/*
 * kbgen-search-results.js: the results page (search.html?q=…&conjunto=…), on top of the search
 * box's helpers (kbgen-search-ui.js: kbgenSearchUi, loaded before this script).
 *
 * It shows the results that answer the query as a.kb-result in #kb-search-results (aria-busy until
 * the list is final), then, apart, the partial ones (a.kb-partial-result in #kb-search-partial),
 * and the hand-off call carrying the query: first when nothing answers, last otherwise. The status
 * counts answering results only. Every link to an article carries ?q=.
 *
 * The results come from the sharded full index (kbgen-search-store.js, mode "f"); what each
 * result shows and its passages are loaded in chunks for the results listed only. The snippet
 * of a result is the passage of its article that holds the most of the words the query matched;
 * its description when none does (or when the passages cannot be loaded). bestPassage is pure,
 * and exported for Node when there is no document.
 */
(function (root, factory) {
  var api = factory(root);
  if (typeof module !== "undefined" && module.exports) module.exports = api;
}(typeof globalThis !== "undefined" ? globalThis : this, function (root) {
  "use strict";

  /* ---- the snippet: which passage of a result to show ------------------------------------------ */

  /*
   * bestPassage(passages, matchedTerms, termsOf, weight) -> the index of the passage that holds the
   * most of matchedTerms, each term counted once and worth weight(term) (1 without weight), the
   * earliest on ties; -1 when no passage holds any. termsOf(text) gives a text's index terms
   * (kbgenNormalise.indexTerms), the terms matchedTerms are made of.
   */
  function bestPassage(passages, matchedTerms, termsOf, weight) {
    var wanted = Object.create(null), best = -1, bestScore = 0;
    (matchedTerms || []).forEach(function (t) { wanted[t] = true; });
    (passages || []).forEach(function (text, i) {
      var held = Object.create(null), covered = [];
      termsOf(String(text)).forEach(function (t) {
        if (wanted[t] === true && !held[t]) { held[t] = true; covered.push(t); }
      });
      // summed in one order, so that passages holding the same terms score exactly the same
      var score = covered.sort().reduce(function (sum, t) {
        var w = weight ? Number(weight(t)) : 1;
        return sum + (w > 0 ? w : 0);
      }, 0);
      if (score > bestScore) { best = i; bestScore = score; }
    });
    return best;
  }

  var api = { bestPassage: bestPassage };
  var ui = root.kbgenSearchUi;
  if (typeof document === "undefined" || !ui) return api;

  var FULL_MODE = "f";
  var RESULT_LIMIT = 50;
  var PARTIAL_LIMIT = 5;
  // The rows whose passages load with the list; the others' when they come near the screen
  // (their snippet is the description until then): passages are most of a results page's bytes.
  var FIRST_SNIPPETS = 10;
  var NEAR_SCREEN = "600px";
  var loadScripts = ui.loadScripts, fill = ui.fill, encode = ui.encode;
  var articleHref = ui.articleHref, answering = ui.answering, highlighted = ui.highlighted;
  var element = ui.element;

  function ResultsPage(container) {
    this.container = container;
    this.status = document.getElementById("kb-search-status");
    this.form = document.querySelector(".kb-search-page form");
    this.input = this.form && this.form.querySelector("input[name=q]");
    this.filter = document.getElementById("kb-search-set");
    this.partial = document.getElementById("kb-search-partial");
    this.handoff = document.getElementById("kb-search-handoff");
    var self = this;
    if (this.form) {
      this.form.addEventListener("submit", function (event) {
        event.preventDefault();
        self.navigate(self.input.value, self.filter ? self.filter.value : "");
      });
    }
    if (this.filter) {
      this.filter.addEventListener("change", function () {
        self.navigate(self.input ? self.input.value : "", self.filter.value);
      });
    }
    window.addEventListener("popstate", function () { self.fromLocation(); });
    this.fromLocation();
  }

  ResultsPage.prototype.navigate = function (query, set) {
    var params = new URLSearchParams();
    if (query.trim()) params.set("q", query.trim());
    if (set) params.set("conjunto", set);
    var search = params.toString();
    window.history.pushState(null, "", window.location.pathname + (search ? "?" + search : ""));
    this.fromLocation();
  };

  ResultsPage.prototype.fromLocation = function () {
    var params = new URLSearchParams(window.location.search);
    var query = params.get("q") || "";
    var set = params.get("conjunto") || "";
    if (this.input) this.input.value = query;
    if (this.filter) this.filter.value = set;
    if (this.filter && this.filter.value !== set) set = ""; // an unknown set: show everything
    this.run(query, set);
  };

  ResultsPage.prototype.run = function (query, set) {
    var self = this;
    var container = this.container;
    var ticket = (this.ticket = (this.ticket || 0) + 1);
    container.setAttribute("aria-busy", "true");
    if (!query.trim()) {
      this.show([], query, set, container.getAttribute("data-kb-empty"));
      return;
    }
    var store;
    loadScripts(ui.ENGINE).then(function () {
      store = ui.store(FULL_MODE);
      // With a set chosen, more are asked for: the other sets' results are dropped here.
      var widen = set ? 4 : 1;
      return window.kbgenSearch.search(store, query, { prefix: false, limit: RESULT_LIMIT * widen,
                                                       partialLimit: PARTIAL_LIMIT * widen,
                                                       cancelled: function () { return ticket !== self.ticket; } });
    }).then(function (results) {
      if (ticket !== self.ticket || !results) return null;
      if (set) results = results.filter(function (r) { return store.place(r.ref).split("/")[0] === set; });
      var answers = results.filter(answering).slice(0, RESULT_LIMIT);
      var partial = results.filter(function (r) { return !answering(r); }).slice(0, PARTIAL_LIMIT);
      var shown = answers.concat(partial), refs = shown.map(function (r) { return r.ref; });
      // Without the passages, snippets are the descriptions.
      var passages = store.items("p", refs.slice(0, FIRST_SNIPPETS)).catch(function () { return null; });
      return Promise.all([store.items("d", refs), passages]).then(function (loaded) {
        if (ticket === self.ticket) self.show(shown, query, set, null, store, loaded[0], loaded[1]);
      });
    }).catch(function () {
      if (ticket === self.ticket) self.show([], query, set, container.getAttribute("data-kb-error"));
    });
  };

  // How much a term says: rarer on the site, more (idf over the documents holding it anywhere).
  // The terms asked about are the results' matched terms: their shards are loaded.
  function termWeight(store) {
    var index = store.index, count = store.manifest.count, cache = Object.create(null);
    return function (term) {
      if (!(term in cache)) {
        var posting = index.invertedIndex[term], holding = Object.create(null), n = 0;
        if (posting) {
          index.fields.forEach(function (field) {
            Object.keys(posting[field] || {}).forEach(function (ref) {
              if (!holding[ref]) { holding[ref] = true; n++; }
            });
          });
        }
        cache[term] = Math.log(1 + count / Math.max(1, n));
      }
      return cache[term];
    };
  }

  // The passage of the result's article that holds most of what the query matched; its
  // description when none does (the title, tags or synonyms alone matched).
  function snippet(result, doc, weight, passages) {
    var normalise = window.kbgenNormalise;
    if (passages && normalise && weight) {
      var best = bestPassage(passages, result.matchedTerms, normalise.indexTerms, weight);
      if (best >= 0) return passages[best];
    }
    return doc.excerpt;
  }

  // A row of the theme's one list of articles (partials/article-list.html): title, where, snippet.
  // The snippet of a result shown (see snippet) in its paragraph, the query's words in <mark>.
  function fillSnippet(paragraph, result, doc, weight, passages) {
    while (paragraph.firstChild) paragraph.removeChild(paragraph.firstChild);
    paragraph.appendChild(highlighted(snippet(result, doc, weight, passages), result.matchedTerms));
  }

  /*
   * Rows listed without their passages get them as they come near the screen (one load for the
   * rows that arrive together); ticket: the search they belong to (a newer one drops them).
   */
  ResultsPage.prototype.snippetsLater = function (rows, store, weight) {
    var self = this, ticket = this.ticket;
    if (!rows.length || !store) return;
    function upgrade(batch) {
      store.items("p", batch.map(function (row) { return row.result.ref; })).then(function (passages) {
        if (ticket !== self.ticket) return;
        batch.forEach(function (row) {
          fillSnippet(row.paragraph, row.result, row.doc, weight, passages[row.result.ref]);
        });
      }).catch(function () { /* the descriptions stay */ });
    }
    if (typeof IntersectionObserver === "undefined") {
      upgrade(rows);
      return;
    }
    var observer = new IntersectionObserver(function (entries) {
      var batch = [];
      entries.forEach(function (entry) {
        if (!entry.isIntersecting) return;
        observer.unobserve(entry.target);
        batch.push(entry.target.kbgenRow);
      });
      if (batch.length) upgrade(batch);
    }, { rootMargin: NEAR_SCREEN });
    if (this.observer) this.observer.disconnect();
    this.observer = observer;
    rows.forEach(function (row) {
      row.paragraph.kbgenRow = row;
      observer.observe(row.paragraph);
    });
  };

  function resultItem(result, doc, query, linkClass, weight, passages) {
    var item = element("li", "kb-result-item");
    var link = element("a", linkClass);
    link.href = articleHref(doc, query);
    var title = element("span", "kb-result-title");
    title.appendChild(highlighted(doc.title, result.matchedTerms));
    link.appendChild(title);
    item.appendChild(link);
    item.appendChild(element("p", "kb-article-where kb-result-path", doc.set + " › " + doc.module));
    var excerpt = element("p", "kb-article-description kb-result-excerpt");
    fillSnippet(excerpt, result, doc, weight, passages);
    item.appendChild(excerpt);
    return item;
  }

  ResultsPage.prototype.statusText = function (count, q, set, message) {
    var container = this.container;
    if (message) return message;
    var setTitle = set && this.filter ? this.filter.options[this.filter.selectedIndex].text : "";
    if (!count) {
      return setTitle ? fill(container.getAttribute("data-kb-none-in-set"), { q: q, set: setTitle })
                      : fill(container.getAttribute("data-kb-none"), { q: q });
    }
    var template = container.getAttribute(count === 1 ? "data-kb-count-one" : "data-kb-count-many");
    var text = fill(template, { n: String(count), q: q });
    return setTitle ? text + " " + fill(container.getAttribute("data-kb-in-set"), { set: setTitle }) : text;
  };

  // The hand-off call of the page carries the query (and the set chosen), written here so the
  // links are right without kbgen-handoff.js and after the reader searches again on the page.
  ResultsPage.prototype.placeHandoff = function (q, set, first) {
    var call = this.handoff;
    if (!call) return;
    call.hidden = !q;
    if (!q) return;
    var pairs = [];
    if (set) pairs.push("conjunto=" + encode(set));
    pairs.push("q=" + encode(q));
    var links = document.querySelectorAll("a[data-kb-handoff-call]");
    for (var i = 0; i < links.length; i++) {
      var href = links[i].getAttribute("href") || "";
      links[i].setAttribute("href", href.split("?")[0] + "?" + pairs.join("&"));
    }
    var heading = call.querySelector("h2");
    if (heading) {
      if (this.heading === undefined) this.heading = heading.textContent;
      heading.textContent = first ? call.getAttribute("data-kb-heading-none") : this.heading;
    }
    var anchor = first ? this.container : (this.partial || this.container).nextSibling;
    this.container.parentNode.insertBefore(call, anchor);
  };

  // docs, passages: ref -> what the result shows, its passages (the store's chunks; passages
  // may be null)
  ResultsPage.prototype.show = function (results, query, set, message, store, docs, passages) {
    var container = this.container;
    var all = docs || {}, texts = passages || {};
    var q = query.trim();
    var weight = store ? termWeight(store) : null, later = [];
    results = results.filter(function (r) { return all[r.ref]; }); // what is counted is what is shown
    function row(result, linkClass) {
      var item = resultItem(result, all[result.ref], q, linkClass, weight, texts[result.ref]);
      if (!texts[result.ref]) {
        later.push({ result: result, doc: all[result.ref], paragraph: item.querySelector(".kb-result-excerpt") });
      }
      return item;
    }
    var answers = results.filter(answering);
    var partial = results.filter(function (r) { return !answering(r); });
    while (container.firstChild) container.removeChild(container.firstChild);
    this.status.textContent = this.statusText(answers.length, q, set, message);
    if (answers.length) {
      var list = element("ol", "kb-article-list kb-result-list");
      answers.forEach(function (result) {
        list.appendChild(row(result, "kb-result"));
      });
      container.appendChild(list);
    } else if (q && !message) {
      container.appendChild(element("p", "kb-no-results", container.getAttribute("data-kb-none-help")));
    }
    if (this.partial) {
      var partialList = this.partial.querySelector(".kb-partial-list");
      while (partialList.firstChild) partialList.removeChild(partialList.firstChild);
      partial.forEach(function (result) {
        partialList.appendChild(row(result, "kb-partial-result"));
      });
      this.partial.hidden = !partialList.firstChild;
    }
    this.placeHandoff(q, set, !answers.length);
    container.setAttribute("aria-busy", "false");
    this.snippetsLater(later, store, weight);
  };

  function start() {
    var results = document.getElementById("kb-search-results");
    if (results) new ResultsPage(results);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
  return api;
}));
