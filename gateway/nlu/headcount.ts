/**
 * Headcounts in words, for a number field that asks how many people ("How many passengers are checking in,
 * including yourself?"): "just me" → 1, "me and my wife" → 2, "my wife and our two kids" → 3 (with the
 * caller: "me and…"), "two adults and a child" → 3. Only when the whole answer is such a list; anything else
 * ("my kids", "a few of us") stays with the number readers — unsure is a nomatch.
 */
import { words } from './text';

/** Words of a prompt that say the field counts people. */
const PEOPLE_PROMPT = new Set(['passenger', 'passengers', 'people', 'person', 'persons', 'traveller', 'travellers', 'traveler', 'travelers', 'guest', 'guests', 'adults', 'yourself', 'party']);

const ONE_PERSON = new Set([
  'wife', 'husband', 'partner', 'son', 'daughter', 'kid', 'child', 'baby', 'infant', 'friend', 'mother', 'father', 'mom', 'mum', 'dad', 'brother', 'sister',
  'boyfriend', 'girlfriend', 'fiance', 'fiancee', 'colleague', 'coworker', 'grandmother', 'grandfather', 'grandma', 'grandpa', 'aunt', 'uncle', 'cousin',
  'nephew', 'niece', 'adult', 'person', 'passenger', 'boss', 'spouse', 'roommate',
]);
/** Plural people nouns: counted only with a number before them ("two kids"), except pairs ("my parents"). */
const PEOPLE = new Set(['kids', 'children', 'adults', 'friends', 'sons', 'daughters', 'brothers', 'sisters', 'babies', 'people', 'persons', 'passengers', 'colleagues', 'cousins', 'grandchildren', 'grandkids']);
const PAIRS = new Set(['parents', 'grandparents', 'twins']);
const SMALL: Record<string, number> = { one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, a: 1, an: 1 };
const SELF = new Set(['me', 'myself', 'i']);
/** Words around the list that say nothing about the count. */
const FILLER = new Set(['um', 'uh', 'er', 'well', 'so', 'it', 'is', 'just', 'only', 'please', 'there', 'are', 'will', 'be', 'we', 'us', 'travelling', 'traveling', 'flying', 'going', 'together', 'that', 'all', 'alone', 'myself', 'total', 'in']);
const DETERMINERS = new Set(['my', 'our', 'the', 'his', 'her', 'their']);

export function countsPeople(promptWords: Iterable<string>): boolean {
  for (const w of promptWords) if (PEOPLE_PROMPT.has(w)) return true;
  return false;
}

/** The number of people an answer lists, or undefined when it is not (only) such a list. */
export function headcount(text: string): number | undefined {
  const ws = words(text).filter((w) => w !== 'and' && w !== 'plus' && w !== 'with');
  let count = 0;
  let self = false;
  let listed = false;
  for (let i = 0; i < ws.length; i++) {
    const w = ws[i];
    if (SELF.has(w)) {
      self = true;
      continue;
    }
    if (DETERMINERS.has(w)) continue;
    const n = SMALL[w];
    if (n !== undefined && i + 1 < ws.length) {
      // "two kids", "a child", "my three children"
      const next = ws[i + 1];
      if ((n > 1 && PEOPLE.has(next)) || (n === 1 && ONE_PERSON.has(next))) {
        count += n;
        listed = true;
        i++;
        continue;
      }
    }
    if (ONE_PERSON.has(w)) {
      count += 1;
      listed = true;
      continue;
    }
    if (PAIRS.has(w)) {
      count += 2;
      listed = true;
      continue;
    }
    if (FILLER.has(w)) continue;
    return undefined;
  }
  if (!listed) return self ? 1 : undefined;
  return count + (self ? 1 : 0);
}
