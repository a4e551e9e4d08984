/*
 * kbgen-hours.js: "aberto agora" / "fora do horário de atendimento — volta às 7h", computed in
 * the reader's browser so that builds never depend on the clock.
 *
 * Each element with data-kb-hours carries the hours as JSON (kbgen/handoff/hours.py:hours_data):
 *   {tz, week: 7 × [[start, end]] minutes Monday first, on_call: same, holidays: {date: {name, rule}}}
 * where a holiday date is "YYYY-MM-DD" (that day) or "MM-DD" (every year) and its rule is closed,
 * on_call (only the on-call windows) or open. data-kb-hours-text carries the sentences (from the
 * theme's catalogue), the weekday names and the zone's name. The local date and time in the
 * channel's zone come from Intl.DateTimeFormat, never from the reader's clock settings.
 */
(function (root, factory) {
  if (typeof module !== 'undefined' && module.exports) {
    module.exports = factory(root);
  } else {
    root.kbgenHours = factory(root);
  }
}(typeof globalThis !== 'undefined' ? globalThis : this, function (root) {
  'use strict';

  var LOOKAHEAD_DAYS = 14;
  var formatters = {};

  function formatter(tz) {
    if (!formatters[tz]) {
      formatters[tz] = new Intl.DateTimeFormat('en-US', {
        timeZone: tz, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit',
        hour: '2-digit', minute: '2-digit'
      });
    }
    return formatters[tz];
  }

  // {y, m, d, minutes} of `date` on the wall clock of zone `tz`
  function localParts(date, tz) {
    var parts = {};
    formatter(tz).formatToParts(date).forEach(function (p) { parts[p.type] = p.value; });
    return { y: +parts.year, m: +parts.month, d: +parts.day, minutes: (+parts.hour % 24) * 60 + +parts.minute };
  }

  function day(hours, y, m, d, offset) {
    var date = new Date(Date.UTC(y, m - 1, d + offset));
    var iso = date.toISOString().slice(0, 10), weekday = (date.getUTCDay() + 6) % 7;
    var holiday = (hours.holidays || {})[iso] || (hours.holidays || {})[iso.slice(5)] || null;
    var rule = holiday ? holiday.rule : 'open';
    return {
      weekday: weekday,
      holiday: holiday ? holiday.name : null,
      regular: rule === 'open' ? hours.week[weekday] || [] : [],
      onCall: rule === 'closed' ? [] : (hours.on_call || [])[weekday] || []
    };
  }

  function inside(windows, t) {
    return windows.some(function (w) { return w[0] <= t && t < w[1]; });
  }

  /*
   * status(hours, now) -> {state: 'open'|'on_call'|'closed', holiday: name|null,
   *                        next: {days, minutes, weekday}|null}
   * next: when a closed channel opens again (days from today, in the channel's zone).
   */
  function status(hours, now) {
    var p = localParts(now, hours.tz), today = day(hours, p.y, p.m, p.d, 0), t = p.minutes;
    var state = inside(today.onCall, t) ? 'on_call' : inside(today.regular, t) ? 'open' : 'closed';
    var result = { state: state, holiday: today.holiday, next: null };
    if (state !== 'closed') return result;
    for (var offset = 0; offset < LOOKAHEAD_DAYS && !result.next; offset++) {
      var info = offset ? day(hours, p.y, p.m, p.d, offset) : today;
      var starts = info.regular.concat(info.onCall).map(function (w) { return w[0]; })
        .filter(function (s) { return offset > 0 || s > t; }).sort(function (a, b) { return a - b; });
      if (starts.length) result.next = { days: offset, minutes: starts[0], weekday: info.weekday };
    }
    return result;
  }

  function formatTime(minutes, texts) {
    var h = Math.floor(minutes / 60), m = minutes % 60;
    return (m ? texts.time_partial : texts.time_whole).replace('{h}', String(h))
      .replace('{mm}', (m < 10 ? '0' : '') + m);
  }

  function sameClock(now, tz, otherTz) {
    var a = localParts(now, tz), b = localParts(now, otherTz);
    return a.y === b.y && a.m === b.m && a.d === b.d && a.minutes === b.minutes;
  }

  // The sentence for a status; the zone is named when the reader's clock shows another time.
  function message(result, texts, readerTz, now, tz) {
    if (result.state === 'open') return texts.open;
    if (result.state === 'on_call') return texts.on_call;
    var text = texts.closed;
    if (result.holiday) text += ' (' + texts.holiday.replace('{name}', result.holiday) + ')';
    if (result.next) {
      var back = result.next.days === 0 ? texts.back_today : result.next.days === 1 ? texts.back_tomorrow
        : texts.back_day.replace('{day}', texts.days[result.next.weekday]);
      text += ' — ' + back.replace('{time}', formatTime(result.next.minutes, texts));
      if (readerTz && !sameClock(now, tz, readerTz)) text += ' (' + texts.zone + ')';
    }
    return text;
  }

  var api = { status: status, message: message, localParts: localParts };
  if (typeof document === 'undefined') return api;

  function readerZone() {
    try { return Intl.DateTimeFormat().resolvedOptions().timeZone; } catch (e) { return null; }
  }

  function refresh() {
    var now = new Date(), readerTz = readerZone();
    document.querySelectorAll('[data-kb-hours]').forEach(function (el) {
      var hours, texts;
      try {
        hours = JSON.parse(el.getAttribute('data-kb-hours'));
        texts = JSON.parse(el.getAttribute('data-kb-hours-text'));
      } catch (e) { return; }
      var result = status(hours, now);
      el.textContent = message(result, texts, readerTz, now, hours.tz);
      el.className = el.className.replace(/\s*kb-hours-(open|on-call|closed)/g, '') +
        ' kb-hours-' + result.state.replace('_', '-');
      el.hidden = false;
    });
  }

  root.document.addEventListener('DOMContentLoaded', function () {
    refresh();
    root.setInterval(refresh, 60000);  // a page left open keeps telling the truth
  });
  return api;
}));
