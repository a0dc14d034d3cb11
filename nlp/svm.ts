/**
 * One-vs-rest linear SVM (L2-regularised, squared hinge loss) trained by dual coordinate
 * descent — the algorithm of liblinear / scikit-learn's LinearSVC (Hsieh et al., ICML 2008).
 * Written here because `natural` has no linear SVM and its classifiers reach only 0.675
 * macro-F1 on our data (PROTOCOLS.md §7); this solver converges in a few passes over sparse data.
 */
import type { SparseVec } from './features.ts';
import { mulberry32, shuffleInPlace } from './random.ts';

/** Options of the solver. */
export interface SvmOptions {
  /** Inverse regularisation strength (LinearSVC's C). */
  C: number;
  /** Weight each class's C by n / (k · n_class), like class_weight='balanced'. */
  balanced?: boolean;
  /** Stopping tolerance on the projected gradient spread (liblinear's eps). */
  eps?: number;
  maxPasses?: number;
  seed?: number;
  /** Per-example multiplier of C (e.g. a lower weight for augmented copies). */
  sampleWeight?: Float32Array;
  /** Per-class feature scaling (NB-SVM log-count ratios); folded into the returned weights. */
  featureScale?: (c: number) => Float32Array;
}

/** A trained linear model: weights laid out feature-major (`w[j * k + c]`) for fast scoring. */
export interface LinearModel {
  k: number;
  dim: number;
  w: Float32Array;
  bias: Float32Array;
}

/** Trains k one-vs-rest binary SVMs on sparse rows `x` with labels `y` in [0, k). */
export function trainSvm(x: SparseVec[], y: Int32Array, k: number, dim: number, opts: SvmOptions): LinearModel {
  const n = x.length;
  const eps = opts.eps ?? 0.1;
  const maxPasses = opts.maxPasses ?? 40;
  const counts = new Float64Array(k);
  for (let i = 0; i < n; i++) counts[y[i]!]! += 1;
  const sqnorm = new Float64Array(n);
  const W = new Float32Array(dim * k);
  const bias = new Float32Array(k);
  const rng = mulberry32(opts.seed ?? 1);
  const order = new Int32Array(n);
  const w = new Float64Array(dim);
  const alpha = new Float64Array(n);
  for (let c = 0; c < k; c++) {
    const r = opts.featureScale?.(c);
    for (let i = 0; i < n; i++) {
      let s = 1; // the bias feature, value 1
      const { idx, val } = x[i]!;
      for (let t = 0; t < val.length; t++) {
        const v = r ? val[t]! * r[idx[t]!]! : val[t]!;
        s += v * v;
      }
      sqnorm[i] = s;
    }
    w.fill(0);
    alpha.fill(0);
    let b = 0;
    const cPos = opts.C * (opts.balanced ? n / (k * Math.max(1, counts[c]!)) : 1);
    const cNeg = opts.C * (opts.balanced ? n / (k * Math.max(1, n - counts[c]!)) : 1);
    for (let i = 0; i < n; i++) order[i] = i;
    // Shrinking as in liblinear: examples that sit well outside the margin with alpha = 0
    // leave the active set; a final pass over all of them confirms convergence.
    let active = n;
    let pgMaxOld = Infinity;
    for (let pass = 0; pass < maxPasses; pass++) {
      shuffleInPlace(order.subarray(0, active), rng);
      let pgMax = -Infinity;
      let pgMin = Infinity;
      for (let o = 0; o < active; o++) {
        const i = order[o]!;
        const yi = y[i] === c ? 1 : -1;
        const Ci = (yi > 0 ? cPos : cNeg) * (opts.sampleWeight ? opts.sampleWeight[i]! : 1);
        const diag = 0.5 / Ci;
        const { idx, val } = x[i]!;
        let dot = b;
        if (r) for (let t = 0; t < idx.length; t++) dot += w[idx[t]!]! * val[t]! * r[idx[t]!]!;
        else for (let t = 0; t < idx.length; t++) dot += w[idx[t]!]! * val[t]!;
        const a = alpha[i]!;
        const G = yi * dot - 1 + diag * a;
        let PG = G;
        if (a === 0) {
          if (G > pgMaxOld) {
            active--;
            order[o] = order[active]!;
            order[active] = i;
            o--;
            continue;
          }
          PG = Math.min(G, 0);
        }
        if (PG > pgMax) pgMax = PG;
        if (PG < pgMin) pgMin = PG;
        if (Math.abs(PG) > 1e-12) {
          const na = Math.max(a - G / (sqnorm[i]! + diag), 0);
          const d = (na - a) * yi;
          alpha[i] = na;
          if (r) for (let t = 0; t < idx.length; t++) w[idx[t]!]! += d * val[t]! * r[idx[t]!]!;
          else for (let t = 0; t < idx.length; t++) w[idx[t]!]! += d * val[t]!;
          b += d;
        }
      }
      if (pgMax - pgMin <= eps) {
        if (active === n) break;
        active = n;
        pgMaxOld = Infinity;
        continue;
      }
      pgMaxOld = pgMax <= 0 ? Infinity : pgMax;
    }
    // Fold the scaling into the weights so scoring stays one dot product.
    for (let j = 0; j < dim; j++) W[j * k + c] = r ? w[j]! * r[j]! : w[j]!;
    bias[c] = b;
  }
  return { k, dim, w: W, bias };
}

/** Scores of every class for one row (writes into `out`). */
export function scoreInto(m: LinearModel, x: SparseVec, out: Float64Array): Float64Array {
  const k = m.k;
  for (let c = 0; c < k; c++) out[c] = m.bias[c]!;
  const { idx, val } = x;
  const W = m.w;
  for (let t = 0; t < idx.length; t++) {
    const base = idx[t]! * k;
    const v = val[t]!;
    for (let c = 0; c < k; c++) out[c]! += W[base + c]! * v;
  }
  return out;
}

/** NB-SVM log-count ratios per class (Wang & Manning 2012) from rows and labels. */
export function logCountRatios(x: SparseVec[], y: Int32Array, k: number, dim: number, alpha = 1): Float32Array[] {
  const sums = Array.from({ length: k }, () => new Float64Array(dim));
  const total = new Float64Array(dim);
  for (let i = 0; i < x.length; i++) {
    const { idx, val } = x[i]!;
    const s = sums[y[i]!]!;
    for (let t = 0; t < idx.length; t++) {
      s[idx[t]!]! += val[t]!;
      total[idx[t]!]! += val[t]!;
    }
  }
  return sums.map((s) => {
    let ps = 0;
    let qs = 0;
    for (let j = 0; j < dim; j++) {
      ps += s[j]! + alpha;
      qs += total[j]! - s[j]! + alpha;
    }
    const r = new Float32Array(dim);
    for (let j = 0; j < dim; j++) r[j] = Math.log((s[j]! + alpha) / ps / ((total[j]! - s[j]! + alpha) / qs));
    return r;
  });
}
