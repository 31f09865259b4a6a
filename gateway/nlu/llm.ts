/**
 * The optional LLM, as far as the pure core is concerned: WHEN to consult it (decided by the NLU), WHAT to
 * show it (the labels the active grammars allow, with example phrases) and whether its answer may be used
 * (validated with zod: one of the offered labels, or none). The call itself, with its deadline, is the
 * port's: an implementation lives in the shell (gateway/runtime/llm-client.ts, an OpenAI-compatible API), so
 * this module holds no timer, no clock and no network. No port is injected unless an LLM is configured.
 */
import { z } from 'zod';

export interface LlmLabel {
  /** Opaque id the model must answer with ("L1", "L2", …). */
  id: string;
  name: string;
  examples: string[];
}

export interface LlmRequest {
  utterance: string;
  lang: string;
  /** What the caller was asked (prompt sentences), for context. */
  context: string[];
  labels: LlmLabel[];
}

/**
 * The port: sends one chat request and resolves with the model's raw text answer. It enforces its own
 * deadline and rejects (with an Error saying why) on timeout, transport or server errors.
 */
export interface LlmPort {
  readonly name: string;
  complete(system: string, user: string): Promise<string>;
}

/** The earlier name of the port. */
export type LlmClient = LlmPort;

export const llmAnswerSchema = z.object({
  label: z.string().nullable(),
  confidence: z.number().min(0).max(1).optional(),
});

export type LlmOutcome =
  | { kind: 'label'; id: string; confidence?: number }
  | { kind: 'none' }
  | { kind: 'invalid'; reason: string }
  | { kind: 'failed'; reason: string };

export const SYSTEM_PROMPT = [
  'You map what a telephone caller said onto the options of an automated phone menu or question.',
  'You may ONLY answer with one of the option ids you are given, or null when the caller asked for none of them',
  '(an unrelated request, small talk, or something the menu does not offer). Never guess: if unsure, answer null.',
  'Answer with a JSON object and nothing else: {"label": "<id or null>", "confidence": <0..1>}.',
].join(' ');

export function userPrompt(req: LlmRequest): string {
  const lines = [`Caller language: ${req.lang}`];
  if (req.context.length > 0) lines.push(`The caller was just told: ${req.context.slice(0, 6).join(' ')}`);
  lines.push('Options:');
  for (const l of req.labels) lines.push(`- ${l.id}: ${l.name} (callers say e.g. ${l.examples.slice(0, 6).map((e) => JSON.stringify(e)).join(', ')})`);
  lines.push(`The caller said: ${JSON.stringify(req.utterance)}`);
  return lines.join('\n');
}

/** Asks the model through the port and validates what it says against the labels offered. */
export async function consultLlm(port: LlmPort, req: LlmRequest): Promise<LlmOutcome> {
  let text: string;
  try {
    text = await port.complete(SYSTEM_PROMPT, userPrompt(req));
  } catch (e) {
    return { kind: 'failed', reason: e instanceof Error ? e.message : String(e) };
  }
  return parseAnswer(text, req.labels);
}

export function parseAnswer(text: string, labels: readonly LlmLabel[]): LlmOutcome {
  // Models sometimes wrap JSON in a code fence; take the outermost object.
  const start = text.indexOf('{');
  const end = text.lastIndexOf('}');
  if (start < 0 || end <= start) return { kind: 'invalid', reason: 'the answer holds no JSON object' };
  let raw: unknown;
  try {
    raw = JSON.parse(text.slice(start, end + 1));
  } catch (e) {
    return { kind: 'invalid', reason: `the answer is not JSON: ${(e as Error).message}` };
  }
  const parsed = llmAnswerSchema.safeParse(raw);
  if (!parsed.success) return { kind: 'invalid', reason: `unexpected answer shape: ${parsed.error.issues.map((i) => i.message).join('; ')}` };
  const { label, confidence } = parsed.data;
  if (label === null || label === 'null' || label === '') return { kind: 'none' };
  if (!labels.some((l) => l.id === label)) return { kind: 'invalid', reason: `"${label}" is not one of the offered labels` };
  return confidence === undefined ? { kind: 'label', id: label } : { kind: 'label', id: label, confidence };
}
