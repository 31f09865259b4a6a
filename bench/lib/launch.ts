/**
 * How the bench launches a server process: Node flags and environment variables added to its own.
 *
 * Every server (the ceilings included) is launched as the container image, docker-compose and `npm start`
 * launch the gateway, so the bench measures what production runs (test/hardening/deployment.test.ts keeps
 * them agreeing):
 * - `--max-semi-space-size=8`: V8's young generation grows to two 16 MB semi-spaces under load and stays
 *   there while the load lasts — 32 MB of the ~140 MB a gateway with 10,000 parked calls held (142-151 MB over
 *   eleven runs, at the 150 MB target). With 8 MB semi-spaces: 121-129 MB. The price is more frequent
 *   scavenges: +8 % server CPU per turn at 64 saturating calls (five same-run pairs: +12, +4, +11, +13, -2 %).
 * - `MALLOC_ARENA_MAX=2`: with glibc's default of one malloc arena per thread, memory V8's background compiler
 *   and collector threads freed stays resident in their arenas (~4 MB of RSS; no CPU difference in same-run
 *   pairs: +8, -6, -1 %).
 */
export interface Launch {
  flags: string[];
  env: Record<string, string>;
}

export const IMAGE_LAUNCH: Launch = { flags: ['--max-semi-space-size=8'], env: { MALLOC_ARENA_MAX: '2' } };

/** `extra` on top of `base`: its flags after the base's, its variables over the base's. */
export function withLaunch(base: Launch, extra: Launch): Launch {
  return { flags: [...base.flags, ...extra.flags], env: { ...base.env, ...extra.env } };
}

/** "--flag=value NAME=value …" → the flags and environment variables of a launch. */
export function parseLaunch(text: string): Launch {
  const launch: Launch = { flags: [], env: {} };
  for (const token of text.split(/\s+/).filter(Boolean)) {
    const m = /^([A-Z_][A-Z0-9_]*)=(.*)$/.exec(token);
    if (m) launch.env[m[1]] = m[2];
    else if (token.startsWith('--')) launch.flags.push(token);
    else throw new Error(`--variant-launch takes Node flags (--name=value) and environment variables (NAME=value), not "${token}"`);
  }
  return launch;
}
