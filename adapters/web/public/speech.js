// The browser's own voice: prompts read aloud with speechSynthesis (when switched on), and the microphone
// through SpeechRecognition where the browser has it. Both are optional: the console works without them.

export class Voice {
  constructor() {
    this.enabled = false;
    this.synth = typeof window.speechSynthesis === 'object' ? window.speechSynthesis : undefined;
  }

  get available() {
    return this.synth !== undefined && typeof window.SpeechSynthesisUtterance === 'function';
  }

  speak(text, lang) {
    if (!this.enabled || !this.available || !text) return;
    const utterance = new SpeechSynthesisUtterance(text);
    if (lang) utterance.lang = lang;
    this.synth.speak(utterance);
  }

  /** Barge-in: the caller pressed a key or spoke, the prompt stops. */
  stop() {
    if (this.available) this.synth.cancel();
  }
}

const Recognition = window.SpeechRecognition || window.webkitSpeechRecognition;

export class Microphone {
  get available() {
    return typeof Recognition === 'function';
  }

  /** Listens once; calls back with the best transcript and its confidence, or an error message. */
  listen(lang, onResult, onError) {
    if (!this.available) return onError('speech recognition is not available in this browser');
    const recognition = new Recognition();
    recognition.lang = lang || 'en-US';
    recognition.interimResults = false;
    recognition.maxAlternatives = 1;
    recognition.onresult = (event) => {
      const best = event.results[0] && event.results[0][0];
      if (best) onResult(best.transcript, typeof best.confidence === 'number' && best.confidence > 0 ? best.confidence : 0.9);
    };
    recognition.onerror = (event) => onError(`speech recognition: ${event.error}`);
    recognition.start();
    return recognition;
  }
}
