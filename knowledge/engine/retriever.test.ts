import { describe, expect, it } from 'vitest';
import { createRetriever, loadArticleFiles, loadSynonyms, parseSynonyms, SynonymFileError } from '../index.ts';

const articles = loadArticleFiles(new URL('./fixtures/articles', import.meta.url).pathname);
const synonyms = loadSynonyms(new URL('../synonyms.txt', import.meta.url));
const retriever = createRetriever(articles, { synonyms });
const top = (q: string) => retriever.search(q).hits[0]?.article.id;

describe('createRetriever', () => {
  it('should rank the article whose questions match first', () => {
    expect(top('网上买的衣服不喜欢能退吗')).toBe('consumer-online-7day-return');
    expect(top('公司拖欠工资怎么办')).toBe('labor-wage-arrears');
    expect(top('半夜工地施工吵得睡不着')).toBe('environment-night-construction-noise');
  });

  it('should tell online from in-store purchases', () => {
    expect(top('在商场买的鞋能七天无理由退吗')).toBe('consumer-offline-no-7day');
    expect(top('拼多多上买的裤子不想要了')).toBe('consumer-online-7day-return');
  });

  it('should match paraphrases through words and character bigrams', () => {
    expect(top('我办的健身卡，结果健身房倒闭了，钱怎么退')).toBe('consumer-prepaid-card-refund');
    expect(top('租房合同到期房东扣着押金不还')).toBe('housing-rental-deposit');
  });

  it('should fold full-width characters and case', () => {
    const a = retriever.search('网上买的衣服不喜欢能退吗');
    const b = retriever.search('网上买的衣服不喜欢能退吗？？');
    expect(b.hits[0]!.score).toBeCloseTo(a.hits[0]!.score, 6);
    expect(top('ＱＱ群里买的衣服，７天能退吗')).toBe('consumer-online-7day-return');
  });

  it('should give a matching question a high confidence and an unrelated one a low confidence', () => {
    const hit = retriever.search('网上买的衣服不喜欢能退吗');
    const off = retriever.search('明天会下雨吗');
    expect(hit.confidence).toBeGreaterThan(0.9);
    expect(off.confidence).toBeLessThan(0.2);
    for (const r of [hit, off]) {
      expect(r.confidence).toBeGreaterThanOrEqual(0);
      expect(r.confidence).toBeLessThanOrEqual(1);
    }
  });

  it('should return nothing for a question with no known term', () => {
    const r = retriever.search('Hello?');
    expect(r.hits).toEqual([]);
    expect(r.confidence).toBe(0);
  });
});

describe('synonyms', () => {
  it('should find the deposit article for the misspelt 压金 only through the synonym list', () => {
    const plain = createRetriever(articles);
    const q = '退租时压金被扣了';
    expect(retriever.search(q).hits[0]!.article.id).toBe('housing-rental-deposit');
    // Without the list the typo still shares 退租 but scores lower.
    expect(retriever.search(q).hits[0]!.score).toBeGreaterThan(plain.search(q).hits[0]?.score ?? 0);
  });

  it('should fold every member of a group to its head, longest member first', () => {
    const table = parseSynonyms('网购 网上买 网上 淘宝\n# comment\n押金 压金');
    expect(table.fold('在网上买了件衣服')).toBe('在网购了件衣服');
    expect(table.fold('淘宝的压金')).toBe('网购的押金');
    expect(table.groups).toHaveLength(2);
  });

  it('should reject a word listed in two groups', () => {
    expect(() => parseSynonyms('网购 淘宝\n电商 淘宝')).toThrow(SynonymFileError);
    expect(() => parseSynonyms('孤单')).toThrow(/至少需要两个词/);
  });
});
