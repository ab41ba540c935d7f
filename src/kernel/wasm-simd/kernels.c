/*
 * Our own WASM SIMD kernels for what a CNN's training step spends its time on and
 * tfjs-backend-wasm does slowly (see docs/BENCHMARKS.md, "Own WASM SIMD kernels"): a direct
 * filter gradient of a convolution, the two passes of training-mode batch norm forward and
 * backward, and the 2x2/2 max-pool gradient.
 *
 * The module imports tfjs-backend-wasm's own memory and works on tensors where they lie, so it
 * must never own any of that memory: no static data, no stack in memory (built with a stack of
 * size 0 at address 0, so a stack access would trap instead of writing into a tensor), no libc.
 * Every pointer is a byte offset into that memory, handed over by src/kernel/wasm-simd/.
 * Build: scripts/build-wasm-kernels.sh (clang, wasm32, simd128).
 */
#include <wasm_simd128.h>

#define EXPORT(name) __attribute__((export_name(#name))) void name

typedef float f32;
typedef double f64;

#define SPLAT(v, i) wasm_i32x4_shuffle((v), (v), (i), (i), (i), (i))

/* ---------------------------------------------------------------------------------------
 * Convolution filter gradient, NHWC input, HWIO filter, dilation 1:
 *   dw[kh][kw][ci][co] = sum over b, oy, ox of x[b][oy*sh+kh-pt][ox*sw+kw-pl][ci] * dy[b][oy][ox][co]
 * (taps that fall in the padding add nothing). Register tiles of 4 input by 8 (or 4) output
 * channels, one output row at a time: the row's dy stays in L1 for all taps, each tile's
 * partial sum over a row starts at zero and is added to `acc`, which keeps float32 error to
 * about a row's length plus the number of rows instead of every pixel in one running sum.
 *
 * Reads up to 3 floats past the last pixel of x and of dy (lanes of a tile that no output
 * keeps): the caller checks that the memory extends that far.
 *
 * acc: KH*KW*ceil4(Ci)*ceil8(Co) floats of scratch.
 * ------------------------------------------------------------------------------------- */

static inline int ceil_div(int a, int b) { return a >= 0 ? (a + b - 1) / b : -((-a) / b); }

static inline void tile_4x8(const f32 *xp, int xStep, const f32 *dp, int dStep, int n, f32 *a,
                            int aStride) {
  v128_t a00 = wasm_f32x4_splat(0), a01 = a00, a10 = a00, a11 = a00;
  v128_t a20 = a00, a21 = a00, a30 = a00, a31 = a00;
  for (int i = 0; i < n; i++) {
    v128_t xv = wasm_v128_load(xp);
    v128_t d0 = wasm_v128_load(dp);
    v128_t d1 = wasm_v128_load(dp + 4);
    v128_t s = SPLAT(xv, 0);
    a00 = wasm_f32x4_add(a00, wasm_f32x4_mul(s, d0));
    a01 = wasm_f32x4_add(a01, wasm_f32x4_mul(s, d1));
    s = SPLAT(xv, 1);
    a10 = wasm_f32x4_add(a10, wasm_f32x4_mul(s, d0));
    a11 = wasm_f32x4_add(a11, wasm_f32x4_mul(s, d1));
    s = SPLAT(xv, 2);
    a20 = wasm_f32x4_add(a20, wasm_f32x4_mul(s, d0));
    a21 = wasm_f32x4_add(a21, wasm_f32x4_mul(s, d1));
    s = SPLAT(xv, 3);
    a30 = wasm_f32x4_add(a30, wasm_f32x4_mul(s, d0));
    a31 = wasm_f32x4_add(a31, wasm_f32x4_mul(s, d1));
    xp += xStep;
    dp += dStep;
  }
#define ADD_TO(p, v) wasm_v128_store((p), wasm_f32x4_add(wasm_v128_load(p), (v)))
  ADD_TO(a, a00);
  ADD_TO(a + 4, a01);
  ADD_TO(a + aStride, a10);
  ADD_TO(a + aStride + 4, a11);
  ADD_TO(a + 2 * aStride, a20);
  ADD_TO(a + 2 * aStride + 4, a21);
  ADD_TO(a + 3 * aStride, a30);
  ADD_TO(a + 3 * aStride + 4, a31);
}

