/**
 * Vista Mobile's legacy back end: Java servlets in front of the prepaid billing platform. Every page that
 * generates VoiceXML takes `lang` (en | es) and answers in the caller's language, pointing back to that
 * language's application root.
 *
 *   GET  servlet/Balance?msisdn=+15551230000          XML for <data>: <account result="OK|NOT_FOUND">…
 *   POST servlet/VerifyPin  msisdn pin                XML for <data>: <pinCheck result="OK|FAIL"/>
 *   POST servlet/Recharge   msisdn target amountValue lang   generated VoiceXML: done | not our number
 *   GET  servlet/Plans?msisdn=…&lang=en               generated VoiceXML <menu> of the plans on offer
 *   GET  servlet/PlanChange?plan=UNL60&lang=en        generated VoiceXML confirming the change
 *   POST servlet/PlanChange  msisdn plan lang         generated VoiceXML: plan changed
 *   GET  servlet/admin/Transactions                   XML list of recharges and plan changes (operations)
 *
 * Balances are the nightly snapshot below: recharges post to billing asynchronously, so the IVR quotes
 * "snapshot + this recharge" (which also keeps every call deterministic).
 * Error paths a caller can reach: account +15550000500 makes Balance and VerifyPin fail with HTTP 500;
 * recharging 555 000 0500 fails with HTTP 500; account +15551230002 makes Plans emit a truncated document, and
 * being suspended its Balance record has no <balance> element, which the IVR's script never expected
 * (error.semantic).
 */
import express from 'express';
import type { Request, Response } from 'express';
import { dollars, param, sendServerError, sendTruncated, sendVxml, sendXml, xmlEscape, VXML_CONTENT_TYPE } from '../backend-kit';

const SERVER = 'IBM WebSphere Application Server/6.1';
type Lang = 'en' | 'es';

interface Plan {
  code: string;
  name: string;
  priceDollars: number;
  describe: Record<Lang, string>;
}

/** What a caller says to pick a plan from the generated menu: the brand name without the price. */
function planKeyword(plan: Plan): string {
  return plan.name.replace(/\s*\d+$/, '').toLowerCase();
}

const PLANS: Plan[] = [
  {
    code: 'TT25',
    name: 'Talk and Text 25',
    priceDollars: 25,
    describe: { en: 'unlimited talk and text with 1 gigabyte of data', es: 'llamadas y mensajes ilimitados con 1 gigabyte de datos' },
  },
  {
    code: 'ESS40',
    name: 'Essentials 40',
    priceDollars: 40,
    describe: { en: 'unlimited talk and text with 5 gigabytes of data', es: 'llamadas y mensajes ilimitados con 5 gigabytes de datos' },
  },
  {
    code: 'UNL60',
    name: 'Unlimited 60',
    priceDollars: 60,
    describe: { en: 'unlimited talk, text and data', es: 'llamadas, mensajes y datos ilimitados' },
  },
];

interface Account {
  name: string;
  /** Suspended accounts are reported without a balance (billing holds it). */
  suspended?: boolean;
  pin: string;
  plan: string;
  balanceCents: number;
  expires: string;
  bundles: { type: 'data' | 'minutes' | 'texts'; unit: string; remaining: string }[];
}

const ACCOUNTS: Record<string, Account> = {
  '+15551230000': {
    name: 'Alex Morgan',
    pin: '1234',
    plan: 'TT25',
    balanceCents: 1250,
    expires: '20260131',
    bundles: [
      { type: 'data', unit: 'GB', remaining: '1.5' },
      { type: 'minutes', unit: 'min', remaining: 'unlimited' },
      { type: 'texts', unit: 'sms', remaining: 'unlimited' },
    ],
  },
  '+15551230001': {
    name: 'Lucía Hernández',
    pin: '4321',
    plan: 'ESS40',
    balanceCents: 375,
    expires: '20251215',
    bundles: [
      { type: 'data', unit: 'GB', remaining: '3.2' },
      { type: 'minutes', unit: 'min', remaining: '450' },
      { type: 'texts', unit: 'sms', remaining: 'unlimited' },
    ],
  },
  '+15551230002': {
    name: 'Sam Okafor',
    suspended: true,
    pin: '2468',
    plan: 'UNL60',
    balanceCents: 0,
    expires: '20251101',
    bundles: [{ type: 'data', unit: 'GB', remaining: 'unlimited' }],
  },
};

const BROKEN_ACCOUNT = '+15550000500';

