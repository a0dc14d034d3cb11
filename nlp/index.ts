/**
 * Chinese understanding for Jiesu: category → department, topic, urgency, entities, intent,
 * repeats. Everything runs in process; the classifier is trained from the shipped corpus.
 */

// === The analyser (what the bot and the desk call)
export type { Category, Analysis, Nlp } from './service.ts';
export { loadNlp, createNlp } from './service.ts';
export type { Address, Entities } from './entities.ts';
export type { Intent, IntentResult } from './intent.ts';
export type { Urgency, UrgencyKind } from './urgency.ts';
export { CATEGORIES } from './corpus.ts';

// === Building blocks usable alone
export { tokenize } from './tokenizer.ts';
export { detectUrgency } from './urgency.ts';
export { extractEntities } from './entities.ts';
export { detectIntent } from './intent.ts';

// === Classifier training and measurement (jiesu train / eval, tests, bench)
export type { ClassifierModel, TrainOptions } from './classifier.ts';
export { trainClassifier, saveModel, loadModel, rank } from './classifier.ts';
export type { LabelledText } from './corpus.ts';
export { readLabelled, stratifiedFolds, prefix, CORPUS_PATH } from './corpus.ts';
export type { EvalResult } from './evaluation.ts';
export { evaluateModel, crossValidate } from './evaluation.ts';

// === Repeats and hot issues
export type { RepeatItem, RepeatMatch, HotIssue } from './repeats.ts';
export { findRepeats, hotIssues } from './repeats.ts';

// === Taxonomy (knowledge/taxonomy/)
export type { Taxonomy, DepartmentInfo, TopicInfo, DeskCategory } from './taxonomy.ts';
export { loadTaxonomy, DEFAULT_TAXONOMY_DIR, CATEGORY_CODES } from './taxonomy.ts';

// === CLI commands (wired into the jiesu bin by the integrator)
export type { CliIo } from './cli.ts';
export { trainCommand, classifyCommand, evalCommand, defaultModelPath } from './cli.ts';
