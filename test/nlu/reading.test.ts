/**
 * How the classifier reads what is not a request: arguments of a known request (a place, a desk), relative
 * clauses describing it, echoes of the question, headcounts in words, misheard synonyms — and that none of
 * this lets an off-topic request through. None of these phrases is in the evaluation sets.
 */
import { headcount } from '../../gateway/nlu/headcount';
import { argumentTerms, lexiconFor } from '../../gateway/nlu/terms';
import { syllables } from '../../gateway/nlu/text';
import { Probe } from './helpers';

const probe = new Probe();

describe('arguments and descriptions of a known request weigh little', () => {
  it.each([
    ['railway', 'main.vxml#main_menu', 'i need a ticket down to providence on sunday', 'next:journey.vxml'],
    ['airline', 'main.vxml#main_menu', 'i am calling about a suitcase which got ripped', 'next:baggage.vxml'],
    ['airline', 'main.vxml#main_menu', 'i want to check in for my flight to seattle', 'next:checkin.vxml'],
    ['railway', 'main.vxml#main_menu', 'lost and fond', 'next:lostproperty.vxml'],
  ])('%s %s: "%s" → %s', async (app, where, text, expected) => {
    expect(await probe.outcome(app, where, text)).toBe(expected);
  });

  it.each([
    // The argument rule needs a known head: the weather is not a ticket.
    ['railway', 'main.vxml#main_menu', "what's the weather in philadelphia"],
    // A lexicon concept keeps its weight inside a prepositional phrase.
    ['railway', 'main.vxml#main_menu', 'my bags never arrived at the airport'],
    // "Washington" in the help prompt describes the ticket choice; it is not a ticket word.
    ['railway', 'main.vxml#main_menu', 'book a flight to washington'],
    ['railway', 'main.vxml#main_menu', 'book me a hotel in boston'],
  ])('%s %s: "%s" stays nomatch', async (app, where, text) => {
    expect(await probe.outcome(app, where, text)).toBe('nomatch');
  });

  it('marks the words of a prepositional phrase after a known word, up to a clause break', () => {
    const lex = lexiconFor('en');
    const a = lex.analyse('a ticket to new haven and a pizza');
    const known = (t: { ids: string[] }): boolean => t.ids.includes('#ticket');
    const marked = argumentTerms('en', a.terms, a.words, known).flatMap((m, i) => (m ? [a.words[a.terms[i].start]] : []));
    expect(marked).toEqual(['haven']);
  });
});

describe('headcounts in words where a number field asks how many people', () => {
  it.each([
    ['just me', 1],
    ['me and my husband', 2],
    ['me my wife and our two kids', 4],
    ['two adults and a child', 3],
    ['my parents and i', 3],
  ])('"%s" → %d', (text, n) => {
    expect(headcount(text)).toBe(n);
  });

  it.each(['my kids', 'a few of us', 'a pizza', 'me and a pizza'])('"%s" is not a headcount', (text) => {
    expect(headcount(text)).toBeUndefined();
  });

  it('fills the passengers field with the builtin number’s own value', async () => {
    expect(await probe.outcome('airline', 'checkin.vxml#checkin/passengers', 'it is me and my sister')).toBe('value:2');
  });

  it('a number field that does not count people leaves it alone', async () => {
    expect(await probe.outcome('mobile', 'en/recharge.vxml#recharge/amount', 'me and my sister')).toBe('nomatch');
  });
});

describe('one weak keyword amid unrelated words is not a request', () => {
  it.each([
    // "exit" names the goodbye choice, but "process" explains as much and is no request the menu offers.
    ['airline', 'main.vxml#main_menu', 'process exit two'],
    ['airline', 'main.vxml#main_menu', 'node process exit'],
    ['railway', 'main.vxml#main_menu', 'i lost my scarf at the casino'],
    ['airline', 'main.vxml#main_menu', 'what is the price of a hotel downtown'],
    // A qualifier names no request: what follows it is what is asked about.
    ['railway', 'main.vxml#main_menu', 'what is the price of milk'],
    ['airline', 'baggage.vxml#baggage_menu', 'where is the elevator'],
  ])('%s %s: "%s" stays nomatch', async (app, where, text) => {
    expect(await probe.outcome(app, where, text)).toBe('nomatch');
  });

  it('sound-alikes keep the rhythm of the word: "process" is not "praise" nor "prices"', () => {
    expect(syllables('process', 'en')).toBe(2);
    expect(syllables('praise', 'en')).toBe(1);
    expect(syllables('chicken', 'en')).toBe(syllables('checkin', 'en'));
    expect(syllables('bagitch', 'en')).toBe(syllables('baggage', 'en'));
  });

  it('an object the caller names is not a mishearing of a label word ("backpack" is not "back")', async () => {
    expect(await probe.outcome('railway', 'main.vxml#main_menu', 'backpack')).toBe('nomatch');
  });
});

describe('more of what is not a request', () => {
  it('after the object of a known request, a phrase is an argument once it names a place the line knows', () => {
    const lex = lexiconFor('en');
    const known = (t: { ids: string[] }): boolean => t.ids.includes('#lost');
    const marked = (text: string): string[] => {
      const a = lex.analyse(text);
      return argumentTerms('en', a.terms, a.words, known).flatMap((m, i) => (m ? [a.words[a.terms[i].start]] : []));
    };
    expect(marked('i dropped my scarf on the platform at providence')).toEqual(['platform', 'providence']);
    expect(marked('i dropped my scarf at the casino in reno')).toEqual([]);
  });

  it.each([
    // A known concept inside an argument qualifies the request ("on my phone" is not "this phone").
    ['mobile', 'en/main.vxml#main_menu', 'how much money is left on my phone', 'next:en/balance.vxml'],
    // Numbers and times head an argument: "the nine fifteen to boston".
    ['airline', 'main.vxml#main_menu', 'is the nine fifteen to boston running late', 'next:flight_status.vxml'],
    // A split word misspelt.
    ['mobile', 'en/main.vxml#main_menu', 'top upp', 'next:en/recharge.vxml'],
    // The dialog's earlier prompts are echoes too ("leave your comments" before "say send").
    ['airline', 'feedback.vxml#feedback/send_choice', 'send my comments', 'value:send'],
    // Crew members are mentioned, not asked for.
    ['airline', 'main.vxml#main_menu', 'the pilot was excellent', 'next:feedback.vxml'],
    // Price words qualify a request: a fare where tickets are sold, nothing where they are not.
    ['railway', 'main.vxml#main_menu', 'what would the price be for getting to providence', 'next:journey.vxml'],
    ['mobile', 'en/main.vxml#main_menu', 'what does it cost to recharge', 'next:en/recharge.vxml'],
  ])('%s %s: "%s" → %s', async (app, where, text, expected) => {
    expect(await probe.outcome(app, where, text)).toBe(expected);
  });
});
