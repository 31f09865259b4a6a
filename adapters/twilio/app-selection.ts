/** Which application a Twilio call runs: the gateway's rule, shared with ACS (gateway/app-selection.ts). */
export { AppSelector, originOf, type AppChoice, type AppSelectionOptions } from '../../gateway/index';
