;; Dense dot products of offerkit's scoring kernel: 4 customers x 4 offers per tile, f64x2 SIMD.
;; Built into denseDotsBinary.ts by `npx tsx src/score/wasm/build.ts` (the runtime never needs wabt).
;;
;; Memory (imported, laid out by denseDots.ts; byte offsets are parameters):
;;   need[z]  u8,  z < count: bit `slot` set when customer `slot` needs tile `first + z` (0: skipped);
;;            on return, a slot's bit is cleared when the whole-tile bound rejects it (see $rejects)
;;   slots    f64 [0..3] bound base, [4..7] value scale, [8..11] rejection threshold (-Infinity: never) per slot
;;   tconst, tvalue  f64 [t]: per-tile maxima of the offers' constant term and value
;;   out      f64 [z * 16 + slot * 4 + lane]: dot of customer `slot` with offer `lane` of tile `first + z`
;;   x        f64 [j * 4 + slot]: the 4 customers' factors, interleaved
;;   f        f64 [t * d * 4 + j * 4 + lane]: offer factors in tiles of 4 (the model's `tiledFactor`)
;;
;; Exactness: each f64x2 lane runs the scalar sequence acc = acc + x * f over j = 0 .. d - 1 from
;; acc = 0, with a separately rounded multiply and add (WebAssembly has no implicit FMA), so every
;; dot equals the JS tile's bit for bit.
(module
  (import "env" "memory" (memory 1))
  ;; Whole-tile rejection of one slot, as scoreInto computes it: the best of the 4 dots (lanes of $lo
  ;; then $hi, strict > so the first maximum wins, as in JS) in the bound
  ;; base + tconst + wX * best + g * tvalue + slack, compared with the threshold.
  (func $rejects
    (param $lo v128) (param $hi v128) (param $base f64) (param $g f64) (param $thr f64)
    (param $tc f64) (param $tv f64) (param $wx f64) (param $slack f64) (result i32)
    (local $best f64) (local $v f64)
    (local.set $best (f64x2.extract_lane 0 (local.get $lo)))
    (local.set $v (f64x2.extract_lane 1 (local.get $lo)))
    (local.set $best (select (local.get $v) (local.get $best) (f64.gt (local.get $v) (local.get $best))))
    (local.set $v (f64x2.extract_lane 0 (local.get $hi)))
    (local.set $best (select (local.get $v) (local.get $best) (f64.gt (local.get $v) (local.get $best))))
    (local.set $v (f64x2.extract_lane 1 (local.get $hi)))
    (local.set $best (select (local.get $v) (local.get $best) (f64.gt (local.get $v) (local.get $best))))
    (f64.lt
      (f64.add
        (f64.add
          (f64.add
            (f64.add (local.get $base) (local.get $tc))
            (f64.mul (local.get $wx) (local.get $best)))
          (f64.mul (local.get $g) (local.get $tv)))
        (local.get $slack))
      (local.get $thr)))
  (func (export "tiles")
    (param $f i32) (param $x i32) (param $need i32) (param $out i32)
    (param $first i32) (param $count i32) (param $d i32)
    (param $slots i32) (param $tconst i32) (param $tvalue i32) (param $wx f64) (param $slack f64)
    (local $z i32) (local $stride i32) (local $fb i32) (local $end i32) (local $xb i32) (local $ob i32)
    (local $bits i32) (local $tc f64) (local $tv f64)
    (local $f01 v128) (local $f23 v128) (local $u v128)
    (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128)
    (local $a4 v128) (local $a5 v128) (local $a6 v128) (local $a7 v128)
    ;; bytes per tile: d dimensions x 4 offers x 8 bytes
    (local.set $stride (i32.shl (local.get $d) (i32.const 5)))
    (block $exit
      (loop $tile
        (br_if $exit (i32.ge_u (local.get $z) (local.get $count)))
        (local.set $bits (i32.load8_u (i32.add (local.get $need) (local.get $z))))
        (if (local.get $bits)
          (then
            (local.set $fb (i32.add (local.get $f) (i32.mul (i32.add (local.get $first) (local.get $z)) (local.get $stride))))
            (local.set $end (i32.add (local.get $fb) (local.get $stride)))
            (local.set $xb (local.get $x))
            ;; a(2 * slot) holds offers 0, 1 and a(2 * slot + 1) offers 2, 3 of customer `slot`
            (local.set $a0 (v128.const i64x2 0 0))
            (local.set $a1 (v128.const i64x2 0 0))
            (local.set $a2 (v128.const i64x2 0 0))
            (local.set $a3 (v128.const i64x2 0 0))
            (local.set $a4 (v128.const i64x2 0 0))
            (local.set $a5 (v128.const i64x2 0 0))
            (local.set $a6 (v128.const i64x2 0 0))
            (local.set $a7 (v128.const i64x2 0 0))
            (block $done
              (br_if $done (i32.eq (local.get $fb) (local.get $end)))
              (loop $j
                ;; two loads give the tile's 4 offers at dimension j; each customer's x[j] is splatted
                (local.set $f01 (v128.load (local.get $fb)))
                (local.set $f23 (v128.load offset=16 (local.get $fb)))
                (local.set $u (v128.load64_splat (local.get $xb)))
                (local.set $a0 (f64x2.add (local.get $a0) (f64x2.mul (local.get $u) (local.get $f01))))
                (local.set $a1 (f64x2.add (local.get $a1) (f64x2.mul (local.get $u) (local.get $f23))))
                (local.set $u (v128.load64_splat offset=8 (local.get $xb)))
                (local.set $a2 (f64x2.add (local.get $a2) (f64x2.mul (local.get $u) (local.get $f01))))
                (local.set $a3 (f64x2.add (local.get $a3) (f64x2.mul (local.get $u) (local.get $f23))))
                (local.set $u (v128.load64_splat offset=16 (local.get $xb)))
                (local.set $a4 (f64x2.add (local.get $a4) (f64x2.mul (local.get $u) (local.get $f01))))
                (local.set $a5 (f64x2.add (local.get $a5) (f64x2.mul (local.get $u) (local.get $f23))))
                (local.set $u (v128.load64_splat offset=24 (local.get $xb)))
                (local.set $a6 (f64x2.add (local.get $a6) (f64x2.mul (local.get $u) (local.get $f01))))
                (local.set $a7 (f64x2.add (local.get $a7) (f64x2.mul (local.get $u) (local.get $f23))))
                (local.set $fb (i32.add (local.get $fb) (i32.const 32)))
                (local.set $xb (i32.add (local.get $xb) (i32.const 32)))
                (br_if $j (i32.ne (local.get $fb) (local.get $end)))))
            (local.set $ob (i32.add (local.get $out) (i32.shl (local.get $z) (i32.const 7))))
            (v128.store (local.get $ob) (local.get $a0))
            (v128.store offset=16 (local.get $ob) (local.get $a1))
            (v128.store offset=32 (local.get $ob) (local.get $a2))
            (v128.store offset=48 (local.get $ob) (local.get $a3))
            (v128.store offset=64 (local.get $ob) (local.get $a4))
            (v128.store offset=80 (local.get $ob) (local.get $a5))
            (v128.store offset=96 (local.get $ob) (local.get $a6))
            (v128.store offset=112 (local.get $ob) (local.get $a7))
            ;; clear the bits of slots whose tile bound is under their threshold: JS skips them
            (local.set $ob (i32.shl (i32.add (local.get $first) (local.get $z)) (i32.const 3)))
            (local.set $tc (f64.load (i32.add (local.get $tconst) (local.get $ob))))
            (local.set $tv (f64.load (i32.add (local.get $tvalue) (local.get $ob))))
            (if (i32.and (local.get $bits) (i32.const 1))
              (then (if (call $rejects (local.get $a0) (local.get $a1)
                    (f64.load offset=0 (local.get $slots)) (f64.load offset=32 (local.get $slots)) (f64.load offset=64 (local.get $slots))
                    (local.get $tc) (local.get $tv) (local.get $wx) (local.get $slack))
                (then (local.set $bits (i32.and (local.get $bits) (i32.const 14)))))))
            (if (i32.and (local.get $bits) (i32.const 2))
              (then (if (call $rejects (local.get $a2) (local.get $a3)
                    (f64.load offset=8 (local.get $slots)) (f64.load offset=40 (local.get $slots)) (f64.load offset=72 (local.get $slots))
                    (local.get $tc) (local.get $tv) (local.get $wx) (local.get $slack))
                (then (local.set $bits (i32.and (local.get $bits) (i32.const 13)))))))
            (if (i32.and (local.get $bits) (i32.const 4))
              (then (if (call $rejects (local.get $a4) (local.get $a5)
                    (f64.load offset=16 (local.get $slots)) (f64.load offset=48 (local.get $slots)) (f64.load offset=80 (local.get $slots))
                    (local.get $tc) (local.get $tv) (local.get $wx) (local.get $slack))
                (then (local.set $bits (i32.and (local.get $bits) (i32.const 11)))))))
            (if (i32.and (local.get $bits) (i32.const 8))
              (then (if (call $rejects (local.get $a6) (local.get $a7)
                    (f64.load offset=24 (local.get $slots)) (f64.load offset=56 (local.get $slots)) (f64.load offset=88 (local.get $slots))
                    (local.get $tc) (local.get $tv) (local.get $wx) (local.get $slack))
                (then (local.set $bits (i32.and (local.get $bits) (i32.const 7)))))))
            (i32.store8 (i32.add (local.get $need) (local.get $z)) (local.get $bits))))
        (local.set $z (i32.add (local.get $z) (i32.const 1)))
        (br $tile)))))