static inline void tile_4x4(const f32 *xp, int xStep, const f32 *dp, int dStep, int n, f32 *a,
                            int aStride) {
  v128_t a0 = wasm_f32x4_splat(0), a1 = a0, a2 = a0, a3 = a0;
  for (int i = 0; i < n; i++) {
    v128_t xv = wasm_v128_load(xp);
    v128_t d0 = wasm_v128_load(dp);
    a0 = wasm_f32x4_add(a0, wasm_f32x4_mul(SPLAT(xv, 0), d0));
    a1 = wasm_f32x4_add(a1, wasm_f32x4_mul(SPLAT(xv, 1), d0));
    a2 = wasm_f32x4_add(a2, wasm_f32x4_mul(SPLAT(xv, 2), d0));
    a3 = wasm_f32x4_add(a3, wasm_f32x4_mul(SPLAT(xv, 3), d0));
    xp += xStep;
    dp += dStep;
  }
  ADD_TO(a, a0);
  ADD_TO(a + aStride, a1);
  ADD_TO(a + 2 * aStride, a2);
  ADD_TO(a + 3 * aStride, a3);
}

EXPORT(conv2d_backprop_filter)(const f32 *x, const f32 *dy, f32 *acc, f32 *dw, int B, int H,
                               int W, int Ci, int OH, int OW, int Co, int KH, int KW, int sh,
                               int sw, int pt, int pl) {
  const int ciP = (Ci + 3) & ~3;
  const int coP = (Co + 7) & ~7;
  const int tapSize = ciP * coP;
  for (int i = 0; i < KH * KW * tapSize; i++) acc[i] = 0;
  for (int b = 0; b < B; b++) {
    for (int oy = 0; oy < OH; oy++) {
      const f32 *dyRow = dy + (b * OH + oy) * OW * Co;
      for (int kh = 0; kh < KH; kh++) {
        const int iy = oy * sh + kh - pt;
        if (iy < 0 || iy >= H) continue;
        const f32 *xRow = x + (b * H + iy) * W * Ci;
        for (int kw = 0; kw < KW; kw++) {
          int ox0 = ceil_div(pl - kw, sw);
          if (ox0 < 0) ox0 = 0;
          int ox1 = (W - 1 + pl - kw) / sw + 1;
          if (W - 1 + pl - kw < 0) ox1 = 0;
          if (ox1 > OW) ox1 = OW;
          const int n = ox1 - ox0;
          if (n <= 0) continue;
          f32 *accTap = acc + (kh * KW + kw) * tapSize;
          const f32 *x0 = xRow + (ox0 * sw + kw - pl) * Ci;
          const f32 *d0 = dyRow + ox0 * Co;
          for (int ci = 0; ci < Ci; ci += 4) {
            for (int co = 0; co < Co; co += 8) {
              f32 *a = accTap + ci * coP + co;
              if (Co - co > 4) {
                tile_4x8(x0 + ci, sw * Ci, d0 + co, Co, n, a, coP);
              } else {
                tile_4x4(x0 + ci, sw * Ci, d0 + co, Co, n, a, coP);
              }
            }
          }
        }
      }
    }
  }
  for (int t = 0; t < KH * KW; t++) {
    for (int ci = 0; ci < Ci; ci++) {
      for (int co = 0; co < Co; co++) dw[(t * Ci + ci) * Co + co] = acc[t * tapSize + ci * coP + co];
    }
  }
}

/* ---------------------------------------------------------------------------------------
 * Per-channel passes over a [rows, C] array (channels innermost). SIMD runs over the flat
 * array in groups of P = lcm(C, 4) floats, where channel c sits at the positions p = c mod C,
 * so each per-channel constant becomes a pattern of P floats and each per-channel sum P
 * running sums. Float32 sums are flushed into float64 every FLUSH groups: a channel adds up to
 * 102,400 terms in Activity 4.03's first block.
 *
 * scratch: 32*C floats, 8-byte aligned.
 * ------------------------------------------------------------------------------------- */

#define FLUSH 64

static inline int period(int C) { return (C & 3) == 0 ? C : (C & 1) == 0 ? 2 * C : 4 * C; }

static void spread(const f32 *perChannel, int C, f32 *pattern, int P) {
  for (int p = 0; p < P; p++) pattern[p] = perChannel[p % C];
}

