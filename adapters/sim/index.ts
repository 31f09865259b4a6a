/** The simulated text channel: replay driver, console rendering. */
export { SimDriver, SimCall, SimCallError, createSimDriver } from './driver';
export { SimRecordings } from './recordings';
export { observe, promptText, segmentText } from './observe';
export { renderActions, renderObservation } from './render';
