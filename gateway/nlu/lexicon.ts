/**
 * General knowledge the gateway ships with (English and US Spanish): synonym and paraphrase groups for the
 * intents legacy IVR menus offer — balances, payments, bookings, cancellations, status, agents, repeat,
 * help, main menu, goodbye — and the words that carry no request ("I'd like to", "can you", "um").
 *
 * A concept matches when every word of one of its phrases appears in sequence (after stemming). Both the
 * documents' phrases and the caller's words are read through the same concepts, so "luggage" on the line
 * meets "lost baggage" in the menu. A concept no active label uses counts as unexplained: general knowledge
 * never pulls a request onto a menu that does not offer it.
 */
import type { Lang } from './text';

export interface Concept {
  id: string;
  /** Things callers mention in passing ("I left my bag on the train"): weigh little where no label knows them. */
  passing?: boolean;
  /**
   * Words that qualify a request without naming one ("how much does it COST", "CAN I TAKE …"): they count where a
   * label knows the concept (a fare on a ticket line, a fee on a baggage line) and weigh nothing elsewhere, like a
   * soft word ("how much is it to top up" stays a recharge).
   */
  qualifier?: boolean;
  /** How much the concept says about the request, relative to an ordinary word (default 1). */
  weight?: number;
  /**
   * Read in both languages (language names: "English" on the Spanish menu). Other concepts are read in their
   * own language only: stemmed the other language's way, words collide ("plane" → "plan" in Spanish).
   */
  bilingual?: boolean;
  en: string[];
  es: string[];
}

