/*
 * kbgen-feedback.js: "Este artigo foi útil?" at the end of an article (partials/feedback.html).
 *
 * The block is written with `hidden`: without JavaScript there is nothing to answer with, so it is
 * not shown at all. Here it is revealed, and an answer becomes ONE same-origin GET of a small static
 * file the site publishes (data-kb-vote: _static/kbgen-voto.gif), which any static server answers
 * with 200 and writes to its access log; `kbgen report` reads the votes from there. The request
 * carries the article, the answer, the reason (one of a fixed list: never free text) and a random
 * per-vote nonce, so that no cache answers it instead of the server. No cookie is sent or set
 * (credentials: 'omit'); the strict CSP allows it (default-src 'self' covers connect-src).
 *
 * "Não" sends its vote at once (a reader who leaves then still counts); choosing a reason after it
 * sends one more request with the same nonce and the reason: the report counts the vote once and
 * the reason beside it. On file:// nothing is sent: the reader is only thanked. localStorage
 * remembers that this browser answered this article (nothing about the reader), so the question
 * is not asked again.
 */
(function () {
  'use strict';

  var STORE = 'kbgen-voto:';
  var REASONS = ['nao-resolveu', 'dificil', 'desatualizado', 'outro'];  // kbgen/analytics/votes.py REASONS

  function remembered(docname) {
    try { return window.localStorage.getItem(STORE + docname); } catch (e) { return null; }
  }

  function remember(docname, answer) {
    try { window.localStorage.setItem(STORE + docname, answer); } catch (e) { /* private mode, file:// */ }
  }

  function nonce() {
    var bytes = new Uint8Array(8);
    window.crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return (b + 256).toString(16).slice(1); }).join('');
  }

  function send(url, docname, answer, reason, id) {
    if (window.location.protocol === 'file:') return;  // no server to log it: only thank the reader
    var query = 'artigo=' + encodeURIComponent(docname) + '&voto=' + answer +
      (reason ? '&motivo=' + reason : '') + '&n=' + id;
    try {
      window.fetch(url + '?' + query, { credentials: 'omit', cache: 'no-store', keepalive: true,
        referrerPolicy: 'same-origin' }).catch(function () { /* a lost vote is not the reader's problem */ });
    } catch (e) { /* no fetch: the vote is lost, the page goes on */ }
  }

  function setUp(box) {
    var docname = box.getAttribute('data-kb-feedback') || '';
    var url = box.getAttribute('data-kb-vote') || '';
    if (!docname || !url) return;
    var question = box.querySelector('.kb-feedback-answers');
    var reasons = box.querySelector('.kb-feedback-reasons');
    var thanks = box.querySelector('.kb-feedback-thanks');
    var handoff = box.querySelector('.kb-feedback-handoff');
    var link = handoff && handoff.querySelector('a');
    var base = link ? link.getAttribute('href') : '';
    var id = '';

    function done(answer) {
      question.hidden = true;
      thanks.hidden = false;
      if (answer === 'nao' && handoff) handoff.hidden = false;
    }

    box.hidden = false;
    if (remembered(docname)) {  // answered before, in this browser
      question.hidden = true;
      thanks.hidden = false;
      return;
    }
    question.addEventListener('click', function (event) {
      var button = event.target.closest('button[data-kb-answer]');
      if (!button || id) return;
      var answer = button.getAttribute('data-kb-answer') === 'sim' ? 'sim' : 'nao';
      id = nonce();
      send(url, docname, answer, '', id);
      remember(docname, answer);
      done(answer);
      if (answer === 'nao' && reasons) reasons.hidden = false;
      thanks.focus();
    });
    if (reasons) {
      reasons.addEventListener('click', function (event) {
        var button = event.target.closest('button[data-kb-reason]');
        var reason = button && button.getAttribute('data-kb-reason');
        if (!reason || REASONS.indexOf(reason) < 0 || !id) return;
        send(url, docname, 'nao', reason, id);
        reasons.hidden = true;
        // the hand-off page gets the reason beside the article (kbgen-handoff-page.js reads motivo=)
        if (link && base) link.setAttribute('href', base + (base.indexOf('?') >= 0 ? '&' : '?') + 'motivo=' + reason);
      });
    }
  }

  document.addEventListener('DOMContentLoaded', function () {
    document.querySelectorAll('[data-kb-feedback]').forEach(setUp);
  });
}());