function langOf(req: Request): Lang {
  return param(req, 'lang') === 'es' ? 'es' : 'en';
}

/** "+15551230000" → "555 123 0000" */
function sayPhone(msisdn: string): string {
  const d = msisdn.replace(/\D/g, '').slice(-10);
  return `${d.slice(0, 3)} ${d.slice(3, 6)} ${d.slice(6)}`;
}

/** Normalises what the IVR posts (+15551230000, 15551230000, 5551230000) to +1NXXNXXXXXX, or '' if not NANP. */
export function toMsisdn(value: string): string {
  const d = value.replace(/\D/g, '');
  if (d.length === 10) return '+1' + d;
  if (d.length === 11 && d.startsWith('1')) return '+' + d;
  return '';
}

function sayMoney(cents: number, lang: Lang): string {
  const whole = Math.floor(cents / 100);
  const rest = cents % 100;
  if (lang === 'es') return `${whole} ${whole === 1 ? 'dólar' : 'dólares'}${rest > 0 ? ` con ${rest} centavos` : ''}`;
  return `${whole} ${whole === 1 ? 'dollar' : 'dollars'}${rest > 0 ? ` and ${rest} cents` : ''}`;
}

function root(lang: Lang): string {
  return `../${lang}/root.vxml`;
}
function mainMenu(lang: Lang): string {
  return `../${lang}/main.vxml#main_menu`;
}

function balance(req: Request, res: Response): void {
  const msisdn = toMsisdn(param(req, 'msisdn') ?? '');
  if (msisdn === BROKEN_ACCOUNT) {
    sendServerError(res, SERVER, 'com.vista.billing.BillingException: IN platform SCP-2 unreachable (Diameter 3002)');
    return;
  }
  const account = ACCOUNTS[msisdn];
  if (!account) {
    sendXml(res, `<account msisdn="${xmlEscape(msisdn)}" result="NOT_FOUND"/>`);
    return;
  }
  const plan = PLANS.find((p) => p.code === account.plan);
  const bundles = account.bundles
    .map((b) => `  <bundle type="${b.type}" unit="${b.unit}" remaining="${b.remaining}"/>\n`)
    .join('');
  const status = account.suspended ? 'SUSPENDED' : 'ACTIVE';
  const balanceLine = account.suspended
    ? ''
    : `  <balance currency="USD" expires="${account.expires}">${dollars(account.balanceCents)}</balance>\n`;
  sendXml(
    res,
    `<account msisdn="${msisdn}" result="OK" status="${status}">\n` +
      `  <plan code="${account.plan}">${xmlEscape(plan?.name ?? account.plan)}</plan>\n` +
      balanceLine +
      bundles +
      `</account>`,
  );
}

function verifyPin(req: Request, res: Response): void {
  const msisdn = toMsisdn(param(req, 'msisdn') ?? '');
  if (msisdn === BROKEN_ACCOUNT) {
    sendServerError(res, SERVER, 'javax.naming.NameNotFoundException: jdbc/pinstore');
    return;
  }
  const account = ACCOUNTS[msisdn];
  const ok = account !== undefined && account.pin === (param(req, 'pin') ?? '');
  sendXml(res, `<pinCheck msisdn="${xmlEscape(msisdn)}" result="${ok ? 'OK' : 'FAIL'}"/>`);
}

export interface Transaction {
  kind: 'recharge' | 'plan-change';
  msisdn: string;
  target?: string;
  amountCents?: number;
  plan?: string;
}