export const CONCEPTS: readonly Concept[] = [
  {
    id: 'agent',
    en: ['agent', 'operator', 'representative', 'rep', 'human', 'human being', 'person', 'real person', 'live person', 'someone', 'somebody', 'customer service', 'customer services', 'customer care', 'advisor', 'adviser', 'attendant', 'staff', 'live agent', 'a real human', 'supervisor', 'manager', 'associate', 'specialist', 'live operator', 'real agent', 'customer service representative', 'customer service agent', 'a live person', 'real people', 'actual person', 'receptionist', 'clerk'],
    es: ['agente', 'operador', 'operadora', 'representante', 'persona', 'alguien', 'asesor', 'asesora', 'servicio al cliente', 'atencion al cliente', 'un humano', 'ejecutivo', 'ejecutiva', 'una persona', 'persona real', 'supervisor', 'gerente'],
  },
  // People met on the trip ("the flight ATTENDANT was rude", "the CONDUCTOR"): mentioned, not asked for.
  { id: 'crew', passing: true, en: ['flight attendant', 'flight attendants', 'cabin crew', 'crew', 'pilot', 'captain', 'conductor', 'steward', 'stewardess', 'gate agent', 'ticket agent', 'driver'], es: ['azafata', 'sobrecargo', 'tripulacion', 'piloto', 'conductor', 'revisor'] },
  { id: 'talk', weight: 0.5, en: ['talk', 'speak', 'chat', 'connect', 'transfer', 'put me through', 'put through', 'speak with', 'talk with', 'reach', 'get through to', 'get hold of'], es: ['hablar', 'comunicar', 'comunicarme', 'transferir', 'pasar con', 'hablar con', 'platicar'] },
  { id: 'bag', passing: true, en: ['baggage', 'luggage', 'bag', 'bags', 'suitcase', 'suitcases', 'case', 'checked bag', 'checked luggage', 'carry on', 'carry-on', 'hand luggage', 'luggages', 'carry ons', 'carryon', 'checked baggage', 'duffel', 'garment bag', 'stroller', 'car seat', 'golf clubs', 'skis', 'personal item'], es: ['equipaje', 'maleta', 'maletas', 'valija', 'equipajes', 'bolsa', 'bolsas'] },
  { id: 'lost', en: ['lost', 'lose', 'missing', 'misplaced', 'left behind', 'left', 'forgot', 'forgotten', 'never arrived', 'did not arrive', 'didn\'t arrive', 'did not show up', 'did not come', 'never showed up', 'can not find', 'cannot find', 'lost and found', 'found', 'dropped', 'handed in', 'turned in', 'has not arrived', 'have not received', 'did not get', 'never got', 'did not make it', 'went missing', 'gone missing', 'misrouted', 'mishandled', 'stolen', 'went to the wrong', 'sent to the wrong', 'ended up in', 'damaged', 'damage', 'got damaged', 'was damaged', 'arrived damaged', 'was not there', 'were not there', 'is not there', 'not on the carousel', 'never came', 'did not come out', 'never turned up', 'did not turn up', 'never made it', 'not here', 'still not here', 'still missing', 'did someone find', 'did anyone find', 'did anybody find', 'did somebody find', 'has anyone found', 'has someone found', 'has anybody found', 'anyone found', 'someone found', 'anyone turned in', 'anyone handed in'], es: ['perdido', 'perdida', 'perdi', 'extraviado', 'extraviada', 'olvide', 'no llego', 'objetos perdidos', 'se perdio', 'no aparece', 'no encuentro', 'olvidado', 'olvidada'] },
  { id: 'trace', en: ['trace', 'track', 'tracking', 'locate', 'find out where', 'follow up', 'update on', 'any news', 'check on', 'find out what happened', 'an update', 'any update', 'any updates', 'latest on', 'news on', 'what is happening with', 'what is going on with', 'what happened to', 'been found', 'found yet', 'have you found', 'did you find', 'been located'], es: ['rastrear', 'localizar', 'donde esta', 'seguimiento'] },
  { id: 'report', en: ['report', 'file a report', 'file a claim', 'claim', 'register', 'make a report', 'fill out a report', 'open a claim', 'lodge', 'notify'], es: ['reportar', 'denunciar', 'reclamo', 'levantar un reporte', 'reporte'] },
  { id: 'allowance', en: ['allowance', 'allowed', 'how many bags', 'weight limit', 'limit', 'extra bag', 'bring', 'fee', 'fees', 'rules', 'policy', 'how much can i bring', 'how heavy', 'weigh', 'weight', 'charge for', 'size limit', 'how many suitcases', 'how much luggage', 'overweight', 'oversize', 'oversized', 'excess baggage', 'baggage policy', 'luggage policy', 'dimensions', 'how big', 'extra suitcase', 'extra luggage', 'additional bag', 'another bag', 'second bag', 'second suitcase', 'third bag', 'additional bags', 'heavy', 'too heavy', 'too big', 'too large', 'take on the plane', 'take on board', 'bring on board', 'bring on the plane', 'allowed on the plane', 'allowed to bring', 'allowed to take', 'take with me'], es: ['permitido', 'franquicia', 'limite', 'cuantas maletas', 'peso', 'cuanto equipaje'] },
  { id: 'booking', en: ['booking', 'bookings', 'book', 'booked', 'reservation', 'reservations', 'reserve', 'reserved', 'itinerary', 'trip details', 'booking reference', 'confirmation', 'confirm my booking', 'confirm my reservation', 'reservation number', 'confirmation number', 'record locator', 'upcoming trip', 'travel plans', 'manage my booking', 'look up my', 'details of my trip', 'details of the trip', 'my trip details', 'trip itinerary'], es: ['reserva', 'reservacion', 'reservar', 'itinerario', 'mi reserva', 'mi reservacion', 'reservaciones'] },
  { id: 'ticket', en: ['ticket', 'tickets', 'fare', 'fares', 'journey', 'purchase a fare', 'travel', 'return ticket', 'round trip', 'one way', 'single ticket', 'rail pass', 'travel pass', 'price of a ticket', 'book a train', 'reserve a seat', 'seat reservation', 'how much is a ticket', 'need a train', 'want a train', 'get a train', 'catch a train', 'take a train', 'take the train', 'catch the train', 'returns', 'a return', 'a single', 'singles'], es: ['boleto', 'boletos', 'billete', 'pasaje', 'viaje', 'pasajes', 'billetes', 'boleto de tren'] },
  { id: 'ticket', qualifier: true, en: ['cost', 'costs', 'price', 'prices', 'pricing', 'how much does it cost', 'how much is it to', 'how much to go', 'how much for', 'how much would it be', 'train times', 'timetable', 'times of trains'], es: ['precio', 'precios', 'cuanto cuesta', 'costo'] },
  { id: 'allowance', qualifier: true, en: ['cost', 'costs', 'price', 'prices', 'how much does it cost', 'how much is it to', 'how much for', 'am i allowed'], es: ['precio', 'cuanto cuesta', 'costo', 'puedo llevar'] },
  // Asking where something is names a trace only where one is offered ("i need to FIND something i lost").
  { id: 'trace', qualifier: true, en: ['where is', 'where', 'find'], es: [] },
  { id: 'buy', weight: 0.5, en: ['buy', 'purchase', 'get a', 'order', 'get me', 'pick up'], es: ['comprar', 'compra', 'adquirir'] },
  { id: 'status', en: ['status', 'on time', 'delayed', 'delay', 'late', 'departure', 'departures', 'departing', 'arrival', 'arrivals', 'arrive', 'arriving', 'landed', 'land', 'landing', 'gate', 'what time does', 'when does', 'flight information', 'flight info', 'on schedule', 'schedule', 'running late', 'running on time', 'estimated', 'eta', 'expected', 'arrival time', 'departure time', 'take off', 'takeoff', 'taking off', 'taken off', 'departed', 'delays', 'landing time', 'in the air', 'flight cancelled', 'flight canceled', 'was cancelled', 'is cancelled', 'been cancelled', 'got cancelled', 'was canceled', 'is canceled', 'been canceled', 'got canceled', 'update on', 'check on', 'checking on', 'an update', 'any update', 'any updates', 'any news', 'news on', 'latest on', 'what is happening with', 'what is going on with', 'what happened to', 'gets in', 'comes in', 'coming in', 'due in', 'flight leave', 'plane leave', 'flight left', 'plane left'], es: ['estado', 'retraso', 'retrasado', 'llegada', 'salida', 'a tiempo', 'a que hora sale', 'a que hora llega', 'esta cancelado', 'retrasos'] },
  { id: 'flight', en: ['flight', 'flights', 'plane', 'airplane', 'airport', 'airline', 'airlines', 'fly', 'flying', 'flew', 'plane ticket', 'airline ticket', 'air ticket', 'flight ticket', 'airfare'], es: ['vuelo', 'vuelos', 'avion', 'aeropuerto', 'aerolinea', 'boleto de avion'] },
  { id: 'checkin', en: ['check in', 'checking in', 'checkin', 'check-in', 'boarding pass', 'online check in', 'check in online', 'seat assignment', 'choose my seat', 'pick a seat', 'select my seat', 'seat selection', 'mobile boarding pass', 'print my boarding pass', 'check myself in', 'check us in'], es: ['registrarme', 'facturar', 'pase de abordar', 'hacer check in', 'documentar'] },
  { id: 'feedback', en: ['feedback', 'complaint', 'complain', 'compliment', 'comment', 'comments', 'suggestion', 'review', 'opinion', 'leave a message', 'leave you a message', 'leave us a message', 'customer relations', 'say thank you', 'say thanks', 'compliments', 'rude', 'terrible service', 'bad experience', 'unhappy', 'disappointed', 'not happy', 'praise', 'survey', 'tell you about my experience', 'rate my experience', 'rate the service', 'rate your service', 'rate my flight', 'my experience', 'fantastic', 'excellent', 'amazing', 'wonderful', 'awful', 'horrible', 'terrible', 'lousy', 'unprofessional', 'outstanding', 'great service', 'poor service', 'bad service', 'good service'], es: ['queja', 'comentario', 'sugerencia', 'opinion', 'reclamacion', 'felicitar', 'agradecer', 'quejarme'] },
  { id: 'goodbye', en: ['goodbye', 'good bye', 'bye', 'bye bye', 'hang up', 'end the call', 'end this call', 'end call', 'that is all', 'that is it', 'i am done', 'nothing else', 'nothing more', 'no more', 'finished', 'quit', 'exit', 'see you', 'that is everything', 'all set', 'that will be all', 'thanks that is all', 'have a good day', 'take care', 'disconnect', 'that is all i needed', 'all done', 'we are done', 'do not need anything else', 'do not need anything', 'need nothing else', 'that is all i need'], es: ['adios', 'colgar', 'terminar', 'eso es todo', 'nada mas', 'hasta luego', 'ya es todo', 'es todo', 'chao', 'ya termine'] },
  { id: 'help', en: ['help', 'options', 'what are my options', 'what can i say', 'what can i do', 'do not know what to say', 'i do not know', 'confused', 'assist', 'assistance', 'instructions', 'choices', 'what can you do', 'what do i say', 'what should i say', 'how does this work', 'what do i do', 'what are the choices', 'i need help', 'explain', 'not sure what to do', 'do not understand', 'not sure what', 'not sure which', 'do not know which', 'which one should i', 'what should i pick', 'what should i choose', 'what do i choose', 'which option', 'what is a', 'what is an', 'what does that mean', 'what does it mean', 'what do you mean', 'how do i find it', 'where do i find it', 'where can i find it'], es: ['ayuda', 'ayudame', 'opciones', 'que puedo decir', 'no se que decir', 'no se que hacer', 'que hago', 'no entiendo', 'que opciones hay', 'explicame', 'necesito ayuda'] },
  { id: 'menu', en: ['main menu', 'menu', 'start over', 'start again', 'restart', 'beginning', 'the start', 'the top', 'from the top', 'go back', 'back', 'previous', 'back to the main menu', 'previous menu', 'home menu', 'top menu', 'first menu', 'return to the menu'], es: ['menu principal', 'menu', 'empezar de nuevo', 'volver', 'regresar', 'inicio', 'al principio', 'menu anterior', 'regresar al inicio', 'volver al inicio'] },
  { id: 'repeat', en: ['repeat', 'say that again', 'come again', 'once more', 'again', 'redo', 'do over', 'one more time', 'try that again', 'new one', 'pardon', 'what did you say', 'say it again', 'did not catch that', 'could you repeat'], es: ['repetir', 'repite', 'otra vez', 'de nuevo', 'perdon', 'no escuche', 'repitalo'] },
  { id: 'balance', en: ['balance', 'credit', 'credit left', 'how much credit', 'remaining', 'left', 'minutes left', 'how many minutes', 'how much money', 'data left', 'expire', 'expires', 'account balance', 'how much do i have', 'how much is left', 'remaining balance', 'current balance', 'available credit', 'airtime balance', 'my minutes', 'usage', 'how much have i used', 'data usage', 'expiry', 'expiration', 'valid until', 'run out', 'runs out', 'running out', 'ran out', 'how much airtime', 'how much data', 'how many texts', 'airtime left', 'money left', 'any money left', 'have any credit'], es: ['saldo', 'credito', 'cuanto tengo', 'me queda', 'me quedan', 'quedan', 'queda', 'cuanto me queda', 'mi credito', 'consultar saldo', 'cuanto dinero', 'cuanto saldo', 'cuanto credito'] },
  { id: 'recharge', en: ['recharge', 'recharging', 'top up', 'topup', 'top-up', 'add money', 'add credit', 'add', 'refill', 'reload', 'load', 'put money', 'put credit', 'more credit', 'buy credit', 'buy more credit', 'prepaid card', 'voucher', 'recharge card', 'airtime', 'buy airtime', 'add airtime', 'add minutes', 'buy minutes', 'top off', 'load up', 'put money on', 'refill my', 'put dollars', 'add dollars', 'load dollars'], es: ['recarga', 'recargar', 'recargueme', 'poner saldo', 'agregar credito', 'agregar', 'cargar', 'anadir saldo', 'recargas', 'ponerle saldo', 'meter saldo', 'cargar saldo', 'comprar saldo', 'anadir credito', 'hacer una recarga', 'recargar saldo', 'recargar mi saldo', 'recarga de saldo', 'recargar credito', 'agregar saldo', 'cargar credito', 'poner credito', 'meter credito', 'comprar credito'] },
  { id: 'plan', en: ['plan', 'plans', 'package', 'packages', 'bundle', 'tariff', 'subscription', 'upgrade', 'downgrade', 'more data', 'unlimited', 'cheaper plan', 'better plan', 'bigger plan', 'plan options', 'new plan', 'switch plans', 'monthly plan', 'data plan', 'family plan', 'rate plan', 'unlimited data', 'pay less', 'save money', 'lower my bill'], es: ['plan', 'planes', 'paquete', 'tarifa', 'mas datos', 'plan mas barato', 'otro plan', 'paquetes', 'promociones', 'ilimitado', 'plan ilimitado', 'datos ilimitados', 'ilimitados'] },
  { id: 'change', weight: 0.6, en: ['change', 'switch', 'modify', 'swap', 'different', 'replace', 'update', 'amend', 'edit'], es: ['cambiar', 'cambio', 'modificar', 'actualizar'] },
  { id: 'payment', en: ['pay', 'payment', 'payments', 'bill', 'billing', 'invoice', 'pay my bill', 'pay off', 'owe', 'due', 'statement', 'charges', 'autopay', 'direct debit'], es: ['pagar', 'pago', 'factura', 'cuenta por pagar', 'pagos', 'adeudo', 'recibo'] },
  { id: 'cancel', en: ['cancel', 'cancellation', 'cancel my', 'cancelling', 'canceling', 'terminate', 'close my account', 'stop my service'], es: ['cancelar', 'cancelacion', 'dar de baja'] },
  { id: 'english', bilingual: true, en: ['english', 'in english', 'ingles', 'do not speak spanish', 'no spanish', 'no espanol', 'no hablo espanol'], es: ['ingles', 'en ingles', 'english'] },
  { id: 'spanish', bilingual: true, en: ['spanish', 'espanol', 'in spanish', 'castellano'], es: ['espanol', 'en espanol', 'castellano', 'hablo espanol', 'habla espanol', 'hablar espanol', 'spanish', 'no hablo ingles', 'no ingles', 'do not speak english', 'no english'] },
  // Passing where no option asks whose phone it is ("i lost MY PHONE on the train").
  { id: 'own', weight: 1.3, passing: true, en: ['this phone', 'this number', 'this one', 'my phone', 'my number', 'my own', 'own', 'mine', 'the phone i am calling from', 'calling from', 'same number', 'same phone', 'phone i am using', 'one i am using', 'phone i am on', 'phone i am calling on'], es: ['este telefono', 'este numero', 'mi telefono', 'mi numero', 'el mio', 'mio', 'esta cuenta', 'mi propio telefono', 'propio', 'mismo numero', 'el mismo'] },
  { id: 'other', weight: 1.5, passing: true, en: ['another', 'other', 'different', 'someone else', 'somebody else', 'else', 'son', 'daughter', 'wife', 'husband', 'kid', 'mother', 'father', 'mom', 'dad', 'friend', 'brother', 'sister'], es: ['otro', 'otra', 'otro numero', 'diferente', 'hijo', 'hija', 'esposa', 'esposo', 'mama', 'papa', 'amigo', 'amiga', 'hermano', 'hermana'] },
  { id: 'send', en: ['send', 'submit', 'deliver', 'post', 'that is fine', 'keep it', 'send it', 'go ahead and send', 'that is good', 'it is good', 'it is fine', 'sounds good', 'looks good', 'all good', 'happy with it', 'happy with that', 'perfect', 'that is perfect'], es: ['enviar', 'mandar', 'envialo', 'mandalo'] },
  { id: 'record', weight: 0.7, en: ['record', 'recording', 're-record', 'rerecord', 'redo', 'do over', 're record', 'messed up', 'mess up', 'made a mistake', 'mistake'], es: ['grabar', 'grabacion', 'volver a grabar', 'grabar de nuevo'] },
  { id: 'economy', en: ['coach', 'economy', 'standard', 'cheapest', 'cheap', 'basic', 'coach class', 'regular', 'economy class', 'cheapest seat'], es: ['economica', 'turista', 'clase turista', 'economico'] },
  { id: 'business', en: ['business', 'business class'], es: ['ejecutiva', 'negocios'] },
  { id: 'first', en: ['first', 'first class'], es: ['primera', 'primera clase'] },
];

