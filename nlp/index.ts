/**
 * Chinese understanding for Jiesu: category → department, topic, urgency, entities, intent,
 * repeats. Everything runs in process; the classifier is trained from the shipped corpus.
 */

// === Classifier training and measurement (jiesu train / eval, tests, bench)
export type { ClassifierModel, TrainOptions } from './classifier.ts';
export { loadModel, rank, saveModel, trainClassifier } from './classifier.ts';
// === CLI commands (wired into the jiesu bin by the integrator)
export type { CliIo } from './cli.ts';
export { classifyCommand, defaultModelPath, evalCommand, trainCommand } from './cli.ts';
export type { LabelledText } from './corpus.ts';
export { CATEGORIES, CORPUS_PATH, prefix, readLabelled, stratifiedFolds } from './corpus.ts';
export type { Address, Entities } from './entities.ts';
export { extractEntities } from './entities.ts';
export type { EvalResult } from './evaluation.ts';
export { crossValidate, evaluateModel } from './evaluation.ts';
export type { Intent, IntentResult } from './intent.ts';
export { detectIntent } from './intent.ts';
// === Repeats and hot issues
export type { HotIssue, RepeatItem, RepeatMatch } from './repeats.ts';
export { findRepeats, hotIssues } from './repeats.ts';
// === The analyser (what the bot and the desk call)
export type { Analysis, Category, Nlp } from './service.ts';
export { createNlp, loadNlp } from './service.ts';
// === Taxonomy (knowledge/taxonomy/)
export type { DepartmentInfo, DeskCategory, Taxonomy, TopicInfo } from './taxonomy.ts';
export { CATEGORY_CODES, DEFAULT_TAXONOMY_DIR, loadTaxonomy } from './taxonomy.ts';
// === Building blocks usable alone
export { tokenize } from './tokenizer.ts';
export type { Urgency, UrgencyKind } from './urgency.ts';
export { detectUrgency } from './urgency.ts';
