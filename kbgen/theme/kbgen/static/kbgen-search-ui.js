/*
 * kbgen-search-ui.js: the search box on every page (suggestions as you type, ARIA combobox), and
 * what the results page's script (kbgen-search-results.js) shares with it: kbgenSearchUi.
 *
 * Nothing of search is downloaded until the reader focuses a search box or opens the results
 * page — and under Save-Data not until they type. The engine and the data are classic scripts
 * added to <head> (they work from file:// where fetch() does not, and under a strict CSP). The
 * index is sharded (kbgen/search/shards.py): a query loads the manifest once, then only the
 * shards of its words (kbgen-search-store.js), and the titles of the articles it lists.
 * Titles and excerpts are inserted as text nodes, never as HTML. Translatable strings come from
 * data- attributes written by the templates. Every link to an article carries ?q=, so the
 * article and the web server's log know what the reader searched; suggestions are results that
 * answer (the engine's `answers`), five at most.
 */
(function () {
  "use strict";

  var STATIC = (document.currentScript && document.currentScript.src || "").replace(/[^/]*$/, "");
  var ROOT = STATIC + "../";
  var ENGINE = ["kbgen-lunr.min.js", "kbgen-normalise.js", "kbgen-search.js", "kbgen-search-store.js"];
  var SUGGEST_MODE = "s";
  var SUGGESTION_LIMIT = 5;
  var loading = {};
  var stores = {};

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

  // One part of the index (manifest, shard, chunk): a script that pushes it on kbgenSearchParts.
  function loadPart(name) {
    if (!loading[name]) {
      loading[name] = new Promise(function (resolve, reject) {
        var script = document.createElement("script");
        script.src = STATIC + name;
        script.onload = function () { resolve(window.kbgenSearchParts); };
        script.onerror = function () { delete loading[name]; script.remove(); reject(new Error(name)); };
        document.head.appendChild(script);
      });
    }
    return loading[name];
  }

  // The page's store of one index ("s": suggestions, "f": the results page); ENGINE loaded first.
  function store(mode) {
    if (!stores[mode]) {
      window.kbgenNormalise.registerLunr(window.lunr); // the manifest names our pipeline functions
      stores[mode] = window.kbgenSearchStore.open(mode, loadPart, window.lunr);
    }
    return stores[mode];
  }

  // The engine and the suggestion index's manifest (on focus: the first keystroke needs them).
  function preload() {
    return loadScripts(ENGINE).then(function () { return store(SUGGEST_MODE).ready(); });
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

  // The rule that caps one list's height, added to the theme's own stylesheet: CSSOM, so no style
  // attribute and nothing a strict CSP blocks. Null when the sheet cannot be reached (the list
  // then keeps the stylesheet's cap).
  function capRule(list) {
    var sheets = document.styleSheets;
    for (var i = 0; i < sheets.length; i++) {
      if (!/\/kbgen\.css(\?|$)/.test(sheets[i].href || "")) continue;
      try {
        var at = sheets[i].insertRule("#" + CSS.escape(list.id) + " {}", sheets[i].cssRules.length);
        return sheets[i].cssRules[at];
      } catch (error) {
        return null;
      }
    }
    return null;
  }

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
      if (!saveData()) preload().catch(function () { /* offline: the form still submits */ });
    });
    this.input.addEventListener("input", function () { self.update(); });
    this.input.addEventListener("keydown", function (event) { self.key(event); });
    this.input.addEventListener("blur", function () {
      // let a click on a suggestion land before the list closes
      window.setTimeout(function () { self.close(); }, 150);
    });
    // The on-screen keyboard shrinks the visual viewport, not the layout one: the list is fitted
    // to what stays visible whenever it changes.
    var viewport = window.visualViewport;
    if (viewport) {
      viewport.addEventListener("resize", function () { self.fit(); });
      viewport.addEventListener("scroll", function () { self.fit(); });
    }
    window.addEventListener("resize", function () { self.fit(); });
  }

  // The list ends where the visible part of the page ends (above an on-screen keyboard): its
  // height is capped to the space below the input; it scrolls inside. With less room than three
  // options, the page first scrolls the input up to the top of what is visible.
  var LIST_GAP = 8, LIST_MIN = 88, LIST_WANTED = 3 * 44;
  Combobox.prototype.room = function () {
    var viewport = window.visualViewport;
    var visibleBottom = viewport ? viewport.offsetTop + viewport.height : window.innerHeight;
    return Math.floor(visibleBottom - this.input.getBoundingClientRect().bottom - LIST_GAP);
  };
  Combobox.prototype.fit = function () {
    if (this.list.hidden) return;
    if (this.cap === undefined) this.cap = capRule(this.list);
    if (!this.cap) return;
    if (this.room() < LIST_WANTED) {
      var viewport = window.visualViewport;
      var visibleTop = viewport ? viewport.offsetTop : 0;
      window.scrollBy(0, this.input.getBoundingClientRect().top - visibleTop - LIST_GAP);
    }
    this.cap.style.setProperty("--kb-suggestions-max", Math.max(this.room(), LIST_MIN) + "px");
    this.reveal();
  };

  // The active option scrolled into the list's visible part, moving the list only (never the page).
  Combobox.prototype.reveal = function () {
    if (this.active < 0) return;
    var option = this.options[this.active], list = this.list;
    var top = option.offsetTop, bottom = top + option.offsetHeight;
    if (top < list.scrollTop) list.scrollTop = top;
    else if (bottom > list.scrollTop + list.clientHeight) list.scrollTop = bottom - list.clientHeight;
  };

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
    var suggestions;
    loadScripts(ENGINE).then(nextTask).then(function () {
      if (!current()) return null; // the reader typed on: a newer query is coming
      suggestions = store(SUGGEST_MODE);
      // a newer keystroke abandons this query at its next slice (it resolves null)
      return window.kbgenSearch.search(suggestions, text, { prefix: true, limit: SUGGESTION_LIMIT,
                                                           cancelled: function () { return !current(); } });
    }).then(function (results) {
      if (!results || !current()) return null;
      results = results.filter(answering).slice(0, SUGGESTION_LIMIT);
      return suggestions.items("d", results.map(function (r) { return r.ref; })).then(function (docs) {
        return nextTask().then(function () { if (current()) self.render(text, results, docs); });
      });
    }).catch(function () { if (current()) self.close(); });
  };

  // docs: ref -> what the suggestion shows (the store's "d" chunks)
  Combobox.prototype.render = function (text, results, docs) {
    this.waiting = false;
    var list = this.list;
    var id = list.id;
    while (list.firstChild) list.removeChild(list.firstChild);
    this.options = [];
    this.active = -1;
    this.input.removeAttribute("aria-activedescendant");
    var self = this;
    results.forEach(function (result, i) {
      var doc = docs[result.ref];
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
    list.scrollTop = 0;
    this.input.setAttribute("aria-expanded", "true");
    this.fit();
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
    this.reveal();
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

  /* ---- start ----------------------------------------------------------------------------------- */

  // For kbgen-search-results.js (search.html), which runs after this script.
  window.kbgenSearchUi = {
    STATIC: STATIC, ENGINE: ENGINE, loadScripts: loadScripts, store: store, fill: fill, encode: encode,
    articleHref: articleHref, answering: answering, highlighted: highlighted, element: element
  };

  function start() {
    var forms = document.querySelectorAll("form.kb-search");
    for (var i = 0; i < forms.length; i++) new Combobox(forms[i]);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
