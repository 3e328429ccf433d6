#!/usr/bin/env node
// parse_citationjs.js - parse RIS or BibTeX/BibLaTeX with citation-js and print CSL-JSON.
//
// Usage: node parse_citationjs.js FILE|- --from ris|bibtex
//
// citation-js is an independent parser: rnnbib's tests feed it rnnbib's own RIS
// and BibTeX output and check that each work's fields survive.  The modules are
// found through NODE_PATH (tests/nodeutil.py sets it to the install folder).
// Output: a JSON array of CSL items (citation-js' internal `_graph` removed) on
// stdout; citation-js log messages on stderr.
// Exit: 0 parsed, 2 usage error, unreadable input, parse error or no item.
'use strict';
const fs = require('fs');

function fail(msg) {
  process.stderr.write(msg + '\n');
  process.exit(2);
}

const argv = process.argv.slice(2);
let file = null;
let from = null;
for (let i = 0; i < argv.length; i++) {
  if (argv[i] === '--from') from = argv[++i];
  else if (file === null) file = argv[i];
  else fail('usage: parse_citationjs.js FILE|- --from ris|bibtex');
}
const FORCE = { ris: '@ris/file', bibtex: '@biblatex/text' };
if (!file || !FORCE[from]) fail('usage: parse_citationjs.js FILE|- --from ris|bibtex');

const { Cite, logger } = require('@citation-js/core');
require('@citation-js/plugin-ris');
require('@citation-js/plugin-bibtex');
require('@citation-js/plugin-csl');

logger.level = 'silent';
const origOutput = logger._output.bind(logger);
logger._output = function (level, scope, msg) {
  if (['unmapped', 'warn', 'error'].includes(level)) {
    const text = msg.map((m) => (typeof m === 'string' ? m : JSON.stringify(m))).join(' ');
    process.stderr.write('citation-js ' + level + ': ' + scope + ' ' + text + '\n');
  }
  return origOutput(level, scope, msg);
};

let text;
try {
  text = fs.readFileSync(file === '-' ? 0 : file, 'utf8');
} catch (e) {
  fail('cannot read ' + file + ': ' + e.message);
}
let cite;
try {
  cite = new Cite(text, { forceType: FORCE[from] });
} catch (e) {
  fail('citation-js parse error: ' + (e && e.message ? e.message : e));
}
const items = cite.data.map((item) => {
  const out = {};
  for (const [k, v] of Object.entries(item)) if (!k.startsWith('_')) out[k] = v;
  return out;
});
if (items.length === 0) fail('citation-js parsed no item');
process.stdout.write(JSON.stringify(items, null, 2) + '\n');
