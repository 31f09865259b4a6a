/**
 * What a <record> form item variable holds: a plain object that refers to the recording (VoiceXML 2.0
 * §2.3.6). <audio expr> plays it, <submit namelist> sends it as a file part, and it prints as its URI.
 */
export interface RecordingRef {
  $recording: string;
  type?: string;
  duration: number;
  size?: number;
}

export function isRecording(v: unknown): v is RecordingRef {
  return typeof v === 'object' && v !== null && typeof (v as { $recording?: unknown }).$recording === 'string';
}
