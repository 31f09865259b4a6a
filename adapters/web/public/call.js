// One browser call on the simulated channel: place it, send keys (collected like a phone platform does:
// until the terminating key, the maximum number of digits, or the inter-digit pause), speech, silence,
// recordings and transfer results; show each turn in the transcript and move the graph highlight.
import { api, el } from './api.js';

const KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '*', '0', '#'];
const TRANSFER_RESULTS = [
  ['far_end_disconnect', 'answered, then far end hung up'],
  ['near_end_disconnect', 'answered, caller ended it'],
  ['busy', 'busy'],
  ['noanswer', 'no answer'],
  ['network_busy', 'network busy'],
  ['maxtime_disconnect', 'max time reached'],
  ['unknown', 'unknown'],
];

export class CallController {
  constructor(ui, { graph, voice, microphone, showSource }) {
    this.ui = ui;
    this.graph = graph;
    this.voice = voice;
    this.microphone = microphone;
    this.showSource = showSource;
    this.call = undefined;
    this.turn = undefined;
    this.pending = '';
    this.timer = undefined;
    this.sending = false;
    this.buildKeypad();
    this.buildTransferButtons();
    this.bind();
    this.update();
  }

  // ------------------------------------------------------------ building

  buildKeypad() {
    for (const key of KEYS) {
      const button = el('button', 'key', key);
      button.type = 'button';
      button.dataset.key = key;
      button.setAttribute('aria-label', `key ${key}`);
      button.addEventListener('click', () => this.press(key));
      this.ui.keypad.append(button);
    }
  }

  buildTransferButtons() {
    for (const [result, label] of TRANSFER_RESULTS) {
      const button = el('button', undefined, label);
      button.type = 'button';
      button.dataset.result = result;
      button.addEventListener('click', () => this.send({ kind: 'transfer', result }, `(transfer: ${label})`));
      this.ui.transferControls.append(button);
    }
  }

  bind() {
    const ui = this.ui;
    ui.callButton.addEventListener('click', () => this.place());
    ui.hangupButton.addEventListener('click', () => this.send({ kind: 'hangup' }, '(hangs up)'));
    ui.silenceButton.addEventListener('click', () => this.send({ kind: 'noinput' }, '(silence)'));
    ui.speechForm.addEventListener('submit', (event) => {
      event.preventDefault();
      const text = ui.speechText.value.trim();
      if (text) this.say(text, 0.9);
    });
    ui.micButton.hidden = !this.microphone.available;
    ui.micButton.addEventListener('click', () => {
      const lang = this.turn?.listen?.lang;
      this.voice.stop();
      this.setStatus('Listening to the microphone…');
      this.microphone.listen(lang, (text, confidence) => this.say(text, confidence), (message) => this.setStatus(message));
    });
    for (const button of ui.recordControls.querySelectorAll('button[data-seconds]')) {
      button.addEventListener('click', () => this.send({ kind: 'record', seconds: Number(button.dataset.seconds) }, `(records ${button.dataset.seconds} s)`));
    }
    document.addEventListener('keydown', (event) => {
      if (event.target instanceof HTMLInputElement || event.target instanceof HTMLSelectElement || event.ctrlKey || event.metaKey || event.altKey) return;
      if (KEYS.includes(event.key) && this.acceptsKeys()) {
        event.preventDefault();
        this.press(event.key);
      }
    });
  }

  // ------------------------------------------------------------ actions

  async place() {
    const app = this.ui.chooseApp();
    if (!app) return;
    this.reset();
    this.ui.transcript.replaceChildren();
    this.graph.clear('Loading the dialog graph…');
    this.setStatus('Calling…');
    this.sending = true;
    this.update();
    try {
      const placed = await api('POST', '/console/api/calls', { body: { app } });
      this.call = { id: placed.callId, key: placed.key, entry: placed.app.entry, label: placed.app.label };
      this.note(`calling ${placed.app.label}`);
      this.loadGraph();
      this.showTurns(placed.turns);
    } catch (error) {
      this.call = undefined;
      this.setStatus(error.message, 'ended');
      this.graph.clear('No call.');
    } finally {
      this.sending = false;
      this.update();
    }
  }

