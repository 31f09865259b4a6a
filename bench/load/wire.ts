/**
 * The simulated Twilio's wire for load: the same signed form POSTs as adapters/twilio/simulator/wire.ts
 * (X-Twilio-Signature over the URL and sorted parameters), sent over a keep-alive http.Agent instead of fetch,
 * with each request's latency recorded. TwilioSimCall runs unchanged on top of it.
 */
import http from 'node:http';
import { randomUUID } from 'node:crypto';
import twilio from 'twilio';
import { SimulatedTwilioError, TwilioWire } from '../../adapters/twilio/simulator/wire';
import type { WindowRecorder } from '../lib/stats';

export interface Answer {
  status: number;
  type: string;
  text: string;
}

/** One POST over `agent`; the whole answer body is read. */
export function httpPost(agent: http.Agent, url: string, body: string, headers: Record<string, string>): Promise<Answer> {
  const u = new URL(url);
  return new Promise<Answer>((resolve, reject) => {
    const req = http.request(
      { agent, host: u.hostname, port: u.port, path: u.pathname + u.search, method: 'POST', headers: { ...headers, 'Content-Length': String(Buffer.byteLength(body)) } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type'] ?? ''), text: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.setTimeout(15_000, () => req.destroy(new Error('no answer within 15 s (Twilio gives up)')));
    req.on('error', reject);
    req.end(body);
  });
}

export interface BenchWireOptions {
  gateway: string;
  authToken: string;
  agent: http.Agent;
  recorder: WindowRecorder;
  /**
   * The caller's pace: each webhook is sent this long after the previous answer (a caller hearing the prompt
   * and answering), so the load is what this many calls offer rather than as much as the server takes.
   */
  paceMs?: number;
}

export class BenchWire extends TwilioWire {
  private readonly bench: BenchWireOptions;

  constructor(opts: BenchWireOptions) {
    super({ gateways: [opts.gateway], authToken: opts.authToken });
    this.bench = opts;
  }

  /** Signs and POSTs like Twilio; 200 with XML is a turn, anything else an error (as Twilio treats it). */
  override async post(url: string, params: Record<string, string>): Promise<string> {
    if (this.bench.paceMs) await new Promise((resolve) => setTimeout(resolve, this.bench.paceMs));
    const signature = twilio.getExpectedTwilioSignature(this.bench.authToken, url, params);
    const body = new URLSearchParams(params).toString();
    const started = performance.now();
    let answer: Answer;
    try {
      answer = await httpPost(this.bench.agent, url, body, {
        'Content-Type': 'application/x-www-form-urlencoded; charset=utf-8',
        'X-Twilio-Signature': signature,
        'I-Twilio-Idempotency-Token': randomUUID(),
        'User-Agent': 'TwilioProxy/1.1',
      });
    } catch (e) {
      const why = `POST ${url} failed: ${e instanceof Error ? e.message : String(e)}`;
      this.bench.recorder.error(started, performance.now(), why);
      throw new SimulatedTwilioError(why);
    }
    const ended = performance.now();
    if (answer.status !== 200 || !/^(text|application)\/xml\b/.test(answer.type)) {
      const why = `POST ${url} answered HTTP ${answer.status} ${answer.type}: ${answer.text.slice(0, 200)}`;
      this.bench.recorder.error(started, ended, why);
      throw new SimulatedTwilioError(why);
    }
    this.bench.recorder.ok(started, ended);
    return answer.text;
  }
}
