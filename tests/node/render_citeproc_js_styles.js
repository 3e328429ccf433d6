#!/usr/bin/env node
// render_citeproc_js_styles.js - citeproc-js bibliographies of one item list in many styles
// and formats, in one process (the per-style comparison of rnnbib's formatted output).
//
// Usage:
//   node render_citeproc_js_styles.js --locales-dir DIR [--locale en-US] < REQUEST.json
// REQUEST: {"items": [CSL-JSON...], "styles": {"NAME": "PATH.csl", ...}, "formats": ["text", "html"]}
// Prints JSON: {"NAME": {"FORMAT": [{"id", "text"}...] (bibliography order)} | {"error": "..."}}.
// Exit: 0 ok (a style that fails is reported in its entry); 2 usage error.
'use strict';
const fs = require('fs');
const path = require('path');

const args = { locale: 'en-US' };
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i += 2) {
  if (argv[i] === '--locales-dir') args.localesDir = argv[i + 1];
  else if (argv[i] === '--locale') args.locale = argv[i + 1];
  else {
    process.stderr.write('unknown argument ' + argv[i] + '\n');
    process.exit(2);
  }
}
if (!args.localesDir) {
  process.stderr.write('usage: --locales-dir DIR [--locale L] < request.json\n');
  process.exit(2);
}

const CSL = require('citeproc');
const request = JSON.parse(fs.readFileSync(0, 'utf8'));
const byId = new Map(request.items.map((it) => [String(it.id), Object.assign({}, it, { id: String(it.id) })]));
const sys = {
  retrieveItem: (id) => byId.get(String(id)),
  retrieveLocale: (lang) => {
    const file = path.join(args.localesDir, 'locales-' + lang + '.xml');
    return fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : false;
  },
};

const out = {};
for (const [name, file] of Object.entries(request.styles)) {
  out[name] = {};
  try {
    const xml = fs.readFileSync(file, 'utf8');
    for (const format of request.formats) {
      const engine = new CSL.Engine(sys, xml, args.locale, true);
      engine.setOutputFormat(format);
      engine.updateItems(Array.from(byId.keys()));
      const [params, strings] = engine.makeBibliography();
      const order = params.entry_ids.map((x) => String(Array.isArray(x) ? x[0] : x));
      out[name][format] = order.map((id, k) => ({ id, text: strings[k].replace(/\s+$/, '') }));
    }
  } catch (e) {
    out[name] = { error: String(e && e.stack ? e.stack : e) };
  }
}
process.stdout.write(JSON.stringify(out) + '\n');
