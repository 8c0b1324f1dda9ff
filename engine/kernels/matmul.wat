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

  ;; Packs X (element (x, y) at src + x·sx + y·sy, x < nx, y < ny) into panels of w consecutive x:
  ;; dst[x/w][y][x%w], zero where x ≥ nx. For A: x = row i, y = p; for B: x = column j, y = p.
  ;; float32 elements:
  (func (export "pack32")
    (param $src i32) (param $sx i32) (param $sy i32) (param $nx i32) (param $ny i32) (param $w i32) (param $dst i32)
    (local $x0 i32) (local $y i32) (local $x i32) (local $row i32)
    (local.set $x0 (i32.const 0))
    (loop $panels
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
        (br_if $steps (i32.lt_u (local.tee $y (i32.add (local.get $y) (i32.const 1))) (local.get $ny))))
      (br_if $panels (i32.lt_u (local.tee $x0 (i32.add (local.get $x0) (local.get $w))) (local.get $nx)))))

  ;; float64 elements:
  (func (export "pack64")
    (param $src i32) (param $sx i32) (param $sy i32) (param $nx i32) (param $ny i32) (param $w i32) (param $dst i32)
    (local $x0 i32) (local $y i32) (local $x i32) (local $row i32)
    (local.set $x0 (i32.const 0))
    (loop $panels
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
        (br_if $steps (i32.lt_u (local.tee $y (i32.add (local.get $y) (i32.const 1))) (local.get $ny))))
      (br_if $panels (i32.lt_u (local.tee $x0 (i32.add (local.get $x0) (local.get $w))) (local.get $nx)))))
)
