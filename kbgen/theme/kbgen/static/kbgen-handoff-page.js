/*
 * kbgen-handoff-page.js: the "Registrar atendimento" page (registrar-atendimento.html), loaded by
 * that page only, after kbgen-handoff.js (whose build() makes the link).
 *
 * registrar-atendimento.html?conjunto=<set>&modulo=<module>&artigo=<docname>&q=<query>: the set
 * and module are pre-selected, the query pre-fills "Assunto" and travels in the context. As the
 * reader types the subject and the description, articles that may answer are suggested: the
 * search engine (kbgen-search.js) on the sharded index (kbgen-search-store.js, through the search
 * box's kbgenSearchUi: the same scripts and stores, loaded once) with the selected set and module
 * as its prior, answering results only. Every text shown comes from data- attributes or the
 * search data, as text nodes.
 */
(function (root, factory) {
  if (typeof module !== 'undefined' && module.exports) {
    module.exports = factory(root, require('./kbgen-handoff.js'));
  } else {
    root.kbgenHandoffPage = factory(root, root.kbgenHandoff);
  }
}(typeof globalThis !== 'undefined' ? globalThis : this, function (root, handoff) {
  'use strict';

  var MAX_SUGGESTIONS = 5;
  var MIN_TEXT = 3;  // fewer characters suggest nothing: one or two letters match half the site
  var DEBOUNCE_MS = 150;
  var FULL_INDEX_WORDS = 4;  // from this many words the text reads as a description, not a search
  var own = handoff.own;

  /* ---- pure parts (tested under Node) ------------------------------------------------------- */

  // The engine's options: at most one more answering result than shown (the reader's article may
  // be among them), and the selected set and module as its prior (the reader's context, never a
  // filter: search.storePrior gives 1 to the module's articles, 0.5 to the rest of the set, from
  // the store's manifest: no document chunk is loaded for it).
  // A few words are completed as in the search box (prefix); a description is read as whole words
  // (its last one, maybe unfinished, is one of many): on the sample's judged descriptions that
  // ranks better (MRR@5 0.78 against 0.76).
  function queryOptions(search, store, setSlug, moduleSlug, kind) {
    var options = { prefix: kind !== 'full', limit: MAX_SUGGESTIONS + 1 };
    if (setSlug && search.storePrior) options.prior = search.storePrior(store, setSlug, moduleSlug);
    return options;
  }

  // What the engine reads: the subject and the description, as one line.
  function suggestionText(subject, description) {
    return handoff.singleLine(String(subject || '') + ' ' + String(description || ''));
  }

  // At most `max` articles that answer (a result without `answers` comes from an engine that does
  // not judge: it counts as answering), each once, never the article the reader came from (the
  // page names it already).
  function pick(hits, docs, skipUrl, max) {
    var out = [], seen = Object.create(null);
    (hits || []).forEach(function (hit) {
      var doc = hit ? own(docs, hit.ref) : null;
      if (out.length >= max || !doc || hit.answers === false || doc.url === skipUrl || seen[doc.url]) return;
      seen[doc.url] = true;
      out.push(doc);
    });
    return out;
  }

  // Which index to ask: a few words are a search, for which the small suggestion index (titles,
  // tags, descriptions) is made; a description is told in words that titles rarely hold, so it is
  // read against every word of every article (the full index: only the shards of its words).
  function indexKind(text) {
    return handoff.singleLine(text).split(' ').length >= FULL_INDEX_WORDS ? 'full' : 'suggest';
  }

  // The store's mode of an index kind (kbgen/search/shards.py: "s" suggestions, "f" full).
  var MODES = { suggest: 's', full: 'f' };

  /*
   * suggestions(search, store, request) -> a promise of the articles to show (at most
   * MAX_SUGGESTIONS, pick()'s): the engine's answering results on the store's index, then the
   * document chunks of those results only. request: {text, kind, set, module, skipUrl}.
   */
  function suggestions(search, store, request) {
    var options = queryOptions(search, store, request.set, request.module, request.kind);
    return search.search(store, request.text, options).then(function (hits) {
      var refs = (hits || []).filter(function (hit) { return hit && hit.answers !== false; })
        .map(function (hit) { return hit.ref; });
      return store.items('d', refs).then(function (docs) {
        return pick(hits, docs, request.skipUrl, MAX_SUGGESTIONS);
      });
    });
  }

  var api = { queryOptions: queryOptions, suggestionText: suggestionText, pick: pick, indexKind: indexKind,
    suggestions: suggestions, MODES: MODES, MAX_SUGGESTIONS: MAX_SUGGESTIONS };
  if (typeof document === 'undefined') return api;

  /* ---- the search engine, on demand --------------------------------------------------------- */

  // The search box's script (kbgen-search-ui.js, on every page) loads the engine and keeps one
  // store per index: classic scripts added to <head>, which work from file:// and under the CSP,
  // loaded when the reader starts typing; what the search box loaded already is not loaded again.
  // A promise of the store of `kind`; rejected without the search box or the engine.
  function openStore(kind) {
    var ui = root.kbgenSearchUi;
    if (!ui || !ui.loadScripts || !ui.store) return Promise.reject(new Error('no kbgenSearchUi'));
    return ui.loadScripts(ui.ENGINE).then(function () { return ui.store(MODES[kind]); });
  }

  /* ---- the page ----------------------------------------------------------------------------- */

  function option(value, text) {
    var el = document.createElement('option');
    el.value = value;
    el.textContent = text;
    return el;
  }

  // Shows the articles that may answer what the reader wrote (docs: suggestions()'s); none (text
  // too short, no engine, no index built) hides the panel.
  function show(panel, request, docs) {
    var list = panel.querySelector('ul');
    list.textContent = '';
    docs.forEach(function (doc) {
      var li = document.createElement('li'), a = document.createElement('a'), where = document.createElement('span');
      // the subject travels (?q=): the article highlights its words and its call carries it back
      a.href = request.siteRoot + doc.url + (request.q ? '?q=' + handoff.encode(request.q) : '');
      a.textContent = doc.title;
      where.className = 'kb-handoff-suggestion-where';
      where.textContent = [doc.set, doc.module].filter(Boolean).join(' › ');
      li.appendChild(a);
      li.appendChild(where);
      list.appendChild(li);
    });
    panel.hidden = !list.children.length;
  }

  function handoffPage() {
    var page = document.querySelector('[data-kb-handoff-page]');
    if (!page) return;
    var json = handoff.json, singleLine = handoff.singleLine;
    var sets = json(page, 'data-kb-sets') || [], articles = json(page, 'data-kb-articles') || {};
    var labels = json(page, 'data-kb-labels') || handoff.DEFAULT_LABELS;
    var messages = json(page, 'data-kb-messages') || {};
    var siteRoot = page.getAttribute('data-kb-root') || '', base = page.getAttribute('data-kb-base') || '';
    var $ = function (sel) { return page.querySelector(sel); };
    var form = $('.kb-handoff-form'), setSelect = $('#kb-handoff-set'), moduleSelect = $('#kb-handoff-module');
    var subjectInput = $('#kb-handoff-subject'), descriptionInput = $('#kb-handoff-description');
    var go = $('[data-kb-handoff-go]'), ready = $('.kb-handoff-ready');
    var choose = $('.kb-handoff-choose'), preview = $('.kb-handoff-subject-preview'), copy = $('.kb-copy');
    var copyText = $('#kb-copy-text'), copyStatus = $('.kb-copy-status'), status = $('.kb-handoff-status');
    var cannotTravel = $('.kb-copy-cannot-travel'), tooLong = $('.kb-copy-too-long');
    var articleNote = $('.kb-handoff-article'), panel = $('.kb-handoff-suggestions');
    var bySlug = new Map();
    sets.forEach(function (s) { bySlug.set(s.slug, s); });

    var params = new URLSearchParams(root.location.search);
    var docname = params.get('artigo') || '', entry = own(articles, docname);  // [title, set slug, module slug]
    if (!Array.isArray(entry)) entry = null;
    var setSlug = params.get('conjunto') || '', moduleSlug = params.get('modulo') || '';
    if (entry) { setSlug = entry[1]; moduleSlug = entry[2]; } else { docname = ''; }
    if (!bySlug.has(setSlug)) { setSlug = ''; moduleSlug = ''; }
    var query = singleLine(params.get('q') || '');
    // The article's address in the ticket text is absolute (base_url's, else where this copy of the
    // site is: an agent must be able to open it); the link on this page stays within the site, so
    // that an intranet copy, a staging host or file:// never sends the reader to base_url.
    var articleUrl = docname ? (base ? base + docname + '.html' : handoff.absolute(docname + '.html')) : '';
    var articleHere = docname ? siteRoot + docname + '.html' : '';

    function fillModules(selected) {
      var chosen = bySlug.get(setSelect.value);
      while (moduleSelect.options.length > 1) moduleSelect.remove(1);
      (chosen ? chosen.modules : []).forEach(function (m) { moduleSelect.appendChild(option(m[0], m[1])); });
      moduleSelect.value = chosen && chosen.modules.some(function (m) { return m[0] === selected; }) ? selected : '';
      moduleSelect.disabled = !chosen;
    }

    // beside the form: the chosen set's own phones and hours, when it has some, else the site's
    var channels = document.querySelectorAll('[data-kb-channel-of]');

    function showChannel(slug) {
      var mine = document.querySelector('[data-kb-channel-of="' + slug + '"]') ? slug : '';
      channels.forEach(function (el) { el.hidden = el.getAttribute('data-kb-channel-of') !== mine; });
    }

    function update() {
      var chosen = bySlug.get(setSelect.value);
      showChannel(chosen ? chosen.slug : '');
      choose.hidden = !!chosen;
      ready.hidden = !chosen;
      if (!chosen) return;
      var module = chosen.modules.filter(function (m) { return m[0] === moduleSelect.value; })[0];
      var result = handoff.build(chosen.target, {
        set_title: chosen.title, module_slug: module ? module[0] : '', module_title: module ? module[1] : '',
        article_title: entry ? entry[0] : '', article_url: articleUrl, query: query, subject: subjectInput.value,
        description: descriptionInput.value
      }, labels);
      go.href = result.url;
      go.textContent = chosen.label;
      preview.textContent = result.subject;
      // the details to copy: where the form takes none, and where the description did not fit the link
      copy.hidden = result.travels && !result.shortened;
      cannotTravel.hidden = result.travels;
      tooLong.hidden = !result.travels;
      copyText.value = result.details;
      copyStatus.textContent = '';
      status.hidden = !chosen.status_url;
      if (chosen.status_url) status.querySelector('a').href = chosen.status_url;
    }

    var timer = null;

    function suggestSoon() {
      clearTimeout(timer);
      timer = setTimeout(function () {
        var text = suggestionText(subjectInput.value, descriptionInput.value), kind = indexKind(text);
        var request = { text: text, kind: kind, set: setSelect.value,
          module: moduleSelect.value, skipUrl: docname ? docname + '.html' : '', siteRoot: siteRoot,
          q: singleLine(subjectInput.value) };
        if (request.text.length < MIN_TEXT) { show(panel, request, []); return; }
        // only the latest text: a slow shard must not show the suggestions of an older one
        function current() {
          return request.text === suggestionText(subjectInput.value, descriptionInput.value) &&
            request.set === setSelect.value && request.module === moduleSelect.value;
        }
        openStore(kind).then(function (store) {
          return current() ? suggestions(root.kbgenSearch, store, request) : null;
        }).then(function (docs) {
          if (docs && current()) show(panel, request, docs);
        }, function () {
          if (current()) show(panel, request, []);  // no engine, no index: no suggestions, nothing else changes
        });
      }, DEBOUNCE_MS);
    }

    setSelect.value = setSlug;
    fillModules(moduleSlug);
    if (entry) {
      articleNote.hidden = false;
      articleNote.querySelector('a').setAttribute('href', articleHere);
      articleNote.querySelector('a').textContent = entry[0];
    }
    if (query && !subjectInput.value) subjectInput.value = query;  // what they searched is their subject
    form.hidden = false;
    page.querySelectorAll('[data-kb-without-js]').forEach(function (el) { el.hidden = true; });

    setSelect.addEventListener('change', function () { fillModules(''); update(); suggestSoon(); });
    moduleSelect.addEventListener('change', function () { update(); suggestSoon(); });
    [subjectInput, descriptionInput].forEach(function (input) {
      input.addEventListener('input', function () { update(); suggestSoon(); });
    });
    form.addEventListener('submit', function (event) {
      event.preventDefault();
      if (!ready.hidden) go.click();
    });
    $('.kb-copy-button').addEventListener('click', function () {
      function selectIt() {  // no clipboard (http://, old browser, refused): the reader copies it
        copyText.focus();
        copyText.select();
        copyStatus.textContent = messages.select || '';
      }
      var clip = root.navigator && root.navigator.clipboard;
      if (!clip || !clip.writeText) { selectIt(); return; }
      clip.writeText(copyText.value).then(function () { copyStatus.textContent = messages.copied || ''; }, selectIt);
    });
    $('.kb-copy-button').hidden = false;
    // ?motivo= (an article's "Foi útil?" → Não, kbgen-feedback.js): its sentence starts the description
    var motivo = params.get('motivo') || '';
    if (/^[a-z-]+$/.test(motivo) && !descriptionInput.value) {
      descriptionInput.value = descriptionInput.getAttribute('data-kb-motivo-' + motivo) || '';
    }
    update();
    if (subjectInput.value || descriptionInput.value) suggestSoon();  // ?q=, or a form the browser restored
  }

  root.document.addEventListener('DOMContentLoaded', handoffPage);
  return api;
}));
