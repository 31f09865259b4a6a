// Talking to the console API. Every answer is JSON; an error answer carries { error } and becomes an Error.

export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

export async function api(method, path, { body, headers = {} } = {}) {
  const init = { method, headers: { accept: 'application/json', ...headers }, cache: 'no-store' };
  if (body !== undefined) {
    init.headers['content-type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  const response = await fetch(path, init);
  let data;
  try {
    data = await response.json();
  } catch {
    throw new ApiError(response.status, `the gateway answered HTTP ${response.status} without JSON`);
  }
  if (!response.ok) throw new ApiError(response.status, data && typeof data.error === 'string' ? data.error : `HTTP ${response.status}`);
  return data;
}

/** Creates an element with a class and text (text is always set as text, never parsed as HTML). */
export function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

export const SVG_NS = 'http://www.w3.org/2000/svg';

export function svg(tag, attrs = {}) {
  const node = document.createElementNS(SVG_NS, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  return node;
}

export function fileName(uri) {
  return String(uri).replace(/[?#].*$/, '').split('/').pop() || uri;
}
