/**
 * Which application an incoming call runs, on every platform: the one configured for the called number; else
 * the `app` query parameter of the platform's webhook URL when its origin is allowed (the parameter is part of
 * the URL the operator configures — signed by Twilio, authenticated by the Event Grid secret on ACS); else the
 * default application.
 */

export interface AppSelectionOptions {
  /** Calls that name no (allowed) application run this (an absolute URI); none = such calls are refused politely. */
  defaultApp?: string;
  /** Origins an `app` parameter may name (the default application's origin is always allowed). `*` allows any. */
  allowedOrigins: readonly string[];
  /** Called number → application (absolute URIs). */
  numbers: Readonly<Record<string, string>>;
}

export interface AppChoice {
  /** Undefined when nothing names an application and there is no default. */
  app?: string;
  reason: 'number' | 'query' | 'default';
  /** Why a given `app` parameter was not used. */
  refused?: string;
}

/** `file://` for file URIs (whose URL origin is the opaque "null"), scheme://host:port for http(s), undefined otherwise. */
export function originOf(uri: string): string | undefined {
  try {
    const url = new URL(uri);
    if (url.protocol === 'file:') return 'file://';
    if (url.protocol === 'http:' || url.protocol === 'https:') return url.origin;
    return undefined;
  } catch {
    return undefined;
  }
}

export class AppSelector {
  private readonly allowAny: boolean;
  private readonly origins: Set<string>;

  constructor(private readonly opts: AppSelectionOptions) {
    this.allowAny = opts.allowedOrigins.includes('*');
    this.origins = new Set(opts.allowedOrigins.filter((o) => o !== '*').map((o) => (o.startsWith('file:') ? 'file://' : originOf(o) ?? o)));
    const own = opts.defaultApp ? originOf(opts.defaultApp) : undefined;
    if (own) this.origins.add(own);
  }

  choose(to: string | undefined, appParam: string | undefined): AppChoice {
    const byNumber = to ? this.opts.numbers[to] : undefined;
    if (byNumber) return { app: byNumber, reason: 'number' };
    if (appParam === undefined) return { app: this.opts.defaultApp, reason: 'default' };
    const origin = originOf(appParam);
    if (origin === undefined) return { app: this.opts.defaultApp, reason: 'default', refused: `app=${appParam} is not an absolute http(s) or file URI` };
    if (!this.allowAny && !this.origins.has(origin)) {
      return { app: this.opts.defaultApp, reason: 'default', refused: `app=${appParam}: origin ${origin} is not allowed (serve --allow-origin ${origin})` };
    }
    return { app: appParam, reason: 'query' };
  }

  /** Whether URLs of this origin belong to a configured application (their audio may be probed). */
  isConfiguredOrigin(origin: string): boolean {
    if (this.origins.has(origin)) return true;
    return Object.values(this.opts.numbers).some((app) => originOf(app) === origin);
  }
}
