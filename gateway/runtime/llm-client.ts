/**
 * The NLU's LLM port over any OpenAI-compatible chat-completions endpoint (`openai@^6`: v7 needs Node 22) —
 * the I/O half of the optional LLM (gateway/nlu decides when to ask and validates the answer). Works with
 * OpenAI, Azure OpenAI's v1 endpoint, vLLM, Ollama, llama.cpp server and the like. The SDK is loaded only when
 * an LLM is configured; retries are off (a caller is waiting) and every request has a deadline: on expiry the
 * request is aborted and the port rejects, so the offline decision stands.
 */
import type { LlmPort } from '../nlu/index';

export interface OpenAiLlmOptions {
  baseURL: string;
  model: string;
  apiKey: string;
  /** Deadline of one consultation, connection included. */
  timeoutMs: number;
  /** Some servers reject response_format; turn it off for them. */
  jsonMode?: boolean;
}

/** Sends one request with a deadline: `send` gets a signal that aborts when the deadline passes. */
export async function withDeadline<T>(timeoutMs: number, send: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      // Settle first, then abort: whatever the aborted request does next, the deadline has decided.
      reject(new Error(`no answer within ${timeoutMs} ms`));
      controller.abort();
    }, timeoutMs);
  });
  try {
    return await Promise.race([send(controller.signal), expired]);
  } finally {
    clearTimeout(timer);
  }
}

export function createOpenAiLlm(opts: OpenAiLlmOptions): LlmPort {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { default: OpenAI } = require('openai') as typeof import('openai');
  const client = new OpenAI({ apiKey: opts.apiKey || 'unused', baseURL: opts.baseURL, timeout: opts.timeoutMs, maxRetries: 0 });
  return {
    name: `${opts.model} at ${opts.baseURL}`,
    complete: (system: string, user: string): Promise<string> =>
      withDeadline(opts.timeoutMs, async (signal) => {
        const res = await client.chat.completions.create(
          {
            model: opts.model,
            temperature: 0,
            max_tokens: 60,
            messages: [
              { role: 'system', content: system },
              { role: 'user', content: user },
            ],
            ...(opts.jsonMode === false ? {} : { response_format: { type: 'json_object' as const } }),
          },
          { signal, timeout: opts.timeoutMs },
        );
        const content = res.choices[0]?.message?.content;
        if (typeof content !== 'string') throw new Error('the model answered without text');
        return content;
      }),
  };
}
