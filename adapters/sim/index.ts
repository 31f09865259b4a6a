/** The simulated text channel: replay driver, console rendering. */
export { SimDriver, SimCall, SimCallError, createSimDriver, type SimAudio } from './driver';
export { SimRecordings } from './recordings';
export { observe, promptText, segmentText, audioToProbe, type Playable } from './observe';
export { renderActions, renderObservation } from './render';
