/** The Twilio Programmable Voice adapter: webhook routes, TwiML mapping, configuration and the call simulator. */
export { createTwilioRouter, TWILIO_MOUNT_PATH, type TwilioRouterOptions } from './routes';
export {
  loadTwilioConfig,
  parseTwilioConfig,
  twilioConfigWarnings,
  TwilioConfigError,
  TWILIO_ENV_BINDINGS,
  DEFAULT_VOICES,
  type TwilioConfig,
  type TwilioConfigInput,
} from './config';
export { createTwilioRecordingFetcher, type RecordingBytesFetcher, type TwilioRecordingFetcherOptions } from './recording-fetcher';
export { createAudioProbe, type AudioProbe, type AudioProbeOptions } from './audio-probe';
export { renderTurn, renderApology, audioUrls, type RenderContext, type RenderedTurn } from './twiml';
export { signedUrl } from './signature';
export type { AdapterLogger } from './logger';
export { createTwilioReplayDriver, TwilioSimulator, type TwilioDriverOptions, type TwilioSimulatorOptions } from './simulator';
