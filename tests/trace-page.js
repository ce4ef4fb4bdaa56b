// tests/trace-page.js — drives the page of `msgflow trace --html` in headless
// Chromium through puppeteer-core; run by tests/trace-page.t, which gives
// everything in the environment:
//   PUPPETEER_CORE_PATH  the puppeteer-core package directory
//   CHROMIUM             the browser binary
//   PAGE                 the page, an absolute path
//   STEPS                the number of steps of `msgflow trace --json`
//   SERVER               a server to click
//   DOWN                 a connector the trace reports DOWN ('' for none)
// Prints one line per check, "ok - NAME" or "not ok - NAME" (and "# ..."
// details); the .t file numbers them and fails the ones never printed.
'use strict';

const puppeteer = require(process.env.PUPPETEER_CORE_PATH);

const checks = [];
function report(ok, name, detail) {
  console.log((ok ? 'ok - ' : 'not ok - ') + name);
  if (!ok && detail)
    console.log('# ' + String(detail).split('\n').join('\n# '));
  checks.push(ok);
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
    await new Promise((r) => setTimeout(r, 300));
    report(problems.length === 0, 'the page loads from file:// with no console error and no failed request',
           problems.join('\n'));

    const want = Number(process.env.STEPS);
    const got = await page.$$eval('.step', (l) => l.length);
    report(want > 0 && got === want, 'one .step per step of --json (' + got + ' of ' + want + ')');

    const state = () => page.evaluate(() => {
      const m = document.getElementById('marker');
      const c = document.querySelector('.step.current');
      return { cx: m && m.getAttribute('cx'), cy: m && m.getAttribute('cy'),
               transform: m && m.getAttribute('transform'),
               current: c ? c.getAttribute('data-index') : null };
    });
    let before = await state();
    let moves = 0, highlighted = 0, stuck = [];
    for (let i = 1; i < want; i++) {
      await page.click('#next');
      const after = await state();
      if (after.cx !== before.cx || after.cy !== before.cy || after.transform !== before.transform)
        moves++;
      if (after.current !== before.current && after.current === String(i))
        highlighted++;
      else
        stuck.push('after next #' + i + ': current ' + after.current);
      before = after;
    }
    report(moves > 0, 'next moves the marker (' + moves + ' moves over ' + (want - 1) + ' steps)');
    report(want > 1 && highlighted === want - 1, 'next highlights the following step every time', stuck.join('\n'));

    const down = process.env.DOWN;
    if (down) {
      const dashed = await page.evaluate((name) => {
        const g = [...document.querySelectorAll('.connector')].find((e) => e.dataset.connector === name);
        if (!g || !g.classList.contains('down'))
          return 'no .connector.down for ' + name;
        const dash = getComputedStyle(g.querySelector('line')).strokeDasharray;
        return dash && dash !== 'none' ? '' : 'its line is not dashed';
      }, down);
      report(dashed === '', 'the connector DOWN (' + down + ') is drawn dashed at the last step', dashed);
    } else {
      report(false, 'the connector DOWN is drawn dashed', 'the trace has no connector DOWN: pick another');
    }

    await page.click('#prev');
    const back = await state();
    report(back.current === String(want - 2), 'prev highlights the step before (' + back.current + ')');

    await page.evaluate((name) => {
      const s = [...document.querySelectorAll('[data-server]')].find((e) => e.dataset.server === name);
      if (s)
        s.setAttribute('id', 'clicked-server');
    }, process.env.SERVER);
    const view = await page.$('#clicked-server')
      ? (await page.click('#clicked-server'), await page.evaluate(() => {
          const v = document.getElementById('server-view');
          return v && !v.hidden && v.offsetHeight > 0 ? v.textContent : '';
        }))
      : '';
    report(view.includes(process.env.SERVER), 'clicking ' + process.env.SERVER + ' shows #server-view with its name',
           'server-view: ' + view);

    await page.click('li.step[data-index="0"]');
    await page.click('#play');
    await new Promise((r) => setTimeout(r, 2500));
    const played = await state();
    await page.click('#pause');
    report(Number(played.current) >= 2, 'play advances on its own (at step ' + played.current + ' after 2.5 s)');

    await future(browser);
  } finally {
    await browser.close();
  }
}

