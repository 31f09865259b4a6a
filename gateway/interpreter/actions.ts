/**
 * The platform waits a collect phase produces: listen (field, initial, menu), record and transfer, with
 * every timing resolved from properties (item → dialog → document → root → configured → platform) into ms.
 */
import type { FormItem, RecordItem, TransferItem } from '../../contracts/graph';
import type { ListenAction, RecordAction, TransferAction } from '../../contracts/platform';
import { checkTransferDestination, DEFAULT_COUNTRY_CODE_KEY } from './destination';
import { transferGrammars, type ActiveSet } from './grammars';
import { ok, thrown, type Result } from './flow';
import { boolProperty, numberProperty, property, timeProperty } from './properties';
import { parseTimeMs } from './time';
import { baseOf, js, live, type Turn } from './turn';
import { resolveUri } from './uri';

/** The noinput timeout: the last queued prompt's timeout attribute wins over the property (§4.1.7). */
function noinputTimeout(turn: Turn, item: FormItem | undefined): number {
  for (let i = turn.prompts.length - 1; i >= 0; i--) {
    const t = turn.prompts[i].timeoutMs;
    if (t !== undefined) return t;
  }
  return timeProperty(turn, 'timeout', item, 5000);
}

export function listenAction(turn: Turn, item: FormItem | undefined, active: ActiveSet): ListenAction {
  const last = turn.prompts[turn.prompts.length - 1];
  const termchar = property(turn, 'termchar', item) ?? '#';
  return {
    kind: 'listen',
    modes: active.modes,
    grammars: active.grammars,
    timeoutMs: noinputTimeout(turn, item),
    interdigitMs: timeProperty(turn, 'interdigittimeout', item, 3000),
    termtimeoutMs: timeProperty(turn, 'termtimeout', item, 0),
    completetimeoutMs: timeProperty(turn, 'completetimeout', item, 1000),
    incompletetimeoutMs: timeProperty(turn, 'incompletetimeout', item, 1500),
    maxspeechtimeoutMs: timeProperty(turn, 'maxspeechtimeout', item, 60000),
    termchar: termchar.trim().slice(0, 1),
    confidenceLevel: numberProperty(turn, 'confidencelevel', item, 0.5),
    bargein: last ? last.bargein : boolProperty(turn, 'bargein', item, true),
    lang: last?.lang ?? live(turn).doc.lang ?? property(turn, 'xml:lang') ?? 'en-US',
  };
}

export function recordAction(turn: Turn, item: RecordItem): RecordAction {
  const a: RecordAction = {
    kind: 'record',
    maxMs: parseTimeMs(item.maxtime) ?? timeProperty(turn, 'recordmaxtime', item, 60000),
    finalSilenceMs: parseTimeMs(item.finalsilence) ?? timeProperty(turn, 'recordfinalsilence', item, 3000),
    beep: item.beep,
    dtmfterm: item.dtmfterm,
    timeoutMs: noinputTimeout(turn, item),
  };
  if (item.type !== undefined) a.type = item.type;
  return a;
}

export function transferAction(turn: Turn, item: TransferItem): Result<TransferAction> {
  let dest = item.dest;
  if (item.destexpr !== undefined) {
    const v = js(() => turn.env.toString(turn.env.evaluate(item.destexpr as string)), item.loc);
    if (!v.ok) return v;
    dest = v.value;
  }
  if (dest === undefined || dest.trim() === '') return { ok: false, flow: thrown('error.semantic', '<transfer> without a destination', item.loc) };
  // A malformed destination is the document's error, the same on every channel (§2.3.7): no platform action.
  // A national tel: number is completed here with the configured country code (never a document property).
  const checked = checkTransferDestination(dest, { defaultCountryCode: turn.ctx.defaults?.[DEFAULT_COUNTRY_CODE_KEY] });
  if (!checked.ok) return { ok: false, flow: thrown('error.connection.baddestination', checked.reason, item.loc) };
  let aai = item.aai;
  if (item.aaiexpr !== undefined) {
    const v = js(() => turn.env.toString(turn.env.evaluate(item.aaiexpr as string)), item.loc);
    if (!v.ok) return v;
    aai = v.value;
  }
  const a: TransferAction = {
    kind: 'transfer',
    dest: checked.uri,
    type: item.transferType,
    connectTimeoutMs: parseTimeMs(item.connecttimeout) ?? timeProperty(turn, 'connecttimeout', item, 30000),
    maxMs: parseTimeMs(item.maxtime) ?? 0,
  };
  if (aai !== undefined) a.aai = aai;
  if (item.grammars.length > 0 && item.transferType !== 'blind') {
    const g = transferGrammars(turn, item);
    if (!g.ok) return g;
    if (g.value.length > 0) a.grammars = g.value;
  }
  if (item.transferaudio !== undefined) a.transferaudio = resolveUri(baseOf(live(turn).doc), item.transferaudio);
  return ok(a);
}
