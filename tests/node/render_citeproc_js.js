#!/usr/bin/env node
// render_citeproc_js.js - the reference rendering for rnnbib's formatted-output tests:
// render CSL-JSON items with citeproc-js (npm "citeproc", the CSL processor in Zotero,
// Mendeley and pandoc) into a bibliography.
//
// Usage:
//   node render_citeproc_js.js --style STYLE.csl --locales-dir DIR [--locale en-US]
//        [--format text|html] < ITEMS.json
//
// Prints JSON: {"processor_version", "locale", "format", "bibstart", "bibend",
//               "entries": [{"id", "text"}...] (the style's bibliography order), "warnings"}.
// Exit: 0 ok; 1 rendering failed or an item is missing; 2 usage error.
// Modelled on ../shared/tools/clients/node/render_citeproc_js.js; the package is found
// through NODE_PATH (see tests/nodeutil.py).
'use strict';
const fs = require('fs');
const path = require('path');

const args = { format: 'text', locale: 'en-US' };
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i++) {
  const name = argv[i];
  const value = argv[i + 1];
  if (name === '--style') args.style = value;
  else if (name === '--locales-dir') args.localesDir = value;
  else if (name === '--locale') args.locale = value;
  else if (name === '--format') args.format = value;
  else {
    process.stderr.write('unknown argument ' + name + '\n');
    process.exit(2);
  }
  i++;
}
if (!args.style || !args.localesDir || !['text', 'html'].includes(args.format)) {
  process.stderr.write('usage: --style STYLE.csl --locales-dir DIR [--locale L] [--format text|html] < items\n');
  process.exit(2);
}

const CSL = require('citeproc');
const items = JSON.parse(fs.readFileSync(0, 'utf8'));
const byId = new Map(items.map((it) => [String(it.id), Object.assign({}, it, { id: String(it.id) })]));
const warnings = [];

const sys = {
  retrieveItem: (id) => byId.get(String(id)),
  retrieveLocale: (lang) => {
    const file = path.join(args.localesDir, 'locales-' + lang + '.xml');
    if (fs.existsSync(file)) return fs.readFileSync(file, 'utf8');
    warnings.push('locale ' + lang + ' not found');
    return false;
  },
};

try {
  const engine = new CSL.Engine(sys, fs.readFileSync(args.style, 'utf8'), args.locale, true);
  engine.setOutputFormat(args.format);
  const ids = Array.from(byId.keys());
  engine.updateItems(ids);
  const [params, strings] = engine.makeBibliography();
  const order = params.entry_ids.map((x) => String(Array.isArray(x) ? x[0] : x));
  const out = {
    processor_version: CSL.PROCESSOR_VERSION,
    locale: engine.opt.lang,
    format: args.format,
    bibstart: params.bibstart,
    bibend: params.bibend,
    entries: order.map((id, k) => ({ id, text: strings[k].replace(/\s+$/, '') })),
    warnings,
  };
  process.stdout.write(JSON.stringify(out) + '\n');
  const missing = ids.filter((id) => !order.includes(id));
  process.exitCode = missing.length ? 1 : 0;  // not process.exit(): it would cut a long stdout written to a pipe
} catch (e) {
  process.stderr.write('citeproc-js error: ' + (e && e.stack ? e.stack : e) + '\n');
  process.exit(1);
}
