// What the real ticket systems do with a link kbgen builds, re-implemented from their own source so
// that a change in kbgen that Zendesk or GLPI would ignore fails a test (tests/test_handoff_contracts.py,
// through tests/node_bridge.js). Each rule names the file and line it mirrors; keep them in step.
//
//   zendeskPrefill(href, form) -> {prefilled, values}    Copenhagen theme's new-request form
//   glpiPrefill(href, form)    -> {answers}              GLPI 11 forms (Form/Render/<id>)
//   sanitize(html, allowedTags)                          DOMPurify.sanitize, the parts the pre-fill uses
'use strict';

/* ---- DOMPurify, minimal ----------------------------------------------------------------------
 * DOMPurify.sanitize(value, {ALLOWED_TAGS}) as Zendesk calls it: the value is parsed as HTML; an
 * element whose tag is not allowed is removed but its text kept (KEEP_CONTENT), except the
 * elements whose content DOMPurify drops with them (FORBID_CONTENTS: script, style, template …);
 * allowed elements keep the default safe attributes (no on* handler, no javascript: URL); the
 * result is the body's innerHTML, so text comes back escaped (& < > and U+00A0 as &nbsp;) — but a
 * value without "<" comes back as it was (DOMPurify's shortcut in sanitize(): `dirty.indexOf('<') === -1`).
 * Checked against DOMPurify 3 under jsdom on the strings of tests/test_handoff_contracts.py.
 */
const VOID = new Set(['br', 'hr', 'img', 'input', 'wbr', 'col', 'area', 'base', 'link', 'meta', 'source', 'track',
  'embed', 'param']);
const DROP_CONTENT = new Set(['script', 'style', 'template', 'noscript', 'iframe', 'noembed', 'noframes', 'xmp',
  'plaintext', 'title', 'textarea', 'select', 'option', 'svg', 'math', 'object', 'audio', 'video', 'head']);
const SAFE_ATTRIBUTES = new Set(['class', 'dir', 'lang', 'title', 'id', 'align', 'start', 'type', 'value']);
const NAMED = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

function decode(text) {
  return text.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (whole, name) => {
    if (name[0] === '#') {
      const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      return code > 0 && code < 0x110000 ? String.fromCodePoint(code) : '\ufffd';
    }
    return Object.prototype.hasOwnProperty.call(NAMED, name.toLowerCase()) ? NAMED[name.toLowerCase()] : whole;
  });
}

function escapeText(text) {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\u00a0/g, '&nbsp;');
}

function escapeAttribute(text) {
  return text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/\u00a0/g, '&nbsp;');
}

