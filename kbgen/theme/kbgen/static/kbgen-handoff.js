/*
 * kbgen-handoff.js: the hand-off URL builder, browser side, and the calls on every page (the
 * "Registrar atendimento" page itself is kbgen-handoff-page.js; an article opened with ?q= gets
 * kbgen-highlight.js).
 *
 * build() is kbgen/handoff/builder.py step for step (a golden table holds both to the same bytes):
 * values are UTF-8 percent-encoded except A-Z a-z 0-9 - . _ ~ (a space is %20, never +), text is
 * made single-line (but the reader's description, which keeps its lines and goes last), lone
 * surrogates become U+FFFD, mail bodies use CRLF, Zendesk's description and GLPI's long-text answer
 * are HTML paragraphs (htmlParagraphs), a URL over 2,048 characters gets its description cut by code
 * points with "…", never the subject, and a mailto: link over 1,900 loses the description's last
 * whole lines, a "…" line in their place.
 *
 * Pages carry the configuration (data-kb-target) and their context (data-kb-context) as JSON,
 * written by Python; this file only adds what the browser alone knows: the query of the search
 * page or article (?q=, carried on to the hand-off page by every call) and what the reader types.
 * Every text shown comes from data- attributes (the theme's message catalogue); nothing is
 * inserted as HTML.
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
  var MAX_MAIL = 1900;
  var DEFAULT_LABELS = { article: 'Artigo', set: 'Conjunto', query: 'Busca', description: 'Descrição' };
  var GLPI_ORDER = ['subject', 'description', 'set', 'module', 'urgency', 'type', 'query'];
  var CONTEXT_KEYS = ['set_title', 'module_slug', 'module_title', 'article_title', 'article_url', 'query',
    'subject'];

  function wellFormed(text) {
    return String(text == null ? '' : text)
      .replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
  }

  function singleLine(text) {
    return wellFormed(text).replace(/[\t\n\r\f\v ]+/g, ' ').replace(/^ +| +$/g, '');
  }

  // builder.py's multi_line: lines kept (any line break becomes LF), spaces in a line made one,
  // at most one blank line in a row, nothing blank at either end.
  function multiLine(text) {
    return wellFormed(text).replace(/\r\n?|[\u0085\u2028\u2029]/g, '\n').split('\n')
      .map(function (line) { return line.replace(/[\t\f\v ]+/g, ' ').replace(/^ +| +$/g, ''); })
      .join('\n').replace(/\n{3,}/g, '\n\n').replace(/^\n+|\n+$/g, '');
  }

  function encode(text) {
    return encodeURIComponent(wellFormed(text)).replace(/[!'()*]/g, function (c) {
      return '%' + c.charCodeAt(0).toString(16).toUpperCase();
    });
  }

  function clean(context) {
    var out = {};
    CONTEXT_KEYS.forEach(function (k) { out[k] = singleLine(context && context[k]); });
    out.description = multiLine(context && context.description);
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
    // last: a URL too long for it loses the end of what the reader wrote first
    if (c.description) lines.push((labels.description || DEFAULT_LABELS.description) + ': ' + c.description);
    return lines.join('\n');
  }

  // builder.py's html_paragraphs: a blank line starts a paragraph, a line break is <br>, the text
  // escaped; no other tag (Zendesk's pre-fill keeps DOMPurify's allowed tags only:
  // copenhagen_theme usePrefilledTicketFields.tsx:9-24), so a link the reader typed stays text.
  function htmlParagraphs(text) {
    return text.split('\n\n').filter(Boolean).map(function (paragraph) {
      return '<p>' + paragraph.split('\n').map(function (line) {
        return line.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\u00a0/g, '&nbsp;');
      }).join('<br>') + '</p>';
    }).join('');
  }

  // builder.py's zendesk_subject: DOMPurify parses a value with "<" as HTML, in a plain text input
  function zendeskSubject(text) {
    return text.replace(/</g, '\u2039').replace(/>/g, '\u203a');
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
      var pairs = [['ticket_form_id', target.ticket_form_id ? id(target.ticket_form_id) : ''],
        ['tf_subject', zendeskSubject(subj)], ['tf_description', htmlParagraphs(desc)]];
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
      var option = c.module_slug ? own(target.module_options, c.module_slug) : null;
      values = { subject: subj, description: htmlParagraphs(desc), set: target.set_option || c.set_title,
        module: option || c.module_title, urgency: target.urgency || '', type: target.request_type || '',
        query: c.query };
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
    if (target.system === 'email' && link.length > MAX_MAIL && full) {
      var lines = full.split('\n'), lo = 0, hi = lines.length - 1, most = 0, mid;
      while (lo <= hi) {  // the most whole lines that still fit; the length grows with them
        mid = Math.floor((lo + hi) / 2);
        if (url(target, c, subj, lines.slice(0, mid).concat(['…']).join('\n')).length <= MAX_MAIL) {
          most = mid; lo = mid + 1;
        } else {
          hi = mid - 1;
        }
      }
      desc = lines.slice(0, most).concat(['…']).join('\n');
      link = url(target, c, subj, desc);
    } else if (goes && link.length > MAX_URL && full) {
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
      travels: goes, shortened: desc !== full };
  }

  function callQuery(setSlug, moduleSlug, docname, query) {
    return params([['conjunto', setSlug], ['modulo', moduleSlug], ['artigo', docname], ['q', query]]);
  }

  var api = { build: build, encode: encode, singleLine: singleLine, multiLine: multiLine, callQuery: callQuery,
    htmlParagraphs: htmlParagraphs, own: own, MAX_URL: MAX_URL, MAX_MAIL: MAX_MAIL, DEFAULT_LABELS: DEFAULT_LABELS };
  if (typeof document === 'undefined') return api;

  /* ---- the browser: call links, direct links ----------------------------------------------- */

  // this script's folder (_static/), for the scripts it adds
  var STATIC = (document.currentScript && document.currentScript.src || '').replace(/[^/]*$/, '');

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

  /* ---- the browser: an article opened from search ----------------------------------------- */

  // An article opened with ?q= (from the results page or a suggestion) highlights the query's
  // words: kbgen-highlight.js, a classic script added only then (nothing to download otherwise).
  function highlightQuery() {
    if (!pageQuery() || !STATIC || !document.querySelector('article.kb-article')) return;
    var script = document.createElement('script');
    script.src = STATIC + 'kbgen-highlight.js';
    document.head.appendChild(script);
  }

  api.refreshDirect = refreshDirect;
  api.absolute = absolute;
  api.json = json;
  root.document.addEventListener('DOMContentLoaded', function () {
    enhanceCalls();
    highlightQuery();
  });
  return api;
}));