  async loadGraph() {
    const call = this.call;
    try {
      const data = await api('GET', `/console/api/calls/${encodeURIComponent(call.id)}/graph`, { headers: { 'x-call-key': call.key } });
      if (this.call !== call && this.call !== undefined) return;
      this.graph.render(data.chart);
      this.ui.graphTitle.textContent = `Dialog graph · ${data.documents.length} document${data.documents.length === 1 ? '' : 's'}`;
      this.visited = this.visited || [];
      this.highlight();
    } catch (error) {
      this.graph.clear(`The graph cannot be drawn: ${error.message}`);
    }
  }

  press(key) {
    if (!this.acceptsKeys()) return;
    this.voice.stop();
    this.pending += key;
    this.ui.digits.textContent = this.pending;
    clearTimeout(this.timer);
    const listen = this.turn.listen;
    const digits = this.pending.replace(/[#*]$/, '').length;
    if ((listen.termchar && key === listen.termchar) || (listen.maxDigits !== undefined && digits >= listen.maxDigits)) {
      this.flushKeys();
    } else {
      // No terminating key yet: the platform waits the inter-digit time for more, then takes what it has.
      this.timer = setTimeout(() => this.flushKeys(), Math.min(4000, Math.max(1200, listen.interdigitMs || 3000)));
    }
  }

  flushKeys() {
    clearTimeout(this.timer);
    const digits = this.pending;
    this.pending = '';
    this.ui.digits.textContent = '';
    if (digits) this.send({ kind: 'dtmf', digits }, `keys ${digits}`);
  }

  say(text, confidence) {
    this.voice.stop();
    this.ui.speechText.value = '';
    this.send({ kind: 'speech', text, confidence }, `“${text}”`);
  }

  async send(input, shown) {
    const call = this.call;
    if (!call || this.sending) return;
    clearTimeout(this.timer);
    this.voice.stop();
    this.sending = true;
    this.update();
    const line = this.add('caller', shown);
    try {
      const answer = await api('POST', `/console/api/calls/${encodeURIComponent(call.id)}/input`, { body: input, headers: { 'x-call-key': call.key } });
      this.showTurns(answer.turns);
    } catch (error) {
      line.classList.add('refused');
      this.add('event', error.message);
      if (error.status === 404) this.finish('The call is over.');
    } finally {
      this.sending = false;
      this.update();
    }
  }

  // ------------------------------------------------------------ showing turns

  showTurns(turns) {
    for (const turn of turns) this.showTurn(turn);
  }

  showTurn(turn) {
    if (turn.interpretation) this.showInterpretation(turn.interpretation);
    for (const e of turn.events) this.add('event', e.message ? `${e.event}: ${e.message}` : e.event);
    for (const prompt of turn.prompts) {
      this.add('system', prompt.text).lang = prompt.lang;
      this.voice.speak(prompt.text, prompt.lang);
    }
    if (turn.transfer) this.note(`${turn.transfer.type} transfer to ${turn.transfer.dest}`);
    this.visited = [...(this.visited || []), ...turn.visited].slice(-200);
    if (turn.position) this.position = turn.position;
    this.highlight();
    this.turn = turn;
    if (turn.ended) {
      this.finish(`Call ended${turn.hangup ? ` (${turn.hangup})` : ''}.`);
      return;
    }
    this.setStatus(describeWait(turn), 'live');
    this.showSuggestions(turn.listen?.suggestions ?? []);
  }

  showInterpretation(i) {
    const li = el('li', 'interp');
    if (i.outcome === 'nomatch') {
      li.append(el('span', 'path nomatch', 'no match'), document.createTextNode(i.utterance !== undefined ? ` “${i.utterance}” matched no active grammar` : ' not understood'));
    } else {
      li.dataset.path = i.path;
      const parts = [`${i.grammarLabel ?? i.grammar}`, `confidence ${i.confidence.toFixed(2)}`];
      if (i.score !== undefined) parts.push(`score ${i.score.toFixed(2)}`);
      parts.push(`→ ${i.value}`);
      li.append(el('span', `path ${i.path}`, i.path), document.createTextNode(` ${parts.join(' · ')}`));
      if (i.alternatives?.length) li.title = `also considered: ${i.alternatives.map((a) => `${a.label} (${a.score.toFixed(2)})`).join(', ')}`;
      if (i.grammarLine !== undefined) li.title = `${li.title ? `${li.title}\n` : ''}grammar ${i.grammar} (line ${i.grammarLine})`;
    }
    this.ui.transcript.append(li);
    li.scrollIntoView({ block: 'nearest' });
  }

  showSuggestions(list) {
    this.ui.suggestions.replaceChildren();
    for (const phrase of list) {
      const button = el('button', undefined, phrase);
      button.type = 'button';
      button.title = `say “${phrase}”`;
      button.addEventListener('click', () => this.say(phrase, 0.9));
      this.ui.suggestions.append(button);
    }
  }

  highlight() {
    const drawn = this.graph.highlight(this.position, this.visited || []);
    const where = this.position ? `${this.position.dialog}${this.position.item !== undefined ? ` › ${this.position.item}` : ''}` : '';
    this.ui.graphWhere.textContent = where ? (drawn || !this.graph.chart ? `now in ${where}` : `now in ${where} (${this.position.uri.split('/').pop()}, a document generated by the back end: not drawn)`) : '';
  }

  finish(message) {
    this.setStatus(message, 'ended');
    this.call = undefined;
    this.turn = undefined;
    this.pending = '';
    this.ui.digits.textContent = '';
    this.showSuggestions([]);
    this.update();
  }

  reset() {
    clearTimeout(this.timer);
    this.voice.stop();
    this.call = undefined;
    this.turn = undefined;
    this.pending = '';
    this.visited = [];
    this.position = undefined;
    this.ui.digits.textContent = '';
  }

  // ------------------------------------------------------------ helpers

  acceptsKeys() {
    return Boolean(this.call && !this.sending && this.turn && this.turn.awaiting === 'input' && this.turn.listen && this.turn.listen.modes.includes('dtmf'));
  }

  update() {
    const ui = this.ui;
    const inCall = Boolean(this.call);
    const awaiting = inCall && !this.sending ? this.turn?.awaiting : undefined;
    const voice = awaiting === 'input' && this.turn.listen?.modes.includes('voice');
    ui.callButton.disabled = inCall || this.sending;
    ui.hangupButton.disabled = !inCall || this.sending;
    for (const key of ui.keypad.querySelectorAll('button')) key.disabled = !this.acceptsKeys();
    ui.speechText.disabled = !voice;
    ui.sayButton.disabled = !voice;
    ui.micButton.disabled = !voice;
    for (const b of ui.suggestions.querySelectorAll('button')) b.disabled = !voice;
    ui.silenceButton.disabled = !(awaiting === 'input' || awaiting === 'record');
    ui.recordControls.hidden = awaiting !== 'record';
    ui.transferControls.hidden = awaiting !== 'transfer';
  }

  setStatus(text, state) {
    this.ui.status.textContent = text;
    this.ui.status.className = `status${state ? ` ${state}` : ''}`;
  }

  add(kind, text) {
    const li = el('li', kind, text);
    this.ui.transcript.append(li);
    li.scrollIntoView({ block: 'nearest' });
    return li;
  }

  note(text) {
    return this.add('note', text);
  }
}

function describeWait(turn) {
  switch (turn.awaiting) {
    case 'input': {
      const l = turn.listen;
      const ways = [];
      if (l.modes.includes('dtmf')) ways.push(l.maxDigits === 1 ? 'a key' : `keys${l.termchar ? ` (end with ${l.termchar})` : ''}`);
      if (l.modes.includes('voice')) ways.push('speech');
      return `Waiting for ${ways.join(' or ')}.`;
    }
    case 'record':
      return 'Recording: choose a length, or stay silent.';
    case 'transfer':
      return `Transferring to ${turn.transfer?.dest ?? 'another party'}: how did it go?`;
    default:
      return 'In call.';
  }
}
