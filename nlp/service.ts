/** The analyser: classifier + taxonomy + urgency + entities + intent behind one object. */
import { existsSync } from 'node:fs';
import { JiesuError } from '../app/errors.ts';
import { type ClassifierModel, loadModel, rank, saveModel, trainClassifier } from './classifier.ts';
import { type CATEGORIES, readLabelled } from './corpus.ts';
import { type Entities, extractEntities } from './entities.ts';
import { detectIntent, type Intent } from './intent.ts';
import { departmentName, loadTaxonomy, matchTopic, type Taxonomy } from './taxonomy.ts';
import { detectUrgency, type Urgency } from './urgency.ts';

/** One of the 7 top-level categories of the hotline data. */
export type Category = (typeof CATEGORIES)[number];

/** What `analyze` says about one request. */
export interface Analysis {
  label: Category;
  /** Calibrated probability of `label`. */
  confidence: number;
  runnerUp: { label: Category; confidence: number };
  /** The finer topic the words make clear (e.g. 施工扰民), if any. */
  topic?: string;
  topicId?: string;
  /** The responsible department's name (承办单位). */
  department: string;
  departmentId: string;
  /** True when the classifier is unsure between categories of different departments: send to a dispatcher. */
  disputed: boolean;
  urgency: Urgency;
  entities: Entities;
}

/** The loaded NLP service. */
export interface Nlp {
  analyze(text: string, title?: string): Analysis;
  intent(text: string): { intent: Intent; confidence: number };
  /** The taxonomy in use (departments, categories, topics). */
  readonly taxonomy: Taxonomy;
}

// Below this margin between the two best categories the dispatch is a coin toss.
const DISPUTE_MARGIN = 0.2;

/** Builds the analyser around a loaded model and taxonomy. */
export function createNlp(model: ClassifierModel, taxonomy: Taxonomy): Nlp {
  const deptOf = (label: string) => taxonomy.categoryDepartment.get(label)!;
  return {
    taxonomy,
    analyze(text: string, title?: string): Analysis {
      const all = title ? `${title}\n${text}` : text;
      const [best, second] = rank(model, text, title);
      const topic = matchTopic(taxonomy, all);
      const departmentId = topic ? topic.department : deptOf(best!.label);
      const disputed = !topic && (best!.p < 0.5 || best!.p - second!.p < DISPUTE_MARGIN) && deptOf(best!.label) !== deptOf(second!.label);
      return {
        label: best!.label as Category,
        confidence: best!.p,
        runnerUp: { label: second!.label as Category, confidence: second!.p },
        topic: topic?.name,
        topicId: topic?.id,
        department: departmentName(taxonomy, departmentId),
        departmentId,
        disputed,
        urgency: detectUrgency(all),
        entities: extractEntities(all),
      };
    },
    intent: detectIntent,
  };
}

/** Loads (or, when missing and allowed, trains and saves) the model, loads the taxonomy, and returns the analyser. */
export async function loadNlp(opts: {
  modelPath: string;
  taxonomyDir?: string;
  trainIfMissing?: boolean;
  log?: (msg: string) => void;
}): Promise<Nlp> {
  const log = opts.log ?? (() => {});
  const taxonomy = loadTaxonomy(opts.taxonomyDir);
  let model: ClassifierModel | undefined;
  const train = opts.trainIfMissing ?? true;
  if (existsSync(opts.modelPath)) {
    try {
      model = loadModel(opts.modelPath);
    } catch (err) {
      // A model file of an older format is rebuilt, like a missing one.
      if (!(err instanceof JiesuError && err.code === 'MODEL_OUTDATED' && train)) throw err;
      log((err as Error).message);
    }
  }
  if (!model && train) {
    log(`no usable classifier model at ${opts.modelPath}: training from the shipped corpus`);
    model = trainClassifier(readLabelled(), 'nbsvm-ensemble', { log });
    saveModel(model, opts.modelPath);
    log(`classifier model saved to ${opts.modelPath}`);
  } else if (!model) {
    throw new JiesuError('MODEL_MISSING', `分类模型不存在：${opts.modelPath}（请先运行 jiesu train）`, 500);
  }
  return createNlp(model, taxonomy);
}
