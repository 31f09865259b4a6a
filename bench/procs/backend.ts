/** The airline sample's legacy back end (documents, JSP services) in its own process, as in production. */
import { startAppServer } from '../../vxml-samples/app-server';
import { childArg, processFigures, serveParent, tellReady } from '../lib/child';

async function main(): Promise<void> {
  childArg<Record<string, never>>();
  const server = await startAppServer({ host: '127.0.0.1', port: 0 });
  serveParent({ figures: () => processFigures() }, () => server.close());
  tellReady({ url: server.url });
}

main().catch((e: unknown) => {
  process.send?.({ type: 'failed', error: e instanceof Error ? (e.stack ?? e.message) : String(e) });
  process.exitCode = 1;
});
