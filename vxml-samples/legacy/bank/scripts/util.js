/*
 * util.js - string and date helpers shared by the IVR pages.
 * Written for the Voxeo (SpiderMonkey 1.5) and Nuance (Rhino) browsers: no String.trim, no Array.indexOf
 * on some platforms, so everything is defined here.
 */
if (!String.prototype.trim) {
  String.prototype.trim = function () { return this.replace(/^\s+|\s+$/g, ''); };
}
String.prototype.padLeft = function (len, ch) {
  var s = this.toString();
  while (s.length < len) s = (ch || '0') + s;
  return s;
};
String.prototype.startsWith2 = function (p) { return this.substring(0, p.length) == p; };

Date.prototype.toYMD = function () {
  return '' + this.getFullYear() + String(this.getMonth() + 1).padLeft(2) + String(this.getDate()).padLeft(2);
};

function spellDigits(s) {
  if (s == null) return '';
  return String(s).split('').join(' ');
}

function arrayContains(arr, v) {
  for (var i = 0; i < arr.length; i++) if (arr[i] == v) return true;
  return false;
}

var MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September',
  'October', 'November', 'December'];

/* yyyymmdd -> "March 5th" */
function sayDate(ymd) {
  var m = /^(\d{4})(\d{2})(\d{2})$/.exec(ymd);
  if (!m) return ymd;
  var d = parseInt(m[3], 10);
  var suffix = (d % 10 == 1 && d != 11) ? 'st' : (d % 10 == 2 && d != 12) ? 'nd' : (d % 10 == 3 && d != 13) ? 'rd' : 'th';
  return MONTHS[parseInt(m[2], 10) - 1] + ' ' + d + suffix;
}
