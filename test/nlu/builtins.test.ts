/**
 * Builtin types in plain speech inside longer utterances, in exactly the builtin's return format (the grammar
 * engine's own readers decide the value), and yes/no however callers say it.
 */
import { polarity } from '../../gateway/nlu/index';
import { Probe } from './helpers';

const probe = new Probe();

describe('builtin values inside longer utterances', () => {
  it.each([
    ['airline', 'checkin.vxml#checkin/flight_date', "it's the twenty third of March", 'value:????0323'],
    ['airline', 'checkin.vxml#checkin/flight_date', 'we fly out the day after on april the second', 'value:????0402'],
    ['airline', 'checkin.vxml#checkin/flight_date', 'uh i think tomorrow', 'value:20250311'],
    ['mobile', 'en/recharge.vxml#recharge/amount', "I'd like to top up fifty dollars", 'value:USD50.00'],
    ['mobile', 'en/recharge.vxml#recharge/amount', 'can you add seventy five bucks please', 'value:USD75.00'],
    ['mobile', 'en/recharge.vxml#recharge/target_number', 'my number is five five five one two three four five six seven', 'value:5551234567'],
    ['airline', 'claim.vxml#collect_claim/claim_number', 'the file number is one two three four five six seven eight', 'value:12345678'],
    ['airline', 'checkin.vxml#checkin/passengers', 'there will be three of us travelling', 'value:3'],
    ['railway', 'journey.vxml#journey/travel_time', 'i would like to leave at a quarter past ten in the morning', 'value:1015a'],
    ['airline', 'flight_status.vxml#flight_status/another', 'yeah go ahead', 'value:true'],
    ['airline', 'flight_status.vxml#flight_status/another', "no I don't think so", 'value:false'],
    ['airline', 'baggage.vxml#offer_agent/want_agent', 'not right now thanks', 'value:false'],
  ])('%s %s: "%s" → %s', async (app, where, text, expected) => {
    expect(await probe.outcome(app, where, text)).toBe(expected);
  });

  it.each([
    ['airline', 'checkin.vxml#checkin/passengers', 'i want a pizza'],
    ['airline', 'checkin.vxml#checkin/flight_date', 'may i ask something'],
    ['airline', 'claim.vxml#collect_claim/claim_number', 'one two three'],
    ['mobile', 'en/recharge.vxml#recharge/amount', 'tell me a joke'],
    ['airline', 'flight_status.vxml#flight_status/another', 'what is the meaning of life'],
    ['airline', 'flight_status.vxml#flight_status/another', 'maybe'],
  ])('%s %s: "%s" stays nomatch', async (app, where, text) => {
    expect(await probe.outcome(app, where, text)).toBe('nomatch');
  });
});

describe('yes / no in plain speech (English and Spanish)', () => {
  it.each([
    ['yeah go ahead', true],
    ['sure why not', true],
    ['uh yes please do', true],
    ["yep that's the one", true],
    ["no I don't think so", false],
    ['nope', false],
    ['not right now', false],
    ['wait no', false],
    ['sí claro', true],
    ['claro que sí adelante', true],
    ['no gracias', false],
    ['para nada', false],
  ])('"%s" → %s', (text, value) => {
    expect(polarity(text)?.value).toBe(value);
  });

  it.each(['maybe', 'maybe later', 'tal vez', 'what is the weather', 'yes no', 'i want a pizza'])('"%s" → neither', (text) => {
    expect(polarity(text)).toBeUndefined();
  });
});

describe('Recognizers-Text fallback (loaded lazily)', () => {
  it('reads a relative date our readers do not know, against the turn’s clock', async () => {
    const withFallback = new Probe({ recognizersText: true });
    // Monday 2025-03-10: Recognizers-Text reads "next friday" as the Friday of next week.
    expect(await withFallback.outcome('airline', 'checkin.vxml#checkin/flight_date', 'it is next friday')).toBe('value:20250321');
  }, 60000);
});
