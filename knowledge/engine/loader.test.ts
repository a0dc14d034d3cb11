import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ArticleValidationError, loadArticleFiles, validateArticle } from '../index.ts';

const FIXTURES = new URL('./fixtures/articles', import.meta.url).pathname;

const FRONT = {
  id: 'consumer-demo',
  title: '演示文章',
  questions: '\n  - 演示问题一\n  - 演示问题二',
  tags: '[演示]',
  category: '商贸旅游',
  department: '区市场监督管理局',
  legal_basis: '\n  - law: 中华人民共和国消费者权益保护法\n    article: 第二十五条',
  reviewed: '2026-11-27',
};

function articleText(overrides: Partial<Record<keyof typeof FRONT, string | null>> = {}, body = '正文内容。') {
  const fields = { ...FRONT, ...overrides };
  const lines = Object.entries(fields)
    .filter(([, v]) => v !== null)
    .map(([k, v]) => `${k}: ${v}`);
  return `---\n${lines.join('\n')}\n---\n${body}\n`;
}

describe('loadArticleFiles', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'kb-loader-'));
    mkdirSync(join(dir, 'consumer'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const write = (name: string, text: string) => writeFileSync(join(dir, 'consumer', `${name}.md`), text);
  const loadError = (): ArticleValidationError => {
    try {
      loadArticleFiles(dir);
    } catch (err) {
      if (err instanceof ArticleValidationError) return err;
      throw err;
    }
    throw new Error('expected a validation error');
  };

  it('should load the fixture articles with their front matter and body', () => {
    const articles = loadArticleFiles(FIXTURES);
    expect(articles.length).toBe(8);
    const online = articles.find((a) => a.id === 'consumer-online-7day-return')!;
    expect(online).toMatchObject({
      title: '网购商品七日无理由退货',
      category: '商贸旅游',
      legal_basis: [{ law: '中华人民共和国消费者权益保护法', article: '第二十五条' }],
      source: 'file',
      file: 'consumer/consumer-online-7day-return.md',
    });
    expect(online.body).toMatch(/^可以。/);
    expect(online.questions).toContain('网上买的衣服不喜欢能退吗');
  });

  it('should name the file and the missing field', () => {
    write('consumer-demo', articleText({ department: null }));
    const err = loadError();
    expect(err.where).toBe('consumer/consumer-demo.md');
    expect(err.field).toBe('department');
    expect(err.message).toContain('consumer/consumer-demo.md');
    expect(err.message).toContain('department');
  });

  it('should reject a category outside the seven labels', () => {
    write('consumer-demo', articleText({ category: '消费维权' }));
    const err = loadError();
    expect(err.field).toBe('category');
    expect(err.reason).toContain('商贸旅游');
  });

  it('should reject a provision that is not an article number', () => {
    write('consumer-demo', articleText({ legal_basis: '\n  - law: 中华人民共和国消费者权益保护法\n    article: 二十五' }));
    expect(loadError().field).toBe('legal_basis[0].article');
  });

  it('should reject an unknown field so typos do not pass silently', () => {
    write('consumer-demo', `${articleText().replace('reviewed:', 'legal_basic: []\nreviewed:')}`);
    const err = loadError();
    expect(err.field).toBe('legal_basic');
  });

  it('should reject an id that differs from the file name', () => {
    write('consumer-other', articleText());
    const err = loadError();
    expect(err.field).toBe('id');
    expect(err.reason).toContain('consumer-other');
  });

  it('should reject duplicate ids across folders', () => {
    write('consumer-demo', articleText());
    mkdirSync(join(dir, 'other'));
    writeFileSync(join(dir, 'other', 'consumer-demo.md'), articleText());
    const err = loadError();
    expect(err.reason).toContain('重复');
  });

  it('should reject a file without front matter', () => {
    write('consumer-demo', '只有正文');
    expect(loadError().reason).toContain('YAML');
  });

  it('should read bare numbers in tags as text and strip 《》 from law names', () => {
    write(
      'consumer-demo',
      articleText({ tags: '[电梯, 119]', legal_basis: '\n  - law: 《中华人民共和国消费者权益保护法》\n    article: 第二十五条第一款' }),
    );
    const [a] = loadArticleFiles(dir);
    expect(a!.tags).toEqual(['电梯', '119']);
    expect(a!.legal_basis).toEqual([{ law: '中华人民共和国消费者权益保护法', article: '第二十五条第一款' }]);
  });
});

describe('validateArticle', () => {
  it('should say which question is empty', () => {
    const raw = {
      id: 'x-y',
      title: '标题',
      questions: ['好的问题', ' '],
      tags: [],
      category: '卫生计生',
      department: '区卫生健康委员会',
      legal_basis: [],
      reviewed: '2026-01-01',
      body: '正文',
    };
    expect(() => validateArticle(raw, 'api:x-y')).toThrow(/questions\[1\]/);
    expect(validateArticle({ ...raw, questions: ['好的问题'] }, 'api:x-y').legal_basis).toEqual([]);
  });
});
