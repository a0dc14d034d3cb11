/**
 * The operator-editable taxonomy (`knowledge/taxonomy/`): departments, the 7 categories with
 * their default department, and keyword topics that route finer kinds of request.
 * Validated at load so a typo stops the start with a message naming the file and entry.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { JiesuError } from '../app/errors.ts';
import { CATEGORIES } from './corpus.ts';

/** Stable codes of the 7 categories (Open311 service_code). */
export const CATEGORY_CODES: Record<(typeof CATEGORIES)[number], string> = {
  城乡建设: 'urban-rural',
  环境保护: 'environment',
  交通运输: 'transport',
  教育文体: 'education-culture',
  劳动和社会保障: 'labour-social-security',
  商贸旅游: 'commerce-tourism',
  卫生计生: 'health',
};

/** The taxonomy folder shipped in the repo. */
export const DEFAULT_TAXONOMY_DIR = fileURLToPath(new URL('../knowledge/taxonomy/', import.meta.url));

const Department = z.object({ id: z.string().min(1), name: z.string().min(1), duties: z.string().optional() });
const Sub = z.object({ name: z.string().min(1), topics: z.array(z.string()) });
const Category = z.object({ name: z.string().min(1), department: z.string().min(1), subcategories: z.array(Sub).default([]) });
const Topic = z
  .object({
    id: z.string().min(1),
    name: z.string().min(1),
    category: z.enum(CATEGORIES),
    department: z.string().min(1),
    keywords: z.array(z.string().min(1)).default([]),
    all: z.array(z.array(z.string().min(1)).min(1)).default([]),
  })
  .refine((t) => t.keywords.length > 0 || t.all.length > 0, { message: 'needs "keywords" or "all"' });

/** A department (承办单位). */
export type DepartmentInfo = z.infer<typeof Department>;
/** A keyword topic. */
export type TopicInfo = z.infer<typeof Topic>;

/** A category or topic as the desk lists it (Open311 services, dispatch defaults). */
export interface DeskCategory {
  code: string;
  name: string;
  description?: string;
  /** The top-level category a topic belongs to. */
  group?: string;
  keywords?: string[];
  /** Department name. */
  department?: string;
}

/** The loaded, validated taxonomy. */
export interface Taxonomy {
  /** Departments in file order. */
  departments: DepartmentInfo[];
  departmentById: Map<string, DepartmentInfo>;
  /** The 7 categories then every topic, with department names, for the ticket desk. */
  deskCategories: DeskCategory[];
  /** Category name → default department id. */
  categoryDepartment: Map<string, string>;
  /** Category name → level2 name → level3 names. */
  tree: Map<string, Array<{ name: string; topics: string[] }>>;
  topics: TopicInfo[];
}

function invalid(file: string, msg: string): JiesuError {
  return new JiesuError('TAXONOMY_INVALID', `taxonomy ${file}: ${msg}`, 500);
}

function readJson<T>(dir: string, file: string, schema: z.ZodType<T>): T {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(join(dir, file), 'utf8'));
  } catch (err) {
    throw invalid(file, `cannot read or parse (${(err as Error).message})`);
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw invalid(file, `at ${issue.path.join('.') || '(root)'}: ${issue.message}`);
  }
  return parsed.data;
}

/** Loads and checks `departments.json`, `categories.json` and `topics.json` from `dir`. */
export function loadTaxonomy(dir: string = DEFAULT_TAXONOMY_DIR): Taxonomy {
  const { departments } = readJson(dir, 'departments.json', z.object({ departments: z.array(Department).min(1) }));
  const { categories } = readJson(dir, 'categories.json', z.object({ categories: z.array(Category) }));
  const { topics } = readJson(dir, 'topics.json', z.object({ topics: z.array(Topic) }));

  const byId = new Map<string, DepartmentInfo>();
  for (const d of departments) {
    if (byId.has(d.id)) throw invalid('departments.json', `duplicate department id "${d.id}"`);
    byId.set(d.id, d);
  }
  const categoryDepartment = new Map<string, string>();
  const tree = new Map<string, Array<{ name: string; topics: string[] }>>();
  for (const c of categories) {
    if (!(CATEGORIES as readonly string[]).includes(c.name)) throw invalid('categories.json', `unknown category "${c.name}"`);
    if (categoryDepartment.has(c.name)) throw invalid('categories.json', `category "${c.name}" listed twice`);
    if (!byId.has(c.department)) throw invalid('categories.json', `category "${c.name}": no department "${c.department}"`);
    categoryDepartment.set(c.name, c.department);
    tree.set(c.name, c.subcategories);
  }
  for (const name of CATEGORIES) if (!categoryDepartment.has(name)) throw invalid('categories.json', `category "${name}" is missing`);
  const seen = new Set<string>();
  for (const t of topics) {
    if (seen.has(t.id)) throw invalid('topics.json', `duplicate topic id "${t.id}"`);
    seen.add(t.id);
    if (!byId.has(t.department)) throw invalid('topics.json', `topic "${t.id}": no department "${t.department}"`);
  }
  const name = (id: string) => byId.get(id)!.name;
  const deskCategories: DeskCategory[] = [
    ...CATEGORIES.map((c) => ({
      code: CATEGORY_CODES[c],
      name: c,
      description:
        tree
          .get(c)!
          .map((s) => s.name)
          .join('、') || undefined,
      department: name(categoryDepartment.get(c)!),
    })),
    ...topics.map((t) => ({
      code: t.id,
      name: t.name,
      group: t.category,
      keywords: [...t.keywords, ...t.all.flat()],
      department: name(t.department),
    })),
  ];
  return { departments, departmentById: byId, deskCategories, categoryDepartment, tree, topics };
}

/** The topic the words of a text make clear, if any (most matched characters; earlier wins ties). */
export function matchTopic(tax: Taxonomy, text: string): TopicInfo | undefined {
  let best: TopicInfo | undefined;
  let bestScore = 0;
  for (const t of tax.topics) {
    let score = 0;
    for (const k of t.keywords) if (text.includes(k)) score += k.length;
    if (t.all.length) {
      let groups = 0;
      for (const g of t.all) {
        const hit = g.find((w) => text.includes(w));
        if (!hit) break;
        groups += hit.length;
        if (g === t.all[t.all.length - 1]) score = Math.max(score, groups) + 1; // a full combination is strong evidence
      }
    }
    if (score > bestScore) {
      best = t;
      bestScore = score;
    }
  }
  return best;
}

/** Name of a department id (the id itself if unknown). */
export function departmentName(tax: Taxonomy, id: string): string {
  return tax.departmentById.get(id)?.name ?? id;
}
