// Operators: calls in progress on this gateway (any channel) with their transcripts, polled every second
// with the operator token. The token stays in this tab's sessionStorage only.
import { api, el, fileName } from './api.js';

const POLL_MS = 1000;

export class LiveView {
  constructor(ui) {
    this.ui = ui;
    this.token = sessionStorage.getItem('vxml-console-token') || '';
    this.selected = undefined;
    this.after = 0;
    this.timer = undefined;
    this.enabled = false;
    ui.tokenForm.addEventListener('submit', (event) => {
      event.preventDefault();
      this.token = ui.tokenInput.value.trim();
      ui.tokenInput.value = '';
      sessionStorage.setItem('vxml-console-token', this.token);
      this.poll();
    });
  }

  configure(state) {
    this.enabled = state.enabled;
    this.ui.state.textContent = state.message;
    this.ui.tokenForm.hidden = !state.enabled;
  }

  show() {
    if (this.enabled && this.token) this.poll();
  }

  hide() {
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  async poll() {
    clearTimeout(this.timer);
    if (!this.enabled || !this.token) return;
    const headers = { authorization: `Bearer ${this.token}` };
    try {
      const { calls } = await api('GET', '/console/api/live', { headers });
      this.ui.state.textContent = `${calls.filter((c) => !c.ended).length} call(s) in progress · updated ${new Date().toLocaleTimeString()}`;
      this.renderCalls(calls);
      if (this.selected) {
        const data = await api('GET', `/console/api/live/${encodeURIComponent(this.selected)}?after=${this.after}`, { headers }).catch((error) => {
          if (error.status === 404) return undefined;
          throw error;
        });
        if (data) this.appendLines(data);
      }
    } catch (error) {
      this.ui.state.textContent = error.message;
      if (error.status === 401 || error.status === 403) {
        this.token = '';
        sessionStorage.removeItem('vxml-console-token');
        return;
      }
    }
    if (!this.ui.view.hidden) this.timer = setTimeout(() => this.poll(), POLL_MS);
  }

  renderCalls(calls) {
    const rows = calls.map((c) => {
      const tr = el('tr');
      tr.dataset.callId = c.callId;
      if (c.ended) tr.classList.add('ended');
      if (c.callId === this.selected) tr.classList.add('selected');
      const where = c.position ? `${c.position.dialog}${c.position.item !== undefined ? ` › ${c.position.item}` : ''}` : '';
      const channel = c.channel === 'sim' && c.callId.startsWith('web-') ? 'browser' : c.channel;
      for (const text of [c.callId, channel, fileName(c.entry), where, String(c.turns), c.ended ? 'ended' : c.lastLine ?? '']) tr.append(el('td', undefined, text));
      tr.title = c.entry;
      tr.addEventListener('click', () => this.select(c.callId));
      return tr;
    });
    if (rows.length === 0) {
      const tr = el('tr');
      const td = el('td', 'note', 'No calls on this gateway yet.');
      td.colSpan = 6;
      tr.append(td);
      rows.push(tr);
    }
    this.ui.calls.replaceChildren(...rows);
  }

  select(callId) {
    this.selected = callId;
    this.after = 0;
    this.ui.lines.replaceChildren();
    this.ui.title.textContent = callId;
    this.poll();
  }

  appendLines({ call, lines, truncated }) {
    if (truncated && this.after > 0) this.ui.lines.append(el('li', 'note', '… earlier lines dropped …'));
    for (const line of lines) {
      const li = el('li', line.who, line.text);
      if (line.path) li.dataset.path = line.path;
      li.title = new Date(line.at).toLocaleTimeString();
      this.ui.lines.append(li);
      this.after = line.n;
    }
    if (lines.length > 0) this.ui.lines.lastElementChild.scrollIntoView({ block: 'nearest' });
    this.ui.title.textContent = `${call.callId} · ${call.channel} · ${call.ended ? 'ended' : 'in progress'}`;
  }
}
