/**
 * LlmClient over any OpenAI-compatible chat-completions endpoint (`openai@^6`: v7 needs Node 22). The SDK is
 * loaded only when an LLM is configured; retries are off (the turn has a deadline) and JSON output is
 * requested. Works with OpenAI, Azure OpenAI's v1 endpoint, vLLM, Ollama, llama.cpp server and the like.
 */
import type { LlmClient } from './llm';

export interface OpenAiClientOptions {
  baseURL: string;
  model: string;
  apiKey: string;
  /** Upper bound of one request (the NLU also applies its own, shorter, deadline). */
  timeoutMs: number;
  /** Some servers reject response_format; turn it off for them. */
  jsonMode?: boolean;
}

export function createOpenAiClient(opts: OpenAiClientOptions): LlmClient {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { default: OpenAI } = require('openai') as typeof import('openai');
  const client = new OpenAI({ apiKey: opts.apiKey || 'unused', baseURL: opts.baseURL, timeout: opts.timeoutMs, maxRetries: 0 });
  return {
    name: `${opts.model} at ${opts.baseURL}`,
    async complete(system: string, user: string, signal: AbortSignal): Promise<string> {
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
    },
  };
}