function recharge(log: Transaction[]) {
  return (req: Request, res: Response): void => {
    const lang = langOf(req);
    const msisdn = toMsisdn(param(req, 'msisdn') ?? '');
    const target = toMsisdn(param(req, 'target') ?? '');
    const amount = Number(param(req, 'amountValue') ?? 'NaN');
    const generator = 'Generated by RechargeServlet (Vista prepaid gateway 2.3)';
    if (!ACCOUNTS[msisdn] || !Number.isFinite(amount) || amount < 10 || amount > 100) {
      res.status(400).type('text/html').send('<html><body><h1>Error 400: invalid recharge request</h1></body></html>');
      return;
    }
    if (target === toMsisdn('5550000500')) {
      sendServerError(res, SERVER, 'com.vista.billing.TopUpException: voucher server timeout after 8000 ms');
      return;
    }
    const targetAccount = ACCOUNTS[target];
    if (!targetAccount) {
      const text =
        lang === 'es'
          ? `El número ${sayPhone(target)} no es un número prepagado de Vista Mobile. No se hizo ningún cargo.`
          : `The number ${sayPhone(target)} isn't a Vista Mobile prepaid number. No charge has been made.`;
      sendVxml(res, {
        application: root(lang),
        lang: lang === 'es' ? 'es-US' : 'en-US',
        generator,
        body: `<form id="not_vista">\n  <block>\n    <prompt>${xmlEscape(text)}</prompt>\n    <goto next="${mainMenu(lang)}"/>\n  </block>\n</form>`,
      });
      return;
    }
    const cents = Math.round(amount * 100);
    log.push({ kind: 'recharge', msisdn, target, amountCents: cents });
    const newBalance = targetAccount.balanceCents + cents;
    const text =
      lang === 'es'
        ? `Listo. Recargamos ${sayMoney(cents, lang)} al número ${sayPhone(target)}. El nuevo saldo de ese número es de ${sayMoney(newBalance, lang)}.`
        : `Done. We've added ${sayMoney(cents, lang)} to ${sayPhone(target)}. The new balance on that number is ${sayMoney(newBalance, lang)}.`;
    sendVxml(res, {
      application: root(lang),
      lang: lang === 'es' ? 'es-US' : 'en-US',
      generator,
      body: `<form id="recharged">\n  <block>\n    <prompt>${xmlEscape(text)}</prompt>\n    <goto next="${mainMenu(lang)}"/>\n  </block>\n</form>`,
    });
  };
}

function plans(req: Request, res: Response): void {
  const lang = langOf(req);
  const msisdn = toMsisdn(param(req, 'msisdn') ?? '');
  const generator = 'Generated by PlansServlet (Vista product catalogue 2009-11)';
  if (msisdn === '+15551230002') {
    sendTruncated(
      res,
      VXML_CONTENT_TYPE,
      `<?xml version="1.0" encoding="UTF-8"?>\n<vxml version="2.1" xmlns="http://www.w3.org/2001/vxml" xml:lang="en-US" application="../en/root.vxml">\n<menu id="plan_menu">\n<prompt>You're currently on Unlimited 60`,
    );
    return;
  }
  const account = ACCOUNTS[msisdn];
  const xmlLang = lang === 'es' ? 'es-US' : 'en-US';
  if (!account) {
    const text = lang === 'es' ? 'Lo siento, no encontré su cuenta.' : "Sorry, I couldn't find your account.";
    sendVxml(res, {
      application: root(lang),
      lang: xmlLang,
      generator,
      body: `<form id="no_account">\n  <block>\n    <prompt>${text}</prompt>\n    <goto next="${mainMenu(lang)}"/>\n  </block>\n</form>`,
    });
    return;
  }
  const current = PLANS.find((p) => p.code === account.plan) as Plan;
  const offers = PLANS.filter((p) => p.code !== current.code);
  const intro =
    lang === 'es'
      ? `Usted tiene el plan ${current.name}, de ${current.priceDollars} dólares al mes.`
      : `You're currently on ${current.name}, at ${current.priceDollars} dollars a month.`;
  const offerPrompts = offers
    .map((p, i) =>
      lang === 'es'
        ? `Para ${p.name}, de ${p.priceDollars} dólares al mes, con ${p.describe.es}, oprima ${i + 1}.`
        : `For ${p.name}, ${p.priceDollars} dollars a month with ${p.describe.en}, press ${i + 1}.`,
    )
    .join(' ');
  const keep = lang === 'es' ? 'Para conservar su plan actual, oprima nueve.' : 'To keep your current plan, press 9.';
  const choices = offers
    .map((p, i) => `  <choice dtmf="${i + 1}" next="PlanChange?plan=${p.code}&amp;lang=${lang}">${xmlEscape(planKeyword(p))}</choice>\n`)
    .join('');
  const keepWords = lang === 'es' ? 'conservar mi plan' : 'keep my plan';
  sendVxml(res, {
    application: root(lang),
    lang: xmlLang,
    generator,
    body:
      `<menu id="plan_menu">\n` +
      `  <prompt>${xmlEscape(intro)}</prompt>\n` +
      `  <prompt>${xmlEscape(offerPrompts)} ${xmlEscape(keep)}</prompt>\n` +
      choices +
      `  <choice dtmf="9" next="${mainMenu(lang)}">${keepWords}</choice>\n` +
      `</menu>`,
  });
}