/** Words that never carry the request: articles, pronouns, auxiliaries, politeness, hesitations. */
export const FUNCTION_WORDS: Record<Lang, readonly string[]> = {
  en: [
    'a', 'an', 'the', 'to', 'of', 'for', 'on', 'in', 'at', 'with', 'about', 'and', 'or', 'but', 'so', 'by', 'into', 'up', 'out', 'off', 'over',
    'from', 'as', 'than', 'through', 'via', 'near', 'toward', 'towards', 'onto', 'upon', 'per', 'between', 'within', 'across', 'down', 'along',
    'i', 'me', 'my', 'you', 'your', 'we', 'us', 'our', 'it', 'its', 'they', 'them', 'he', 'she', 'his', 'her', 'there', 'here',
    'is', 'am', 'are', 'was', 'were', 'be', 'been', 'being', 'do', 'does', 'did', 'can', 'could', 'would', 'will', 'shall', 'should', 'may', 'might', 'must',
    'have', 'has', 'had', 'guys', 'folks', 'because', 'please', 'thanks', 'thank', 'hi', 'hello', 'hey', 'um', 'uh', 'umm', 'uhm', 'er', 'erm', 'ah', 'oh', 'hmm', 'mm', 'well',
    'like', 'just', 'actually', 'really', 'basically', 'maybe', 'also', 'too', 'very', 'some', 'any', 'all', 'if', 'whether', 'that', 'which',
    'what', 'when', 'how', 'who', 'why', 'yet', 'still', 'now', 'right', 'then', 'not', 'no', 'yes', 'yeah', 'okay', 'sure', 'alright',
  ],
  es: [
    'el', 'la', 'los', 'las', 'un', 'una', 'unos', 'unas', 'de', 'del', 'al', 'a', 'en', 'con', 'por', 'para', 'y', 'o', 'u', 'que', 'se',
    'entre', 'sobre', 'hacia', 'desde', 'porque',
    'yo', 'me', 'mi', 'mis', 'tu', 'su', 'sus', 'usted', 'le', 'lo', 'nos', 'es', 'son', 'esta', 'estoy', 'soy', 'ser', 'estar', 'hay',
    'cual', 'cuales', 'quien', 'revisar', 'checar', 'verificar', 'conocer', 'interesa', 'interesaria', 'nuevo', 'nueva',
    'favor', 'gracias', 'hola', 'eh', 'em', 'este', 'bueno', 'pues', 'ahora', 'ya', 'si', 'no', 'muy', 'mas', 'como', 'cuando', 'donde',
  ],
};

