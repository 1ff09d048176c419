;; seglens's WebAssembly SIMD kernels for TF.js's wasm backend. They work directly on the backend's heap (the memory
;; is imported from TF.js), so nothing is copied in or out. tools/build-simd-kernels.mjs turns MEMORY_IMPORT into a
;; plain or a shared memory import (TF.js's threaded build uses shared memory) and assembles both variants into
;; kernels-wasm.ts.
;;
;; filterGrad: Conv2DBackpropFilter for channels-last tensors,
;;
;;   dW[kh, kw, ci, co] = sum over (b, oy, ox) of x[b, oy*sH + kh - padT, ox*sW + kw - padL, ci] * dy[b, oy, ox, co]
;;
;; Why not XNNPACK: TF.js exposes only its forward convolution, which needs dy as a packed filter, and packing 8 MB
;; of dy on every call costs as much as the convolution itself. Here every output row of dy is combined with the
;; input rows under each filter tap while both are still in L1: per pixel, 4 input channels (broadcast) times 8
;; output channels (two f32x4) go into 8 accumulators held in registers; the accumulators are loaded from and
;; stored back to dW once per (row, tap, channel block), so dW (at most a few hundred KB) stays in cache.
;; Channels past the last block of 4 inputs or 8 outputs (a first layer with 1 input channel, a head with 2
;; classes) take slower one-channel loops. Rows [r0, r1) of the flattened
;; (batch, outH) axis are summed into dw, which is zeroed first: threads take fixed row chunks, each with its own
;; dw, and the caller adds them in chunk order (addInto).
(module
  MEMORY_IMPORT
  (func (export "filterGrad")
    (param $x i32) (param $dy i32) (param $dw i32) (param $r0 i32) (param $r1 i32)
    (param $outH i32) (param $outW i32) (param $outC i32)
    (param $inH i32) (param $inW i32) (param $inC i32)
    (param $fH i32) (param $fW i32) (param $sH i32) (param $sW i32) (param $padT i32) (param $padL i32)
    (local $r i32) (local $b i32) (local $oy i32) (local $kh i32) (local $kw i32) (local $iy i32) (local $t i32)
    (local $dyRow i32) (local $xRow i32) (local $ox0 i32) (local $ox1 i32) (local $ci i32) (local $co i32)
    (local $acc i32) (local $rowBytes i32) (local $xp i32) (local $dp i32) (local $n i32)
    (local $xStep i32) (local $dStep i32) (local $inC4 i32) (local $outC8 i32) (local $sf f32)
    (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128)
    (local $a4 v128) (local $a5 v128) (local $a6 v128) (local $a7 v128)
    (local $d0 v128) (local $d1 v128) (local $s v128)

    ;; dw = 0 (fH * fW * inC * outC floats)
    (memory.fill (local.get $dw) (i32.const 0)
      (i32.shl (i32.mul (i32.mul (local.get $fH) (local.get $fW)) (i32.mul (local.get $inC) (local.get $outC))) (i32.const 2)))
    (local.set $inC4 (i32.and (local.get $inC) (i32.const -4)))
    (local.set $outC8 (i32.and (local.get $outC) (i32.const -8)))
    (local.set $xStep (i32.shl (i32.mul (local.get $sW) (local.get $inC)) (i32.const 2)))
    (local.set $dStep (i32.shl (local.get $outC) (i32.const 2)))
    ;; bytes between input-channel rows of one tap's accumulators
    (local.set $rowBytes (i32.shl (local.get $outC) (i32.const 2)))

    (local.set $r (local.get $r0))
    (block $rowsDone (loop $rows
      (br_if $rowsDone (i32.ge_u (local.get $r) (local.get $r1)))
      (local.set $b (i32.div_u (local.get $r) (local.get $outH)))
      (local.set $oy (i32.sub (local.get $r) (i32.mul (local.get $b) (local.get $outH))))
      (local.set $dyRow (i32.add (local.get $dy)
        (i32.shl (i32.mul (i32.mul (local.get $r) (local.get $outW)) (local.get $outC)) (i32.const 2))))

      (local.set $kh (i32.const 0))
      (block $khDone (loop $khLoop
        (br_if $khDone (i32.ge_u (local.get $kh) (local.get $fH)))
        (local.set $iy (i32.sub (i32.add (i32.mul (local.get $oy) (local.get $sH)) (local.get $kh)) (local.get $padT)))
        ;; unsigned compare: a negative iy is a huge number, so one test covers both borders
        (if (i32.lt_u (local.get $iy) (local.get $inH)) (then
          (local.set $xRow (i32.add (local.get $x)
            (i32.shl (i32.mul (i32.mul (i32.add (i32.mul (local.get $b) (local.get $inH)) (local.get $iy)) (local.get $inW)) (local.get $inC))
              (i32.const 2))))
          (local.set $kw (i32.const 0))
          (block $kwDone (loop $kwLoop
            (br_if $kwDone (i32.ge_u (local.get $kw) (local.get $fW)))
            ;; the output columns whose input column ox*sW + kw - padL lies inside [0, inW)
            (local.set $t (i32.sub (local.get $padL) (local.get $kw)))
            (local.set $ox0 (select
              (i32.div_u (i32.sub (i32.add (local.get $t) (local.get $sW)) (i32.const 1)) (local.get $sW))
              (i32.const 0)
              (i32.gt_s (local.get $t) (i32.const 0))))
            (local.set $t (i32.add (i32.sub (local.get $inW) (i32.const 1)) (i32.sub (local.get $padL) (local.get $kw))))
            (local.set $ox1 (select
              (i32.add (i32.div_u (local.get $t) (local.get $sW)) (i32.const 1))
              (i32.const 0)
              (i32.ge_s (local.get $t) (i32.const 0))))
            (if (i32.gt_u (local.get $ox1) (local.get $outW)) (then (local.set $ox1 (local.get $outW))))
            (if (i32.lt_s (local.get $ox0) (local.get $ox1)) (then
              (local.set $ci (i32.const 0))
              (block $ciDone (loop $ciLoop
                (br_if $ciDone (i32.ge_u (local.get $ci) (local.get $inC4)))
                (local.set $co (i32.const 0))
                (block $coDone (loop $coLoop
                  (br_if $coDone (i32.ge_u (local.get $co) (local.get $outC8)))
                  (local.set $acc (i32.add (local.get $dw)
                    (i32.shl
                      (i32.add
                        (i32.mul
                          (i32.add (i32.mul (i32.add (i32.mul (local.get $kh) (local.get $fW)) (local.get $kw)) (local.get $inC)) (local.get $ci))
                          (local.get $outC))
                        (local.get $co))
                      (i32.const 2))))
                  (local.set $a0 (v128.load (local.get $acc)))
                  (local.set $a1 (v128.load offset=16 (local.get $acc)))
                  (local.set $a2 (v128.load (i32.add (local.get $acc) (local.get $rowBytes))))
                  (local.set $a3 (v128.load offset=16 (i32.add (local.get $acc) (local.get $rowBytes))))
                  (local.set $a4 (v128.load (i32.add (local.get $acc) (i32.shl (local.get $rowBytes) (i32.const 1)))))
                  (local.set $a5 (v128.load offset=16 (i32.add (local.get $acc) (i32.shl (local.get $rowBytes) (i32.const 1)))))
                  (local.set $a6 (v128.load (i32.add (local.get $acc) (i32.mul (local.get $rowBytes) (i32.const 3)))))
                  (local.set $a7 (v128.load offset=16 (i32.add (local.get $acc) (i32.mul (local.get $rowBytes) (i32.const 3)))))
                  (local.set $xp (i32.add (local.get $xRow)
                    (i32.shl
                      (i32.add
                        (i32.mul (i32.sub (i32.add (i32.mul (local.get $ox0) (local.get $sW)) (local.get $kw)) (local.get $padL)) (local.get $inC))
                        (local.get $ci))
                      (i32.const 2))))
                  (local.set $dp (i32.add (local.get $dyRow)
                    (i32.shl (i32.add (i32.mul (local.get $ox0) (local.get $outC)) (local.get $co)) (i32.const 2))))
                  (local.set $n (i32.sub (local.get $ox1) (local.get $ox0)))
                  (loop $px
                    (local.set $d0 (v128.load (local.get $dp)))
                    (local.set $d1 (v128.load offset=16 (local.get $dp)))
                    (local.set $s (v128.load32_splat (local.get $xp)))
                    (local.set $a0 (f32x4.add (local.get $a0) (f32x4.mul (local.get $s) (local.get $d0))))
                    (local.set $a1 (f32x4.add (local.get $a1) (f32x4.mul (local.get $s) (local.get $d1))))
                    (local.set $s (v128.load32_splat offset=4 (local.get $xp)))
                    (local.set $a2 (f32x4.add (local.get $a2) (f32x4.mul (local.get $s) (local.get $d0))))
                    (local.set $a3 (f32x4.add (local.get $a3) (f32x4.mul (local.get $s) (local.get $d1))))
                    (local.set $s (v128.load32_splat offset=8 (local.get $xp)))
                    (local.set $a4 (f32x4.add (local.get $a4) (f32x4.mul (local.get $s) (local.get $d0))))
                    (local.set $a5 (f32x4.add (local.get $a5) (f32x4.mul (local.get $s) (local.get $d1))))
                    (local.set $s (v128.load32_splat offset=12 (local.get $xp)))
                    (local.set $a6 (f32x4.add (local.get $a6) (f32x4.mul (local.get $s) (local.get $d0))))
                    (local.set $a7 (f32x4.add (local.get $a7) (f32x4.mul (local.get $s) (local.get $d1))))
                    (local.set $xp (i32.add (local.get $xp) (local.get $xStep)))
                    (local.set $dp (i32.add (local.get $dp) (local.get $dStep)))
                    (local.set $n (i32.sub (local.get $n) (i32.const 1)))
                    (br_if $px (local.get $n)))
                  (v128.store (local.get $acc) (local.get $a0))
                  (v128.store offset=16 (local.get $acc) (local.get $a1))
                  (v128.store (i32.add (local.get $acc) (local.get $rowBytes)) (local.get $a2))
                  (v128.store offset=16 (i32.add (local.get $acc) (local.get $rowBytes)) (local.get $a3))
                  (v128.store (i32.add (local.get $acc) (i32.shl (local.get $rowBytes) (i32.const 1))) (local.get $a4))
                  (v128.store offset=16 (i32.add (local.get $acc) (i32.shl (local.get $rowBytes) (i32.const 1))) (local.get $a5))
                  (v128.store (i32.add (local.get $acc) (i32.mul (local.get $rowBytes) (i32.const 3))) (local.get $a6))
                  (v128.store offset=16 (i32.add (local.get $acc) (i32.mul (local.get $rowBytes) (i32.const 3))) (local.get $a7))
                  (local.set $co (i32.add (local.get $co) (i32.const 8)))
                  (br $coLoop)))
                (local.set $ci (i32.add (local.get $ci) (i32.const 4)))
                (br $ciLoop)))
              ;; input channels past the last four (e.g. a first layer with 1 or 3): one at a time, 8 outputs wide
              (local.set $ci (local.get $inC4))
              (block $ctDone (loop $ct
                (br_if $ctDone (i32.ge_u (local.get $ci) (local.get $inC)))
                (local.set $co (i32.const 0))
                (block $ct8Done (loop $ct8
                  (br_if $ct8Done (i32.ge_u (local.get $co) (local.get $outC8)))
                  (local.set $acc (i32.add (local.get $dw)
                    (i32.shl
                      (i32.add
                        (i32.mul
                          (i32.add (i32.mul (i32.add (i32.mul (local.get $kh) (local.get $fW)) (local.get $kw)) (local.get $inC)) (local.get $ci))
                          (local.get $outC))
                        (local.get $co))
                      (i32.const 2))))
                  (local.set $a0 (v128.load (local.get $acc)))
                  (local.set $a1 (v128.load offset=16 (local.get $acc)))
                  (local.set $xp (i32.add (local.get $xRow)
                    (i32.shl
                      (i32.add
                        (i32.mul (i32.sub (i32.add (i32.mul (local.get $ox0) (local.get $sW)) (local.get $kw)) (local.get $padL)) (local.get $inC))
                        (local.get $ci))
                      (i32.const 2))))
                  (local.set $dp (i32.add (local.get $dyRow)
                    (i32.shl (i32.add (i32.mul (local.get $ox0) (local.get $outC)) (local.get $co)) (i32.const 2))))
                  (local.set $n (i32.sub (local.get $ox1) (local.get $ox0)))
                  (loop $pxT
                    (local.set $s (v128.load32_splat (local.get $xp)))
                    (local.set $a0 (f32x4.add (local.get $a0) (f32x4.mul (local.get $s) (v128.load (local.get $dp)))))
                    (local.set $a1 (f32x4.add (local.get $a1) (f32x4.mul (local.get $s) (v128.load offset=16 (local.get $dp)))))
                    (local.set $xp (i32.add (local.get $xp) (local.get $xStep)))
                    (local.set $dp (i32.add (local.get $dp) (local.get $dStep)))
                    (local.set $n (i32.sub (local.get $n) (i32.const 1)))
                    (br_if $pxT (local.get $n)))
                  (v128.store (local.get $acc) (local.get $a0))
                  (v128.store offset=16 (local.get $acc) (local.get $a1))
                  (local.set $co (i32.add (local.get $co) (i32.const 8)))
                  (br $ct8)))
                (local.set $ci (i32.add (local.get $ci) (i32.const 1)))
                (br $ct)))
              ;; output channels past the last eight (e.g. a head with 2 classes): scalar, every input channel
              (local.set $co (local.get $outC8))
              (block $cbDone (loop $cb
                (br_if $cbDone (i32.ge_u (local.get $co) (local.get $outC)))
                (local.set $ci (i32.const 0))
                (block $cbiDone (loop $cbi
                  (br_if $cbiDone (i32.ge_u (local.get $ci) (local.get $inC)))
                  (local.set $acc (i32.add (local.get $dw)
                    (i32.shl
                      (i32.add
                        (i32.mul
                          (i32.add (i32.mul (i32.add (i32.mul (local.get $kh) (local.get $fW)) (local.get $kw)) (local.get $inC)) (local.get $ci))
                          (local.get $outC))
                        (local.get $co))
                      (i32.const 2))))
                  (local.set $sf (f32.load (local.get $acc)))
                  (local.set $xp (i32.add (local.get $xRow)
                    (i32.shl
                      (i32.add
                        (i32.mul (i32.sub (i32.add (i32.mul (local.get $ox0) (local.get $sW)) (local.get $kw)) (local.get $padL)) (local.get $inC))
                        (local.get $ci))
                      (i32.const 2))))
                  (local.set $dp (i32.add (local.get $dyRow)
                    (i32.shl (i32.add (i32.mul (local.get $ox0) (local.get $outC)) (local.get $co)) (i32.const 2))))
                  (local.set $n (i32.sub (local.get $ox1) (local.get $ox0)))
                  (loop $pxS
                    (local.set $sf (f32.add (local.get $sf) (f32.mul (f32.load (local.get $xp)) (f32.load (local.get $dp)))))
                    (local.set $xp (i32.add (local.get $xp) (local.get $xStep)))
                    (local.set $dp (i32.add (local.get $dp) (local.get $dStep)))
                    (local.set $n (i32.sub (local.get $n) (i32.const 1)))
                    (br_if $pxS (local.get $n)))
                  (f32.store (local.get $acc) (local.get $sf))
                  (local.set $ci (i32.add (local.get $ci) (i32.const 1)))
                  (br $cbi)))
                (local.set $co (i32.add (local.get $co) (i32.const 1)))
                (br $cb)))))
            (local.set $kw (i32.add (local.get $kw) (i32.const 1)))
            (br $kwLoop)))))
        (local.set $kh (i32.add (local.get $kh) (i32.const 1)))
        (br $khLoop)))
      (local.set $r (i32.add (local.get $r) (i32.const 1)))
      (br $rows))))
  ;; dst[i] += src[i] for n floats: adds the chunks' partial dW in order (elementwise, so the order is fixed).
  (func (export "addInto") (param $dst i32) (param $src i32) (param $n i32)
    (local $end i32) (local $vecEnd i32)
    (local.set $end (i32.add (local.get $dst) (i32.shl (local.get $n) (i32.const 2))))
    (local.set $vecEnd (i32.add (local.get $dst) (i32.shl (i32.and (local.get $n) (i32.const -4)) (i32.const 2))))
    (block $vecDone (loop $vec
      (br_if $vecDone (i32.ge_u (local.get $dst) (local.get $vecEnd)))
      (v128.store (local.get $dst) (f32x4.add (v128.load (local.get $dst)) (v128.load (local.get $src))))
      (local.set $dst (i32.add (local.get $dst) (i32.const 16)))
      (local.set $src (i32.add (local.get $src) (i32.const 16)))
      (br $vec)))
    (block $tailDone (loop $tail
      (br_if $tailDone (i32.ge_u (local.get $dst) (local.get $end)))
      (f32.store (local.get $dst) (f32.add (f32.load (local.get $dst)) (f32.load (local.get $src))))
      (local.set $dst (i32.add (local.get $dst) (i32.const 4)))
      (local.set $src (i32.add (local.get $src) (i32.const 4)))
      (br $tail))))

  ;; MaxPoolGrad for non-overlapping windows (stride = window size), channels-last, C % 4 == 0: each window's
  ;; gradient goes to the first position holding its maximum (strict >, in row-major window order), as in TF.js's
  ;; cpu kernel; a window of NaN or -Infinity passes none. (TF.js 4.22's wasm kernel passes none out of any window
  ;; whose maximum is not above 0 and gives ties to the last maximum.)
  ;; Windows do not overlap, so every dx value is written once: dy where the window's maximum sits, 0 elsewhere
  ;; (dx is zeroed first for the rows and columns no window covers).
  (func (export "maxPoolGrad")
    (param $x i32) (param $dy i32) (param $dx i32) (param $batch i32) (param $inH i32) (param $inW i32) (param $c i32)
    (param $outH i32) (param $outW i32) (param $fH i32) (param $fW i32) (param $padT i32) (param $padL i32)
    (local $b i32) (local $oy i32) (local $ox i32) (local $ch i32) (local $kh i32) (local $kw i32)
    (local $iy i32) (local $ix i32) (local $at i32) (local $dyAt i32)
    (local $max v128) (local $idx v128) (local $v v128) (local $m v128) (local $d v128)
    (memory.fill (local.get $dx) (i32.const 0)
      (i32.shl (i32.mul (i32.mul (local.get $batch) (local.get $inH)) (i32.mul (local.get $inW) (local.get $c))) (i32.const 2)))
    (local.set $dyAt (local.get $dy))
    (local.set $b (i32.const 0))
    (block $bDone (loop $bLoop
      (br_if $bDone (i32.ge_u (local.get $b) (local.get $batch)))
      (local.set $oy (i32.const 0))
      (block $oyDone (loop $oyLoop
        (br_if $oyDone (i32.ge_u (local.get $oy) (local.get $outH)))
        (local.set $ox (i32.const 0))
        (block $oxDone (loop $oxLoop
          (br_if $oxDone (i32.ge_u (local.get $ox) (local.get $outW)))
          (local.set $ch (i32.const 0))
          (block $chDone (loop $chLoop
            (br_if $chDone (i32.ge_u (local.get $ch) (local.get $c)))
            ;; pass 1: the first maximum of the window, per lane
            (local.set $max (f32x4.splat (f32.const -inf)))
            (local.set $idx (i32x4.splat (i32.const -1)))
            (local.set $kh (i32.const 0))
            (block $h1Done (loop $h1
              (br_if $h1Done (i32.ge_u (local.get $kh) (local.get $fH)))
              (local.set $iy (i32.sub (i32.add (i32.mul (local.get $oy) (local.get $fH)) (local.get $kh)) (local.get $padT)))
              (if (i32.lt_u (local.get $iy) (local.get $inH)) (then
                (local.set $kw (i32.const 0))
                (block $w1Done (loop $w1
                  (br_if $w1Done (i32.ge_u (local.get $kw) (local.get $fW)))
                  (local.set $ix (i32.sub (i32.add (i32.mul (local.get $ox) (local.get $fW)) (local.get $kw)) (local.get $padL)))
                  (if (i32.lt_u (local.get $ix) (local.get $inW)) (then
                    (local.set $at (i32.shl (i32.add (i32.mul (i32.add (i32.mul (i32.add (i32.mul (local.get $b) (local.get $inH)) (local.get $iy)) (local.get $inW)) (local.get $ix)) (local.get $c)) (local.get $ch)) (i32.const 2)))
                    (local.set $v (v128.load (i32.add (local.get $x) (local.get $at))))
                    (local.set $m (f32x4.gt (local.get $v) (local.get $max)))
                    (local.set $max (v128.bitselect (local.get $v) (local.get $max) (local.get $m)))
                    (local.set $idx (v128.bitselect
                      (i32x4.splat (i32.add (i32.mul (local.get $kh) (local.get $fW)) (local.get $kw))) (local.get $idx) (local.get $m)))))
                  (local.set $kw (i32.add (local.get $kw) (i32.const 1)))
                  (br $w1)))))
              (local.set $kh (i32.add (local.get $kh) (i32.const 1)))
              (br $h1)))
            ;; pass 2: dy to that position, 0 to the others
            (local.set $d (v128.load (local.get $dyAt)))
            (local.set $kh (i32.const 0))
            (block $h2Done (loop $h2
              (br_if $h2Done (i32.ge_u (local.get $kh) (local.get $fH)))
              (local.set $iy (i32.sub (i32.add (i32.mul (local.get $oy) (local.get $fH)) (local.get $kh)) (local.get $padT)))
              (if (i32.lt_u (local.get $iy) (local.get $inH)) (then
                (local.set $kw (i32.const 0))
                (block $w2Done (loop $w2
                  (br_if $w2Done (i32.ge_u (local.get $kw) (local.get $fW)))
                  (local.set $ix (i32.sub (i32.add (i32.mul (local.get $ox) (local.get $fW)) (local.get $kw)) (local.get $padL)))
                  (if (i32.lt_u (local.get $ix) (local.get $inW)) (then
                    (local.set $at (i32.shl (i32.add (i32.mul (i32.add (i32.mul (i32.add (i32.mul (local.get $b) (local.get $inH)) (local.get $iy)) (local.get $inW)) (local.get $ix)) (local.get $c)) (local.get $ch)) (i32.const 2)))
                    (v128.store (i32.add (local.get $dx) (local.get $at))
                      (v128.and (local.get $d)
                        (i32x4.eq (local.get $idx) (i32x4.splat (i32.add (i32.mul (local.get $kh) (local.get $fW)) (local.get $kw))))))))
                  (local.set $kw (i32.add (local.get $kw) (i32.const 1)))
                  (br $w2)))))
              (local.set $kh (i32.add (local.get $kh) (i32.const 1)))
              (br $h2)))
            (local.set $dyAt (i32.add (local.get $dyAt) (i32.const 16)))
            (local.set $ch (i32.add (local.get $ch) (i32.const 4)))
            (br $chLoop)))
          (local.set $ox (i32.add (local.get $ox) (i32.const 1)))
          (br $oxLoop)))
        (local.set $oy (i32.add (local.get $oy) (i32.const 1)))
        (br $oyLoop)))
      (local.set $b (i32.add (local.get $b) (i32.const 1)))
      (br $bLoop))))

  ;; copyRuns: `runs` runs of `runBytes` bytes, the source advancing srcStride and the destination dstStride bytes
  ;; per run (Concat, Slice and SplitV of channels-last tensors copy one short run per pixel). Runs in whole f32x4
  ;; go through v128 loads and stores; others through memory.copy.
  (func (export "copyRuns")
    (param $src i32) (param $srcStride i32) (param $dst i32) (param $dstStride i32) (param $runs i32) (param $runBytes i32)
    (local $i i32)
    (if (i32.eqz (i32.and (local.get $runBytes) (i32.const 15)))
      (then
        (block $done (loop $run
          (br_if $done (i32.eqz (local.get $runs)))
          (local.set $i (i32.const 0))
          (block $vecDone (loop $vec
            (br_if $vecDone (i32.ge_u (local.get $i) (local.get $runBytes)))
            (v128.store (i32.add (local.get $dst) (local.get $i)) (v128.load (i32.add (local.get $src) (local.get $i))))
            (local.set $i (i32.add (local.get $i) (i32.const 16)))
            (br $vec)))
          (local.set $src (i32.add (local.get $src) (local.get $srcStride)))
          (local.set $dst (i32.add (local.get $dst) (local.get $dstStride)))
          (local.set $runs (i32.sub (local.get $runs) (i32.const 1)))
          (br $run))))
      (else
        (block $done2 (loop $run2
          (br_if $done2 (i32.eqz (local.get $runs)))
          (memory.copy (local.get $dst) (local.get $src) (local.get $runBytes))
          (local.set $src (i32.add (local.get $src) (local.get $srcStride)))
          (local.set $dst (i32.add (local.get $dst) (local.get $dstStride)))
          (local.set $runs (i32.sub (local.get $runs) (i32.const 1)))
          (br $run2))))))

  ;; sumRows: out[j] = sum over r of x[r * c + j] for c % 4 == 0 (Sum over every axis but the last, as for bias
  ;; gradients). Each column is summed from row 0 upwards in float32, the order of TF.js's own wasm Sum after its
  ;; transpose, so the bits are the same without the transpose.
  (func (export "sumRows") (param $x i32) (param $out i32) (param $rows i32) (param $c i32)
    (local $j i32) (local $rowBytes i32) (local $end i32)
    (local.set $rowBytes (i32.shl (local.get $c) (i32.const 2)))
    (memory.fill (local.get $out) (i32.const 0) (local.get $rowBytes))
    (local.set $end (i32.add (local.get $x) (i32.mul (local.get $rows) (local.get $rowBytes))))
    (block $done (loop $row
      (br_if $done (i32.ge_u (local.get $x) (local.get $end)))
      (local.set $j (i32.const 0))
      (block $colsDone (loop $cols
        (br_if $colsDone (i32.ge_u (local.get $j) (local.get $rowBytes)))
        (v128.store (i32.add (local.get $out) (local.get $j))
          (f32x4.add (v128.load (i32.add (local.get $out) (local.get $j))) (v128.load (i32.add (local.get $x) (local.get $j)))))
        (local.set $j (i32.add (local.get $j) (i32.const 16)))
        (br $cols)))
      (local.set $x (i32.add (local.get $x) (local.get $rowBytes)))
      (br $row))))
  ;; batchNorm: TF.js's FusedBatchNorm for a channels-last x with per-channel statistics (c values each),
  ;;
  ;;   out = offset + ((x - mean) * scale) / sqrt(variance + epsilon)
  ;;
  ;; in the precisions of TF.js's C++ kernel: (x - mean) * scale in float32; the divisor in double (the caller
  ;; computes it once per channel: `div`); the quotient and the sum in double, rounded to float32 once. So the bits
  ;; are TF.js's, without its per-element index arithmetic, and four channels at a time (two f64x2 halves).
  ;; `offset` and `div` are c doubles, `mean` and `scale` c floats; rows [r0, r1) of the (rows, c) view.
  (func (export "batchNorm")
    (param $x i32) (param $out i32) (param $r0 i32) (param $r1 i32) (param $c i32)
    (param $mean i32) (param $scale i32) (param $offset i32) (param $div i32)
    (local $p i32) (local $q i32) (local $end i32) (local $j i32) (local $c4 i32) (local $v v128)
    (local.set $c4 (i32.and (local.get $c) (i32.const -4)))
    (local.set $p (i32.add (local.get $x) (i32.shl (i32.mul (local.get $r0) (local.get $c)) (i32.const 2))))
    (local.set $q (i32.add (local.get $out) (i32.shl (i32.mul (local.get $r0) (local.get $c)) (i32.const 2))))
    (local.set $end (i32.add (local.get $x) (i32.shl (i32.mul (local.get $r1) (local.get $c)) (i32.const 2))))
    (block $done (loop $row
      (br_if $done (i32.ge_u (local.get $p) (local.get $end)))
      (local.set $j (i32.const 0))
      (block $vecDone (loop $vec
        (br_if $vecDone (i32.ge_u (local.get $j) (local.get $c4)))
        (local.set $v (f32x4.mul
          (f32x4.sub (v128.load (i32.add (local.get $p) (i32.shl (local.get $j) (i32.const 2))))
                     (v128.load (i32.add (local.get $mean) (i32.shl (local.get $j) (i32.const 2)))))
          (v128.load (i32.add (local.get $scale) (i32.shl (local.get $j) (i32.const 2))))))
        (v128.store (i32.add (local.get $q) (i32.shl (local.get $j) (i32.const 2)))
          (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23
            (f32x4.demote_f64x2_zero
              (f64x2.add (v128.load (i32.add (local.get $offset) (i32.shl (local.get $j) (i32.const 3))))
                (f64x2.div (f64x2.promote_low_f32x4 (local.get $v))
                           (v128.load (i32.add (local.get $div) (i32.shl (local.get $j) (i32.const 3)))))))
            (f32x4.demote_f64x2_zero
              (f64x2.add (v128.load offset=16 (i32.add (local.get $offset) (i32.shl (local.get $j) (i32.const 3))))
                (f64x2.div
                  (f64x2.promote_low_f32x4
                    (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $v) (local.get $v)))
                  (v128.load offset=16 (i32.add (local.get $div) (i32.shl (local.get $j) (i32.const 3)))))))))
        (local.set $j (i32.add (local.get $j) (i32.const 4)))
        (br $vec)))
      ;; channels past the last block of four, one at a time in the same precisions
      (block $tailDone (loop $tail
        (br_if $tailDone (i32.ge_u (local.get $j) (local.get $c)))
        (f32.store (i32.add (local.get $q) (i32.shl (local.get $j) (i32.const 2)))
          (f32.demote_f64
            (f64.add (f64.load (i32.add (local.get $offset) (i32.shl (local.get $j) (i32.const 3))))
              (f64.div
                (f64.promote_f32 (f32.mul
                  (f32.sub (f32.load (i32.add (local.get $p) (i32.shl (local.get $j) (i32.const 2))))
                           (f32.load (i32.add (local.get $mean) (i32.shl (local.get $j) (i32.const 2)))))
                  (f32.load (i32.add (local.get $scale) (i32.shl (local.get $j) (i32.const 2))))))
                (f64.load (i32.add (local.get $div) (i32.shl (local.get $j) (i32.const 3))))))))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br $tail)))
      (local.set $p (i32.add (local.get $p) (i32.shl (local.get $c) (i32.const 2))))
      (local.set $q (i32.add (local.get $q) (i32.shl (local.get $c) (i32.const 2))))
      (br $row))))

  ;; reluGrad: dx = dy * step(x), TF.js's ReLU gradient (Step, a Cast and a Multiply, three full-size kernels) in one
  ;; pass: step(x) is 1 where x > 0, NaN where x is NaN, else 0, and dy is multiplied by it as TF.js does (so a
  ;; negative dy times 0 stays -0). Elements [i0, i1); i0 a multiple of 4, the last partial block one at a time.
  (func (export "reluGrad") (param $x i32) (param $dy i32) (param $dx i32) (param $i0 i32) (param $i1 i32)
    (local $i i32) (local $end4 i32) (local $v v128) (local $s f32) (local $xv f32)
    (local.set $i (local.get $i0))
    (local.set $end4 (i32.add (local.get $i0) (i32.and (i32.sub (local.get $i1) (local.get $i0)) (i32.const -4))))
    (block $done (loop $vec
      (br_if $done (i32.ge_u (local.get $i) (local.get $end4)))
      (local.set $v (v128.load (i32.add (local.get $x) (i32.shl (local.get $i) (i32.const 2)))))
      (v128.store (i32.add (local.get $dx) (i32.shl (local.get $i) (i32.const 2)))
        (f32x4.mul (v128.load (i32.add (local.get $dy) (i32.shl (local.get $i) (i32.const 2))))
          ;; 1 where x > 0, else 0; then x itself (a NaN) where x is NaN
          (v128.bitselect (local.get $v)
            (v128.and (f32x4.gt (local.get $v) (v128.const f32x4 0 0 0 0)) (v128.const f32x4 1 1 1 1))
            (f32x4.ne (local.get $v) (local.get $v)))))
      (local.set $i (i32.add (local.get $i) (i32.const 4)))
      (br $vec)))
    (block $tailDone (loop $tail
      (br_if $tailDone (i32.ge_u (local.get $i) (local.get $i1)))
      (local.set $xv (f32.load (i32.add (local.get $x) (i32.shl (local.get $i) (i32.const 2)))))
      (local.set $s (select (f32.const 1) (f32.const 0) (f32.gt (local.get $xv) (f32.const 0))))
      (local.set $s (select (local.get $xv) (local.get $s) (f32.ne (local.get $xv) (local.get $xv))))
      (f32.store (i32.add (local.get $dx) (i32.shl (local.get $i) (i32.const 2)))
        (f32.mul (f32.load (i32.add (local.get $dy) (i32.shl (local.get $i) (i32.const 2)))) (local.get $s)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $tail))))

  ;; squareGrad: dx = dy * (x * 2), TF.js's gradient of Square (a Cast, a Multiply by 2 and a Multiply: three
  ;; full-size kernels; tf.moments squares every activation that batch norm normalises in training) in one pass.
  ;; x * 2 is exact, so the one rounding is TF.js's. Elements [i0, i1); i0 a multiple of 4.
  (func (export "squareGrad") (param $x i32) (param $dy i32) (param $dx i32) (param $i0 i32) (param $i1 i32)
    (local $i i32) (local $end4 i32)
    (local.set $i (local.get $i0))
    (local.set $end4 (i32.add (local.get $i0) (i32.and (i32.sub (local.get $i1) (local.get $i0)) (i32.const -4))))
    (block $done (loop $vec
      (br_if $done (i32.ge_u (local.get $i) (local.get $end4)))
      (v128.store (i32.add (local.get $dx) (i32.shl (local.get $i) (i32.const 2)))
        (f32x4.mul (v128.load (i32.add (local.get $dy) (i32.shl (local.get $i) (i32.const 2))))
          (f32x4.mul (v128.load (i32.add (local.get $x) (i32.shl (local.get $i) (i32.const 2)))) (v128.const f32x4 2 2 2 2))))
      (local.set $i (i32.add (local.get $i) (i32.const 4)))
      (br $vec)))
    (block $tailDone (loop $tail
      (br_if $tailDone (i32.ge_u (local.get $i) (local.get $i1)))
      (f32.store (i32.add (local.get $dx) (i32.shl (local.get $i) (i32.const 2)))
        (f32.mul (f32.load (i32.add (local.get $dy) (i32.shl (local.get $i) (i32.const 2))))
          (f32.mul (f32.load (i32.add (local.get $x) (i32.shl (local.get $i) (i32.const 2)))) (f32.const 2))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $tail))))

  ;; exp4: e^x of four floats, Cephes' expf in float32 (peak relative error about 1.7e-7, i.e. within 2 ulp of the
  ;; correctly rounded value). n = round(x·log2 e); r = x − n·ln2 in two parts (ln2_hi has 9 significant bits, so
  ;; n·ln2_hi is exact for |n| ≤ 150); e^r by a degree-7 polynomial, 1 + r + r²·P(r); then ·2^n as two powers of
  ;; two 2^n1·2^n2 (n1 = n >> 1), so that results down to the subnormals need no exponent outside [−126, 127].
  ;; x > 88.7228 gives +∞, x < −103.9721 gives 0, NaN stays NaN. Every lane is computed alone, so a value's bits do
  ;; not depend on its neighbours or on which thread computed it.
  (func $exp4 (param $x v128) (result v128)
    (local $n v128) (local $r v128) (local $p v128) (local $ni v128) (local $n1 v128) (local $y v128)
    (local.set $n (f32x4.nearest (f32x4.mul (local.get $x) (v128.const f32x4 1.44269504088896341 1.44269504088896341 1.44269504088896341 1.44269504088896341))))
    ;; clamp n so that the integer conversion and the powers of two stay in range (x itself decides over/underflow)
    (local.set $n (f32x4.min (f32x4.max (local.get $n) (v128.const f32x4 -150 -150 -150 -150)) (v128.const f32x4 128 128 128 128)))
    (local.set $r (f32x4.sub
      (f32x4.sub (local.get $x) (f32x4.mul (local.get $n) (v128.const f32x4 0.693359375 0.693359375 0.693359375 0.693359375)))
      (f32x4.mul (local.get $n) (v128.const f32x4 -2.12194440e-4 -2.12194440e-4 -2.12194440e-4 -2.12194440e-4))))
    (local.set $p (v128.const f32x4 1.9875691500e-4 1.9875691500e-4 1.9875691500e-4 1.9875691500e-4))
    (local.set $p (f32x4.add (f32x4.mul (local.get $p) (local.get $r)) (v128.const f32x4 1.3981999507e-3 1.3981999507e-3 1.3981999507e-3 1.3981999507e-3)))
    (local.set $p (f32x4.add (f32x4.mul (local.get $p) (local.get $r)) (v128.const f32x4 8.3334519073e-3 8.3334519073e-3 8.3334519073e-3 8.3334519073e-3)))
    (local.set $p (f32x4.add (f32x4.mul (local.get $p) (local.get $r)) (v128.const f32x4 4.1665795894e-2 4.1665795894e-2 4.1665795894e-2 4.1665795894e-2)))
    (local.set $p (f32x4.add (f32x4.mul (local.get $p) (local.get $r)) (v128.const f32x4 1.6666665459e-1 1.6666665459e-1 1.6666665459e-1 1.6666665459e-1)))
    (local.set $p (f32x4.add (f32x4.mul (local.get $p) (local.get $r)) (v128.const f32x4 5.0000001201e-1 5.0000001201e-1 5.0000001201e-1 5.0000001201e-1)))
    (local.set $y (f32x4.add
      (f32x4.add (f32x4.mul (local.get $p) (f32x4.mul (local.get $r) (local.get $r))) (local.get $r))
      (v128.const f32x4 1 1 1 1)))
    (local.set $ni (i32x4.trunc_sat_f32x4_s (local.get $n)))
    (local.set $n1 (i32x4.shr_s (local.get $ni) (i32.const 1)))
    (local.set $y (f32x4.mul
      (f32x4.mul (local.get $y)
        (i32x4.shl (i32x4.add (local.get $n1) (v128.const i32x4 127 127 127 127)) (i32.const 23)))
      (i32x4.shl (i32x4.add (i32x4.sub (local.get $ni) (local.get $n1)) (v128.const i32x4 127 127 127 127)) (i32.const 23))))
    ;; overflow to +∞ and underflow to 0 (NaN compares false both ways and keeps its NaN)
    (local.set $y (v128.bitselect (v128.const f32x4 inf inf inf inf) (local.get $y)
      (f32x4.gt (local.get $x) (v128.const f32x4 88.72283935546875 88.72283935546875 88.72283935546875 88.72283935546875))))
    (v128.bitselect (v128.const f32x4 0 0 0 0) (local.get $y)
      (f32x4.lt (local.get $x) (v128.const f32x4 -103.97208404541016 -103.97208404541016 -103.97208404541016 -103.97208404541016))))

  ;; expf: out[i] = e^x[i] for elements [i0, i1) (i0 a multiple of 4); the last partial block goes through the
  ;; same four-lane code (lanes loaded and stored one by one), so its bits are those of a full block.
  (func (export "expf") (param $x i32) (param $out i32) (param $i0 i32) (param $i1 i32)
    (local $i i32) (local $end4 i32) (local $v v128) (local $k i32)
    (local.set $i (local.get $i0))
    (local.set $end4 (i32.add (local.get $i0) (i32.and (i32.sub (local.get $i1) (local.get $i0)) (i32.const -4))))
    (block $done (loop $vec
      (br_if $done (i32.ge_u (local.get $i) (local.get $end4)))
      (v128.store (i32.add (local.get $out) (i32.shl (local.get $i) (i32.const 2)))
        (call $exp4 (v128.load (i32.add (local.get $x) (i32.shl (local.get $i) (i32.const 2))))))
      (local.set $i (i32.add (local.get $i) (i32.const 4)))
      (br $vec)))
    (if (i32.lt_u (local.get $i) (local.get $i1)) (then
      (local.set $v (v128.const f32x4 0 0 0 0))
      (local.set $k (local.get $i))
      (if (i32.lt_u (local.get $k) (local.get $i1)) (then
        (local.set $v (f32x4.replace_lane 0 (local.get $v) (f32.load (i32.add (local.get $x) (i32.shl (local.get $k) (i32.const 2))))))))
      (local.set $k (i32.add (local.get $i) (i32.const 1)))
      (if (i32.lt_u (local.get $k) (local.get $i1)) (then
        (local.set $v (f32x4.replace_lane 1 (local.get $v) (f32.load (i32.add (local.get $x) (i32.shl (local.get $k) (i32.const 2))))))))
      (local.set $k (i32.add (local.get $i) (i32.const 2)))
      (if (i32.lt_u (local.get $k) (local.get $i1)) (then
        (local.set $v (f32x4.replace_lane 2 (local.get $v) (f32.load (i32.add (local.get $x) (i32.shl (local.get $k) (i32.const 2))))))))
      (local.set $v (call $exp4 (local.get $v)))
      (f32.store (i32.add (local.get $out) (i32.shl (local.get $i) (i32.const 2))) (f32x4.extract_lane 0 (local.get $v)))
      (local.set $k (i32.add (local.get $i) (i32.const 1)))
      (if (i32.lt_u (local.get $k) (local.get $i1)) (then
        (f32.store (i32.add (local.get $out) (i32.shl (local.get $k) (i32.const 2))) (f32x4.extract_lane 1 (local.get $v)))))
      (local.set $k (i32.add (local.get $i) (i32.const 2)))
      (if (i32.lt_u (local.get $k) (local.get $i1)) (then
        (f32.store (i32.add (local.get $out) (i32.shl (local.get $k) (i32.const 2))) (f32x4.extract_lane 2 (local.get $v))))))))

  ;; outerProduct: out[batch, i, j] = a[batch, i] · b[batch, j] + 0 for i < m, j < n (a BatchMatMul whose inner size
  ;; is 1). + 0 as TF.js's GEMM, whose sums start from +0, so a −0 product comes out +0 and the bits are TF.js's.
  ;; aStride and bStride are the bytes from one batch to the next (0: broadcast).
  (func (export "outerProduct") (param $a i32) (param $b i32) (param $out i32) (param $batches i32) (param $m i32)
    (param $n i32) (param $aStride i32) (param $bStride i32)
    (local $batch i32) (local $i i32) (local $j i32) (local $n4 i32) (local $pa i32) (local $s f32) (local $sv v128)
    (local.set $n4 (i32.and (local.get $n) (i32.const -4)))
    (block $batchesDone (loop $batchLoop
      (br_if $batchesDone (i32.ge_u (local.get $batch) (local.get $batches)))
      (local.set $pa (local.get $a))
      (local.set $i (i32.const 0))
      (block $rowsDone (loop $row
        (br_if $rowsDone (i32.ge_u (local.get $i) (local.get $m)))
        (local.set $s (f32.load (local.get $pa)))
        (local.set $sv (f32x4.splat (local.get $s)))
        (local.set $j (i32.const 0))
        (block $vecDone (loop $vec
          (br_if $vecDone (i32.ge_u (local.get $j) (local.get $n4)))
          (v128.store (i32.add (local.get $out) (i32.shl (local.get $j) (i32.const 2)))
            (f32x4.add
              (f32x4.mul (local.get $sv) (v128.load (i32.add (local.get $b) (i32.shl (local.get $j) (i32.const 2)))))
              (v128.const f32x4 0 0 0 0)))
          (local.set $j (i32.add (local.get $j) (i32.const 4)))
          (br $vec)))
        (block $tailDone (loop $tail
          (br_if $tailDone (i32.ge_u (local.get $j) (local.get $n)))
          (f32.store (i32.add (local.get $out) (i32.shl (local.get $j) (i32.const 2)))
            (f32.add (f32.mul (local.get $s) (f32.load (i32.add (local.get $b) (i32.shl (local.get $j) (i32.const 2)))))
              (f32.const 0)))
          (local.set $j (i32.add (local.get $j) (i32.const 1)))
          (br $tail)))
        (local.set $out (i32.add (local.get $out) (i32.shl (local.get $n) (i32.const 2))))
        (local.set $pa (i32.add (local.get $pa) (i32.const 4)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $row)))
      (local.set $a (i32.add (local.get $a) (local.get $aStride)))
      (local.set $b (i32.add (local.get $b) (local.get $bStride)))
      (local.set $batch (i32.add (local.get $batch) (i32.const 1)))
      (br $batchLoop))))

  ;; maxRows: out[r] = the largest of x[r·c .. r·c + c) (Max over the last axis), a NaN if the row holds one, as
  ;; TF.js's kernel. A maximum does not round: the bits are TF.js's.
  (func (export "maxRows") (param $x i32) (param $out i32) (param $rows i32) (param $c i32)
    (local $r i32) (local $k i32) (local $best f32) (local $v f32)
    (block $rowsDone (loop $row
      (br_if $rowsDone (i32.ge_u (local.get $r) (local.get $rows)))
      (local.set $best (f32.load (local.get $x)))
      (local.set $k (i32.const 1))
      (block $done (loop $each
        (br_if $done (i32.ge_u (local.get $k) (local.get $c)))
        (local.set $v (f32.load (i32.add (local.get $x) (i32.shl (local.get $k) (i32.const 2)))))
        (local.set $best (select (local.get $v) (local.get $best)
          (i32.or (f32.gt (local.get $v) (local.get $best)) (f32.ne (local.get $v) (local.get $v)))))
        (local.set $k (i32.add (local.get $k) (i32.const 1)))
        (br $each)))
      (f32.store (i32.add (local.get $out) (i32.shl (local.get $r) (i32.const 2))) (local.get $best))
      (local.set $x (i32.add (local.get $x) (i32.shl (local.get $c) (i32.const 2))))
      (local.set $r (i32.add (local.get $r) (i32.const 1)))
      (br $row))))


  ;; binary: out = a + b, a - b or a * b ($op 0, 1, 2) for float32, one IEEE operation per element, so the bits are
  ;; those of TF.js's Add, Sub and Multiply. $mode 0: b has a's shape; 1: b is c values repeated along a's last axis
  ;; (c a multiple of 4; a bias, batch norm's mean or scale); 2: b is one value. Elements [i0, i1) of a: a multiple of
  ;; 4 apart in modes 0 and 2 (the last partial block one at a time), whole rows of c in mode 1.
  (func (export "binary") (param $op i32) (param $a i32) (param $b i32) (param $out i32) (param $i0 i32) (param $i1 i32)
    (param $c i32) (param $mode i32)
    (local $i i32) (local $j i32) (local $end4 i32) (local $x v128) (local $y v128) (local $s f32) (local $bRow i32)
    (local.set $i (local.get $i0))
    (if (i32.eq (local.get $mode) (i32.const 1)) (then
      (block $rowsDone (loop $rows
        (br_if $rowsDone (i32.ge_u (local.get $i) (local.get $i1)))
        (local.set $j (i32.const 0))
        (local.set $bRow (local.get $b))
        (block $colsDone (loop $cols
          (br_if $colsDone (i32.ge_u (local.get $j) (local.get $c)))
          (local.set $x (v128.load (i32.add (local.get $a) (i32.shl (i32.add (local.get $i) (local.get $j)) (i32.const 2)))))
          (local.set $y (v128.load (local.get $bRow)))
          (v128.store (i32.add (local.get $out) (i32.shl (i32.add (local.get $i) (local.get $j)) (i32.const 2)))
            (if (result v128) (i32.eqz (local.get $op)) (then (f32x4.add (local.get $x) (local.get $y)))
              (else (if (result v128) (i32.eq (local.get $op) (i32.const 1)) (then (f32x4.sub (local.get $x) (local.get $y)))
                (else (f32x4.mul (local.get $x) (local.get $y)))))))
          (local.set $bRow (i32.add (local.get $bRow) (i32.const 16)))
          (local.set $j (i32.add (local.get $j) (i32.const 4)))
          (br $cols)))
        (local.set $i (i32.add (local.get $i) (local.get $c)))
        (br $rows)))
      (return)))
    (local.set $end4 (i32.add (local.get $i0) (i32.and (i32.sub (local.get $i1) (local.get $i0)) (i32.const -4))))
    (if (i32.eq (local.get $mode) (i32.const 2)) (then
      (local.set $s (f32.load (local.get $b)))
      (local.set $y (f32x4.splat (local.get $s)))))
    (block $done (loop $vec
      (br_if $done (i32.ge_u (local.get $i) (local.get $end4)))
      (local.set $x (v128.load (i32.add (local.get $a) (i32.shl (local.get $i) (i32.const 2)))))
      (if (i32.eqz (local.get $mode)) (then
        (local.set $y (v128.load (i32.add (local.get $b) (i32.shl (local.get $i) (i32.const 2)))))))
      (v128.store (i32.add (local.get $out) (i32.shl (local.get $i) (i32.const 2)))
        (if (result v128) (i32.eqz (local.get $op)) (then (f32x4.add (local.get $x) (local.get $y)))
          (else (if (result v128) (i32.eq (local.get $op) (i32.const 1)) (then (f32x4.sub (local.get $x) (local.get $y)))
            (else (f32x4.mul (local.get $x) (local.get $y)))))))
      (local.set $i (i32.add (local.get $i) (i32.const 4)))
      (br $vec)))
    (block $tailDone (loop $tail
      (br_if $tailDone (i32.ge_u (local.get $i) (local.get $i1)))
      (if (i32.eqz (local.get $mode)) (then
        (local.set $s (f32.load (i32.add (local.get $b) (i32.shl (local.get $i) (i32.const 2)))))))
      (f32.store (i32.add (local.get $out) (i32.shl (local.get $i) (i32.const 2)))
        (if (result f32) (i32.eqz (local.get $op))
          (then (f32.add (f32.load (i32.add (local.get $a) (i32.shl (local.get $i) (i32.const 2)))) (local.get $s)))
          (else (if (result f32) (i32.eq (local.get $op) (i32.const 1))
            (then (f32.sub (f32.load (i32.add (local.get $a) (i32.shl (local.get $i) (i32.const 2)))) (local.get $s)))
            (else (f32.mul (f32.load (i32.add (local.get $a) (i32.shl (local.get $i) (i32.const 2)))) (local.get $s)))))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $tail))))


  ;; adam: one Adam update (train/adam.ts) of a weight tensor in one pass, where TF.js runs 13 kernels: per element
  ;;   m' = m·β1 + g·(1 − β1),  v' = v·β2 + (g·g)·(1 − β2),  w' = w + step · (m' / (sqrt(v') / corr + ε))
  ;; each operation rounded to float32 in that order, as the kernels do it, so the bits are theirs. The six scalars
  ;; come as the bits of float32 values (the pool passes integers). Elements [i0, i1); i0 a multiple of 4.
  (func (export "adam") (param $w i32) (param $g i32) (param $m i32) (param $v i32)
    (param $wOut i32) (param $mOut i32) (param $vOut i32) (param $i0 i32) (param $i1 i32)
    (param $b1Bits i32) (param $c1Bits i32) (param $b2Bits i32) (param $c2Bits i32) (param $stepBits i32)
    (param $corrBits i32) (param $epsBits i32)
    (local $i i32) (local $end4 i32) (local $at i32)
    (local $b1 v128) (local $c1 v128) (local $b2 v128) (local $c2 v128) (local $step v128) (local $corr v128) (local $eps v128)
    (local $gv v128) (local $mv v128) (local $vv v128)
    (local $gs f32) (local $ms f32) (local $vs f32)
    (local.set $b1 (f32x4.splat (f32.reinterpret_i32 (local.get $b1Bits))))
    (local.set $c1 (f32x4.splat (f32.reinterpret_i32 (local.get $c1Bits))))
    (local.set $b2 (f32x4.splat (f32.reinterpret_i32 (local.get $b2Bits))))
    (local.set $c2 (f32x4.splat (f32.reinterpret_i32 (local.get $c2Bits))))
    (local.set $step (f32x4.splat (f32.reinterpret_i32 (local.get $stepBits))))
    (local.set $corr (f32x4.splat (f32.reinterpret_i32 (local.get $corrBits))))
    (local.set $eps (f32x4.splat (f32.reinterpret_i32 (local.get $epsBits))))
    (local.set $i (local.get $i0))
    (local.set $end4 (i32.add (local.get $i0) (i32.and (i32.sub (local.get $i1) (local.get $i0)) (i32.const -4))))
    (block $done (loop $vec
      (br_if $done (i32.ge_u (local.get $i) (local.get $end4)))
      (local.set $at (i32.shl (local.get $i) (i32.const 2)))
      (local.set $gv (v128.load (i32.add (local.get $g) (local.get $at))))
      (local.set $mv (f32x4.add (f32x4.mul (v128.load (i32.add (local.get $m) (local.get $at))) (local.get $b1))
        (f32x4.mul (local.get $gv) (local.get $c1))))
      (local.set $vv (f32x4.add (f32x4.mul (v128.load (i32.add (local.get $v) (local.get $at))) (local.get $b2))
        (f32x4.mul (f32x4.mul (local.get $gv) (local.get $gv)) (local.get $c2))))
      (v128.store (i32.add (local.get $mOut) (local.get $at)) (local.get $mv))
      (v128.store (i32.add (local.get $vOut) (local.get $at)) (local.get $vv))
      (v128.store (i32.add (local.get $wOut) (local.get $at))
        (f32x4.add (v128.load (i32.add (local.get $w) (local.get $at)))
          (f32x4.mul (local.get $step)
            (f32x4.div (local.get $mv)
              (f32x4.add (f32x4.div (f32x4.sqrt (local.get $vv)) (local.get $corr)) (local.get $eps))))))
      (local.set $i (i32.add (local.get $i) (i32.const 4)))
      (br $vec)))
    (block $tailDone (loop $tail
      (br_if $tailDone (i32.ge_u (local.get $i) (local.get $i1)))
      (local.set $at (i32.shl (local.get $i) (i32.const 2)))
      (local.set $gs (f32.load (i32.add (local.get $g) (local.get $at))))
      (local.set $ms (f32.add (f32.mul (f32.load (i32.add (local.get $m) (local.get $at))) (f32.reinterpret_i32 (local.get $b1Bits)))
        (f32.mul (local.get $gs) (f32.reinterpret_i32 (local.get $c1Bits)))))
      (local.set $vs (f32.add (f32.mul (f32.load (i32.add (local.get $v) (local.get $at))) (f32.reinterpret_i32 (local.get $b2Bits)))
        (f32.mul (f32.mul (local.get $gs) (local.get $gs)) (f32.reinterpret_i32 (local.get $c2Bits)))))
      (f32.store (i32.add (local.get $mOut) (local.get $at)) (local.get $ms))
      (f32.store (i32.add (local.get $vOut) (local.get $at)) (local.get $vs))
      (f32.store (i32.add (local.get $wOut) (local.get $at))
        (f32.add (f32.load (i32.add (local.get $w) (local.get $at)))
          (f32.mul (f32.reinterpret_i32 (local.get $stepBits))
            (f32.div (local.get $ms)
              (f32.add (f32.div (f32.sqrt (local.get $vs)) (f32.reinterpret_i32 (local.get $corrBits)))
                (f32.reinterpret_i32 (local.get $epsBits)))))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $tail))))

  ;; conv2d: the forward convolution (Conv2D, and FusedConv2D with a bias and ReLU) for channels-last tensors,
  ;;
  ;;   out[b, oy, ox, co] = bias[co] + sum over (kh, kw, ci) of x[b, oy*sH + kh - padT, ox*sW + kw - padL, ci] * w[kh, kw, ci, co]
  ;;
  ;; added in exactly XNNPACK's order: the bias (or 0) first, then the taps kh-major, kw, then ci, one rounded
  ;; multiply and one rounded add each (WebAssembly SIMD has no fused multiply-add), and a tap outside the input adds
  ;; 0 * w as XNNPACK's zero buffer does. So every output has XNNPACK's bits, and every model its predictions
  ;; (test/kernels/conv2d-simd.test.ts; test/pretrained/shipped-labels.test.ts). It takes 0.75-0.86x XNNPACK's time
  ;; here (models README): a tile of 4 output pixels by 8 output channels keeps 8 accumulators in registers with one
  ;; broadcast load (v128.load32_splat) per input value and no packed copy of w, and for stride 1 and a tile whose
  ;; taps all lie inside the row, the taps (kw, ci) of one filter row are contiguous in x and in w and run as one loop of
  ;; fW * inC steps (the per-tap bookkeeping was most of the time of a first layer with 1 input channel).
  ;; $zeros holds fW * inC zero floats; $bias 0 means no bias; $relu 1 clamps as XNNPACK's ReLU, pmax(0, v). outC must be a multiple of 8 and inC at least 1. Rows [r0, r1) of the
  ;; flattened (batch, outH) axis: threads take whole rows, so the thread count changes no bit.
  (func (export "conv2d")
    (param $x i32) (param $w i32) (param $bias i32) (param $out i32) (param $zeros i32) (param $r0 i32) (param $r1 i32)
    (param $outH i32) (param $outW i32) (param $outC i32) (param $inH i32) (param $inW i32) (param $inC i32)
    (param $fH i32) (param $fW i32) (param $sH i32) (param $sW i32) (param $padT i32) (param $padL i32) (param $relu i32)
    (local $r i32) (local $b i32) (local $oy i32) (local $co i32) (local $ox0 i32) (local $ky i32) (local $kx i32)
    (local $iy i32) (local $ix i32) (local $rowOk i32) (local $xRow i32) (local $wTap i32) (local $wp i32) (local $c i32)
    (local $pixBytes i32) (local $kxN i32) (local $n i32) (local $wStep i32) (local $outRow i32) (local $op i32)
    (local $b0 v128) (local $b1 v128) (local $w0 v128) (local $w1 v128) (local $s v128) (local $zero v128)
    (local $p0 i32) (local $a00 v128) (local $a01 v128)
    (local $p1 i32) (local $a10 v128) (local $a11 v128)
    (local $p2 i32) (local $a20 v128) (local $a21 v128)
    (local $p3 i32) (local $a30 v128) (local $a31 v128)
    (local.set $pixBytes (i32.shl (local.get $inC) (i32.const 2)))
    (local.set $wStep (i32.shl (local.get $outC) (i32.const 2)))
    (local.set $r (local.get $r0))
    (block $rowsDone (loop $rows
      (br_if $rowsDone (i32.ge_u (local.get $r) (local.get $r1)))
      (local.set $b (i32.div_u (local.get $r) (local.get $outH)))
      (local.set $oy (i32.sub (local.get $r) (i32.mul (local.get $b) (local.get $outH))))
      (local.set $outRow (i32.add (local.get $out) (i32.shl (i32.mul (i32.mul (local.get $r) (local.get $outW)) (local.get $outC)) (i32.const 2))))
      (local.set $co (i32.const 0))
      (block $coDone (loop $coLoop
        (br_if $coDone (i32.ge_u (local.get $co) (local.get $outC)))
        (if (local.get $bias) (then
            (local.set $b0 (v128.load (i32.add (local.get $bias) (i32.shl (local.get $co) (i32.const 2)))))
            (local.set $b1 (v128.load offset=16 (i32.add (local.get $bias) (i32.shl (local.get $co) (i32.const 2))))))
          (else
            (local.set $b0 (local.get $zero))
            (local.set $b1 (local.get $zero))))
        (local.set $ox0 (i32.const 0))
        (block $pxDone (loop $pxLoop
          (br_if $pxDone (i32.ge_u (local.get $ox0) (local.get $outW)))
          (local.set $a00 (local.get $b0)) (local.set $a01 (local.get $b1))
          (local.set $a10 (local.get $b0)) (local.set $a11 (local.get $b1))
          (local.set $a20 (local.get $b0)) (local.set $a21 (local.get $b1))
          (local.set $a30 (local.get $b0)) (local.set $a31 (local.get $b1))
          (local.set $wTap (i32.add (local.get $w) (i32.shl (local.get $co) (i32.const 2))))
          ;; stride 1 and every tap of the tile's pixels inside the row: taps (kx, c) of one filter row are contiguous
          ;; in x and in w, so they run as one loop of fW * inC in the same order
          (if (i32.and (i32.eq (local.get $sW) (i32.const 1))
                (i32.and (i32.ge_s (i32.sub (local.get $ox0) (local.get $padL)) (i32.const 0))
                  (i32.le_s (i32.sub (i32.add (local.get $ox0) (i32.const 3)) (local.get $padL)) (i32.sub (local.get $inW) (local.get $fW)))))
            (then (local.set $kxN (i32.const 1)) (local.set $n (i32.mul (local.get $fW) (local.get $inC))))
            (else (local.set $kxN (local.get $fW)) (local.set $n (local.get $inC))))
          (local.set $ky (i32.const 0))
          (block $kyDone (loop $kyLoop
            (br_if $kyDone (i32.ge_u (local.get $ky) (local.get $fH)))
            (local.set $iy (i32.sub (i32.add (i32.mul (local.get $oy) (local.get $sH)) (local.get $ky)) (local.get $padT)))
            (local.set $rowOk (i32.lt_u (local.get $iy) (local.get $inH)))
            (local.set $xRow (i32.add (local.get $x)
              (i32.mul (i32.mul (i32.add (i32.mul (local.get $b) (local.get $inH)) (local.get $iy)) (local.get $inW)) (local.get $pixBytes))))
            (local.set $kx (i32.const 0))
            (block $kxDone (loop $kxLoop
              (br_if $kxDone (i32.ge_u (local.get $kx) (local.get $kxN)))
              (local.set $ix (i32.sub (i32.add (i32.mul (i32.add (local.get $ox0) (i32.const 0)) (local.get $sW)) (local.get $kx)) (local.get $padL)))
              (local.set $p0 (select (i32.add (local.get $xRow) (i32.mul (local.get $ix) (local.get $pixBytes))) (local.get $zeros)
                (i32.and (local.get $rowOk) (i32.lt_u (local.get $ix) (local.get $inW)))))
              (local.set $ix (i32.sub (i32.add (i32.mul (i32.add (local.get $ox0) (i32.const 1)) (local.get $sW)) (local.get $kx)) (local.get $padL)))
              (local.set $p1 (select (i32.add (local.get $xRow) (i32.mul (local.get $ix) (local.get $pixBytes))) (local.get $zeros)
                (i32.and (local.get $rowOk) (i32.lt_u (local.get $ix) (local.get $inW)))))
              (local.set $ix (i32.sub (i32.add (i32.mul (i32.add (local.get $ox0) (i32.const 2)) (local.get $sW)) (local.get $kx)) (local.get $padL)))
              (local.set $p2 (select (i32.add (local.get $xRow) (i32.mul (local.get $ix) (local.get $pixBytes))) (local.get $zeros)
                (i32.and (local.get $rowOk) (i32.lt_u (local.get $ix) (local.get $inW)))))
              (local.set $ix (i32.sub (i32.add (i32.mul (i32.add (local.get $ox0) (i32.const 3)) (local.get $sW)) (local.get $kx)) (local.get $padL)))
              (local.set $p3 (select (i32.add (local.get $xRow) (i32.mul (local.get $ix) (local.get $pixBytes))) (local.get $zeros)
                (i32.and (local.get $rowOk) (i32.lt_u (local.get $ix) (local.get $inW)))))
              (local.set $wp (local.get $wTap))
              (local.set $c (local.get $n))
              (loop $cLoop
                (local.set $w0 (v128.load (local.get $wp)))
                (local.set $w1 (v128.load offset=16 (local.get $wp)))
                (local.set $s (v128.load32_splat (local.get $p0)))
                (local.set $a00 (f32x4.add (local.get $a00) (f32x4.mul (local.get $s) (local.get $w0))))
                (local.set $a01 (f32x4.add (local.get $a01) (f32x4.mul (local.get $s) (local.get $w1))))
                (local.set $s (v128.load32_splat (local.get $p1)))
                (local.set $a10 (f32x4.add (local.get $a10) (f32x4.mul (local.get $s) (local.get $w0))))
                (local.set $a11 (f32x4.add (local.get $a11) (f32x4.mul (local.get $s) (local.get $w1))))
                (local.set $s (v128.load32_splat (local.get $p2)))
                (local.set $a20 (f32x4.add (local.get $a20) (f32x4.mul (local.get $s) (local.get $w0))))
                (local.set $a21 (f32x4.add (local.get $a21) (f32x4.mul (local.get $s) (local.get $w1))))
                (local.set $s (v128.load32_splat (local.get $p3)))
                (local.set $a30 (f32x4.add (local.get $a30) (f32x4.mul (local.get $s) (local.get $w0))))
                (local.set $a31 (f32x4.add (local.get $a31) (f32x4.mul (local.get $s) (local.get $w1))))
                (local.set $wp (i32.add (local.get $wp) (local.get $wStep)))
                (local.set $p0 (i32.add (local.get $p0) (i32.const 4)))
                (local.set $p1 (i32.add (local.get $p1) (i32.const 4)))
                (local.set $p2 (i32.add (local.get $p2) (i32.const 4)))
                (local.set $p3 (i32.add (local.get $p3) (i32.const 4)))
                (local.set $c (i32.sub (local.get $c) (i32.const 1)))
                (br_if $cLoop (local.get $c)))
              (local.set $wTap (i32.add (local.get $wTap) (i32.mul (i32.shl (local.get $n) (i32.const 2)) (local.get $outC))))
              (local.set $kx (i32.add (local.get $kx) (i32.const 1)))
              (br $kxLoop)))
            (local.set $ky (i32.add (local.get $ky) (i32.const 1)))
            (br $kyLoop)))
          (local.set $op (i32.add (local.get $outRow) (i32.shl (i32.add (i32.mul (local.get $ox0) (local.get $outC)) (local.get $co)) (i32.const 2))))
          (if (i32.lt_u (i32.add (local.get $ox0) (i32.const 0)) (local.get $outW)) (then
            (v128.store (local.get $op) (select (f32x4.pmax (local.get $zero) (local.get $a00)) (local.get $a00) (local.get $relu)))
            (v128.store offset=16 (local.get $op) (select (f32x4.pmax (local.get $zero) (local.get $a01)) (local.get $a01) (local.get $relu)))))
          (local.set $op (i32.add (local.get $op) (local.get $wStep)))
          (if (i32.lt_u (i32.add (local.get $ox0) (i32.const 1)) (local.get $outW)) (then
            (v128.store (local.get $op) (select (f32x4.pmax (local.get $zero) (local.get $a10)) (local.get $a10) (local.get $relu)))
            (v128.store offset=16 (local.get $op) (select (f32x4.pmax (local.get $zero) (local.get $a11)) (local.get $a11) (local.get $relu)))))
          (local.set $op (i32.add (local.get $op) (local.get $wStep)))
          (if (i32.lt_u (i32.add (local.get $ox0) (i32.const 2)) (local.get $outW)) (then
            (v128.store (local.get $op) (select (f32x4.pmax (local.get $zero) (local.get $a20)) (local.get $a20) (local.get $relu)))
            (v128.store offset=16 (local.get $op) (select (f32x4.pmax (local.get $zero) (local.get $a21)) (local.get $a21) (local.get $relu)))))
          (local.set $op (i32.add (local.get $op) (local.get $wStep)))
          (if (i32.lt_u (i32.add (local.get $ox0) (i32.const 3)) (local.get $outW)) (then
            (v128.store (local.get $op) (select (f32x4.pmax (local.get $zero) (local.get $a30)) (local.get $a30) (local.get $relu)))
            (v128.store offset=16 (local.get $op) (select (f32x4.pmax (local.get $zero) (local.get $a31)) (local.get $a31) (local.get $relu)))))
          (local.set $op (i32.add (local.get $op) (local.get $wStep)))
          (local.set $ox0 (i32.add (local.get $ox0) (i32.const 4)))
          (br $pxLoop)))
        (local.set $co (i32.add (local.get $co) (i32.const 8)))
        (br $coLoop)))
      (local.set $r (i32.add (local.get $r) (i32.const 1)))
      (br $rows)))
  )
)