// The same page with the fields the trace may carry later (step kind,
// route candidates and versions, connector_states, server_views), made up
// around the real steps: DOWN is down at submission and up again at the
// last step; SERVER's view changes at the last step too.
async function future(browser) {
  const fs = require('fs');
  const html = fs.readFileSync(process.env.PAGE, 'utf8');
  const open = '<script type="application/json" id="trace-data">';
  const a = html.indexOf(open) + open.length, b = html.indexOf('</script>', a);
  const t = JSON.parse(html.slice(a, b));
  const down = process.env.DOWN, server = process.env.SERVER;
  const last = t.steps[t.steps.length - 1].time_us;
  let routing = -1;
  t.steps.forEach((s, i) => {
    s.kind = s.event_id === 1034 ? 'route' : 'event';
    if (!s.route)
      return;
    if (routing < 0)
      routing = i;
    s.route.versions = [{ routing_group: s.routing_group, major: 7, minor: 1, user: 0 }];
    s.route.candidates = s.route.connectors.slice(0, 1)
      .map((c) => ({ connector: c, cost: s.route.cost, path: s.route.path, chosen: true, reason: null }))
      .concat(s.route.rejected.map((r) => ({ connector: r.connector, cost: r.cost, path: [], chosen: false,
                                              reason: 'candidate-' + r.reason })));
  });
  t.connector_states = [{ connector: down, up_at_submission: false,
                          changes: [{ time_us: last, clock: 'then', up: true }] }];
  t.server_views = [{ server: server, routing_group: '?', views: [
    { time_us: 0, clock: t.at_clock, connectors_down: [down], digest: 'digest-at-submission' },
    { time_us: last, clock: 'then', connectors_down: [], digest: 'digest-afterwards' }] }];
  const path = process.env.PAGE.replace(/\.html$/, '') + '-future.html';
  fs.writeFileSync(path, html.slice(0, a) + JSON.stringify(t).replace(/</g, '\\u003c') + html.slice(b));

  const page = await browser.newPage();
  const problems = [];
  page.on('console', (m) => { if (m.type() === 'error') problems.push('console: ' + m.text()); });
  page.on('pageerror', (e) => problems.push('page error: ' + e.message));
  await page.goto('file://' + path, { waitUntil: 'load' });
  const isDown = () => page.evaluate((name) => {
    const g = [...document.querySelectorAll('.connector')].find((e) => e.dataset.connector === name);
    return !!g && g.classList.contains('down');
  }, down);
  const view = () => page.evaluate(() => document.getElementById('server-view').textContent);
  const atStart = await isDown();
  await page.evaluate((name) => {
    const s = [...document.querySelectorAll('[data-server]')].find((e) => e.dataset.server === name);
    s.dispatchEvent(new MouseEvent('click', { bubbles: true }));
  }, server);
  const viewStart = await view();
  await page.click('li.step[data-index="' + routing + '"]');
  const route = await page.evaluate(() => document.getElementById('route').textContent);
  await page.click('li.step[data-index="' + (t.steps.length - 1) + '"]');
  const atEnd = await isDown();
  const viewEnd = await view();
  report(problems.length === 0, 'with the fields to come, the page loads with no console error', problems.join('\n'));
  report(atStart && !atEnd, 'connector_states decides what is DOWN (' + down + ' down at submission, up at the end)',
         'down at start: ' + atStart + ', at the end: ' + atEnd);
  report(viewStart.includes('digest-at-submission') && viewEnd.includes('digest-afterwards'),
         'the server panel follows server_views over time', 'start: ' + viewStart + '\nend: ' + viewEnd);
  report(route.includes('Candidates') && route.includes('candidate-') && route.includes('major') ,
         'a routing step shows route.candidates and route.versions', route);
}

main().catch((e) => {
  console.log('# ' + (e && e.stack ? e.stack : e));
  process.exit(1);
});
