/*
 * Atlantic Coast Rail booking line - shared ECMAScript (application scope, loaded by root.vxml).
 * ECMAScript 3, as written for the 2006 platform.
 */

var RAIL_STATIONS = {
  BOS: 'Boston South Station', PVD: 'Providence', NHV: 'New Haven', NYP: 'New York Penn Station',
  PHL: 'Philadelphia', BAL: 'Baltimore', WAS: 'Washington Union Station'
};

function stationName(code) {
  return RAIL_STATIONS[code] ? RAIL_STATIONS[code] : code;
}

function classLabel(code) {
  if (code == 'first') { return 'first class'; }
  if (code == 'business') { return 'business class'; }
  return 'coach';
}

/* Builtin time results are hhmm plus a, p, h or ? ("0900a", "1730h", "0900?"). Returns 24-hour hhmm. */
function normaliseTime(value) {
  var s = String(value);
  var h = parseInt(s.substring(0, 2), 10);
  var m = s.substring(2, 4);
  var suffix = s.length > 4 ? s.charAt(4) : 'h';
  if (suffix == 'p' && h < 12) { h = h + 12; }
  if (suffix == 'a' && h == 12) { h = 0; }
  return (h < 10 ? '0' : '') + h + m;
}

/* "0905" -> "9:05 AM" */
function sayTime(hhmm) {
  var h = parseInt(hhmm.substring(0, 2), 10);
  var m = hhmm.substring(2, 4);
  var suffix = h >= 12 ? 'PM' : 'AM';
  var h12 = h % 12 == 0 ? 12 : h % 12;
  return h12 + ':' + m + ' ' + suffix;
}

/* "129.00" -> "129 dollars"; "86.40" -> "86 dollars and 40 cents" */
function sayDollars(amount) {
  var parts = String(amount).split('.');
  var cents = parts.length > 1 ? parseInt(parts[1], 10) : 0;
  return parseInt(parts[0], 10) + ' dollars' + (cents > 0 ? ' and ' + cents + ' cents' : '');
}

/* Luhn (mod 10) check of a card number, so obvious typing mistakes never reach the bank. */
function luhnValid(digits) {
  var s = String(digits);
  var sum = 0;
  var dbl = false;
  for (var i = s.length - 1; i >= 0; i--) {
    var d = s.charCodeAt(i) - 48;
    if (d < 0 || d > 9) { return false; }
    if (dbl) { d = d * 2; if (d > 9) { d = d - 9; } }
    sum = sum + d;
    dbl = !dbl;
  }
  return s.length > 0 && sum % 10 == 0;
}

/* For the call log only: never includes payment details. */
function describeTrip(t) {
  if (!t || !t.origin) { return 'none'; }
  return t.origin + '-' + t.destination + ' ' + t.date + ' train ' + t.train + ' ' + t.travelClass;
}
