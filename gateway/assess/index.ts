/**
 * Migration assessment: crawl an application, evaluate every use against the capability table per
 * platform, inventory its grammars, and list what could not be followed.
 *
 *   const c = await crawl(['file:///apps/airline/main.vxml'], { reader });
 *   const report = assess(c, { display });
 *   process.stdout.write(formatReport(report, 'text'));
 */
export { assess, type AssessmentReport, type AssessOptions, type Blocker, type FindingGroup, type Place, type PlatformAssessment, type TargetListing } from './assess';
export { crawl, originOf, type Crawl, type CrawlOptions, type CrawledDocument, type ReadOutcome, type Resource, type ResourceReader } from './crawl';
export { formatReport, verdict, type AssessFormat } from './format';
export { grammarInventory, PHRASE_LIMIT, type GrammarEntry } from './grammars';
export { audioInfo, AUDIO_HEAD_BYTES, type AudioInfo } from './audio';
export { CAPABILITIES, capability, evaluate, PLATFORMS, PLATFORM_NAMES, type Capability, type Platform, type SupportStatus } from './capabilities';
