/*
 * kbgen-search-ui.js: the search box on every page (suggestions as you type, ARIA combobox) and
 * the results page (search.html?q=…&conjunto=…).
 *
 * Nothing of search is downloaded until the reader focuses a search box or opens the results
 * page — and under Save-Data not until they type. The engine and the data are classic scripts
 * added to <head> (they work from file:// where fetch() does not, and under a strict CSP).
 * Titles and excerpts are inserted as text nodes, never as HTML. Translatable strings come from
 * data- attributes written by the templates.
 *
 * The results page shows the results that answer the query (a.kb-result in #kb-search-results),
 * then, apart, the partial ones (a.kb-partial-result), and the hand-off call carrying the query:
 * first when nothing answers, last otherwise. Every link to an article carries ?q=, so the
 * article and the web server's log know what the reader searched.
 *
 * The snippet of a result is its passage (kbgen-search-passages.js) that holds the most of the
 * words the query matched (bestPassage: pure, exported for Node when there is no document).
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
  if (typeof document === "undefined") return api;

  var STATIC = (document.currentScript && document.currentScript.src || "").replace(/[^/]*$/, "");
  var ROOT = STATIC + "../";
  var ENGINE = ["kbgen-lunr.min.js", "kbgen-normalise.js", "kbgen-search.js"];
  var SUGGEST = ENGINE.concat(["kbgen-search-suggest.js", "kbgen-search-docs.js"]);
  var FULL = ENGINE.concat(["kbgen-search-full.js", "kbgen-search-docs.js"]);
  var PASSAGES = ["kbgen-search-passages.js"];
  var SUGGESTION_LIMIT = 5;
  var RESULT_LIMIT = 50;
  var PARTIAL_LIMIT = 5;
  var loading = {};

  function saveData() {
    return !!(navigator.connection && navigator.connection.saveData);
  }

  // Loads scripts in order (async=false keeps the order while they download in parallel).
  function loadScripts(names) {
    var promises = names.map(function (name) {
      if (!loading[name]) {
        loading[name] = new Promise(function (resolve, reject) {
          var script = document.createElement("script");
          script.src = STATIC + name;
          script.async = false;
          script.onload = resolve;
          script.onerror = function () { delete loading[name]; reject(new Error(name)); };
          document.head.appendChild(script);
        });
      }
      return loading[name];
    });
    return Promise.all(promises);
  }

  // A promise settled in a later task (setTimeout 0: not throttled while the reader types).
  function nextTask() {
    return new Promise(function (resolve) { window.setTimeout(resolve, 0); });
  }

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (all, key) {
      return Object.prototype.hasOwnProperty.call(values, key) ? values[key] : all;
    });
  }

  function docs() {
    return (window.kbgenSearchData && window.kbgenSearchData.docs) || [];
  }

  function setSlug(doc) {
    return doc.url.split("/")[0];
  }

  // encodeURIComponent, which throws on a lone surrogate (pasted text may hold one): U+FFFD instead.
  function encode(text) {
    return encodeURIComponent(String(text).replace(/[\uD800-\uDBFF][\uDC00-\uDFFF]|[\uD800-\uDFFF]/g,
      function (c) { return c.length === 2 ? c : "\uFFFD"; }));
  }

  // The article, with the query: the article page and the web server's log read it there.
  function articleHref(doc, query) {
    var q = query.trim();
    return ROOT + doc.url + (q ? "?q=" + encode(q) : "");
  }

  // Results that answer the query (an engine without confidence answers with every result).
  function answering(result) {
    return result.answers !== false;
  }

  // Text with the query's words in <mark>, built from text nodes only.
  function highlighted(text, matchedTerms) {
    var fragment = document.createDocumentFragment();
    var pieces = window.kbgenSearch.segments(text, window.kbgenSearch.highlight(text, matchedTerms));
    pieces.forEach(function (piece) {
      if (piece.highlight) {
        var mark = document.createElement("mark");
        mark.textContent = piece.text;
        fragment.appendChild(mark);
      } else {
        fragment.appendChild(document.createTextNode(piece.text));
      }
    });
    return fragment;
  }

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  /* ---- the combobox: suggestions as you type ------------------------------------------------- */

  function Combobox(form) {
    this.form = form;
    this.input = form.querySelector("input[name=q]");
    this.list = form.querySelector(".kb-suggestions");
    this.options = [];
    this.active = -1;
    this.pending = 0;
    this.waiting = false; // a query or its list is on its way
    if (!this.input || !this.list) return;
    this.input.setAttribute("role", "combobox");
    this.input.setAttribute("aria-autocomplete", "list");
    this.input.setAttribute("aria-expanded", "false");
    this.input.setAttribute("aria-controls", this.list.id);
    var self = this;
    this.input.addEventListener("focus", function () {
      if (!saveData()) loadScripts(SUGGEST).catch(function () { /* offline: the form still submits */ });
    });
    this.input.addEventListener("input", function () { self.update(); });
    this.input.addEventListener("keydown", function (event) { self.key(event); });
    this.input.addEventListener("blur", function () {
      // let a click on a suggestion land before the list closes
      window.setTimeout(function () { self.close(); }, 150);
    });
  }

  Combobox.prototype.update = function () {
    var self = this;
    var text = this.input.value;
    var ticket = ++this.pending;
    if (text.trim().length < 2) {
      this.close();
      return;
    }
    this.waiting = true;
    // The keystroke, the query and the new list each get a task of their own: in one task they
    // made the keystroke's task long (the editor lays out the list it has just been given), and
    // a query that a newer keystroke has made stale is never run.
    function current() { return ticket === self.pending; }
    loadScripts(SUGGEST).then(nextTask).then(function () {
      if (!current()) return null; // the reader typed on: a newer query is coming
      var index = window.kbgenSearch.index("suggest");
      return window.kbgenSearch.query(index, text, { prefix: true, limit: SUGGESTION_LIMIT })
        .filter(answering).slice(0, SUGGESTION_LIMIT);
    }).then(function (results) {
      return results && nextTask().then(function () { if (current()) self.render(text, results); });
    }).catch(function () { if (current()) self.close(); });
  };

  Combobox.prototype.render = function (text, results) {
    this.waiting = false;
    var list = this.list;
    var id = list.id;
    while (list.firstChild) list.removeChild(list.firstChild);
    this.options = [];
    this.active = -1;
    this.input.removeAttribute("aria-activedescendant");
    var all = docs();
    var self = this;
    results.forEach(function (result, i) {
      var doc = all[result.ref];
      if (!doc) return;
      var option = element("li", "kb-suggestion");
      option.id = id + "-" + i;
      option.setAttribute("role", "option");
      option.setAttribute("aria-selected", "false");
      var link = element("a", "kb-suggestion-link");
      link.href = articleHref(doc, text);
      link.tabIndex = -1;
      var title = element("span", "kb-suggestion-title");
      title.appendChild(highlighted(doc.title, result.matchedTerms));
      link.appendChild(title);
      link.appendChild(element("span", "kb-suggestion-path", doc.set + " › " + doc.module));
      option.appendChild(link);
      list.appendChild(option);
      self.options.push(option);
    });
    var more = element("li", "kb-suggestion kb-suggestion-all");
    more.id = id + "-all";
    more.setAttribute("role", "option");
    more.setAttribute("aria-selected", "false");
    var moreLink = element("a", "kb-suggestion-link", fill(this.form.getAttribute("data-kb-all-results"),
                                                          { q: text.trim() }));
    moreLink.href = this.form.getAttribute("action") + "?q=" + encode(text.trim());
    moreLink.tabIndex = -1;
    more.appendChild(moreLink);
    list.appendChild(more);
    this.options.push(more);
    list.hidden = false;
    this.input.setAttribute("aria-expanded", "true");
  };

  Combobox.prototype.close = function () {
    this.pending++; // a list still on its way (Esc, blur) must not reopen it
    this.waiting = false;
    this.list.hidden = true;
    this.input.setAttribute("aria-expanded", "false");
    this.input.removeAttribute("aria-activedescendant");
    this.active = -1;
  };

  Combobox.prototype.move = function (step) {
    if (this.list.hidden || !this.options.length) return;
    if (this.active >= 0) {
      this.options[this.active].classList.remove("kb-active");
      this.options[this.active].setAttribute("aria-selected", "false");
    }
    var count = this.options.length;
    this.active = this.active < 0 && step < 0 ? count - 1 : (this.active + step + count) % count;
    var option = this.options[this.active];
    option.classList.add("kb-active");
    option.setAttribute("aria-selected", "true");
    this.input.setAttribute("aria-activedescendant", option.id);
    if (option.scrollIntoView) option.scrollIntoView({ block: "nearest" });
  };

  Combobox.prototype.key = function (event) {
    if (event.key === "ArrowDown") {
      if (this.list.hidden) this.update(); else this.move(1);
      event.preventDefault();
    } else if (event.key === "ArrowUp") {
      this.move(-1);
      event.preventDefault();
    } else if (event.key === "Enter" && this.active >= 0 && !this.list.hidden) {
      var link = this.options[this.active].querySelector("a");
      if (link) {
        event.preventDefault();
        window.location.href = link.href;
      }
    } else if (event.key === "Escape") {
      // Esc closes the list (or what is on its way); pressed again, it clears the box
      if (this.list.hidden && !this.waiting) this.input.value = "";
      this.close();
      event.preventDefault();
    }
  };

  /* ---- the results page ------------------------------------------------------------------------ */

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
    // The passages download beside the index; without them, snippets are the descriptions.
    var passages = loadScripts(PASSAGES).catch(function () { return null; });
    Promise.all([loadScripts(FULL), passages]).then(function () {
      if (ticket !== self.ticket) return;
      var index = window.kbgenSearch.index("full");
      var all = docs();
      // With a set chosen, more are asked for: the other sets' results are dropped here.
      var widen = set ? 4 : 1;
      var results = window.kbgenSearch.query(index, query, { prefix: false, limit: RESULT_LIMIT * widen,
                                                            partialLimit: PARTIAL_LIMIT * widen });
      if (set) results = results.filter(function (r) { return all[r.ref] && setSlug(all[r.ref]) === set; });
      var answers = results.filter(answering).slice(0, RESULT_LIMIT);
      var partial = results.filter(function (r) { return !answering(r); }).slice(0, PARTIAL_LIMIT);
      self.show(answers.concat(partial), query, set, null, index);
    }).catch(function () {
      if (ticket === self.ticket) self.show([], query, set, container.getAttribute("data-kb-error"));
    });
  };

  // How much a term says: rarer on the site, more (idf over the documents holding it anywhere).
  function termWeight(index) {
    var count = docs().length, cache = Object.create(null);
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
  function snippet(result, doc, weight) {
    var data = window.kbgenSearchData || {};
    var passages = data.passages && data.passages[result.ref];
    var normalise = window.kbgenNormalise;
    if (passages && normalise && weight) {
      var best = bestPassage(passages, result.matchedTerms, normalise.indexTerms, weight);
      if (best >= 0) return passages[best];
    }
    return doc.excerpt;
  }

  function resultItem(result, doc, query, linkClass, weight) {
    var item = element("li", "kb-result-item");
    var link = element("a", linkClass);
    link.href = articleHref(doc, query);
    var title = element("span", "kb-result-title");
    title.appendChild(highlighted(doc.title, result.matchedTerms));
    link.appendChild(title);
    item.appendChild(link);
    item.appendChild(element("p", "kb-result-path", doc.set + " › " + doc.module));
    var excerpt = element("p", "kb-result-excerpt");
    excerpt.appendChild(highlighted(snippet(result, doc, weight), result.matchedTerms));
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

  ResultsPage.prototype.show = function (results, query, set, message, index) {
    var container = this.container;
    var all = docs();
    var q = query.trim();
    var weight = index ? termWeight(index) : null;
    var answers = results.filter(answering);
    var partial = results.filter(function (r) { return !answering(r); });
    while (container.firstChild) container.removeChild(container.firstChild);
    this.status.textContent = this.statusText(answers.length, q, set, message);
    if (answers.length) {
      var list = element("ol", "kb-result-list");
      answers.forEach(function (result) {
        if (all[result.ref]) list.appendChild(resultItem(result, all[result.ref], q, "kb-result", weight));
      });
      container.appendChild(list);
    } else if (q && !message) {
      container.appendChild(element("p", "kb-no-results", container.getAttribute("data-kb-none-help")));
    }
    if (this.partial) {
      var partialList = this.partial.querySelector(".kb-partial-list");
      while (partialList.firstChild) partialList.removeChild(partialList.firstChild);
      partial.forEach(function (result) {
        if (all[result.ref]) partialList.appendChild(resultItem(result, all[result.ref], q, "kb-partial-result", weight));
      });
      this.partial.hidden = !partialList.firstChild;
    }
    this.placeHandoff(q, set, !answers.length);
    container.setAttribute("aria-busy", "false");
  };

  /* ---- start ----------------------------------------------------------------------------------- */

  function start() {
    var forms = document.querySelectorAll("form.kb-search");
    for (var i = 0; i < forms.length; i++) new Combobox(forms[i]);
    var results = document.getElementById("kb-search-results");
    if (results) new ResultsPage(results);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
  return api;
}));
