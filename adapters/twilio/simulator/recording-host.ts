/**
 * A tiny stand-in for Twilio's media host: serves the recordings simulated callers "make" at
 * /2010-04-01/Accounts/<AccountSid>/Recordings/<RecordingSid>[.wav|.mp3], behind HTTP basic auth with the
 * account credentials, exactly where a gateway must present them to download a recording for <submit>.
 */
import http from 'node:http';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { silentWav } from '../../../gateway/index';

export interface RecordingHost {
  /** scheme://host:port, to be trusted by the gateway (TWILIO_RECORDING_ORIGINS). */
  readonly origin: string;
  /** Stores a silent recording of `seconds` and returns its RecordingSid and RecordingUrl. */
  make(seconds: number): { sid: string; url: string };
  close(): Promise<void>;
}

export async function startRecordingHost(opts: { accountSid: string; authToken: string; port?: number; maxKept?: number }): Promise<RecordingHost> {
  const recordings = new Map<string, Buffer>();
  const maxKept = opts.maxKept ?? 256;
  const expected = Buffer.from('Basic ' + Buffer.from(`${opts.accountSid}:${opts.authToken}`).toString('base64'));
  const pathPattern = new RegExp(`^/2010-04-01/Accounts/${opts.accountSid}/Recordings/(RE[0-9a-f]{32})(\\.wav|\\.mp3)?$`);

  const server = http.createServer((req, res) => {
    const given = Buffer.from(req.headers.authorization ?? '');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      res.writeHead(401, { 'WWW-Authenticate': 'Basic realm="Twilio API"', 'Content-Type': 'text/plain' }).end('Unauthorized\n');
      return;
    }
    const match = pathPattern.exec(new URL(req.url ?? '/', 'http://host').pathname);
    const bytes = match ? recordings.get(match[1]) : undefined;
    if (!bytes || (req.method !== 'GET' && req.method !== 'HEAD')) {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('Not Found\n');
      return;
    }
    res.writeHead(200, { 'Content-Type': match?.[2] === '.mp3' ? 'audio/mpeg' : 'audio/x-wav', 'Content-Length': String(bytes.length) });
    res.end(req.method === 'HEAD' ? undefined : bytes);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;

  return {
    origin,
    make(seconds) {
      const sid = 'RE' + randomBytes(16).toString('hex');
      recordings.set(sid, silentWav(seconds));
      if (recordings.size > maxKept) recordings.delete(recordings.keys().next().value as string);
      return { sid, url: `${origin}/2010-04-01/Accounts/${opts.accountSid}/Recordings/${sid}` };
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}
