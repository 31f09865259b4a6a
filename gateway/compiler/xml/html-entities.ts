/**
 * The HTML 4 named character references that HTML-minded authors put in VoiceXML prompts (&nbsp; &eacute;
 * &copy; &mdash; …). XML defines only five named entities; the compiler reads these with a warning
 * (html-entity) instead of refusing the document. Nothing else is ever expanded.
 */

/** ISO 8859-1 entities, code points 160–255 in order (HTML 4.01 §24.2). */
const LATIN1 = (
  'nbsp iexcl cent pound curren yen brvbar sect uml copy ordf laquo not shy reg macr deg plusmn sup2 sup3 acute micro ' +
  'para middot cedil sup1 ordm raquo frac14 frac12 frac34 iquest Agrave Aacute Acirc Atilde Auml Aring AElig Ccedil ' +
  'Egrave Eacute Ecirc Euml Igrave Iacute Icirc Iuml ETH Ntilde Ograve Oacute Ocirc Otilde Ouml times Oslash Ugrave ' +
  'Uacute Ucirc Uuml Yacute THORN szlig agrave aacute acirc atilde auml aring aelig ccedil egrave eacute ecirc euml ' +
  'igrave iacute icirc iuml eth ntilde ograve oacute ocirc otilde ouml divide oslash ugrave uacute ucirc uuml yacute thorn yuml'
).split(' ');

/** Other HTML 4 entities common in prompt text (HTML 4.01 §24.3–24.4, the typographic ones). */
const SPECIAL: Record<string, number> = {
  OElig: 338, oelig: 339, Scaron: 352, scaron: 353, Yuml: 376, fnof: 402, circ: 710, tilde: 732, ensp: 8194, emsp: 8195,
  thinsp: 8201, zwnj: 8204, zwj: 8205, lrm: 8206, rlm: 8207, ndash: 8211, mdash: 8212, lsquo: 8216, rsquo: 8217,
  sbquo: 8218, ldquo: 8220, rdquo: 8221, bdquo: 8222, dagger: 8224, Dagger: 8225, bull: 8226, hellip: 8230,
  permil: 8240, prime: 8242, Prime: 8243, lsaquo: 8249, rsaquo: 8250, euro: 8364, trade: 8482, larr: 8592, rarr: 8594,
  minus: 8722, le: 8804, ge: 8805, ne: 8800, infin: 8734,
};

const TABLE = new Map<string, number>([...LATIN1.map((n, i): [string, number] => [n, 160 + i]), ...Object.entries(SPECIAL)]);

/** The code point an HTML named entity stands for, or undefined when HTML does not define the name. */
export function htmlEntity(name: string): number | undefined {
  return TABLE.get(name);
}
