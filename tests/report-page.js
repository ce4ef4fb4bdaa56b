// tests/report-page.js — the page of `msgflow report` in headless Chromium
// through puppeteer-core; run by tests/report-page.t, which gives everything
// in the environment:
//   PUPPETEER_CORE_PATH  the puppeteer-core package directory
//   CHROMIUM             the browser binary
//   PAGE                 the report's index.html, an absolute path
//   EVENTS               the number of configured events (summary.json)
//   EVENT_NAME           the first event's name
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
    await page.setViewport({ width: 1280, height: 900 });
    await page.goto('file://' + process.env.PAGE, { waitUntil: 'load' });
    report(problems.length === 0, 'the report loads from file:// with no console error and no failed request',
           problems.join('\n'));

    const images = await page.$$eval('img', (l) => l.map((i) => ({ src: i.getAttribute('src'),
                                                                    w: i.naturalWidth })));
    const broken = images.filter((i) => !(i.w > 0)).map((i) => i.src);
    report(images.length > 0 && broken.length === 0,
           'every plot image is drawn (' + images.length + ' images)', 'not drawn: ' + broken.join(', '));

    const want = Number(process.env.EVENTS);
    const events = await page.evaluate(() => {
      const section = document.getElementById('events');
      if (!section)
        return null;
      const box = section.getBoundingClientRect();
      const rows = section.querySelectorAll('table tr');
      const table = section.querySelector('table');
      return { height: box.height, rows: rows.length, text: section.innerText,
               scrolls: table !== null && table.parentElement.classList.contains('scroll') };
    });
    report(events !== null && events.height > 0, 'the Events section is on the page and visible');
    report(events !== null && events.rows === want + 1,
           'its table has a row per event and a header (' + (events ? events.rows : 0) + ' rows, ' +
           want + ' events)');
    report(events !== null && process.env.EVENT_NAME !== '' && events.text.includes(process.env.EVENT_NAME),
           'it names the first event, ' + process.env.EVENT_NAME);
    report(events !== null && events.scrolls, 'its table is in a scrolling box');

    const headline = await page.$$eval('.lead .event', (l) => l.map((e) => e.textContent));
    report(headline.length === Math.min(want, 4) && process.env.EVENT_NAME !== '' &&
           headline[0].includes(process.env.EVENT_NAME) && /rerouted/.test(headline[0]),
           'the headline has a line per event with what it did', headline.join('\n'));

    const nav = await page.$eval('nav a[href="#events"]', (a) => a.textContent).catch(() => null);
    report(nav === 'Events', 'the navigation links to the Events section');

    // Queue Viewer: a table per server with ESM's columns, each row a queue
    // with a state among Queue Viewer's for a link queue.
    const qv = await page.evaluate(() => {
      const tables = Array.from(document.querySelectorAll('#servers table.queue-viewer'));
      const first = tables[0];
      if (!first)
        return null;
      const heads = Array.from(first.querySelectorAll('th')).map((h) => h.textContent.trim());
      const states = [];
      tables.forEach((t) => t.querySelectorAll('tr').forEach((r) => {
        const c = r.querySelectorAll('td');
        if (c.length > 1 && c[1].textContent !== '')
          states.push(c[1].textContent);
      }));
      return { n: tables.length, heads, states, height: first.getBoundingClientRect().height,
               scrolls: first.parentElement.classList.contains('scroll') };
    });
    report(qv !== null && qv.n > 0 && qv.height > 0,
           'the Servers section shows Queue Viewer tables (' + (qv ? qv.n : 0) + ')');
    report(qv !== null && ['queue', 'state', 'messages', 'oldest message', 'next retry']
             .every((h) => qv.heads.includes(h)),
           'with the queue, state, messages, oldest message and next retry columns',
           qv ? qv.heads.join(', ') : '');
    report(qv !== null && qv.states.length > 0 &&
           qv.states.every((s) => ['Active', 'Ready', 'Retry', 'Scheduled'].includes(s)),
           'every link queue state is one Queue Viewer shows', qv ? qv.states.join(', ') : '');
  } finally {
    await browser.close();
  }
}

main().catch((e) => { console.log('# ' + (e && e.stack ? e.stack : e)); process.exitCode = 1; });