static void fold(const f64 *byPosition, int P, int C, f64 *byChannel) {
  for (int c = 0; c < C; c++) byChannel[c] = 0;
  for (int p = 0; p < P; p++) byChannel[p % C] += byPosition[p];
}

/* s1[c] = sum g, s2[c] = sum g * (x - k_c), where g is dy, or x - k_c itself when dy is 0: the
 * forward pass's moments about k (the first row) and the backward pass's sums about the mean. */
static void centred_sums(const f32 *dy, const f32 *x, int rows, int C, const f32 *k, f64 *s1,
                         f64 *s2, f64 *scratch) {
  const int P = period(C), nv = P / 4;
  f64 *t1 = scratch, *t2 = scratch + P;
  f32 *kp = (f32 *)(scratch + 2 * P), *a1 = kp + P, *a2 = a1 + P;
  spread(k, C, kp, P);
  for (int p = 0; p < P; p++) t1[p] = t2[p] = a1[p] = a2[p] = 0;
  const long total = (long)rows * C;
  const long groups = total / P;
  for (long g = 0; g < groups; g++) {
    const long o = g * P;
    for (int v = 0; v < nv; v++) {
      const int q = 4 * v;
      v128_t xc = wasm_f32x4_sub(wasm_v128_load(x + o + q), wasm_v128_load(kp + q));
      v128_t gv = dy ? wasm_v128_load(dy + o + q) : xc;
      wasm_v128_store(a1 + q, wasm_f32x4_add(wasm_v128_load(a1 + q), gv));
      wasm_v128_store(a2 + q, wasm_f32x4_add(wasm_v128_load(a2 + q), wasm_f32x4_mul(gv, xc)));
    }
    if ((g + 1) % FLUSH == 0 || g + 1 == groups) {
      for (int p = 0; p < P; p++) {
        t1[p] += a1[p];
        t2[p] += a2[p];
        a1[p] = a2[p] = 0;
      }
    }
  }
  for (long i = groups * P; i < total; i++) {
    const int p = (int)(i - groups * P);
    const f64 xc = (f64)x[i] - kp[p];
    const f64 gv = dy ? (f64)dy[i] : xc;
    t1[p] += gv;
    t2[p] += gv * xc;
  }
  fold(t1, P, C, s1);
  fold(t2, P, C, s2);
}

/* Forward moments: s1[c] = sum (x - k_c), s2[c] = sum (x - k_c)^2. */
EXPORT(bn_moment_sums)(const f32 *x, int rows, int C, const f32 *k, f64 *s1, f64 *s2,
                       f64 *scratch) {
  centred_sums(0, x, rows, C, k, s1, s2, scratch);
}

/* Backward sums: s1[c] = sum dy, s2[c] = sum dy * (x - m_c). */
EXPORT(bn_grad_sums)(const f32 *dy, const f32 *x, int rows, int C, const f32 *m, f64 *s1,
                     f64 *s2, f64 *scratch) {
  centred_sums(dy, x, rows, C, m, s1, s2, scratch);
}

/* out = dy * k_c + (x - m_c) * a_c + b_c, the dy term left out when dy is 0. Centred on the mean
 * as the sums are: with a mean 100x the spread, x * a - m * a in float32 would lose two digits. */
static void centred_affine(const f32 *dy, const f32 *x, int rows, int C, const f32 *m,
                           const f32 *k, const f32 *a, const f32 *b, f32 *out, f32 *scratch) {
  const int P = period(C), nv = P / 4;
  f32 *mp = scratch, *kp = scratch + P, *ap = scratch + 2 * P, *bp = scratch + 3 * P;
  spread(m, C, mp, P);
  if (dy) spread(k, C, kp, P);
  spread(a, C, ap, P);
  spread(b, C, bp, P);
  const long total = (long)rows * C;
  const long groups = total / P;
  for (long g = 0; g < groups; g++) {
    const long o = g * P;
    for (int v = 0; v < nv; v++) {
      const int q = 4 * v;
      v128_t xc = wasm_f32x4_sub(wasm_v128_load(x + o + q), wasm_v128_load(mp + q));
      v128_t r = wasm_f32x4_add(wasm_f32x4_mul(xc, wasm_v128_load(ap + q)), wasm_v128_load(bp + q));
      if (dy) r = wasm_f32x4_add(r, wasm_f32x4_mul(wasm_v128_load(dy + o + q), wasm_v128_load(kp + q)));
      wasm_v128_store(out + o + q, r);
    }
  }
  for (long i = groups * P; i < total; i++) {
    const int p = (int)(i - groups * P);
    const f32 r = (x[i] - mp[p]) * ap[p] + bp[p];
    out[i] = dy ? r + dy[i] * kp[p] : r;
  }
}

