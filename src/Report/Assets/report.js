// vmaf-tiny report: draws the per-frame charts from the JSON embedded in the page. No network, no libraries.
// One point per frame while the visible frames fit in the plot's pixels; beyond that each pixel column draws the
// min/max envelope of its frames, so 100k frames stay readable. Drag or wheel to zoom (all charts together),
// double-click or "Reset zoom" to see everything; hovering shows each frame's values.
(function () {
  'use strict';
  var SVG = 'http://www.w3.org/2000/svg';
  var data = JSON.parse(document.getElementById('vmaf-data').textContent);
  var frames = data.frames;
  var n = frames.length;
  var view = { from: 0, to: Math.max(0, n - 1) };
  var charts = [];
  var hover = -1;
  var M = { left: 58, right: 12, top: 8, bottom: 22 };

  function el(name, attrs, parent) {
    var e = document.createElementNS(SVG, name);
    for (var k in attrs) { e.setAttribute(k, attrs[k]); }
    if (parent) { parent.appendChild(e); }
    return e;
  }

  // A value as the log prints it: libvmaf's %.6f, or %.16f when the fraction has more than six leading zeros
  // (output.c's count_leading_zeros_d, the same double arithmetic as LogNumber.LeadingZeros). The page's data holds
  // the log's text, so the number parsed from it prints back to that text.
  function logText(v) {
    if (v === null) { return 'n/a'; }
    var a = Math.abs(v), zeros = 0;
    if (a < 2147483648) {
      var fraction = a - Math.trunc(a);
      while (fraction < 1 && fraction !== 0) { fraction *= 10; zeros++; }
    }
    return v.toFixed(zeros <= 6 ? 6 : 16);
  }

  function pad(x, width) { var t = String(x); while (t.length < width) { t = '0' + t; } return t; }

  // The frame's time as the worst-frames table prints it (HtmlReport.Timestamp of TimeSpan.FromSeconds: whole
  // ticks of 100 ns, cut, then milliseconds cut): m:ss.fff, or h:mm:ss.fff from an hour on.
  function time(i) {
    if (!(data.rate > 0)) { return ''; }
    var ticks = Math.trunc((frames[i] + data.offset) / data.rate * 1e7);
    var ms = Math.floor(ticks / 1e4) % 1000, s = Math.floor(ticks / 1e7) % 60, m = Math.floor(ticks / 6e8), h = Math.floor(ticks / 3.6e10);
    return (h > 0 ? h + ':' + pad(m % 60, 2) : '' + m) + ':' + pad(s, 2) + '.' + pad(ms, 3);
  }

  function niceTicks(lo, hi, count) {
    var span = hi - lo;
    if (!(span > 0)) { return [lo]; }
    var step = Math.pow(10, Math.floor(Math.log10(span / count)));
    var err = span / count / step;
    if (err >= 7.5) { step *= 10; } else if (err >= 3.5) { step *= 5; } else if (err >= 1.5) { step *= 2; }
    var ticks = [];
    for (var t = Math.ceil(lo / step) * step; t <= hi + step * 1e-9; t += step) { ticks.push(t); }
    return ticks;
  }

  function makeChart(series, height) {
    var box = document.createElement('div');
    box.className = 'chart';
    box.setAttribute('data-key', series.key);
    var title = document.createElement('h3');
    title.textContent = series.key + (series.key === data.score ? ' (score)' : '');
    box.appendChild(title);
    var svg = el('svg', { height: height, role: 'img', 'aria-label': series.key + ' per frame' });
    box.appendChild(svg);
    var tip = document.createElement('div');
    tip.className = 'tip';
    box.appendChild(tip);
    document.getElementById('chart-list').appendChild(box);
    var chart = { key: series.key, values: series.values, svg: svg, tip: tip, height: height, width: 0 };
    attach(chart);
    charts.push(chart);
    return chart;
  }

  function range(values) {
    var lo = Infinity, hi = -Infinity;
    for (var i = view.from; i <= view.to; i++) {
      var v = values[i];
      if (v !== null) { if (v < lo) { lo = v; } if (v > hi) { hi = v; } }
    }
    if (lo === Infinity) { return [0, 1]; }
    if (lo === hi) { return [lo - 1, hi + 1]; }
    var pad = (hi - lo) * 0.06;
    return [lo - pad, hi + pad];
  }

  function render(chart) {
    var svg = chart.svg;
    while (svg.firstChild) { svg.removeChild(svg.firstChild); }
    var W = Math.max(200, Math.round(svg.getBoundingClientRect().width || 800));
    var H = chart.height;
    chart.width = W;
    svg.setAttribute('viewBox', '0 0 ' + W + ' ' + H);
    var pw = W - M.left - M.right, ph = H - M.top - M.bottom;
    var count = view.to - view.from + 1;
    var yr = range(chart.values);
    var y = function (v) { return M.top + ph - (v - yr[0]) / (yr[1] - yr[0]) * ph; };
    var x = function (i) { return M.left + (count > 1 ? (i - view.from) / (count - 1) * pw : pw / 2); };
    chart.x = x; chart.pw = pw; chart.count = count;

    var grid = el('g', { 'class': 'grid' }, svg), axis = el('g', { 'class': 'axis' }, svg);
    niceTicks(yr[0], yr[1], Math.max(2, Math.floor(ph / 28))).forEach(function (t) {
      el('line', { x1: M.left, x2: M.left + pw, y1: y(t), y2: y(t) }, grid);
      var label = el('text', { x: M.left - 6, y: y(t) + 4, 'text-anchor': 'end' }, axis);
      label.textContent = Math.abs(t) >= 10 ? t.toFixed(0) : t.toFixed(Math.abs(yr[1] - yr[0]) < 0.1 ? 3 : 2);
    });
    el('line', { x1: M.left, x2: M.left + pw, y1: M.top + ph, y2: M.top + ph }, axis);
    niceTicks(frames[view.from], frames[view.to], Math.max(2, Math.floor(pw / 90))).forEach(function (f) {
      var i = indexOfFrame(f);
      if (i < view.from || i > view.to) { return; }
      var label = el('text', { x: x(i), y: H - 6, 'text-anchor': 'middle' }, axis);
      label.textContent = Math.round(f);
    });

    var drawn = 0;
    if (count <= pw) {
      // One point per frame; a frame without a value (NaN) breaks the line.
      var pts = [];
      var flush = function () {
        if (pts.length) { el('polyline', { 'class': 'series', points: pts.join(' ') }, svg); drawn += pts.length; pts = []; }
      };
      for (var i = view.from; i <= view.to; i++) {
        var v = chart.values[i];
        if (v === null) { flush(); continue; }
        pts.push(x(i).toFixed(2) + ',' + y(v).toFixed(2));
      }
      flush();
      svg.setAttribute('data-mode', 'points');
    } else {
      // Min/max envelope: each pixel column covers count/pw frames.
      var upper = [], lower = [];
      for (var px = 0; px < pw; px++) {
        var a = view.from + Math.floor(px * count / pw), b = view.from + Math.floor((px + 1) * count / pw) - 1;
        var lo = Infinity, hi = -Infinity;
        for (var j = a; j <= b; j++) {
          var w = chart.values[j];
          if (w !== null) { if (w < lo) { lo = w; } if (w > hi) { hi = w; } }
        }
        if (lo === Infinity) { continue; }
        var cx = (M.left + px + 0.5).toFixed(1);
        upper.push(cx + ',' + y(hi).toFixed(2));
        lower.push(cx + ',' + (y(lo) + 0.75).toFixed(2));
        drawn += b - a + 1;
      }
      el('polygon', { 'class': 'envelope', points: upper.concat(lower.reverse()).join(' ') }, svg);
      svg.setAttribute('data-mode', 'envelope');
    }
    svg.setAttribute('data-frames', String(drawn));
    chart.cursor = el('line', { 'class': 'cursor', y1: M.top, y2: M.top + ph, x1: -10, x2: -10, visibility: 'hidden' }, svg);
    chart.mark = el('circle', { 'class': 'mark', r: 3, cx: -10, cy: -10, visibility: 'hidden' }, svg);
    chart.y = y;
    chart.selection = el('rect', { 'class': 'selection', x: 0, y: M.top, width: 0, height: ph, visibility: 'hidden' }, svg);
  }

  function indexOfFrame(f) {
    var lo = 0, hi = n - 1;
    while (lo < hi) { var mid = (lo + hi) >> 1; if (frames[mid] < f) { lo = mid + 1; } else { hi = mid; } }
    return lo;
  }

  function indexAt(chart, clientX) {
    var r = chart.svg.getBoundingClientRect();
    var px = (clientX - r.left) * chart.width / r.width;
    var f = chart.count > 1 ? (px - M.left) / chart.pw * (chart.count - 1) : 0;
    return Math.max(view.from, Math.min(view.to, view.from + Math.round(f)));
  }

  function showHover(i, owner) {
    hover = i;
    charts.forEach(function (c) {
      var v = c.values[i], cx = c.x(i);
      c.cursor.setAttribute('x1', cx); c.cursor.setAttribute('x2', cx); c.cursor.setAttribute('visibility', 'visible');
      if (v !== null) { c.mark.setAttribute('cx', cx); c.mark.setAttribute('cy', c.y(v)); c.mark.setAttribute('visibility', 'visible'); } else { c.mark.setAttribute('visibility', 'hidden'); }
      if (c === owner) {
        var t = time(i);
        c.tip.textContent = 'frame ' + frames[i] + (t ? ' \u00b7 ' + t : '') + ' \u00b7 ' + c.key + ' ' + logText(v);
        c.tip.style.display = 'block';
        var left = cx * c.svg.getBoundingClientRect().width / c.width;
        c.tip.style.left = Math.min(left + 10, c.svg.getBoundingClientRect().width - c.tip.offsetWidth - 4) + 'px';
        c.tip.style.top = '18px';
      } else {
        c.tip.style.display = 'none';
      }
    });
    var parts = ['frame ' + frames[i]];
    var t = time(i);
    if (t) { parts.push(t); }
    charts.forEach(function (c) { parts.push(c.key + ' ' + logText(c.values[i])); });
    document.getElementById('readout').textContent = parts.join('  \u00b7  ');
  }

  function hideHover() {
    hover = -1;
    charts.forEach(function (c) {
      c.cursor.setAttribute('visibility', 'hidden'); c.mark.setAttribute('visibility', 'hidden'); c.tip.style.display = 'none';
    });
  }

  function setView(from, to) {
    from = Math.max(0, Math.min(from, n - 1)); to = Math.max(from, Math.min(to, n - 1));
    view.from = from; view.to = to;
    renderAll();
  }

  function renderAll() {
    charts.forEach(render);
    var label = document.getElementById('range');
    if (n > 0) {
      // "frames 0-11 of 12" where the log numbers its frames 0 to n-1; else (subsampled, a --frames range) the count
      // of scored frames shown, not a total the frame numbers pass ("frames 0-10 of 3").
      var dense = frames[0] === 0 && frames[n - 1] === n - 1;
      label.textContent = 'frames ' + frames[view.from] + '\u2013' + frames[view.to] +
        (dense ? ' of ' + n : ', ' + (view.to - view.from + 1) + ' of ' + n + ' scored frames') +
        (view.to - view.from + 1 > charts.reduce(function (m, c) { return Math.min(m, c.pw); }, Infinity) ? ' (min/max envelope per pixel)' : ' (one point per frame)');
    }
    if (hover >= view.from && hover <= view.to) { showHover(hover, null); }
  }

  function attach(chart) {
    var drag = null;
    chart.svg.addEventListener('mousemove', function (e) {
      var i = indexAt(chart, e.clientX);
      if (drag !== null) {
        var a = Math.min(drag, i), b = Math.max(drag, i);
        chart.selection.setAttribute('x', chart.x(a)); chart.selection.setAttribute('width', Math.max(1, chart.x(b) - chart.x(a)));
        chart.selection.setAttribute('visibility', 'visible');
      }
      showHover(i, chart);
    });
    chart.svg.addEventListener('mouseleave', function () { hideHover(); });
    chart.svg.addEventListener('mousedown', function (e) { if (e.button === 0) { drag = indexAt(chart, e.clientX); e.preventDefault(); } });
    window.addEventListener('mouseup', function (e) {
      if (drag === null) { return; }
      var i = indexAt(chart, e.clientX), a = Math.min(drag, i), b = Math.max(drag, i);
      drag = null;
      chart.selection.setAttribute('visibility', 'hidden');
      if (b - a >= 2) { setView(a, b); }
    });
    chart.svg.addEventListener('wheel', function (e) {
      e.preventDefault();
      var i = indexAt(chart, e.clientX), span = view.to - view.from + 1;
      var next = Math.max(8, Math.round(span * (e.deltaY < 0 ? 0.8 : 1.25)));
      var share = span > 1 ? (i - view.from) / (span - 1) : 0.5;
      var from = Math.round(i - share * (next - 1));
      from = Math.max(0, Math.min(from, n - next));
      setView(from, from + next - 1);
    }, { passive: false });
    chart.svg.addEventListener('dblclick', function () { setView(0, n - 1); });
  }

  if (n === 0) {
    document.getElementById('range').textContent = 'no frames';
    return;
  }

  data.series.forEach(function (s, k) { makeChart(s, k === 0 && data.score ? 240 : 130); });
  document.getElementById('reset').addEventListener('click', function () { setView(0, n - 1); });
  Array.prototype.forEach.call(document.querySelectorAll('#worst-frames tbody tr'), function (row) {
    row.addEventListener('click', function () {
      var i = indexOfFrame(Number(row.getAttribute('data-frame')));
      setView(i - 60, i + 60);
      showHover(i, charts[0]);
      document.getElementById('charts').scrollIntoView();
    });
  });
  var resizeTimer = 0;
  window.addEventListener('resize', function () { clearTimeout(resizeTimer); resizeTimer = setTimeout(renderAll, 100); });
  renderAll();
  document.body.setAttribute('data-ready', 'true');
})();
