// The dialog graph: draws the server's laid-out chart as SVG, pans and zooms, highlights where the call is
// (dialog box and form item row, keyed like the interpreter's trace entries) and reports clicks on nodes.
import { el, svg, fileName } from './api.js';

const TITLE_H = 24;
const ROW_H = 18;

export class GraphView {
  constructor(container, { onSelect }) {
    this.container = container;
    this.onSelect = onSelect;
    this.chart = undefined;
    this.view = { x: 0, y: 0, scale: 1 };
    this.boxesByKey = new Map();
    this.current = undefined;
    this.follow = true;
    this.installPanZoom();
  }

  clear(message) {
    this.chart = undefined;
    this.boxesByKey.clear();
    this.current = undefined;
    this.container.replaceChildren(el('p', 'empty', message));
  }

  render(chart) {
    this.chart = chart;
    this.boxesByKey.clear();
    this.current = undefined;
    const root = svg('svg', { role: 'img', 'aria-label': 'Dialog graph' });
    const defs = svg('defs');
    const marker = svg('marker', { id: 'arrow', viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse' });
    marker.append(svg('path', { d: 'M 0 0 L 10 5 L 0 10 z', fill: '#8a94a8' }));
    defs.append(marker);
    root.append(defs);
    this.viewport = svg('g', { class: 'viewport' });
    root.append(this.viewport);

    for (const c of chart.clusters) {
      const g = svg('g', { class: 'cluster', 'data-uri': c.uri });
      g.append(svg('rect', { x: c.x, y: c.y, width: c.width, height: c.height, rx: 8 }));
      const label = svg('text', { x: c.x + 8, y: c.y + 14 });
      label.textContent = c.label;
      g.append(label);
      this.viewport.append(g);
    }
    for (const e of chart.edges) {
      const g = svg('g', { class: `edge ${e.kind}`, 'data-from': e.from, 'data-to': e.to });
      g.append(svg('path', { d: pathOf(e.points), 'marker-end': 'url(#arrow)' }));
      if (e.labelAt && e.label) {
        const t = svg('text', { x: e.labelAt.x, y: e.labelAt.y + 3, 'text-anchor': 'middle' });
        t.textContent = e.label;
        g.append(t);
      }
      this.viewport.append(g);
    }
    for (const b of chart.boxes) this.viewport.append(this.drawBox(b));

    this.container.replaceChildren(root);
    this.svg = root;
    this.fit();
  }

  drawBox(b) {
    const g = svg('g', { class: `box ${b.kind}`, 'data-box': b.id });
    if (b.uri) g.setAttribute('data-uri', b.uri);
    if (b.dialog !== undefined) {
      g.setAttribute('data-dialog', b.dialog);
      this.boxesByKey.set(`${b.uri}#${b.dialog}`, g);
    }
    g.append(svg('rect', { class: 'frame', x: b.x, y: b.y, width: b.width, height: b.height, rx: 6 }));
    const title = svg('text', { class: 'title', x: b.x + 8, y: b.y + 16 });
    title.textContent = clip(b.title, Math.floor((b.width - 12) / 7));
    const tip = svg('title');
    tip.textContent = b.uri ? `${b.title} — ${fileName(b.uri)}${b.line ? ` line ${b.line}` : ''}` : b.title;
    g.append(tip, title);
    if (b.rows.length > 0) g.append(svg('line', { x1: b.x, x2: b.x + b.width, y1: b.y + TITLE_H, y2: b.y + TITLE_H, stroke: '#d9dde5' }));
    b.rows.forEach((r, i) => {
      const y = b.y + TITLE_H + i * ROW_H;
      const row = svg('g', { class: `row ${r.kind}`, 'data-item': r.key });
      row.append(svg('rect', { x: b.x + 2, y: y + 1, width: b.width - 4, height: ROW_H - 2, rx: 3 }));
      const text = svg('text', { x: b.x + 10, y: y + 13 });
      text.textContent = clip(r.label, Math.floor((b.width - 16) / 6.6));
      row.append(text);
      row.addEventListener('click', (event) => {
        event.stopPropagation();
        if (this.dragged) return;
        this.select(g, { uri: b.uri, line: r.line, endLine: r.endLine, title: `${b.title} › ${r.label}` });
      });
      g.append(row);
    });
    g.addEventListener('click', () => {
      if (this.dragged) return;
      if (b.uri && b.line) this.select(g, { uri: b.uri, line: b.line, endLine: b.endLine ?? b.line, title: b.title });
      else this.select(g, undefined);
    });
    return g;
  }

  select(g, target) {
    for (const s of this.viewport.querySelectorAll('.box.selected')) s.classList.remove('selected');
    g.classList.add('selected');
    if (target) this.onSelect(target);
  }

  /** Highlights where the call is; returns whether that dialog is drawn. */
  highlight(position, visited = []) {
    if (!this.chart) return false;
    for (const node of this.viewport.querySelectorAll('.current')) node.classList.remove('current');
    for (const p of visited) this.boxesByKey.get(`${p.uri}#${p.dialog}`)?.classList.add('visited');
    if (!position) return false;
    const box = this.boxesByKey.get(`${position.uri}#${position.dialog}`);
    if (!box) return false;
    box.classList.add('current');
    if (position.item !== undefined) {
      for (const row of box.querySelectorAll('.row')) if (row.getAttribute('data-item') === position.item) row.classList.add('current');
    }
    this.current = box;
    if (this.follow) this.centerOn(box);
    return true;
  }

  // ------------------------------------------------------------ pan and zoom

  apply() {
    if (this.viewport) this.viewport.setAttribute('transform', `translate(${this.view.x} ${this.view.y}) scale(${this.view.scale})`);
  }

  fit() {
    if (!this.chart || !this.svg) return;
    const { width, height } = this.container.getBoundingClientRect();
    const scale = Math.min(1.2, Math.max(0.2, Math.min(width / this.chart.width, height / this.chart.height)));
    this.view = { scale, x: (width - this.chart.width * scale) / 2, y: Math.max(0, (height - this.chart.height * scale) / 2) };
    this.apply();
  }

  zoom(factor, cx, cy) {
    const rect = this.container.getBoundingClientRect();
    const x = cx ?? rect.width / 2;
    const y = cy ?? rect.height / 2;
    const scale = Math.min(3, Math.max(0.15, this.view.scale * factor));
    const k = scale / this.view.scale;
    this.view = { scale, x: x - (x - this.view.x) * k, y: y - (y - this.view.y) * k };
    this.apply();
  }

  centerOn(box) {
    const frame = box.querySelector('rect.frame');
    if (!frame) return;
    const bx = Number(frame.getAttribute('x')) + Number(frame.getAttribute('width')) / 2;
    const by = Number(frame.getAttribute('y')) + Number(frame.getAttribute('height')) / 2;
    const { width, height } = this.container.getBoundingClientRect();
    if (this.view.scale < 0.7) this.view.scale = 0.85;
    this.view.x = width / 2 - bx * this.view.scale;
    this.view.y = height / 2 - by * this.view.scale;
    this.apply();
  }

  installPanZoom() {
    let start;
    this.container.addEventListener('pointerdown', (e) => {
      if (e.button !== 0) return;
      start = { x: e.clientX, y: e.clientY, vx: this.view.x, vy: this.view.y };
      this.dragged = false;
    });
    window.addEventListener('pointermove', (e) => {
      if (!start) return;
      const dx = e.clientX - start.x;
      const dy = e.clientY - start.y;
      if (!this.dragged && Math.hypot(dx, dy) < 4) return;
      this.dragged = true;
      this.container.classList.add('dragging');
      this.view.x = start.vx + dx;
      this.view.y = start.vy + dy;
      this.apply();
    });
    window.addEventListener('pointerup', () => {
      start = undefined;
      this.container.classList.remove('dragging');
      // A click event follows pointerup: let it see whether this was a drag, then forget.
      setTimeout(() => {
        this.dragged = false;
      }, 0);
    });
    this.container.addEventListener(
      'wheel',
      (e) => {
        if (!this.chart) return;
        e.preventDefault();
        const rect = this.container.getBoundingClientRect();
        this.zoom(e.deltaY < 0 ? 1.15 : 1 / 1.15, e.clientX - rect.left, e.clientY - rect.top);
      },
      { passive: false },
    );
  }
}

function pathOf(points) {
  if (points.length === 0) return '';
  if (points.length < 3) return `M ${points.map((p) => `${p.x} ${p.y}`).join(' L ')}`;
  // A smooth curve through dagre's control points: quadratic segments between midpoints.
  let d = `M ${points[0].x} ${points[0].y}`;
  for (let i = 1; i < points.length - 1; i++) {
    const mx = (points[i].x + points[i + 1].x) / 2;
    const my = (points[i].y + points[i + 1].y) / 2;
    d += ` Q ${points[i].x} ${points[i].y} ${mx} ${my}`;
  }
  const last = points[points.length - 1];
  return `${d} L ${last.x} ${last.y}`;
}

function clip(text, max) {
  return text.length > max ? `${text.slice(0, Math.max(1, max - 1))}…` : text;
}
