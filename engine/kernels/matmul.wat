;; Matrix-multiply kernels for Backstep, WebAssembly SIMD (128-bit).
;; Built into engine/kernels/matmul_wasm_bytes.ts by `npx tsx tools/build-wasm.ts`.
;; Addresses and strides are in bytes.
;;
;; GotoBLAS-style: both operands are first packed into panels, so that the inner loop reads memory
;; strictly in order whatever the operands' layout (no cache-set conflicts for strides of 2 or 4 KiB,
;; and transposes cost nothing extra):
;;   A (m×k) → panels of 4 rows:        Ap[i/4][p][i%4]
;;   B (k×n) → panels of 4 or 8 columns: Bp[j/w][p][j%w]
;; Panels are zero-padded to whole tiles. The gemm kernels then compute C = A·B tile by tile,
;; rows 0..mPad and columns 0..nPad, into a row-major C with row stride ldc; the caller copies the
;; m×n part out. Each tile keeps its accumulators in registers for the whole k loop: per step p it
;; loads one panel row of B (two vectors), broadcasts four elements of A and does 8 multiply-adds.
(module
  (memory (export "memory") 1)

  ;; float32: 4 rows × 8 columns per tile (8 × f32x4 accumulators).
  (func (export "sgemm")
    (param $ap i32) (param $bp i32) (param $c i32) (param $ldc i32)
    (param $mPad i32) (param $k i32) (param $nPad i32)
    (local $i i32) (local $j i32) (local $p i32) (local $a i32) (local $b i32) (local $cp i32)
    (local $b0 v128) (local $b1 v128) (local $x v128)
    (local $c00 v128) (local $c01 v128) (local $c10 v128) (local $c11 v128)
    (local $c20 v128) (local $c21 v128) (local $c30 v128) (local $c31 v128)
    (local.set $j (i32.const 0))
    (loop $columns
      (local.set $i (i32.const 0))
      (loop $rows
        (local.set $c00 (v128.const i64x2 0 0)) (local.set $c01 (v128.const i64x2 0 0))
        (local.set $c10 (v128.const i64x2 0 0)) (local.set $c11 (v128.const i64x2 0 0))
        (local.set $c20 (v128.const i64x2 0 0)) (local.set $c21 (v128.const i64x2 0 0))
        (local.set $c30 (v128.const i64x2 0 0)) (local.set $c31 (v128.const i64x2 0 0))
        ;; panel starts: A rows i..i+3 and B columns j..j+7, each k steps long
        (local.set $a (i32.add (local.get $ap) (i32.mul (i32.mul (local.get $i) (local.get $k)) (i32.const 4))))
        (local.set $b (i32.add (local.get $bp) (i32.mul (i32.mul (local.get $j) (local.get $k)) (i32.const 4))))
        (local.set $p (local.get $k))
        (loop $steps
          (local.set $b0 (v128.load offset=0 (local.get $b)))
          (local.set $b1 (v128.load offset=16 (local.get $b)))
          (local.set $x (v128.load32_splat offset=0 (local.get $a)))
          (local.set $c00 (f32x4.add (local.get $c00) (f32x4.mul (local.get $x) (local.get $b0))))
          (local.set $c01 (f32x4.add (local.get $c01) (f32x4.mul (local.get $x) (local.get $b1))))
          (local.set $x (v128.load32_splat offset=4 (local.get $a)))
          (local.set $c10 (f32x4.add (local.get $c10) (f32x4.mul (local.get $x) (local.get $b0))))
          (local.set $c11 (f32x4.add (local.get $c11) (f32x4.mul (local.get $x) (local.get $b1))))
          (local.set $x (v128.load32_splat offset=8 (local.get $a)))
          (local.set $c20 (f32x4.add (local.get $c20) (f32x4.mul (local.get $x) (local.get $b0))))
          (local.set $c21 (f32x4.add (local.get $c21) (f32x4.mul (local.get $x) (local.get $b1))))
          (local.set $x (v128.load32_splat offset=12 (local.get $a)))
          (local.set $c30 (f32x4.add (local.get $c30) (f32x4.mul (local.get $x) (local.get $b0))))
          (local.set $c31 (f32x4.add (local.get $c31) (f32x4.mul (local.get $x) (local.get $b1))))
          (local.set $a (i32.add (local.get $a) (i32.const 16)))
          (local.set $b (i32.add (local.get $b) (i32.const 32)))
          (br_if $steps (local.tee $p (i32.sub (local.get $p) (i32.const 1)))))
        (local.set $cp (i32.add (local.get $c)
          (i32.add (i32.mul (local.get $i) (local.get $ldc)) (i32.mul (local.get $j) (i32.const 4)))))
        (v128.store offset=0 (local.get $cp) (local.get $c00))
        (v128.store offset=16 (local.get $cp) (local.get $c01))
        (local.set $cp (i32.add (local.get $cp) (local.get $ldc)))
        (v128.store offset=0 (local.get $cp) (local.get $c10))
        (v128.store offset=16 (local.get $cp) (local.get $c11))
        (local.set $cp (i32.add (local.get $cp) (local.get $ldc)))
        (v128.store offset=0 (local.get $cp) (local.get $c20))
        (v128.store offset=16 (local.get $cp) (local.get $c21))
        (local.set $cp (i32.add (local.get $cp) (local.get $ldc)))
        (v128.store offset=0 (local.get $cp) (local.get $c30))
        (v128.store offset=16 (local.get $cp) (local.get $c31))
        (br_if $rows (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 4))) (local.get $mPad))))
      (br_if $columns (i32.lt_u (local.tee $j (i32.add (local.get $j) (i32.const 8))) (local.get $nPad)))))

  ;; float64: 4 rows × 4 columns per tile (8 × f64x2 accumulators).
  (func (export "dgemm")
    (param $ap i32) (param $bp i32) (param $c i32) (param $ldc i32)
    (param $mPad i32) (param $k i32) (param $nPad i32)
    (local $i i32) (local $j i32) (local $p i32) (local $a i32) (local $b i32) (local $cp i32)
    (local $b0 v128) (local $b1 v128) (local $x v128)
    (local $c00 v128) (local $c01 v128) (local $c10 v128) (local $c11 v128)
    (local $c20 v128) (local $c21 v128) (local $c30 v128) (local $c31 v128)
    (local.set $j (i32.const 0))
    (loop $columns
      (local.set $i (i32.const 0))
      (loop $rows
        (local.set $c00 (v128.const i64x2 0 0)) (local.set $c01 (v128.const i64x2 0 0))
        (local.set $c10 (v128.const i64x2 0 0)) (local.set $c11 (v128.const i64x2 0 0))
        (local.set $c20 (v128.const i64x2 0 0)) (local.set $c21 (v128.const i64x2 0 0))
        (local.set $c30 (v128.const i64x2 0 0)) (local.set $c31 (v128.const i64x2 0 0))
        ;; panel starts: A rows i..i+3 and B columns j..j+3, each k steps long
        (local.set $a (i32.add (local.get $ap) (i32.mul (i32.mul (local.get $i) (local.get $k)) (i32.const 8))))
        (local.set $b (i32.add (local.get $bp) (i32.mul (i32.mul (local.get $j) (local.get $k)) (i32.const 8))))
        (local.set $p (local.get $k))
        (loop $steps
          (local.set $b0 (v128.load offset=0 (local.get $b)))
          (local.set $b1 (v128.load offset=16 (local.get $b)))
          (local.set $x (v128.load64_splat offset=0 (local.get $a)))
          (local.set $c00 (f64x2.add (local.get $c00) (f64x2.mul (local.get $x) (local.get $b0))))
          (local.set $c01 (f64x2.add (local.get $c01) (f64x2.mul (local.get $x) (local.get $b1))))
          (local.set $x (v128.load64_splat offset=8 (local.get $a)))
          (local.set $c10 (f64x2.add (local.get $c10) (f64x2.mul (local.get $x) (local.get $b0))))
          (local.set $c11 (f64x2.add (local.get $c11) (f64x2.mul (local.get $x) (local.get $b1))))
          (local.set $x (v128.load64_splat offset=16 (local.get $a)))
          (local.set $c20 (f64x2.add (local.get $c20) (f64x2.mul (local.get $x) (local.get $b0))))
          (local.set $c21 (f64x2.add (local.get $c21) (f64x2.mul (local.get $x) (local.get $b1))))
          (local.set $x (v128.load64_splat offset=24 (local.get $a)))
          (local.set $c30 (f64x2.add (local.get $c30) (f64x2.mul (local.get $x) (local.get $b0))))
          (local.set $c31 (f64x2.add (local.get $c31) (f64x2.mul (local.get $x) (local.get $b1))))
          (local.set $a (i32.add (local.get $a) (i32.const 32)))
          (local.set $b (i32.add (local.get $b) (i32.const 32)))
          (br_if $steps (local.tee $p (i32.sub (local.get $p) (i32.const 1)))))
        (local.set $cp (i32.add (local.get $c)
          (i32.add (i32.mul (local.get $i) (local.get $ldc)) (i32.mul (local.get $j) (i32.const 8)))))
        (v128.store offset=0 (local.get $cp) (local.get $c00))
        (v128.store offset=16 (local.get $cp) (local.get $c01))
        (local.set $cp (i32.add (local.get $cp) (local.get $ldc)))
        (v128.store offset=0 (local.get $cp) (local.get $c10))
        (v128.store offset=16 (local.get $cp) (local.get $c11))
        (local.set $cp (i32.add (local.get $cp) (local.get $ldc)))
        (v128.store offset=0 (local.get $cp) (local.get $c20))
        (v128.store offset=16 (local.get $cp) (local.get $c21))
        (local.set $cp (i32.add (local.get $cp) (local.get $ldc)))
        (v128.store offset=0 (local.get $cp) (local.get $c30))
        (v128.store offset=16 (local.get $cp) (local.get $c31))
        (br_if $rows (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 4))) (local.get $mPad))))
      (br_if $columns (i32.lt_u (local.tee $j (i32.add (local.get $j) (i32.const 4))) (local.get $nPad)))))

  ;; Packing. X(x, y) is at src + x·sx + y·sy for x < nx, y < ny; pack32/pack64 write panels of w
  ;; consecutive x, dst[x/w][y][x%w], zero where x ≥ nx. For A: x = row i, y = p, w = 4; for B:
  ;; x = column j, y = p, w = 8 (float32) or 4 (float64). Full panels take a fast path when x or y
  ;; is contiguous in memory; edge panels and other strides go element by element.
  (func (export "pack32")
    (param $src i32) (param $sx i32) (param $sy i32) (param $nx i32) (param $ny i32) (param $w i32) (param $dst i32)
    (local $x0 i32) (local $base i32) (local $bytes i32)
    (local.set $bytes (i32.mul (local.get $w) (i32.const 4)))
    (local.set $x0 (i32.const 0))
    (loop $panels
      (local.set $base (i32.add (local.get $src) (i32.mul (local.get $x0) (local.get $sx))))
      (if (i32.gt_u (i32.add (local.get $x0) (local.get $w)) (local.get $nx))
        (then (call $panelf32 (local.get $src) (local.get $sx) (local.get $sy) (local.get $x0) (local.get $nx)
          (local.get $ny) (local.get $w) (local.get $dst)))
        (else (if (i32.eq (local.get $sx) (i32.const 4))
          (then (call $panelCopy (local.get $base) (local.get $sy) (local.get $ny) (local.get $bytes) (local.get $dst)))
          (else (if (i32.eq (local.get $sy) (i32.const 4))
          (then
            (call $panelT32 (local.get $base) (local.get $sx) (local.get $ny) (local.get $dst) (local.get $bytes))
            (if (i32.eq (local.get $w) (i32.const 8))
              (then (call $panelT32 (i32.add (local.get $base) (i32.shl (local.get $sx) (i32.const 2)))
                (local.get $sx) (local.get $ny) (i32.add (local.get $dst) (i32.const 16)) (local.get $bytes)))))
          (else (call $panelf32 (local.get $src) (local.get $sx) (local.get $sy) (local.get $x0) (local.get $nx)
            (local.get $ny) (local.get $w) (local.get $dst))))))))
      (local.set $dst (i32.add (local.get $dst) (i32.mul (local.get $bytes) (local.get $ny))))
      (br_if $panels (i32.lt_u (local.tee $x0 (i32.add (local.get $x0) (local.get $w))) (local.get $nx)))))

  (func (export "pack64")
    (param $src i32) (param $sx i32) (param $sy i32) (param $nx i32) (param $ny i32) (param $w i32) (param $dst i32)
    (local $x0 i32) (local $base i32) (local $bytes i32)
    (local.set $bytes (i32.mul (local.get $w) (i32.const 8)))
    (local.set $x0 (i32.const 0))
    (loop $panels
      (local.set $base (i32.add (local.get $src) (i32.mul (local.get $x0) (local.get $sx))))
      (if (i32.gt_u (i32.add (local.get $x0) (local.get $w)) (local.get $nx))
        (then (call $panelf64 (local.get $src) (local.get $sx) (local.get $sy) (local.get $x0) (local.get $nx)
          (local.get $ny) (local.get $w) (local.get $dst)))
        (else (if (i32.eq (local.get $sx) (i32.const 8))
          (then (call $panelCopy (local.get $base) (local.get $sy) (local.get $ny) (local.get $bytes) (local.get $dst)))
          (else (if (i32.eq (local.get $sy) (i32.const 8))
          (then (call $panelT64 (local.get $base) (local.get $sx) (local.get $ny) (local.get $dst)))
          (else (call $panelf64 (local.get $src) (local.get $sx) (local.get $sy) (local.get $x0) (local.get $nx)
            (local.get $ny) (local.get $w) (local.get $dst))))))))
      (local.set $dst (i32.add (local.get $dst) (i32.mul (local.get $bytes) (local.get $ny))))
      (br_if $panels (i32.lt_u (local.tee $x0 (i32.add (local.get $x0) (local.get $w))) (local.get $nx)))))

  ;; One panel, any strides, zero past nx (edge panels).
  (func $panelf32
    (param $src i32) (param $sx i32) (param $sy i32) (param $x0 i32) (param $nx i32) (param $ny i32) (param $w i32) (param $dst i32)
    (local $y i32) (local $x i32) (local $row i32)
    (local.set $y (i32.const 0))
    (loop $steps
      (local.set $row (i32.add (local.get $src) (i32.mul (local.get $y) (local.get $sy))))
      (local.set $x (i32.const 0))
      (loop $lanes
        (if (i32.lt_u (i32.add (local.get $x0) (local.get $x)) (local.get $nx))
          (then (f32.store (local.get $dst)
            (f32.load (i32.add (local.get $row) (i32.mul (i32.add (local.get $x0) (local.get $x)) (local.get $sx))))))
          (else (f32.store (local.get $dst) (f32.const 0))))
        (local.set $dst (i32.add (local.get $dst) (i32.const 4)))
        (br_if $lanes (i32.lt_u (local.tee $x (i32.add (local.get $x) (i32.const 1))) (local.get $w))))
      (br_if $steps (i32.lt_u (local.tee $y (i32.add (local.get $y) (i32.const 1))) (local.get $ny)))))

  ;; One panel, any strides, zero past nx (edge panels).
  (func $panelf64
    (param $src i32) (param $sx i32) (param $sy i32) (param $x0 i32) (param $nx i32) (param $ny i32) (param $w i32) (param $dst i32)
    (local $y i32) (local $x i32) (local $row i32)
    (local.set $y (i32.const 0))
    (loop $steps
      (local.set $row (i32.add (local.get $src) (i32.mul (local.get $y) (local.get $sy))))
      (local.set $x (i32.const 0))
      (loop $lanes
        (if (i32.lt_u (i32.add (local.get $x0) (local.get $x)) (local.get $nx))
          (then (f64.store (local.get $dst)
            (f64.load (i32.add (local.get $row) (i32.mul (i32.add (local.get $x0) (local.get $x)) (local.get $sx))))))
          (else (f64.store (local.get $dst) (f64.const 0))))
        (local.set $dst (i32.add (local.get $dst) (i32.const 8)))
        (br_if $lanes (i32.lt_u (local.tee $x (i32.add (local.get $x) (i32.const 1))) (local.get $w))))
      (br_if $steps (i32.lt_u (local.tee $y (i32.add (local.get $y) (i32.const 1))) (local.get $ny)))))

  ;; A full panel whose x is contiguous (sx = element size): each step copies one panel row,
  ;; `bytes` = 16 or 32, with vector loads and stores.
  (func $panelCopy (param $src i32) (param $sy i32) (param $ny i32) (param $bytes i32) (param $dst i32)
    (loop $steps
      (v128.store (local.get $dst) (v128.load (local.get $src)))
      (if (i32.eq (local.get $bytes) (i32.const 32))
        (then (v128.store offset=16 (local.get $dst) (v128.load offset=16 (local.get $src)))))
      (local.set $src (i32.add (local.get $src) (local.get $sy)))
      (local.set $dst (i32.add (local.get $dst) (local.get $bytes)))
      (br_if $steps (local.tee $ny (i32.sub (local.get $ny) (i32.const 1))))))

  ;; Four rows x..x+3 of a float32 X whose y is contiguous (sy = 4), e.g. A(i, p) = a[i·k + p]:
  ;; 4×4 blocks are loaded row by row, transposed in registers and stored step by step.
  ;; `ds` is the panel row size in bytes (16 for a 4-wide panel; 32 when filling half of an 8-wide one).
  (func $panelT32 (param $src i32) (param $sx i32) (param $ny i32) (param $dst i32) (param $ds i32)
    (local $r1 i32) (local $r2 i32) (local $r3 i32) (local $y i32)
    (local $a v128) (local $b v128) (local $c v128) (local $d v128)
    (local $t0 v128) (local $t1 v128) (local $t2 v128) (local $t3 v128)
    (local.set $r1 (i32.add (local.get $src) (local.get $sx)))
    (local.set $r2 (i32.add (local.get $r1) (local.get $sx)))
    (local.set $r3 (i32.add (local.get $r2) (local.get $sx)))
    (local.set $y (i32.const 0))
    (block $tail
      (loop $blocks
        (br_if $tail (i32.gt_u (i32.add (local.get $y) (i32.const 4)) (local.get $ny)))
        (local.set $a (v128.load (i32.add (local.get $src) (i32.shl (local.get $y) (i32.const 2)))))
        (local.set $b (v128.load (i32.add (local.get $r1) (i32.shl (local.get $y) (i32.const 2)))))
        (local.set $c (v128.load (i32.add (local.get $r2) (i32.shl (local.get $y) (i32.const 2)))))
        (local.set $d (v128.load (i32.add (local.get $r3) (i32.shl (local.get $y) (i32.const 2)))))
        ;; t0 = a0 b0 a1 b1, t1 = a2 b2 a3 b3, t2 = c0 d0 c1 d1, t3 = c2 d2 c3 d3
        (local.set $t0 (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $a) (local.get $b)))
        (local.set $t1 (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (local.get $a) (local.get $b)))
        (local.set $t2 (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $c) (local.get $d)))
        (local.set $t3 (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (local.get $c) (local.get $d)))
        ;; step y+s holds a_s b_s c_s d_s
        (v128.store (local.get $dst) (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $t0) (local.get $t2)))
        (local.set $dst (i32.add (local.get $dst) (local.get $ds)))
        (v128.store (local.get $dst) (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $t0) (local.get $t2)))
        (local.set $dst (i32.add (local.get $dst) (local.get $ds)))
        (v128.store (local.get $dst) (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $t1) (local.get $t3)))
        (local.set $dst (i32.add (local.get $dst) (local.get $ds)))
        (v128.store (local.get $dst) (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $t1) (local.get $t3)))
        (local.set $dst (i32.add (local.get $dst) (local.get $ds)))
        (local.set $y (i32.add (local.get $y) (i32.const 4)))
        (br $blocks)))
    ;; the last ny mod 4 steps, one element at a time
    (block $done
      (loop $rest
        (br_if $done (i32.ge_u (local.get $y) (local.get $ny)))
        (f32.store offset=0 (local.get $dst) (f32.load (i32.add (local.get $src) (i32.shl (local.get $y) (i32.const 2)))))
        (f32.store offset=4 (local.get $dst) (f32.load (i32.add (local.get $r1) (i32.shl (local.get $y) (i32.const 2)))))
        (f32.store offset=8 (local.get $dst) (f32.load (i32.add (local.get $r2) (i32.shl (local.get $y) (i32.const 2)))))
        (f32.store offset=12 (local.get $dst) (f32.load (i32.add (local.get $r3) (i32.shl (local.get $y) (i32.const 2)))))
        (local.set $dst (i32.add (local.get $dst) (local.get $ds)))
        (local.set $y (i32.add (local.get $y) (i32.const 1)))
        (br $rest))))

  ;; Four rows x..x+3 of a float64 X whose y is contiguous (sy = 8): 2×2 blocks transposed in
  ;; registers; each panel row is 32 bytes (rows 0–1 in its first half, rows 2–3 in its second).
  (func $panelT64 (param $src i32) (param $sx i32) (param $ny i32) (param $dst i32)
    (local $r1 i32) (local $r2 i32) (local $r3 i32) (local $y i32)
    (local $a v128) (local $b v128) (local $c v128) (local $d v128)
    (local.set $r1 (i32.add (local.get $src) (local.get $sx)))
    (local.set $r2 (i32.add (local.get $r1) (local.get $sx)))
    (local.set $r3 (i32.add (local.get $r2) (local.get $sx)))
    (local.set $y (i32.const 0))
    (block $tail
      (loop $blocks
        (br_if $tail (i32.gt_u (i32.add (local.get $y) (i32.const 2)) (local.get $ny)))
        (local.set $a (v128.load (i32.add (local.get $src) (i32.shl (local.get $y) (i32.const 3)))))
        (local.set $b (v128.load (i32.add (local.get $r1) (i32.shl (local.get $y) (i32.const 3)))))
        (local.set $c (v128.load (i32.add (local.get $r2) (i32.shl (local.get $y) (i32.const 3)))))
        (local.set $d (v128.load (i32.add (local.get $r3) (i32.shl (local.get $y) (i32.const 3)))))
        (v128.store offset=0 (local.get $dst) (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $a) (local.get $b)))
        (v128.store offset=16 (local.get $dst) (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $c) (local.get $d)))
        (v128.store offset=32 (local.get $dst) (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $a) (local.get $b)))
        (v128.store offset=48 (local.get $dst) (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $c) (local.get $d)))
        (local.set $dst (i32.add (local.get $dst) (i32.const 64)))
        (local.set $y (i32.add (local.get $y) (i32.const 2)))
        (br $blocks)))
    (if (i32.lt_u (local.get $y) (local.get $ny))
      (then
        (f64.store offset=0 (local.get $dst) (f64.load (i32.add (local.get $src) (i32.shl (local.get $y) (i32.const 3)))))
        (f64.store offset=8 (local.get $dst) (f64.load (i32.add (local.get $r1) (i32.shl (local.get $y) (i32.const 3)))))
        (f64.store offset=16 (local.get $dst) (f64.load (i32.add (local.get $r2) (i32.shl (local.get $y) (i32.const 3)))))
        (f64.store offset=24 (local.get $dst) (f64.load (i32.add (local.get $r3) (i32.shl (local.get $y) (i32.const 3))))))))
)
