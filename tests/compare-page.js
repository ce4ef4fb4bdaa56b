// tests/compare-page.js — renders the page of `msgflow compare` in headless
// Chromium through puppeteer-core; run by tests/compare.t, which gives
// everything in the environment:
//   PUPPETEER_CORE_PATH  the puppeteer-core package directory
//   CHROMIUM             the browser binary
//   PAGE                 the page (index.html), an absolute path
//   CHANGES              the number of topology changes in compare.json
//   FLOW_ROWS            the number of per-flow figures in compare.json
//   GNUPLOT              gnuplot's path ('' when the page has no plots)
// Prints one line per check, "ok - NAME" or "not ok - NAME" (and "# ..."
// details); the .t file numbers them and fails the ones never printed.
'use strict';

const puppeteer = require(process.env.PUPPETEER_CORE_PATH);

function report(ok, name, detail) {
  console.log((ok ? 'ok - ' : 'not ok - ') + name);
  if (!ok && detail)
    console.log('# ' + String(detail).split('\n').join('\n# '));
}

async function main() {
  const browser = await puppeteer.launch({
    executablePath: process.env.CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
           '--disable-component-update', '--disable-sync'],
  });
  try {
    const page = await browser.newPage();
    const problems = [];
    page.on('console', (m) => { if (m.type() === 'error') problems.push('console: ' + m.text()); });
    page.on('pageerror', (e) => problems.push('page error: ' + e.message));
    page.on('requestfailed', (r) => problems.push('failed request: ' + r.url()));
    page.on('request', (r) => {
      if (!/^(file|data|about):/.test(r.url()))
        problems.push('network request: ' + r.url());
    });
    await page.goto('file://' + process.env.PAGE, { waitUntil: 'load' });
    report(problems.length === 0, 'the compare page loads from file:// with no console error and no failed request',
           problems.join('\n'));

    const s = await page.evaluate(() => {
      const rows = (sel) => document.querySelectorAll(sel).length;
      const key = (name) => {
        const r = document.querySelector('#key-figures tr[data-figure="' + name + '"]');
        return r ? [...r.cells].map((c) => c.textContent) : null;
      };
      return {
        runs: rows('#runs tr.run'),
        changes: rows('#topology-changes tr') - 1,
        flowRows: rows('#flow-figures tr[data-figure]'),
        p95: key('latency_p95_s'),
        mean: key('latency_mean_s'),
        images: [...document.querySelectorAll('#plots img')].map((i) => ({ src: i.getAttribute('src'),
                                                                             w: i.naturalWidth })),
        visible: document.querySelector('#key-figures') && document.querySelector('#key-figures').offsetHeight,
      };
    });
    const want = Number(process.env.CHANGES), flows = Number(process.env.FLOW_ROWS);
    report(s.runs === 2 && s.changes === want,
           'two runs and one row per topology change (' + s.changes + ' of ' + want + ')', JSON.stringify(s));
    report(s.flowRows === flows && s.visible > 0,
           'the key figures are shown, and one row per flow figure (' + s.flowRows + ' of ' + flows + ')',
           JSON.stringify(s));
    report(!!s.p95 && s.p95.length === 5 && s.p95[4].indexOf('at 5%') >= 0 && !!s.mean && /significant/.test(s.mean[4]),
           'each key figure row has A, B, B − A and the test', JSON.stringify([s.p95, s.mean]));
    if (process.env.GNUPLOT) {
      const names = s.images.map((i) => i.src).sort().join(' ');
      report(s.images.length >= 2 && s.images.every((i) => i.w > 0)
             && names.includes('compare-latency-cdf.') && names.includes('compare-queues.'),
             'the overlaid plots are loaded (' + names + ')', JSON.stringify(s.images));
    } else {
      report(s.images.length === 0, 'no plots without gnuplot', JSON.stringify(s.images));
    }
  } finally {
    await browser.close();
  }
}

main().catch((e) => {
  console.log('# ' + (e && e.stack ? e.stack : e));
  process.exit(1);
});
