/**
 * The offline NLU on the sample applications' real menus and fields: paraphrases land on the choice, option
 * or link the grammars offer (in the grammars' own result shape), off-topic requests and near misses are
 * rejected, and every result says how it was decided (path, score, alternatives). None of these phrases is in
 * the evaluation sets.
 */
import * as labels from '../../gateway/nlu/labels';
import { Probe } from './helpers';

const probe = new Probe();

describe('menus: paraphrases reach the choice (or the link going to the same place)', () => {
  it.each([
    ['airline', 'main.vxml#main_menu', 'could you tell me if flight two ten got delayed', 'next:flight_status.vxml'],
    ['airline', 'main.vxml#main_menu', 'i need the details of my reservation', 'next:booking.vxml'],
    ['airline', 'main.vxml#main_menu', 'they lost my luggage', 'next:baggage.vxml'],
    ['airline', 'main.vxml#main_menu', 'i would like to check in please', 'next:checkin.vxml'],
    ['airline', 'main.vxml#main_menu', 'i have a complaint about my last trip', 'next:feedback.vxml'],
    ['airline', 'main.vxml#main_menu', 'get me a human being', 'next:agent.vxml'],
    ['airline', 'main.vxml#main_menu', 'nothing more thanks goodbye', 'next:main.vxml#goodbye'],
    ['airline', 'main.vxml#main_menu', 'flite stattus', 'next:flight_status.vxml'],
    ['railway', 'main.vxml#main_menu', 'can i buy a ticket please', 'next:journey.vxml'],
    ['railway', 'main.vxml#main_menu', 'i left my laptop on the train', 'next:lostproperty.vxml'],
    ['mobile', 'en/main.vxml#main_menu', 'what is my remaining credit', 'next:en/balance.vxml'],
    ['mobile', 'en/main.vxml#main_menu', 'i want to top it up', 'next:en/recharge.vxml'],
    ['mobile', 'en/main.vxml#main_menu', 'can i switch plans', 'next:en/plans.vxml'],
    ['mobile', 'es/main.vxml#main_menu', 'quisiera consultar mi saldo', 'next:es/balance.vxml'],
    ['mobile', 'es/main.vxml#main_menu', 'me gustaría recargar mi celular', 'next:es/recharge.vxml'],
  ])('%s %s: "%s" → %s', async (app, where, text, expected) => {
    expect(await probe.outcome(app, where, text)).toBe(expected);
  });
});

describe('off-topic requests and near misses stay nomatch', () => {
  it.each([
    ['airline', 'main.vxml#main_menu', 'what is the weather going to be tomorrow'],
    ['airline', 'main.vxml#main_menu', 'i want to order a large pepperoni pizza'],
    ['airline', 'main.vxml#main_menu', 'tell me a funny joke'],
    ['airline', 'main.vxml#main_menu', 'i need a train ticket to new york'],
    ['airline', 'main.vxml#main_menu', 'how much is my electricity bill'],
    ['railway', 'main.vxml#main_menu', 'season tickets'],
    ['railway', 'main.vxml#main_menu', 'is my flight delayed'],
    ['railway', 'main.vxml#main_menu', 'can i speak to a human'],
    ['mobile', 'en/main.vxml#main_menu', 'pay my bill'],
    ['mobile', 'en/main.vxml#main_menu', 'my phone screen is broken'],
    ['mobile', 'es/main.vxml#main_menu', 'quiero pagar mi factura'],
    ['mobile', 'es/main.vxml#main_menu', 'cuál es el clima hoy'],
    ['railway', 'journey.vxml#journey/from_station', 'what is the weather in boston'],
    ['railway', 'confirm.vxml#confirm/answer', 'maybe later'],
    ['airline', 'checkin.vxml#checkin/passengers', 'i want to order a pizza'],
    ['airline', 'main.vxml#main_menu', 'um'],
  ])('%s %s: "%s"', async (app, where, text) => {
    expect(await probe.outcome(app, where, text)).toBe('nomatch');
  });
});

describe('fields: the grammar’s own result from inside a longer utterance', () => {
  it.each([
    ['airline', 'flight_status.vxml#flight_status/flight_number', 'um my flight is northwind two oh four oh', 'value:NW2040'],
    ['airline', 'booking.vxml#booking/booking_ref', 'the reference is x ray yankee zulu one two three', 'value:XYZ123'],
    ['railway', 'journey.vxml#journey/start', 'i am travelling from new haven to philadelphia on monday', 'value:{"origin":"NHV","destination":"PHL"}'],
    ['railway', 'journey.vxml#journey/start', 'going to baltimore and leaving from providence', 'value:{"destination":"BAL","origin":"PVD"}'],
    ['railway', 'journey.vxml#journey/travel_class', 'economy is fine', 'value:coach'],
    ['railway', 'confirm.vxml#confirm/answer', 'yeah sure go for it', 'value:true'],
    ['mobile', 'es/recharge.vxml#recharge/amount', 'pues quiero recargar cincuenta dólares', 'value:50'],
    ['mobile', 'es/recharge.vxml#recharge/recharge_ok', 'sí claro que sí', 'value:true'],
    ['mobile', 'en/recharge.vxml#recharge/whose', 'a different phone number', 'value:other'],
    ['airline', 'feedback.vxml#feedback/send_choice', 'please send it now', 'value:send'],
  ])('%s %s: "%s" → %s', async (app, where, text, expected) => {
    expect(await probe.outcome(app, where, text)).toBe(expected);
  });
});

describe('transparency', () => {
  it('a classifier result carries path, score and alternatives', async () => {
    const out = await probe.at('airline', 'main.vxml#main_menu', 'my suitcase never showed up');
    expect(out.result).toMatchObject({ path: 'classifier', inputmode: 'voice', utterance: 'my suitcase never showed up', confidence: 0.8 });
    expect(out.result?.score).toBeGreaterThan(0.6);
    expect(out.result?.score).toBeLessThanOrEqual(1);
    expect(out.decision.accepted?.method).toBe('classifier');
    expect(out.decision.accepted?.label).toBe('lost baggage');
  });

  it('a rejection says why and what came closest', async () => {
    const out = await probe.at('railway', 'main.vxml#main_menu', 'season tickets');
    expect(out.result).toBeUndefined();
    expect(out.decision.reason).toMatch(/explains|close|names/);
  });

  it('a grammar phrase inside the utterance is reported as a span decision with the grammar’s key', async () => {
    const out = await probe.at('airline', 'flight_status.vxml#flight_status/flight_number', 'yes it is a a one two three');
    expect(out.decision.accepted?.method).toBe('span');
    expect(out.result?.grammar).toMatch(/flight_status\.vxml#g\d+$/);
    expect(out.result?.interpretation).toBe('AA123');
  });
});

describe('models are built once per grammar set', () => {
  it('a second utterance reuses the model (same objects, no retraining)', async () => {
    const p = new Probe();
    const spy = jest.spyOn(labels, 'buildLabels');
    await p.at('railway', 'main.vxml#main_menu', 'tickets please for me');
    await p.at('railway', 'main.vxml#main_menu', 'i lost my hat');
    expect(spy).toHaveBeenCalledTimes(1);
    spy.mockRestore();
  });
});
