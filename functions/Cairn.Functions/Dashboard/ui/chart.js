// Small SVG charts written by hand: the dashboard needs two shapes, not a charting library.
const NS = 'http://www.w3.org/2000/svg';

function svg(tag, attrs = {}, text) {
  const el = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  if (text !== undefined) el.textContent = text;
  return el;
}

// Horizontal bars: [{label, value, kind}] → one row each, scaled to the largest value.
export function bars(title, rows) {
  const width = 320, row = 22, labelWidth = 110;
  const max = Math.max(1, ...rows.map((r) => r.value));
  const root = svg('svg', { viewBox: `0 0 ${width} ${rows.length * row + 4}`, role: 'img', class: 'chart', 'aria-label': title });
  root.append(svg('title', {}, title));
  rows.forEach((r, i) => {
    const y = i * row + 2;
    const w = ((width - labelWidth - 40) * r.value) / max;
    root.append(svg('text', { x: 0, y: y + 15, class: 'chart-label' }, r.label));
    root.append(svg('rect', { x: labelWidth, y, width: Math.max(w, 1), height: row - 6, class: `bar ${r.kind ?? ''}` }));
    root.append(svg('text', { x: labelWidth + w + 4, y: y + 15, class: 'chart-value' }, String(r.value)));
  });
  return root;
}

// A step line of values in [0, 1] over time: [{at: Date, value}]; the points are the events, the line holds between them.
export function line(title, points) {
  const width = 320, height = 120, pad = 24;
  const root = svg('svg', { viewBox: `0 0 ${width} ${height}`, role: 'img', class: 'chart', 'aria-label': title });
  root.append(svg('title', {}, title));
  root.append(svg('line', { x1: pad, y1: height - pad, x2: width - 4, y2: height - pad, class: 'axis' }));
  root.append(svg('line', { x1: pad, y1: 4, x2: pad, y2: height - pad, class: 'axis' }));
  root.append(svg('text', { x: 0, y: 12, class: 'chart-value' }, '1'));
  root.append(svg('text', { x: 0, y: height - pad, class: 'chart-value' }, '0'));
  if (points.length === 0) return root;
  const t0 = points[0].at.getTime(), t1 = Math.max(points[points.length - 1].at.getTime(), t0 + 1);
  const x = (t) => pad + ((width - pad - 8) * (t - t0)) / (t1 - t0);
  const y = (v) => height - pad - (height - pad - 8) * v;
  let d = '';
  points.forEach((p, i) => {
    const px = x(p.at.getTime()), py = y(p.value);
    d += i === 0 ? `M${px},${py}` : `H${px}V${py}`;
    root.append(svg('circle', { cx: px, cy: py, r: 3, class: 'point' }));
  });
  root.append(svg('path', { d, class: 'series' }));
  return root;
}