/* y = (x - m_c) * s_c + b_c: batch norm's output. */
EXPORT(bn_apply)(const f32 *x, int rows, int C, const f32 *m, const f32 *s, const f32 *b, f32 *y,
                 f32 *scratch) {
  centred_affine(0, x, rows, C, m, 0, s, b, y, scratch);
}

/* dx = dy * k_c + (x - m_c) * a_c + b_c: batch norm's input gradient. */
EXPORT(bn_grad_apply)(const f32 *dy, const f32 *x, int rows, int C, const f32 *m, const f32 *k,
                      const f32 *a, const f32 *b, f32 *dx, f32 *scratch) {
  centred_affine(dy, x, rows, C, m, k, a, b, dx, scratch);
}

/* ---------------------------------------------------------------------------------------
 * Max-pool gradient, 2x2 windows, stride 2, no padding, even H and W: the windows tile x, so
 * each dx element is written once, dy at the window's first maximum in row-major order
 * (strict >, starting from -infinity: a window of NaN or -infinity passes nothing), else 0.
 * ------------------------------------------------------------------------------------- */

EXPORT(max_pool_grad_2x2)(const f32 *x, const f32 *dy, f32 *dx, int B, int H, int W, int C) {
  const int row = W * C;
  const v128_t ninf = wasm_f32x4_splat(-__builtin_inff());
  const f32 *g = dy;
  for (int b = 0; b < B; b++) {
    for (int r = 0; r < H; r += 2) {
      const int rowBase = (b * H + r) * row;
      for (int col = 0; col < W; col += 2, g += C) {
        const int i00 = rowBase + col * C;
        int d = 0;
        for (; d + 4 <= C; d += 4) {
          const int a = i00 + d;
          v128_t v00 = wasm_v128_load(x + a), v01 = wasm_v128_load(x + a + C);
          v128_t v10 = wasm_v128_load(x + a + row), v11 = wasm_v128_load(x + a + row + C);
          v128_t m0 = wasm_f32x4_gt(v00, ninf);
          v128_t best = wasm_v128_bitselect(v00, ninf, m0);
          v128_t m1 = wasm_f32x4_gt(v01, best);
          best = wasm_v128_bitselect(v01, best, m1);
          v128_t m2 = wasm_f32x4_gt(v10, best);
          best = wasm_v128_bitselect(v10, best, m2);
          v128_t m3 = wasm_f32x4_gt(v11, best);
          v128_t later = m3;
          v128_t at2 = wasm_v128_andnot(m2, later);
          later = wasm_v128_or(later, m2);
          v128_t at1 = wasm_v128_andnot(m1, later);
          later = wasm_v128_or(later, m1);
          v128_t at0 = wasm_v128_andnot(m0, later);
          v128_t gv = wasm_v128_load(g + d);
          wasm_v128_store(dx + a, wasm_v128_and(gv, at0));
          wasm_v128_store(dx + a + C, wasm_v128_and(gv, at1));
          wasm_v128_store(dx + a + row, wasm_v128_and(gv, at2));
          wasm_v128_store(dx + a + row + C, wasm_v128_and(gv, m3));
        }
        for (; d < C; d++) {
          const int a = i00 + d;
          const f32 v00 = x[a], v01 = x[a + C], v10 = x[a + row], v11 = x[a + row + C];
          f32 best = -__builtin_inff();
          int at = -1;
          if (v00 > best) { best = v00; at = 0; }
          if (v01 > best) { best = v01; at = 1; }
          if (v10 > best) { best = v10; at = 2; }
          if (v11 > best) at = 3;
          const f32 grad = g[d];
          dx[a] = at == 0 ? grad : 0;
          dx[a + C] = at == 1 ? grad : 0;
          dx[a + row] = at == 2 ? grad : 0;
          dx[a + row + C] = at == 3 ? grad : 0;
        }
      }
    }
  }
}
