/* trace.js — the script of `msgflow trace --html`, inlined into trace.html.
 *
 * Reads the two JSON documents of the page (trace-data: the trace as
 * `msgflow trace --json` prints it; map-data: routing groups, servers and
 * connectors with the igraph layout), draws the map in SVG and plays the
 * journey one step at a time.  Fields the trace may lack (step `kind`,
 * `route.candidates`, `route.versions`, top-level `connector_states` and
 * `server_views`) are used when present; without them the page falls back
 * to what the routing steps say.  Every name goes in with textContent or
 * setAttribute, never as markup.  No network, no framework.
 */
(function () {
  'use strict';

  var SVG_NS = 'http://www.w3.org/2000/svg';
  var W = 1000, H = 640, MARGIN = 90;
  var PLAY_MS = 900;
  var MAX_LABELS = 40;

  var trace = JSON.parse(document.getElementById('trace-data').textContent);
  var map = JSON.parse(document.getElementById('map-data').textContent);
  var steps = trace.steps || [];

  var groups = {};        /* name -> {name, x, y, r, servers, el} */
  var serverInfo = {};    /* name -> {name, group, x, y, el} */
  var connectors = {};    /* name -> {name, from, to, x1, y1, x2, y2, el} */
  var marker = null;
  var cur = 0, timer = null, selected = null;

  /* ------------------------------------------------------------ helpers */

  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    for (var k in attrs || {})
      e.setAttribute(k, attrs[k]);
    if (text !== undefined && text !== null)
      e.textContent = String(text);
    return e;
  }

  function svg(tag, attrs, parent) {
    var e = document.createElementNS(SVG_NS, tag);
    for (var k in attrs || {})
      e.setAttribute(k, attrs[k]);
    if (parent)
      parent.appendChild(e);
    return e;
  }

  function pad(n, w) {
    var s = String(n);
    while (s.length < w)
      s = '0' + s;
    return s;
  }

  /* µs as H:MM:SS.mmm, as the text output writes delays. */
  function duration(us) {
    var ms = Math.floor(Math.max(0, us) / 1000);
    var h = Math.floor(ms / 3600000), m = Math.floor(ms / 60000) % 60;
    var s = Math.floor(ms / 1000) % 60;
    return h + ':' + pad(m, 2) + ':' + pad(s, 2) + '.' + pad(ms % 1000, 3);
  }

  /* A step's kind: the trace's own word when it has one, else one derived
   * from the tracking event id. */
  function kindOf(s) {
    if (s.kind)
      return s.kind;
    switch (s.event_id) {
    case 1027: case 1019: case 1025: return 'submit';
    case 1024: case 1033: return 'categorize';
    case 1034: return 'route';
    case 1035: return 'wait';
    case 1020: case 1031: return 'transfer';
    case 1036: return 'queue';
    case 1028: return 'deliver';
    case 1030: return 'ndr';
    default: return 'event';
    }
  }

  /* The step moves the message over a link (not its end: the next step is
   * at the receiving server anyway). */
  function inTransit(s) {
    return s.event_id !== 1031 && (s.event_id === 1020 || kindOf(s) === 'transfer');
  }

  /* The last step at or before i with a route, optionally of one server. */
  function lastRoute(i, server) {
    for (var k = Math.min(i, steps.length - 1); k >= 0; k--)
      if (steps[k].route && (!server || steps[k].server === server))
        return k;
    return -1;
  }

  /* ------------------------------------------------------------- layout */

  function layout() {
    var pts = [];
    map.routing_groups.forEach(function (g) { pts.push([g.x, g.y]); });
    map.connectors.forEach(function (c) {
      if (c.to === null && typeof c.x === 'number')
        pts.push([c.x, c.y]);
    });
    var minx = Infinity, maxx = -Infinity, miny = Infinity, maxy = -Infinity;
    pts.forEach(function (p) {
      minx = Math.min(minx, p[0]); maxx = Math.max(maxx, p[0]);
      miny = Math.min(miny, p[1]); maxy = Math.max(maxy, p[1]);
    });
    var sx = maxx > minx ? (W - 2 * MARGIN) / (maxx - minx) : 0;
    var sy = maxy > miny ? (H - 2 * MARGIN) / (maxy - miny) : 0;
    var scale = Math.min(sx || sy || 1, sy || sx || 1);
    var ox = (W - scale * (maxx - minx)) / 2, oy = (H - scale * (maxy - miny)) / 2;
    function place(x, y) { return [ox + (x - minx) * scale, oy + (y - miny) * scale]; }

    var placed = pts.map(function (p) { return place(p[0], p[1]); });
    var dmin = Infinity;
    for (var i = 0; i < placed.length; i++)
      for (var j = i + 1; j < placed.length; j++)
        dmin = Math.min(dmin, Math.hypot(placed[i][0] - placed[j][0], placed[i][1] - placed[j][1]));
    var r = Math.max(22, Math.min(70, isFinite(dmin) ? dmin * 0.32 : 70));

    map.routing_groups.forEach(function (g) {
      var p = place(g.x, g.y);
      var n = g.servers.length;
      var grp = { name: g.name, x: p[0], y: p[1], r: Math.max(r, n > 8 ? r * 1.2 : r), servers: g.servers };
      groups[g.name] = grp;
      g.servers.forEach(function (s, k) {
        var a = -Math.PI / 2 + 2 * Math.PI * k / Math.max(n, 1);
        var ring = n === 1 ? 0 : grp.r * 0.55;
        serverInfo[s] = { name: s, group: g.name, x: grp.x + ring * Math.cos(a), y: grp.y + ring * Math.sin(a) };
      });
    });
    return place;
  }

  /* -------------------------------------------------------------- the map */

  function drawMap() {
    var place = layout();
    var root = svg('svg', { viewBox: '0 0 ' + W + ' ' + H, role: 'img' });
    var defs = svg('defs', {}, root);
    var arrow = svg('marker', { id: 'arrow', viewBox: '0 0 10 10', refX: '9', refY: '5',
                                markerWidth: '7', markerHeight: '7', orient: 'auto-start-reverse' }, defs);
    svg('path', { d: 'M0,0 L10,5 L0,10 z', fill: '#8a94a6' }, arrow);
    var lines = svg('g', { 'class': 'connectors' }, root);
    var circles = svg('g', { 'class': 'groups' }, root);

    /* Connectors between the same two ends are spread side by side; the
     * perpendicular is taken from the pair in name order so that the two
     * directions of a two-way connector fall on either side. */
    var pairs = {};
    map.connectors.forEach(function (c) {
      var key = c.to === null ? c.from + '\u0000>' + c.name : [c.from, c.to].sort().join('\u0000');
      (pairs[key] = pairs[key] || []).push(c);
    });
    var labels = map.connectors.length <= MAX_LABELS;
    Object.keys(pairs).forEach(function (key) {
      var list = pairs[key];
      list.forEach(function (c, idx) {
        var a = groups[c.from], b, rb;
        if (!a)
          return;
        if (c.to !== null) {
          b = groups[c.to];
          if (!b || b === a)
            return;
          rb = b.r;
        } else {
          var q = typeof c.x === 'number' ? place(c.x, c.y) : [a.x + a.r * 2, a.y];
          b = { x: q[0], y: q[1] };
          rb = 9;
        }
        var lo = c.to === null || c.from < c.to ? a : b, hi = lo === a ? b : a;
        var len = Math.hypot(hi.x - lo.x, hi.y - lo.y) || 1;
        var ux = (b.x - a.x) / len, uy = (b.y - a.y) / len;
        var px = -(hi.y - lo.y) / len, py = (hi.x - lo.x) / len;
        var shift = (idx - (list.length - 1) / 2) * 14;
        var x1 = a.x + ux * a.r + px * shift, y1 = a.y + uy * a.r + py * shift;
        var x2 = b.x - ux * rb + px * shift, y2 = b.y - uy * rb + py * shift;
        var g = svg('g', { 'class': 'connector', 'data-connector': c.name }, lines);
        svg('title', {}, g).textContent = c.name + ' (' + c.type + ', cost ' + c.cost + ')';
        svg('line', { x1: x1, y1: y1, x2: x2, y2: y2, 'marker-end': 'url(#arrow)' }, g);
        if (labels) {
          /* On the outer side of its line, anchored away from it. */
          var side = shift < 0 ? -1 : 1;
          var lx = (x1 + x2) / 2 + px * side * 10, ly = (y1 + y2) / 2 + py * side * 10 + 4;
          var anchor = Math.abs(px) < 0.5 ? 'middle' : px * side > 0 ? 'start' : 'end';
          var t = svg('text', { x: lx, y: ly, 'text-anchor': anchor }, g);
          t.textContent = c.name + ' (' + c.cost + ')';
        }
        if (c.to === null) {
          svg('rect', { 'class': 'outside', x: b.x - 9, y: b.y - 9, width: 18, height: 18 }, lines);
        }
        connectors[c.name] = { name: c.name, from: c.from, to: c.to, x1: x1, y1: y1, x2: x2, y2: y2, el: g };
      });
    });

    var serverLabels = Object.keys(serverInfo).length <= 60;
    map.routing_groups.forEach(function (gd) {
      var grp = groups[gd.name];
      var g = svg('g', { 'class': 'group', 'data-group': gd.name }, circles);
      svg('circle', { 'class': 'rg', cx: grp.x, cy: grp.y, r: grp.r }, g);
      svg('text', { 'class': 'rg-name', x: grp.x, y: grp.y - grp.r - 6 }, g).textContent = gd.name;
      grp.el = g;
      gd.servers.forEach(function (s) {
        var si = serverInfo[s];
        si.el = svg('circle', { 'class': 'server', 'data-server': s, cx: si.x, cy: si.y, r: 7,
                                tabindex: '0', role: 'button' }, g);
        svg('title', {}, si.el).textContent = s + ': click for its view';
        si.el.addEventListener('click', function () { selectServer(s); });
        si.el.addEventListener('keydown', function (ev) {
          if (ev.key === 'Enter' || ev.key === ' ') { ev.preventDefault(); selectServer(s); }
        });
        if (serverLabels)
          svg('text', { 'class': 'server-name', x: si.x, y: si.y + 18 }, g).textContent = s;
      });
    });
    marker = svg('circle', { id: 'marker', r: 9, cx: W / 2, cy: H / 2 }, root);
    svg('title', {}, marker).textContent = 'the message';
    document.getElementById('map').appendChild(root);
  }

  /* Where the message is at step i. */
  function position(i) {
    var s = steps[i], here = serverInfo[s.server];
    if (!here)
      return { x: W / 2, y: H / 2 };
    if (!inTransit(s))
      return { x: here.x, y: here.y };
    var there = serverInfo[s.partner];
    if (there && there.group === here.group)
      return { x: (here.x + there.x) / 2, y: (here.y + there.y) / 2 };
    var k = lastRoute(i, s.server);
    var name = k >= 0 && steps[k].route.connectors && steps[k].route.connectors[0];
    var c = name && connectors[name];
    if (c)
      return { x: (c.x1 + c.x2) / 2, y: (c.y1 + c.y2) / 2, connector: c };
    if (there)
      return { x: (here.x + there.x) / 2, y: (here.y + there.y) / 2 };
    return { x: here.x, y: here.y };
  }

  /* ------------------------------------------------------ state at a step */

  /* The connectors DOWN at step i and where that knowledge comes from. */
  function downAt(i) {
    var t = steps.length ? steps[i].time_us : 0;
    if (Array.isArray(trace.connector_states)) {
      var down = [];
      trace.connector_states.forEach(function (cs) {
        var up = cs.up_at_submission;
        (cs.changes || []).forEach(function (ch) {
          if (ch.time_us <= t)
            up = ch.up;
        });
        if (!up)
          down.push(cs.connector);
      });
      return { down: down, source: 'as the routing group masters have it' };
    }
    var k = lastRoute(i);
    if (k >= 0 && Array.isArray(steps[k].route.connectors_down))
      return { down: steps[k].route.connectors_down,
               source: 'as ' + steps[k].server + ' saw it when routing (step ' + (k + 1) + ')' };
    return { down: [], source: 'no routing decision yet' };
  }

  /* A server's view at step i: {down, digest, since} or null. */
  function viewOf(server, i) {
    var t = steps.length ? steps[i].time_us : 0;
    if (Array.isArray(trace.server_views)) {
      var sv = trace.server_views.filter(function (v) { return v.server === server; })[0];
      if (!sv || !sv.views || !sv.views.length)
        return null;
      var v = sv.views[0];
      sv.views.forEach(function (w) {
        if (w.time_us <= t)
          v = w;
      });
      return { down: v.connectors_down || [], digest: v.digest, since: v.clock, from: 'server_views' };
    }
    var k = lastRoute(i, server);
    if (k < 0)
      return null;
    return { down: steps[k].route.connectors_down || [], digest: steps[k].route.view_digest,
             since: steps[k].clock, from: 'its routing at step ' + (k + 1) };
  }

  /* --------------------------------------------------------------- panels */

  function table(head, rows) {
    var t = el('table'), tr = el('tr');
    head.forEach(function (h) { tr.appendChild(el('th', {}, h)); });
    t.appendChild(tr);
    rows.forEach(function (r) {
      var row = el('tr', r.chosen ? { 'class': 'chosen' } : {});
      r.cells.forEach(function (c) {
        row.appendChild(el('td', typeof c === 'number' ? { 'class': 'n' } : {}, c));
      });
      t.appendChild(row);
    });
    return t;
  }

  function line(parent, label, value) {
    var p = el('p');
    p.appendChild(el('strong', {}, label + ': '));
    p.appendChild(document.createTextNode(value));
    parent.appendChild(p);
  }

  function showRoute(i) {
    var box = document.getElementById('route');
    var k = lastRoute(i);
    box.textContent = '';
    if (k < 0) {
      box.hidden = true;
      return;
    }
    var s = steps[k], r = s.route;
    box.hidden = false;
    box.appendChild(el('h3', {}, (k === i ? 'Routing decision' : 'Last routing decision (step ' + (k + 1) + ')') +
                                 ' by ' + s.server));
    line(box, 'Path', (r.path || []).join(' › ') + ' — cost ' + r.cost +
                      (r.equal_cost_paths > 1 ? ', one of ' + r.equal_cost_paths + ' equal-cost routes' : ''));
    line(box, 'Connectors', (r.connectors || []).join(', ') || 'none');
    line(box, 'DOWN in ' + s.server + "'s view", (r.connectors_down || []).join(', ') || 'none');
    line(box, 'View digest', r.view_digest || '?');
    if (Array.isArray(r.candidates) && r.candidates.length) {
      box.appendChild(el('h3', {}, 'Candidates'));
      box.appendChild(table(['connector', 'cost', 'path', 'chosen', 'why not'], r.candidates.map(function (c) {
        return { chosen: c.chosen, cells: [c.connector, c.cost, (c.path || []).join(' › '),
                                           c.chosen ? 'yes' : '', c.reason || ''] };
      })));
    } else if (Array.isArray(r.rejected) && r.rejected.length) {
      box.appendChild(el('h3', {}, 'Not taken'));
      box.appendChild(table(['connector', 'why', 'cost'], r.rejected.map(function (x) {
        return { cells: [x.connector, x.reason, x.cost] };
      })));
    }
    if (Array.isArray(r.versions) && r.versions.length) {
      box.appendChild(el('h3', {}, 'Link-state versions in this view'));
      box.appendChild(table(['routing group', 'major', 'minor', 'user'], r.versions.map(function (v) {
        return { cells: [v.routing_group, v.major, v.minor, v.user] };
      })));
    }
  }

  function showServer() {
    var box = document.getElementById('server-view');
    box.textContent = '';
    if (!selected) {
      box.hidden = true;
      return;
    }
    var si = serverInfo[selected];
    var close = el('button', { type: 'button', 'class': 'close' }, 'Close');
    close.addEventListener('click', function () { selectServer(null); });
    box.hidden = false;
    box.appendChild(el('h3', {}, selected + (si ? ' (routing group ' + si.group + ')' : '')));
    var when = steps.length ? steps[cur].clock : trace.at_clock;
    var v = viewOf(selected, cur);
    if (!v) {
      box.appendChild(el('p', {}, 'At ' + when + ': this trace records no view of ' + selected +
                                  (Array.isArray(trace.server_views) ? '.'
                                   : ' (it has no server_views; only the servers that route the message show theirs).')));
    } else {
      line(box, 'At', when + ' (view since ' + v.since + ', from ' + v.from + ')');
      line(box, 'Connectors DOWN', v.down.length ? v.down.join(', ') : 'none');
      line(box, 'Digest', v.digest || '?');
      if (Array.isArray(trace.connector_states)) {
        var truth = downAt(cur).down;
        var unseen = truth.filter(function (c) { return v.down.indexOf(c) < 0; });
        var stale = v.down.filter(function (c) { return truth.indexOf(c) < 0; });
        if (unseen.length)
          line(box, 'Down but not yet known here', unseen.join(', '));
        if (stale.length)
          line(box, 'Up again but still DOWN here', stale.join(', '));
      }
    }
    box.appendChild(close);
  }

  function selectServer(name) {
    if (selected && serverInfo[selected])
      serverInfo[selected].el.classList.remove('selected');
    selected = name;
    if (selected && serverInfo[selected])
      serverInfo[selected].el.classList.add('selected');
    showServer();
  }

  /* ---------------------------------------------------------------- steps */

  function buildSteps() {
    var list = document.getElementById('steps');
    steps.forEach(function (s, i) {
      var li = el('li', { 'class': 'step' + (s.notice ? ' notice' : ''), 'data-index': String(i),
                          'data-kind': kindOf(s), title: s.event_id + ' ' + s.event });
      li.appendChild(el('span', { 'class': 'when' }, s.clock + ' +' + duration(s.delay_us)));
      li.appendChild(el('span', { 'class': 'who' }, s.server));
      li.appendChild(el('span', { 'class': 'text' }, s.text));
      li.addEventListener('click', function () { pause(); go(i); });
      list.appendChild(li);
    });
    var total = steps.length ? steps[steps.length - 1].time_us : 0;
    document.getElementById('summary').textContent =
      'From ' + trace.from + ' to ' + trace.to + ', ' + trace.size + ' bytes, submitted ' + trace.at_clock +
      ' (seed ' + trace.seed + (trace.quiet_network ? ', quiet network' : '') + '): ' + trace.outcome +
      (trace.ndr_code ? ' (NDR ' + trace.ndr_code + ')' : '') + ' after ' + duration(total) + ', ' +
      steps.length + ' steps.';
    document.getElementById('outcome').textContent = 'Outcome: ' + trace.outcome +
      (trace.ndr_code ? ', NDR ' + trace.ndr_code : '') + '.';
    document.title = trace.from + ' → ' + trace.to + ' — ' + document.title;
  }

  function go(i) {
    if (!steps.length)
      return;
    cur = Math.max(0, Math.min(steps.length - 1, i));
    var s = steps[cur];
    document.querySelectorAll('li.step').forEach(function (li, k) {
      li.classList.toggle('current', k === cur);
      li.classList.toggle('past', k < cur);
    });
    var li = document.querySelector('li.step[data-index="' + cur + '"]');
    if (li && li.scrollIntoView)
      li.scrollIntoView({ block: 'nearest' });

    var down = downAt(cur);
    var k = lastRoute(cur), route = k >= 0 ? steps[k].route : null;
    var p = position(cur);
    Object.keys(connectors).forEach(function (name) {
      var c = connectors[name];
      c.el.classList.toggle('down', down.down.indexOf(name) >= 0);
      c.el.classList.toggle('chosen', !!route && (route.connectors || []).indexOf(name) >= 0);
      c.el.classList.toggle('active', p.connector === c);
    });
    Object.keys(groups).forEach(function (name) {
      groups[name].el.classList.toggle('on-path', !!route && (route.path || []).indexOf(name) >= 0);
    });
    Object.keys(serverInfo).forEach(function (name) {
      serverInfo[name].el.classList.toggle('here', name === s.server);
    });
    marker.setAttribute('cx', p.x.toFixed(1));
    marker.setAttribute('cy', p.y.toFixed(1));
    document.getElementById('position').textContent = 'Step ' + (cur + 1) + ' of ' + steps.length + ' — ' +
      s.clock + ' — ' + s.server + ' (' + kindOf(s) + ') — DOWN: ' +
      (down.down.length ? down.down.join(', ') : 'none') + ' (' + down.source + ')';
    showRoute(cur);
    showServer();
    buttons();
  }

  function buttons() {
    document.getElementById('prev').disabled = cur <= 0;
    document.getElementById('next').disabled = cur >= steps.length - 1;
    document.getElementById('play').disabled = timer !== null || cur >= steps.length - 1;
    document.getElementById('pause').disabled = timer === null;
  }

  function play() {
    if (timer !== null || cur >= steps.length - 1)
      return;
    timer = setInterval(function () {
      if (cur >= steps.length - 1)
        pause();
      else
        go(cur + 1);
    }, PLAY_MS);
    buttons();
  }

  function pause() {
    if (timer !== null)
      clearInterval(timer);
    timer = null;
    buttons();
  }

  drawMap();
  buildSteps();
  document.getElementById('play').addEventListener('click', play);
  document.getElementById('pause').addEventListener('click', pause);
  document.getElementById('prev').addEventListener('click', function () { pause(); go(cur - 1); });
  document.getElementById('next').addEventListener('click', function () { pause(); go(cur + 1); });
  document.addEventListener('keydown', function (ev) {
    if (ev.target && (ev.target.tagName === 'BUTTON' || ev.target.getAttribute('role') === 'button'))
      return;
    if (ev.key === 'ArrowRight') { pause(); go(cur + 1); }
    else if (ev.key === 'ArrowLeft') { pause(); go(cur - 1); }
    else if (ev.key === ' ') { ev.preventDefault(); if (timer === null) play(); else pause(); }
  });
  if (steps.length) {
    go(0);
  } else {
    var from = serverInfo[trace.from];
    if (from) {
      marker.setAttribute('cx', from.x.toFixed(1));
      marker.setAttribute('cy', from.y.toFixed(1));
    }
    buttons();
  }
}());
