/*
 * Vista Mobile prepaid line - shared ECMAScript for the English and Spanish applications
 * (loaded by en/root.vxml and es/root.vxml). ECMAScript 3.
 */

/* Caller ANI ("tel:+15551230000", "+15551230000", "5551230000") -> "+15551230000"; '' when not a NANP number. */
function msisdnFromUri(uri) {
  var digits = String(uri).replace(/[^0-9]/g, '');
  if (digits.length == 10) { return '+1' + digits; }
  if (digits.length == 11 && digits.charAt(0) == '1') { return '+' + digits; }
  return '';
}

/* Builtin phone result ("5551230000", possibly "5551230000x12") -> "+15551230000", or '' if not 10 digits. */
function phoneToMsisdn(phone) {
  var main = String(phone).split('x')[0];
  return msisdnFromUri(main);
}

/* "+15551230000" -> "555 123 0000" (read digit by digit by the TTS) */
function sayPhone(msisdn) {
  var d = String(msisdn).replace(/[^0-9]/g, '');
  if (d.length == 11) { d = d.substring(1); }
  return d.substring(0, 3) + ' ' + d.substring(3, 6) + ' ' + d.substring(6);
}

/* Builtin currency results: "USD20.00", "20.00", "20"; Spanish grammar: "20". Returns a number or NaN. */
function parseAmount(value) {
  return parseFloat(String(value).replace(/^[A-Z]{3}/, ''));
}

function sayDollars(amount, lang) {
  var cents = Math.round(parseFloat(amount) * 100);
  var whole = Math.floor(cents / 100);
  var rest = cents % 100;
  if (lang == 'es') {
    return whole + (whole == 1 ? ' dólar' : ' dólares') + (rest > 0 ? ' con ' + rest + ' centavos' : '');
  }
  return whole + (whole == 1 ? ' dollar' : ' dollars') + (rest > 0 ? ' and ' + rest + ' cents' : '');
}

var MONTHS_EN = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September',
                 'October', 'November', 'December'];
var MONTHS_ES = ['enero', 'febrero', 'marzo', 'abril', 'mayo', 'junio', 'julio', 'agosto', 'septiembre',
                 'octubre', 'noviembre', 'diciembre'];

/* "20260131" -> "January 31, 2026" / "31 de enero de 2026" */
function sayDate(yyyymmdd, lang) {
  var s = String(yyyymmdd);
  var y = s.substring(0, 4);
  var m = parseInt(s.substring(4, 6), 10) - 1;
  var d = parseInt(s.substring(6, 8), 10);
  if (lang == 'es') { return d + ' de ' + MONTHS_ES[m] + ' de ' + y; }
  return MONTHS_EN[m] + ' ' + d + ', ' + y;
}

/* One <bundle type unit remaining> of the balance service, in words. */
function describeBundle(type, unit, remaining, lang) {
  var unlimited = remaining == 'unlimited';
  if (lang == 'es') {
    if (type == 'data') { return unlimited ? 'datos ilimitados' : remaining + ' gigabytes de datos'; }
    if (type == 'minutes') { return unlimited ? 'minutos ilimitados' : remaining + ' minutos'; }
    return unlimited ? 'mensajes de texto ilimitados' : remaining + ' mensajes de texto';
  }
  if (type == 'data') { return unlimited ? 'unlimited data' : remaining + ' gigabytes of data'; }
  if (type == 'minutes') { return unlimited ? 'unlimited minutes' : remaining + ' minutes'; }
  return unlimited ? 'unlimited texts' : remaining + ' texts';
}

/* Text of the first <tag> below el ('' when absent). */
function textOf(el, tag) {
  var list = el.getElementsByTagName(tag);
  if (list.length == 0 || list.item(0).firstChild == null) { return ''; }
  return String(list.item(0).firstChild.data);
}
