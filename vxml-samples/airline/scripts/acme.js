/*
 * Acme Air IVR - shared ECMAScript helpers, loaded once by root.vxml into application scope.
 * ECMAScript 3 on purpose: this file dates from the 2005 platform (no let/const, no Array.prototype.map).
 * Every function here is pure except trackVisit, which appends to the application's callPath breadcrumb.
 */

var ACME_CARRIERS = { AA: 'Acme Air', NW: 'Northwind' };

/* Keypad entries carry no airline code: "123" means Acme Air flight 123. Spoken ones come from
   grammars/flight_number.grxml already as "AA123" / "NW2040". */
function normaliseFlight(value) {
  var s = String(value).toUpperCase().replace(/\s+/g, '');
  if (/^[0-9]+$/.test(s)) {
    return 'AA' + String(parseInt(s, 10));
  }
  return s;
}

/* "AA123" -> "Acme Air flight 123" (TTS reads "AA123" badly). */
function sayFlight(flight) {
  var code = flight.substring(0, 2);
  var carrier = ACME_CARRIERS[code] ? ACME_CARRIERS[code] : code.split('').join(' ');
  return carrier + ' flight ' + flight.substring(2);
}

/* "0815" -> "8:15 AM" */
function sayTime(hhmm) {
  var h = parseInt(hhmm.substring(0, 2), 10);
  var m = hhmm.substring(2, 4);
  var suffix = h >= 12 ? 'PM' : 'AM';
  var h12 = h % 12 == 0 ? 12 : h % 12;
  return h12 + ':' + m + ' ' + suffix;
}

var ACME_MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August',
                   'September', 'October', 'November', 'December'];

/* Builtin date grammar result "yyyymmdd" (year may be "????" when the caller did not say it). */
function sayDate(yyyymmdd) {
  var s = String(yyyymmdd);
  var month = parseInt(s.substring(4, 6), 10);
  var day = parseInt(s.substring(6, 8), 10);
  var text = (month >= 1 && month <= 12 ? ACME_MONTHS[month - 1] : 'month ' + month) + ' ' + day;
  if (/^[0-9]{4}$/.test(s.substring(0, 4))) {
    text = text + ', ' + s.substring(0, 4);
  }
  return text;
}

/* "XYZ123" -> "X Y Z 1 2 3" so TTS spells references and claim numbers. */
function spell(code) {
  return String(code).split('').join(' ');
}

/* Text of the first <tag> below element el, '' when absent (DOM level 1 only: no textContent). */
function textOf(el, tag) {
  var list = el.getElementsByTagName(tag);
  if (list.length == 0) {
    return '';
  }
  var first = list.item(0).firstChild;
  return first == null ? '' : String(first.data);
}

function trackVisit(code) {
  callPath = callPath + code + ';';
}
