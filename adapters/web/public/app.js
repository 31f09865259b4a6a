// The console page: application picker, the call, the dialog graph with its source view, the live tab.
import { api, el, fileName } from './api.js';
import { CallController } from './call.js';
import { GraphView } from './graph.js';
import { LiveView } from './live.js';
import { Microphone, Voice } from './speech.js';

const $ = (id) => document.getElementById(id);

const voice = new Voice();
const ttsToggle = $('tts-toggle');
ttsToggle.checked = localStorage.getItem('vxml-console-tts') === 'on';
voice.enabled = ttsToggle.checked;
ttsToggle.disabled = !voice.available;
ttsToggle.addEventListener('change', () => {
  voice.enabled = ttsToggle.checked;
  localStorage.setItem('vxml-console-tts', ttsToggle.checked ? 'on' : 'off');
  if (!voice.enabled) voice.stop();
});

// ------------------------------------------------------------ source view

let currentCall = () => undefined;
const sources = new Map();

async function showSource({ uri, line, endLine, title }) {
  const call = currentCall();
  const panel = $('source');
  $('source-title').textContent = `${title} — ${fileName(uri)}:${line}${endLine > line ? `-${endLine}` : ''}`;
  panel.hidden = false;
  const list = $('source-lines');
  list.replaceChildren(el('li', 'note', 'Loading…'));
  try {
    const key = `${call?.id}|${uri}`;
    let lines = sources.get(key);
    if (!lines) {
      if (!call) throw new Error('the source is shown while the call is in progress');
      lines = (await api('GET', `/console/api/calls/${encodeURIComponent(call.id)}/source?uri=${encodeURIComponent(uri)}`, { headers: { 'x-call-key': call.key } })).lines;
      sources.set(key, lines);
    }
    const items = lines.map((text, i) => {
      const li = el('li');
      li.dataset.line = String(i + 1);
      if (i + 1 >= line && i + 1 <= endLine) li.classList.add('hl');
      li.append(el('span', 'no', String(i + 1)), el('span', 'text', text));
      return li;
    });
    list.replaceChildren(...items);
    items[Math.max(0, line - 3)]?.scrollIntoView({ block: 'start' });
  } catch (error) {
    list.replaceChildren(el('li', 'note', error.message));
  }
}
$('source-close').addEventListener('click', () => {
  $('source').hidden = true;
});

// ------------------------------------------------------------ graph and call

const graph = new GraphView($('graph'), { onSelect: (target) => showSource(target) });
$('zoom-in').addEventListener('click', () => graph.zoom(1.25));
$('zoom-out').addEventListener('click', () => graph.zoom(0.8));
$('zoom-fit').addEventListener('click', () => graph.fit());
$('follow-toggle').addEventListener('change', (e) => {
  graph.follow = e.target.checked;
});

const select = $('app-select');
const urlInput = $('app-url');
const controller = new CallController(
  {
    keypad: $('keypad'),
    digits: $('digits'),
    transcript: $('transcript'),
    status: $('status'),
    callButton: $('call-button'),
    hangupButton: $('hangup-button'),
    silenceButton: $('silence-button'),
    speechForm: $('speech-form'),
    speechText: $('speech-text'),
    sayButton: $('say-button'),
    micButton: $('mic-button'),
    suggestions: $('suggestions'),
    recordControls: $('record-controls'),
    transferControls: $('transfer-controls'),
    graphTitle: $('graph-title'),
    graphWhere: $('graph-where'),
    chooseApp: () => {
      const value = select.value;
      if (value === 'url') {
        const url = urlInput.value.trim();
        if (!url) {
          controller.setStatus('Type the URL of the application’s entry document.', 'ended');
          urlInput.focus();
          return undefined;
        }
        return { kind: 'url', url };
      }
      if (value === 'default') return { kind: 'default' };
      return { kind: 'sample', id: value.replace(/^sample:/, '') };
    },
  },
  { graph, voice, microphone: new Microphone(), showSource },
);
currentCall = () => controller.call;
$('source').hidden = true;

// ------------------------------------------------------------ tabs and live view

const live = new LiveView({
  view: $('view-live'),
  state: $('live-state'),
  tokenForm: $('token-form'),
  tokenInput: $('token-input'),
  calls: $('live-calls'),
  lines: $('live-lines'),
  title: $('live-title'),
});

function showTab(name) {
  for (const tab of ['call', 'live']) {
    $(`tab-${tab}`).setAttribute('aria-selected', String(tab === name));
    $(`view-${tab}`).hidden = tab !== name;
  }
  if (name === 'live') live.show();
  else live.hide();
}
$('tab-call').addEventListener('click', () => showTab('call'));
$('tab-live').addEventListener('click', () => showTab('live'));

// ------------------------------------------------------------ the catalogue

async function loadApps() {
  try {
    const apps = await api('GET', '/console/api/apps');
    const options = [];
    for (const s of apps.samples) {
      const option = el('option', undefined, `${s.name} (sample: ${s.id})`);
      option.value = `sample:${s.id}`;
      option.title = s.description;
      options.push(option);
    }
    if (apps.defaultApp) {
      const option = el('option', undefined, `Default application — ${fileName(apps.defaultApp)}`);
      option.value = 'default';
      option.title = apps.defaultApp;
      options.push(option);
    }
    const url = el('option', undefined, 'Another application by URL…');
    url.value = 'url';
    options.push(url);
    select.replaceChildren(...options);
    const airline = apps.samples.find((s) => s.id === 'airline');
    if (airline) select.value = 'sample:airline';
    const describe = () => {
      urlInput.hidden = select.value !== 'url';
      const sample = apps.samples.find((s) => `sample:${s.id}` === select.value);
      $('app-note').textContent =
        select.value === 'url'
          ? apps.allowedOrigins.length
            ? `Allowed origins: ${apps.allowedOrigins.join(', ')}`
            : 'No other origin is allowed on this gateway (start it with --allow-origin).'
          : sample
            ? sample.description
            : select.value === 'default'
              ? apps.defaultApp
              : '';
    };
    select.addEventListener('change', describe);
    describe();
    live.configure(apps.live);
  } catch (error) {
    controller.setStatus(`The console cannot reach the gateway: ${error.message}`, 'ended');
  }
}
loadApps();
