/**
 * The conversational layer's public API (issue 7): free speech → the result the active grammars would have
 * produced, offline by default, with an optional LLM (an injected port) consulted only when the offline
 * classifier is unsure. Pure: the port's implementation and the call log live in gateway/runtime.
 */
export { NluUnderstanding, type NluOptions, type LlmSettings, type UnderstandOutcome, type UnderstandingRequest } from './understanding';
export { DEFAULT_SETTINGS, buildModel, decide, type Decision, type Method, type Model, type NluSettings } from './engine';
export { consultLlm, parseAnswer, llmAnswerSchema, SYSTEM_PROMPT, userPrompt, type LlmClient, type LlmLabel, type LlmOutcome, type LlmPort, type LlmRequest } from './llm';
export { parseOverlay, nluOverlaySchema, OverlayError } from './overlay';
export { polarity } from './polarity';
export { recognizeValue, warmUpRecognizers } from './recognizers';
