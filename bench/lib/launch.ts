/**
 * How the bench launches a server process: Node flags and environment variables added to its own.
 *
 * Every server (the ceilings included) runs with the environment the container image gives the gateway
 * (Dockerfile, runtime stage), so the bench measures what production runs: glibc limited to two malloc
 * arenas. With one arena per thread (glibc's default, up to 8 per core), memory V8's background compiler
 * and collector threads freed stays resident in their arenas: RSS with 10,000 parked calls measured 142-150 MB
 * over six runs, 140-144 MB over five with two arenas, and the turn CPU did not change (same-run pairs at 64
 * calls: +8 %, -6 %, -1 %). test/hardening/deployment.test.ts checks the Dockerfile says the same.
 */
export interface Launch {
  flags: string[];
  env: Record<string, string>;
}

export const IMAGE_LAUNCH: Launch = { flags: [], env: { MALLOC_ARENA_MAX: '2' } };

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