function attributes(source) {
  const out = [];
  const pattern = /([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?/g;
  let match;
  while ((match = pattern.exec(source)) !== null) {
    const name = match[1].toLowerCase();
    const value = decode(match[2] ?? match[3] ?? match[4] ?? '');
    if (SAFE_ATTRIBUTES.has(name) && !/^\s*javascript:/i.test(value)) out.push([name, value]);
  }
  return out;
}

function sanitize(html, allowedTags) {
  if (String(html).indexOf('<') === -1) return String(html);
  const allowed = new Set(allowedTags);
  const tokens = /<!--[\s\S]*?(?:-->|$)|<\/([a-zA-Z][^\s/>]*)[^>]*>|<([a-zA-Z][^\s/>]*)((?:[^>"']|"[^"]*"|'[^']*')*)>|[^<]+|</g;
  const open = [];  // [tag, kept] of the elements still open
  let out = '', dropping = 0, match;
  while ((match = tokens.exec(String(html))) !== null) {
    const [whole, closing, opening, rest] = match;
    if (whole.startsWith('<!--')) continue;  // comments go (SAFE_FOR_TEMPLATES aside, DOMPurify drops them)
    if (opening) {
      const tag = opening.toLowerCase();
      if (dropping) { if (DROP_CONTENT.has(tag) && !VOID.has(tag)) dropping++; continue; }
      if (DROP_CONTENT.has(tag)) { dropping = 1; continue; }
      const kept = allowed.has(tag);
      if (kept) out += '<' + tag + attributes(rest || '').map(([n, v]) => ' ' + n + '="' + escapeAttribute(v) + '"').join('') + '>';
      if (!VOID.has(tag)) open.push([tag, kept]);
    } else if (closing) {
      const tag = closing.toLowerCase();
      if (dropping) { if (DROP_CONTENT.has(tag)) dropping--; continue; }
      const at = open.map((o) => o[0]).lastIndexOf(tag);
      if (at < 0) continue;  // a stray end tag changes nothing (</p> alone would add <p></p>: not needed here)
      while (open.length > at) {
        const [name, kept] = open.pop();
        if (kept) out += '</' + name + '>';
      }
    } else if (!dropping) {
      out += escapeText(decode(whole));
    }
  }
  while (open.length) {
    const [name, kept] = open.pop();
    if (kept) out += '</' + name + '>';
  }
  return out;
}

/* ---- Zendesk: the Copenhagen theme's new-request form -----------------------------------------
 * zendesk/copenhagen_theme src/modules/new-request-form/usePrefilledTicketFields.tsx
 * (@0e289a61), getPrefilledTicketFields:
 *   :5   MAX_URL_LENGTH = 2048, and :68 `if (href.length > MAX_URL_LENGTH) return fields;` — all or nothing
 *   :69  a parent_id parameter turns the pre-fill off
 *   :6   only keys starting with "tf_"; :34-58 getFieldFromId: a number is request[custom_fields][<id>],
 *        any other id request[<id>] (tf_subject, tf_description)
 *   :9-24 ALLOWED_HTML_TAGS, and :80 every value goes through DOMPurify.sanitize with them
 *   :84-  checkbox takes "true"/"false", multiselect a comma list of existing options, every other
 *        type the sanitized value as it is (a drop-down shows it only if it is an option's value:
 *        fields/DropDown.tsx)
 * The description is the rich-text editor (new_request_page.hbs: wysiwyg: true): it shows the
 * sanitized HTML.
 */
const ZENDESK_MAX_URL = 2048;
const ZENDESK_ALLOWED_TAGS = ['pre', 'strong', 'b', 'p', 'blockquote', 'ul', 'ol', 'li', 'h2', 'h3', 'h4', 'i', 'em',
  'br'];

function zendeskFieldName(id) {
  return Number.isNaN(Number(id)) ? 'request[' + id + ']' : 'request[custom_fields][' + id + ']';
}

// form: [{name, type, options?: [values]}] -> values by field name (only those the link set)
function zendeskPrefill(href, form) {
  const params = new URL(href).searchParams;
  if (href.length > ZENDESK_MAX_URL || params.get('parent_id')) return { prefilled: false, values: {} };
  const values = {};
  for (const [key, value] of params) {
    if (!key.startsWith('tf_')) continue;
    const field = form.find((f) => f.name === zendeskFieldName(key.substring(3)));
    if (!field) continue;
    const clean = sanitize(value, ZENDESK_ALLOWED_TAGS);
    if (field.type === 'partialcreditcard') continue;
    if (field.type === 'multiselect') {
      values[field.name] = clean.split(',').filter((v) => (field.options || []).includes(v));
    } else if (field.type === 'checkbox') {
      if (clean === 'true' || clean === 'false') values[field.name] = clean === 'true' ? 'on' : 'off';
    } else if (field.type === 'tagger') {
      if ((field.options || []).includes(clean)) values[field.name] = clean;  // else nothing is selected
    } else {
      values[field.name] = clean;
    }
  }
  return { prefilled: true, formId: params.get('ticket_form_id'), values: values };
}

/* ---- GLPI 11 forms ------------------------------------------------------------------------------
 * glpi-project/glpi src/Glpi/Form/Question.php:271-285 (@0042059c) setDefaultValueFromParameters:
 *   `if (isset($get[$uuid]))` — the GET key is the question's UUID, exactly (PHP array keys are
 *   case-sensitive); the value goes through the type's formatPredefinedValue, and null sets nothing.
 * formatPredefinedValue, per type (src/Glpi/Form/QuestionType/):
 *   AbstractQuestionType.php            null (every type that does not override it: dates, files, actors …)
 *   AbstractQuestionTypeShortAnswer.php the value (short text, e-mail, number)
 *   QuestionTypeLongText.php            the value, shown by the rich-text editor as HTML
 *   QuestionTypeUrgency.php             strtolower, then 'very low'|'verylow' 1, 'low' 2, 'medium' 3,
 *                                       'high' 4, 'very high'|'veryhigh' 5, else null
 *   QuestionTypeRequestType.php         strtolower, then 'incident' Ticket::INCIDENT_TYPE (1),
 *                                       'request' Ticket::DEMAND_TYPE (2), else null
 *   AbstractQuestionTypeSelectable      (drop-down, radio, checkbox) a comma list of option UUIDs, each
 *                                       trimmed, empty and malformed ones dropped, none: null
 *                                       (tests: AbstractQuestionTypeSelectableTest::formatPredefinedValueProvider);
 *                                       getValues() then checks only the options whose UUID is listed
 */
const GLPI_UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const GLPI_URGENCY = { 'very low': '1', verylow: '1', low: '2', medium: '3', high: '4', 'very high': '5', veryhigh: '5' };
const GLPI_REQUEST_TYPE = { incident: '1', request: '2' };

function glpiFormat(type, value) {
  switch (type) {
    case 'short_text': case 'email': case 'number': case 'long_text':
      return value;
    case 'urgency':
      return Object.prototype.hasOwnProperty.call(GLPI_URGENCY, value.toLowerCase()) ? GLPI_URGENCY[value.toLowerCase()] : null;
    case 'request_type':
      return Object.prototype.hasOwnProperty.call(GLPI_REQUEST_TYPE, value.toLowerCase())
        ? GLPI_REQUEST_TYPE[value.toLowerCase()] : null;
    case 'dropdown': case 'radio': case 'checkbox': {
      const uuids = value.split(',').map((v) => v.trim()).filter((v) => GLPI_UUID.test(v));
      return uuids.length ? uuids.join(',') : null;
    }
    default:
      return null;
  }
}

// form: [{uuid, type, options?: [option UUIDs]}] -> answers by question UUID (only those the link set)
function glpiPrefill(href, form) {
  const get = {};
  // PHP's $_GET: the last value of a repeated key wins; keys of UUIDs need none of parse_str's renaming
  for (const [key, value] of new URL(href).searchParams) get[key] = value;
  const answers = {};
  form.forEach((question) => {
    if (!Object.prototype.hasOwnProperty.call(get, question.uuid)) return;
    const value = glpiFormat(question.type, get[question.uuid]);
    if (value === null) return;
    if (question.options) {
      const checked = value.split(',').filter((uuid) => question.options.includes(uuid));
      if (checked.length) answers[question.uuid] = checked;
      return;
    }
    answers[question.uuid] = value;
  });
  return { answers: answers };
}

module.exports = { sanitize, zendeskPrefill, glpiPrefill, ZENDESK_ALLOWED_TAGS, ZENDESK_MAX_URL };
