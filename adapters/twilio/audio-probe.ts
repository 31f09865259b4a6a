/**
 * Whether Twilio can play an audio URL. VoiceXML plays an <audio> element's content when its file cannot be
 * played; Twilio merely skips a <Play> it cannot fetch. So before rendering, the gateway checks each audio URL
 * and renders the fallback content as <Say> when it is not playable.
 *
 * The check is the gateway's (gateway/runtime/audio-probe.ts), shared by every channel so that they agree on
 * what a caller hears: only URLs of configured origins are probed, other http(s) URLs are left for Twilio to
 * fetch, and non-http URLs (file:, data:) are never playable by Twilio.
 */
import { createAudioProbe } from '../../gateway/index';

export { createAudioProbe, type AudioProbe } from '../../gateway/index';
export type AudioProbeOptions = Parameters<typeof createAudioProbe>[0];