/**
 * Words that carry no request of their own ("I want to check…", "tomorrow", "two"), unless a label of the
 * active grammars uses them — then they count like any other word ("this phone", "first class").
 */
export const SOFT_WORDS: Record<Lang, readonly string[]> = {
  en: [
    'want', 'need', 'wanted', 'wish', 'know', 'tell', 'get', 'got', 'give', 'let', 'make', 'see', 'look', 'check', 'find', 'hear', 'ask', 'question',
    'enquiry', 'inquiry', 'information', 'info', 'details', 'think', 'going', 'go', 'take', 'put', 'use', 'try', 'able', 'help', 'this', 'these', 'those',
    'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'zero', 'ten', 'twenty', 'hundred', 'dollars',
    'today', 'tomorrow', 'yesterday', 'tonight', 'morning', 'afternoon', 'evening', 'night', 'week', 'month', 'year', 'day', 'next', 'last',
    'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday', 'soon', 'later', 'time', 'number', 'thing', 'something',
    'new', 'current', 'fine', 'good', 'great', 'guess', 'kind', 'sort', 'able', 'call', 'calling', 'phone', 'line', 'way', 'much', 'many', 'more', 'only',
    'made', 'make', 'making', 'done', 'doing', 'come', 'coming', 'came', 'say', 'said', 'keep', 'leave', 'leaving', 'wonder', 'wondering', 'hoping', 'trying',
    'called', 'sure', 'quick', 'quickly', 'please', 'start', 'some', 'lot', 'little', 'bit', 'couple', 'few', 'every', 'each',
    'got', 'getting', 'gets', 'give', 'giving', 'put', 'putting', 'set', 'looking', 'seeing', 'telling', 'asking', 'needed', 'needing', 'wants', 'wanting',
    'ahead', 'data', 'train', 'file', 'account', 'today\'s', 'please', 'people', 'persons', 'adults', 'passengers', 'travellers', 'travelers', 'including',
    // Where a request is handled, not what it is ("the complaints department", "someone from the baggage desk").
    'department', 'desk', 'office', 'team', 'center', 'centre', 'section', 'division',
    // Headcounts ("a family of four") and evaluative words that qualify, not name, what is asked for.
    'family', 'group', 'party', 'cheaper', 'better', 'bigger', 'smaller',
    // Light verbs that carry no request of their own ("make sure it went through", "what happened").
    'went', 'goes', 'gone', 'happen', 'happened', 'happening', 'mean', 'meant', 'tried', 'seem', 'seems', 'sure', 'wonder',
    // Qualifiers of what is asked for ("my EXISTING reservation", "my UPCOMING trip"), preferences, waiting and
    // trouble words ("still WAITING for my bag", "check in is not WORKING", "a PROBLEM with"), indefinite pronouns
    // ("did ANYONE hand in…": not an agent), and numbers beyond ten ("the seven FIFTEEN").
    'interested', 'interest', 'connecting', 'figure', 'write', 'writing', 'service', 'maximum', 'minimum', 'max',
    'pull', 'access', 'retrieve', 'view', 'online', 'website', 'web', 'app', 'm', 'pm', 'noon', 'midnight',
    'existing', 'upcoming', 'recent', 'original', 'prefer', 'rather', 'wait', 'waiting', 'waited', 'problem', 'problems', 'issue', 'issues',
    'trouble', 'work', 'working', 'works', 'worked', 'anyone', 'anybody', 'anything', 'everyone', 'everything', 'minutes',
    'eleven', 'twelve', 'thirteen', 'fourteen', 'fifteen', 'sixteen', 'seventeen', 'eighteen', 'nineteen', 'thirty', 'forty', 'fifty',
    'sixty', 'seventy', 'eighty', 'ninety', 'thousand', 'oclock', 'half', 'quarter',
    'around', 'approximately', 'roughly', 'sometime', 'anytime', 'after', 'before', 'until', 'earliest', 'latest', 'early', 'ish', 'seat', 'seats', 'option', 'trip', 'cell', 'cellphone', 'mobile',
  ],
  es: [
    'quiero', 'quisiera', 'necesito', 'deseo', 'puedo', 'puede', 'saber', 'decir', 'hacer', 'ver', 'consultar', 'tener', 'tengo', 'dar', 'poner',
    'hoy', 'manana', 'ayer', 'semana', 'mes', 'ano', 'dia', 'numero', 'telefono', 'cuanto', 'cuanta', 'cuantos', 'cuantas', 'nada', 'algo', 'ahorita',
    'uno', 'dos', 'tres', 'cuatro', 'cinco', 'diez', 'veinte', 'cien', 'dolares', 'ese', 'eso', 'esto', 'aqui',
    'tiene', 'tienen', 'tienes', 'hacer', 'quieres', 'queria', 'podria', 'gustaria', 'necesitaria', 'voy', 'va', 'ir', 'mire', 'oiga', 'senor', 'senora', 'senorita',
    'datos', 'minutos', 'mensajes', 'ahora', 'hola', 'buenos', 'buenas', 'dias', 'tardes', 'celular', 'movil',
    'departamento', 'oficina', 'barato', 'barata', 'mejor', 'prefiero', 'preferiria', 'preferible',
  ],
};

/** Things callers mention in passing ("I left my umbrella on the train"): they count, but only a little. */
export const PASSING_WORDS: Record<Lang, readonly string[]> = {
  en: ['umbrella', 'jacket', 'coat', 'wallet', 'purse', 'keys', 'laptop', 'glasses', 'backpack', 'hat', 'scarf', 'gloves', 'book', 'camera', 'headphones', 'item', 'items', 'thing', 'stuff', 'belongings',
    'passport', 'documents', 'tablet', 'ipad', 'charger', 'bike', 'bicycle', 'ring', 'watch', 'jewelry', 'handbag', 'briefcase', 'sweater', 'hoodie', 'sunglasses', 'earbuds', 'toy', 'teddy',
    'black', 'blue', 'red', 'brown', 'green', 'white', 'grey', 'gray', 'pink', 'purple', 'yellow', 'silver', 'gold', 'leather', 'large', 'small',
    // Places on the way where things get left behind ("on the platform", "in the terminal").
    'platform', 'station', 'carriage', 'terminal'],
  es: ['paraguas', 'chaqueta', 'cartera', 'llaves', 'lentes', 'mochila', 'cosa', 'cosas', 'bolso', 'reloj', 'pasaporte', 'documentos', 'lentes de sol'],
};
