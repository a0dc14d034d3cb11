import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CATEGORIES, DEFAULT_TAXONOMY_DIR, loadTaxonomy } from './index.ts';

function copyWith(file: string, edit: (json: Record<string, unknown>) => void): string {
  const dir = mkdtempSync(join(tmpdir(), 'jiesu-tax-'));
  cpSync(DEFAULT_TAXONOMY_DIR, dir, { recursive: true });
  const json = JSON.parse(readFileSync(join(dir, file), 'utf8')) as Record<string, unknown>;
  edit(json);
  writeFileSync(join(dir, file), JSON.stringify(json));
  return dir;
}

describe('loadTaxonomy', () => {
  it('should give every category a department and list categories and topics for the desk', () => {
    const tax = loadTaxonomy();
    for (const c of CATEGORIES) expect(tax.departmentById.has(tax.categoryDepartment.get(c)!)).toBe(true);
    const names = tax.deskCategories.map((c) => c.name);
    expect(names).toEqual(
      expect.arrayContaining([
        ...CATEGORIES,
        '物业管理',
        '施工扰民',
        '违法建设',
        '停车管理',
        '群租房',
        '预付卡',
        '租房押金',
        '噪声',
        '油烟',
        '拖欠工资',
        '社保',
      ]),
    );
    expect(tax.deskCategories.every((c) => c.department && tax.departments.some((d) => d.name === c.department))).toBe(true);
    expect(tax.tree.get('城乡建设')!.length).toBeGreaterThan(3);
  });

  it('should name the file and the entry when a topic points at an unknown department', () => {
    const dir = copyWith('topics.json', (j) => {
      (j.topics as Array<{ department: string }>)[0]!.department = 'nope';
    });
    expect(() => loadTaxonomy(dir)).toThrow(/topics\.json.*no department "nope"/);
  });

  it('should refuse a taxonomy that lacks one of the 7 categories', () => {
    const dir = copyWith('categories.json', (j) => {
      j.categories = (j.categories as Array<{ name: string }>).filter((c) => c.name !== '卫生计生');
    });
    expect(() => loadTaxonomy(dir)).toThrow(/categories\.json.*卫生计生/);
  });

  it('should report a file that is not valid JSON', () => {
    const dir = mkdtempSync(join(tmpdir(), 'jiesu-tax-'));
    cpSync(DEFAULT_TAXONOMY_DIR, dir, { recursive: true });
    writeFileSync(join(dir, 'departments.json'), '{ oops');
    expect(() => loadTaxonomy(dir)).toThrow(/departments\.json: cannot read or parse/);
  });
});
