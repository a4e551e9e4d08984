/*
 * kbgen-highlight.js: an article opened from search (?q=…) shows the query's words marked.
 *
 * Added by kbgen-handoff.js only when the address has q (no cost otherwise). It loads the search
 * box's word rules (kbgen-normalise.js, kbgen-search.js: classic scripts, so from file:// and under
 * the CSP; no index), turns the query into index terms as the search does (stems, compounds), and
 * wraps the words of the article's text that have one of them in <mark class="kb-hit">: text
 * nodes split and re-joined, never innerHTML. Code, the title and the heading links are left
 * alone. A one-line notice at the top of the article names the query and takes the marks away.
 */
(function () {
  'use strict';

  var STATIC = (document.currentScript && document.currentScript.src || '').replace(/[^/]*$/, '');
  var ENGINE = ['kbgen-normalise.js', 'kbgen-search.js'];
  // never marked: code as the reader must type it, the title, links to headings, what is not text
  var SKIP = 'code, pre, kbd, samp, var, script, style, template, textarea, select, svg, math, mark, ' +
    'header, nav, h1, .headerlink, .kb-highlight-notice';
  var MAX_MARKS = 400;  // a query of common words must not paint the whole page
  var MAX_SHOWN = 80;  // code points of the query named in the notice

  function load(name) {
    if (document.querySelector('script[src$="_static/' + name + '"]')) return waitFor(name);
    return new Promise(function (resolve, reject) {
      var script = document.createElement('script');
      script.src = STATIC + name;
      script.async = false;  // in order, downloaded in parallel
      script.onload = resolve;
      script.onerror = reject;
      document.head.appendChild(script);
    });
  }

  // The search box may have added the same script a moment ago: wait for its global.
  function waitFor(name) {
    var global = name === 'kbgen-normalise.js' ? 'kbgenNormalise' : 'kbgenSearch';
    return new Promise(function (resolve, reject) {
      var tries = 0;
      (function check() {
        if (window[global]) { resolve(); return; }
        if (++tries > 100) { reject(new Error(name)); return; }
        window.setTimeout(check, 50);
      }());
    });
  }

  // The index terms of the query's words (fillers dropped, as the search drops them).
  function queryTerms(q) {
    var terms = [];
    window.kbgenNormalise.queryWords(q).forEach(function (word) {
      [word.term].concat(word.parts).forEach(function (t) { if (t && terms.indexOf(t) < 0) terms.push(t); });
    });
    return terms;
  }

  function textNodes(article) {
    var nodes = [];
    var walker = document.createTreeWalker(article, NodeFilter.SHOW_TEXT, {
      acceptNode: function (node) {
        var skipped = node.parentElement && node.parentElement.closest(SKIP);
        return /\S/.test(node.nodeValue) && !(skipped && article.contains(skipped))
          ? NodeFilter.FILTER_ACCEPT : NodeFilter.FILTER_REJECT;
      }
    });
    while (walker.nextNode()) nodes.push(walker.currentNode);
    return nodes;
  }

  function mark(article, terms) {
    var search = window.kbgenSearch, count = 0;
    textNodes(article).forEach(function (node) {
      if (count >= MAX_MARKS) return;
      var text = node.nodeValue, ranges = search.highlight(text, terms).slice(0, MAX_MARKS - count);
      if (!ranges.length) return;
      count += ranges.length;
      var fragment = document.createDocumentFragment();
      search.segments(text, ranges).forEach(function (piece) {
        var el = document.createTextNode(piece.text);
        if (piece.highlight) {
          var m = document.createElement('mark');
          m.className = 'kb-hit';
          m.appendChild(el);
          el = m;
        }
        fragment.appendChild(el);
      });
      node.parentNode.replaceChild(fragment, node);
    });
    return count;
  }

  function unmark(article) {
    article.querySelectorAll('mark.kb-hit').forEach(function (m) {
      m.parentNode.replaceChild(document.createTextNode(m.textContent), m);
    });
    article.normalize();
  }

  function shown(q) {
    var points = Array.from(q);
    return points.length > MAX_SHOWN ? points.slice(0, MAX_SHOWN).join('') + '…' : q;
  }

  // "Destacando: “{q}”": the words around {q} stay whole, the query gives way on a narrow screen
  // ("…", kbgen-handoff.css); the whole query is in the text (screen readers) and the tooltip.
  function notice(article, q) {
    var box = document.createElement('p'), label = document.createElement('span'), query = document.createElement('span');
    var actions = document.createElement('span'), remove = document.createElement('button');
    var template = article.getAttribute('data-kb-highlighting') || '“{q}”', at = template.indexOf('{q}');
    if (at < 0) { template += ' {q}'; at = template.length - 3; }
    box.className = 'kb-highlight-notice';
    label.className = 'kb-highlight-label';
    query.className = 'kb-highlight-query';
    query.textContent = shown(q);
    query.title = q;
    label.appendChild(document.createTextNode(template.slice(0, at)));
    label.appendChild(query);
    label.appendChild(document.createTextNode(template.slice(at + 3)));
    remove.type = 'button';
    remove.className = 'kb-highlight-remove';
    remove.textContent = article.getAttribute('data-kb-highlight-remove') || '×';
    remove.addEventListener('click', function () {
      unmark(article);
      box.parentNode.removeChild(box);
      var title = article.querySelector('h1');  // focus stays in the article, where the button was
      if (title) { title.setAttribute('tabindex', '-1'); title.focus(); }
    });
    actions.className = 'kb-highlight-actions';
    actions.appendChild(document.createTextNode('· '));
    actions.appendChild(remove);
    box.appendChild(label);
    box.appendChild(document.createTextNode(' '));
    box.appendChild(actions);
    article.insertBefore(box, article.firstChild);
  }

  function run() {
    var article = document.querySelector('article.kb-article');
    var q = (new URLSearchParams(window.location.search).get('q') || '').replace(/\s+/g, ' ').trim();
    if (!article || !q) return;
    var engine = (window.kbgenNormalise ? Promise.resolve() : load(ENGINE[0])).then(function () {
      return window.kbgenSearch ? null : load(ENGINE[1]);  // it reads kbgenNormalise when it runs
    });
    engine.then(function () {
      var terms = queryTerms(q);
      if (terms.length && mark(article, terms)) notice(article, q);
    }, function () { /* no engine (not built, offline): the article as it is */ });
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', run);
  } else {
    run();
  }
}());
