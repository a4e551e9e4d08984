// Test driver for the hand-off and hours JS: one JSON request per line on stdin, one JSON answer per
// line on stdout, so one Node process serves a whole test module (and hypothesis's many examples).
//   {"fn": "build", "target": {...}, "context": {...}, "labels": {...}}  -> build()'s result
//   {"fn": "hours", "hours": {...}, "now": "ISO instant", "texts": {...}, "reader": "Zone"} -> status + message
'use strict';
const path = require('path');
const readline = require('readline');

const STATIC = path.resolve(__dirname, '..', 'kbgen', 'theme', 'kbgen', 'static');
const handoff = require(path.join(STATIC, 'kbgen-handoff.js'));
const hours = require(path.join(STATIC, 'kbgen-hours.js'));

const commands = {
  build: (r) => handoff.build(r.target, r.context, r.labels),
  hours: (r) => {
    const now = new Date(r.now);
    const result = hours.status(r.hours, now);
    return { status: result, message: r.texts ? hours.message(result, r.texts, r.reader, now, r.hours.tz) : null };
  },
};

const rl = readline.createInterface({ input: process.stdin });
rl.on('line', (line) => {
  let answer;
  try {
    const request = JSON.parse(line);
    answer = { ok: commands[request.fn](request) };
  } catch (e) {
    answer = { error: String(e && e.stack || e) };
  }
  process.stdout.write(JSON.stringify(answer) + '\n');
});
