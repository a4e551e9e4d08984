/*
 * kbgen-handoff.js: the hand-off URL builder, browser side, and the "Registrar atendimento" page.
 *
 * build() is kbgen/handoff/builder.py step for step (a golden table holds both to the same bytes):
 * values are UTF-8 percent-encoded except A-Z a-z 0-9 - . _ ~ (a space is %20, never +), text is
 * made single-line, lone surrogates become U+FFFD, mail bodies use CRLF, and a URL over 2,048
 * characters gets its description cut by code points with "…", never the subject.
 *
 * Pages carry the configuration (data-kb-target) and their context (data-kb-context) as JSON,
 * written by Python; this file only adds what the browser alone knows: the query of the search
 * page and the subject the reader types. Every text shown comes from data- attributes (the
 * theme's message catalogue); nothing is inserted as HTML.
 */
(function (root, factory) {
  if (typeof module !== 'undefined' && module.exports) {
    module.exports = factory(root);
  } else {
    root.kbgenHandoff = factory(root);
  }
}(typeof globalThis !== 'undefined' ? globalThis : this, function (root) {
  'use strict';

  var MAX_URL = 2048;
  var DEFAULT_LABELS = { article: 'Artigo', set: 'Conjunto', query: 'Busca' };
  var GLPI_ORDER = ['subject', 'description', 'set', 'module', 'query'];
  var CONTEXT_KEYS = ['set_title', 'module_slug', 'module_title', 'article_title', 'article_url', 'query',
    'subject'];

  function wellFormed(text) {
    return String(text == null ? '' : text)
      .replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
  }

  function singleLine(text) {
    return wellFormed(text).replace(/[\t\n\r\f\v ]+/g, ' ').replace(/^ +| +$/g, '');
  }

  function encode(text) {
    return encodeURIComponent(wellFormed(text)).replace(/[!'()*]/g, function (c) {
      return '%' + c.charCodeAt(0).toString(16).toUpperCase();
    });
  }

  function clean(context) {
    var out = {};
    CONTEXT_KEYS.forEach(function (k) { out[k] = singleLine(context && context[k]); });
    return out;
  }

  function subject(c) {
    var where = [c.set_title, c.module_title].filter(Boolean).join(' / ');
    var title = c.subject || c.article_title || c.query;
    return [where ? '[' + where + ']' : '', title].filter(Boolean).join(' ');
  }

  function description(c, labels) {
    var lines = [];
    if (c.article_title) lines.push(labels.article + ': ' + c.article_title);
    if (c.article_url) lines.push(c.article_url);
    if (c.set_title) lines.push(labels.set + ': ' + c.set_title + (c.module_title ? ' › ' + c.module_title : ''));
    if (c.query) lines.push(labels.query + ': ' + c.query);
    return lines.join('\n');
  }

  function params(pairs) {
    return pairs.filter(function (p) { return p[1]; })
      .map(function (p) { return encode(p[0]) + '=' + encode(p[1]); }).join('&');
  }

  // Lookups by a key from the page's address (?artigo=, ?conjunto=) or from a slug must see only the
  // object's own entries: articles['constructor'] on a plain object is Object's constructor, and
  // 'constructor', 'toString', 'valueOf' are legal module slugs too.
  function own(obj, key) {
    return obj != null && Object.prototype.hasOwnProperty.call(obj, key) ? obj[key] : undefined;
  }

  function has(obj, key) { return own(obj, key) != null; }

  // Ticket-system ids travel as their digits (kbgen/handoff/ticket.py writes them as strings):
  // as a JSON number, an id above 2^53 would become the nearest double, another form's id.
  function id(value) {
    var digits = String(value == null ? '' : value);
    if (!/^[0-9]+$/.test(digits)) throw new Error('not a ticket-system id: ' + digits);
    return digits;
  }

  function url(target, c, subj, desc) {
    var system = target.system, query, base;
    if (system === 'email') {
      query = params([['subject', subj], ['body', desc.replace(/\n/g, '\r\n')]]);
      return 'mailto:' + encode(target.email).replace(/%40/g, '@') + (query ? '?' + query : '');
    }
    if (system === 'zendesk') {
      var pairs = [['ticket_form_id', id(target.ticket_form_id)], ['tf_subject', subj], ['tf_description', desc]];
      if (target.set_field && target.set_tag) pairs.push(['tf_' + id(target.set_field), target.set_tag]);
      var tag = c.module_slug ? own(target.module_tags, c.module_slug) : null;
      if (target.module_field && tag) pairs.push(['tf_' + id(target.module_field), tag]);
      base = String(target.url).replace(/\/+$/, '');
      return base + '/hc/' + encode(target.locale || 'pt-br') + '/requests/new?' + params(pairs);
    }
    if (system === 'osticket') {
      return String(target.url).replace(/\/+$/, '') + '/open.php?topicId=' + id(target.topic_id);
    }
    var values = { subject: subj, description: desc, set: c.set_title, module: c.module_title,
      article_url: c.article_url, query: c.query };
    if (system === 'glpi') {
      var questions = target.questions || {};
      query = params(GLPI_ORDER.filter(function (n) { return has(questions, n); })
        .map(function (n) { return [String(own(questions, n)), values[n]]; }));
      base = String(target.url);
      return base + (query ? (base.indexOf('?') >= 0 ? '&' : '?') + query : '');
    }
    if (system === 'url') {
      return String(target.template).replace(/\{(\w+)\}/g, function (m, name) {
        return encode(Object.prototype.hasOwnProperty.call(values, name) ? values[name] : '');
      });
    }
    throw new Error('unknown ticket system ' + system);
  }

  function travels(target) {
    if (target.system === 'osticket') return false;
    if (target.system === 'glpi') return has(target.questions, 'description');
    if (target.system === 'url') return String(target.template).indexOf('{description}') >= 0;
    return true;
  }

  // build(target, context, labels) -> {url, subject, description, details, travels}
  function build(target, context, labels) {
    var c = clean(context);
    labels = labels || DEFAULT_LABELS;
    var subj = subject(c);
    var full = description(c, labels);
    var desc = full;
    var link = url(target, c, subj, desc);
    var goes = travels(target);
    if (goes && link.length > MAX_URL && full) {
      var points = Array.from(full), low = 0, high = points.length - 1, best = 0, middle;
      while (low <= high) {
        middle = Math.floor((low + high) / 2);
        if (url(target, c, subj, points.slice(0, middle).join('') + '…').length <= MAX_URL) {
          best = middle; low = middle + 1;
        } else {
          high = middle - 1;
        }
      }
      desc = points.slice(0, best).join('') + '…';
      link = url(target, c, subj, desc);
    }
    return { url: link, subject: subj, description: desc, details: full ? subj + '\n\n' + full : subj,
      travels: goes };
  }

  function callQuery(setSlug, moduleSlug, docname, query) {
    return params([['conjunto', setSlug], ['modulo', moduleSlug], ['artigo', docname], ['q', query]]);
  }

  var api = { build: build, encode: encode, singleLine: singleLine, callQuery: callQuery, MAX_URL: MAX_URL };
  if (typeof document === 'undefined') return api;

  /* ---- the browser: call links, direct links ----------------------------------------------- */

  function json(el, name) {
    try { return JSON.parse(el.getAttribute(name) || 'null'); } catch (e) { return null; }
  }

  // Links have site-relative article URLs when kb.yml has no base_url: make them absolute here.
  function absolute(path) {
    if (!path || /^[a-z][a-z0-9+.-]*:/i.test(path)) return path || '';
    var rootEl = document.querySelector('[data-kb-root]');
    var base = new URL((rootEl && rootEl.getAttribute('data-kb-root')) || './', document.baseURI);
    return new URL(path, base).href;
  }

  function pageQuery() {
    return new URLSearchParams(root.location.search).get('q') || '';
  }

  function refreshDirect(link, extra) {
    var target = json(link, 'data-kb-target'), context = json(link, 'data-kb-context') || {};
    if (!target) return;
    Object.keys(extra || {}).forEach(function (k) { if (extra[k]) context[k] = extra[k]; });
    context.article_url = absolute(context.article_url);
    link.href = build(target, context, json(link, 'data-kb-labels') || DEFAULT_LABELS).url;
  }

  function enhanceCalls() {
    var q = pageQuery();
    // The query is known only in the browser (search.html?q=…): every call on the page carries it.
    document.querySelectorAll('a[data-kb-handoff-call]').forEach(function (a) {
      if (!q) return;
      var href = a.getAttribute('href'), cut = href.indexOf('?');
      var given = new URLSearchParams(cut >= 0 ? href.slice(cut + 1) : '');
      a.setAttribute('href', (cut >= 0 ? href.slice(0, cut) : href) + '?' +
        callQuery(given.get('conjunto') || '', given.get('modulo') || '', given.get('artigo') || '', q));
    });
    document.querySelectorAll('a[data-kb-target]:not([data-kb-handoff-go])').forEach(function (a) {
      refreshDirect(a, { query: q });
    });
  }

  /* ---- the browser: registrar-atendimento.html ---------------------------------------------- */

  function option(value, text) {
    var el = document.createElement('option');
    el.value = value;
    el.textContent = text;
    return el;
  }

  // The search box's engine and suggestion index, loaded as the search box loads them (classic
  // scripts: they work from file:// and under the CSP), once, when the reader starts typing.
  var SEARCH_SCRIPTS = ['kbgen-lunr.min.js', 'kbgen-normalise.js', 'kbgen-search.js', 'kbgen-search-suggest.js',
    'kbgen-search-docs.js'];
  var searchLoading = null;

  function loadSearch(siteRoot) {
    if (root.kbgenSearch && root.kbgenSearchData && root.kbgenSearchData.suggest) return Promise.resolve();
    if (!searchLoading) {
      searchLoading = Promise.all(SEARCH_SCRIPTS.map(function (name) {
        var src = siteRoot + '_static/' + name;
        if (document.querySelector('script[src$="_static/' + name + '"]')) return null;  // already there
        return new Promise(function (resolve) {
          var script = document.createElement('script');
          script.src = src;
          script.async = false;  // in order, downloaded in parallel
          script.onload = resolve;
          script.onerror = resolve;  // no index: no suggestions, nothing else changes
          document.head.appendChild(script);
        });
      }));
    }
    return searchLoading;
  }

  // Articles that may answer what the reader types, from the search box's suggestion index
  // (kbgen-search.js). Without it (not loaded, or not built) nothing is shown.
  function suggest(panel, text, skipUrl, siteRoot) {
    var list = panel.querySelector('ul'), search = root.kbgenSearch, data = root.kbgenSearchData;
    var idx = search && search.index && search.query && data && data.docs ? search.index('suggest') : null;
    var hits = idx && text.length >= 3 ? search.query(idx, text, { prefix: true, limit: 6 }) : [];
    list.textContent = '';
    hits.forEach(function (hit) {
      var doc = own(data.docs, hit.ref);
      if (!doc || doc.url === skipUrl) return;
      var li = document.createElement('li'), a = document.createElement('a'), where = document.createElement('span');
      a.href = siteRoot + doc.url;
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
    var sets = json(page, 'data-kb-sets') || [], articles = json(page, 'data-kb-articles') || {};
    var labels = json(page, 'data-kb-labels') || DEFAULT_LABELS, messages = json(page, 'data-kb-messages') || {};
    var siteRoot = page.getAttribute('data-kb-root') || '', base = page.getAttribute('data-kb-base') || '';
    var $ = function (sel) { return page.querySelector(sel); };
    var form = $('.kb-handoff-form'), setSelect = $('#kb-handoff-set'), moduleSelect = $('#kb-handoff-module');
    var subjectInput = $('#kb-handoff-subject'), go = $('[data-kb-handoff-go]'), ready = $('.kb-handoff-ready');
    var choose = $('.kb-handoff-choose'), preview = $('.kb-handoff-subject-preview'), copy = $('.kb-copy');
    var copyText = $('#kb-copy-text'), copyStatus = $('.kb-copy-status'), status = $('.kb-handoff-status');
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
    var articleUrl = docname ? (base ? base + docname + '.html' : absolute(docname + '.html')) : '';

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
      var own = document.querySelector('[data-kb-channel-of="' + slug + '"]') ? slug : '';
      channels.forEach(function (el) { el.hidden = el.getAttribute('data-kb-channel-of') !== own; });
    }

    function update() {
      var chosen = bySlug.get(setSelect.value);
      showChannel(chosen ? chosen.slug : '');
      choose.hidden = !!chosen;
      ready.hidden = !chosen;
      if (!chosen) return;
      var module = chosen.modules.filter(function (m) { return m[0] === moduleSelect.value; })[0];
      var result = build(chosen.target, {
        set_title: chosen.title, module_slug: module ? module[0] : '', module_title: module ? module[1] : '',
        article_title: entry ? entry[0] : '', article_url: articleUrl, query: query, subject: subjectInput.value
      }, labels);
      go.href = result.url;
      go.textContent = chosen.label;
      preview.textContent = result.subject;
      copy.hidden = result.travels;
      copyText.value = result.details;
      copyStatus.textContent = '';
      status.hidden = !chosen.status_url;
      if (chosen.status_url) status.querySelector('a').href = chosen.status_url;
    }

    setSelect.value = setSlug;
    fillModules(moduleSlug);
    if (entry) {
      articleNote.hidden = false;
      articleNote.querySelector('a').href = articleUrl;
      articleNote.querySelector('a').textContent = entry[0];
    }
    if (query) subjectInput.placeholder = query;
    form.hidden = false;
    page.querySelectorAll('[data-kb-without-js]').forEach(function (el) { el.hidden = true; });

    var timer = null;
    setSelect.addEventListener('change', function () { fillModules(''); update(); });
    moduleSelect.addEventListener('change', update);
    subjectInput.addEventListener('input', function () {
      update();
      clearTimeout(timer);
      timer = setTimeout(function () {
        loadSearch(siteRoot).then(function () {
          suggest(panel, singleLine(subjectInput.value), docname ? docname + '.html' : '', siteRoot);
        });
      }, 120);
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
    update();
  }

  api.refreshDirect = refreshDirect;
  root.document.addEventListener('DOMContentLoaded', function () {
    enhanceCalls();
    handoffPage();
  });
  return api;
}));