function planChange(log: Transaction[]) {
  return (req: Request, res: Response): void => {
    const lang = langOf(req);
    const xmlLang = lang === 'es' ? 'es-US' : 'en-US';
    const plan = PLANS.find((p) => p.code === (param(req, 'plan') ?? ''));
    const generator = 'Generated by PlanChangeServlet (Vista product catalogue 2009-11)';
    if (!plan) {
      res.status(404).type('text/html').send('<html><body><h1>Error 404: unknown plan</h1></body></html>');
      return;
    }
    if (req.method === 'GET') {
      // Confirmation page: a yes/no field, then a POST back here with the application's msisdn.
      const question =
        lang === 'es'
          ? `${plan.name} cuesta ${plan.priceDollars} dólares al mes e incluye ${plan.describe.es}. Su nuevo plan empieza en su próxima fecha de renovación. ¿Desea hacer el cambio? Diga sí o no, u oprima uno para sí o dos para no.`
          : `${plan.name} costs ${plan.priceDollars} dollars a month and includes ${plan.describe.en}. Your new plan starts on your next renewal date. Shall I make the change?`;
      const grammars =
        lang === 'es'
          ? `    <grammar type="application/srgs+xml" src="../grammars/si_no.grxml"/>\n    <grammar type="application/srgs+xml" src="../grammars/si_no_dtmf.grxml"/>\n`
          : '';
      const typeAttr = lang === 'es' ? '' : ' type="boolean"';
      const noChange = lang === 'es' ? 'De acuerdo, su plan no cambió.' : "OK, your plan hasn't changed.";
      sendVxml(res, {
        application: root(lang),
        lang: xmlLang,
        generator,
        body:
          `<form id="confirm_plan">\n` +
          `  <var name="plan" expr="'${plan.code}'"/>\n` +
          `  <field name="plan_ok"${typeAttr}>\n` +
          grammars +
          `    <prompt>${xmlEscape(question)}</prompt>\n` +
          `    <filled>\n` +
          `      <if cond="plan_ok">\n` +
          `        <submit next="PlanChange" method="post" namelist="msisdn plan lang"/>\n` +
          `      </if>\n` +
          `      <prompt>${xmlEscape(noChange)}</prompt>\n` +
          `      <goto next="${mainMenu(lang)}"/>\n` +
          `    </filled>\n` +
          `  </field>\n` +
          `</form>`,
      });
      return;
    }
    const msisdn = toMsisdn(param(req, 'msisdn') ?? '');
    if (!ACCOUNTS[msisdn]) {
      res.status(400).type('text/html').send('<html><body><h1>Error 400: unknown account</h1></body></html>');
      return;
    }
    log.push({ kind: 'plan-change', msisdn, plan: plan.code });
    const text =
      lang === 'es'
        ? `Listo. Su plan cambiará a ${plan.name} en su próxima fecha de renovación. Le enviaremos un mensaje de texto de confirmación.`
        : `Done. Your plan will change to ${plan.name} on your next renewal date. We'll send you a text message to confirm.`;
    sendVxml(res, {
      application: root(lang),
      lang: xmlLang,
      generator,
      body: `<form id="plan_changed">\n  <block>\n    <prompt>${xmlEscape(text)}</prompt>\n    <goto next="${mainMenu(lang)}"/>\n  </block>\n</form>`,
    });
  };
}

/** Builds the router; each call has its own in-memory transaction log. */
export function createBackend(): express.Router {
  const log: Transaction[] = [];
  const router = express.Router();
  router.use(express.urlencoded({ extended: false, limit: '64kb' }));
  router.route('/servlet/Balance').get(balance).post(balance);
  router.route('/servlet/VerifyPin').post(verifyPin).get(verifyPin);
  const doRecharge = recharge(log);
  router.route('/servlet/Recharge').post(doRecharge).get(doRecharge);
  router.route('/servlet/Plans').get(plans).post(plans);
  const change = planChange(log);
  router.route('/servlet/PlanChange').get(change).post(change);
  router.get('/servlet/admin/Transactions', (_req, res) => {
    const rows = log
      .map(
        (t) =>
          `  <transaction kind="${t.kind}" msisdn="${t.msisdn}"${t.target ? ` target="${t.target}"` : ''}${
            t.amountCents !== undefined ? ` amount="${dollars(t.amountCents)}"` : ''
          }${t.plan ? ` plan="${t.plan}"` : ''}/>\n`,
      )
      .join('');
    sendXml(res, `<transactions count="${log.length}">\n${rows}</transactions>`);
  });
  return router;
}
