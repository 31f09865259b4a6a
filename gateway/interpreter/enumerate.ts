/**
 * What <enumerate> lists (VoiceXML 2.0 §2.2.4): the current menu's choices, or the options of the field
 * being collected, with `_prompt` and `_dtmf`. In a dtmf="true" menu the first nine choices without their
 * own dtmf answer to 1..9 (the compiler synthesises the same numbering for the grammars).
 */
import type { FormItem, MenuDialog } from '../../contracts/graph';

export interface EnumerateEntry {
  prompt: string;
  dtmf?: string;
}

export function choiceDtmf(menu: MenuDialog): (string | undefined)[] {
  let next = 1;
  return menu.choices.map((c) => {
    if (c.dtmf !== undefined) return c.dtmf;
    if (!menu.dtmf || next > 9) return undefined;
    return String(next++);
  });
}

export function menuEntries(menu: MenuDialog): EnumerateEntry[] {
  const dtmf = choiceDtmf(menu);
  return menu.choices.map((c, i) => {
    const d = dtmf[i];
    return d === undefined ? { prompt: c.text } : { prompt: c.text, dtmf: d };
  });
}

export function optionEntries(item: FormItem | undefined): EnumerateEntry[] | undefined {
  if (!item || item.kind !== 'field' || item.options.length === 0) return undefined;
  return item.options.map((o) => (o.dtmf !== undefined ? { prompt: o.text, dtmf: o.dtmf } : { prompt: o.text }));
}
