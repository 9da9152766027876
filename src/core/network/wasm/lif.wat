;; The LIF population's state update and threshold (lif-kernel.ts's advance) with 128-bit SIMD:
;; two neurons per instruction; the main loop takes four neurons per turn, written out twice
;; (about 20 % faster than two per turn; a call per pair is not inlined and costs 4×). f64x2 add and mul are IEEE operations lane by lane, so v and x
;; are the very doubles of the scalar code (and of Brian2): v' = c7 + (c8·x + c9·v), x' = c10·x.
;; Memory (imported): v and x (f64), until (i32) and the spike list (i32) at the given byte offsets.
(module
  (import "env" "memory" (memory 1))

  ;; A spike of neuron i when v' > vth and step >= until[i]: appended to the list; returns the new count.
  (func $check (param $i i32) (param $vi f64) (param $vth f64) (param $step i32) (param $pu i32) (param $pl i32) (param $ns i32) (result i32)
    (if (f64.gt (local.get $vi) (local.get $vth))
      (then
        (if (i32.ge_s (local.get $step) (i32.load (i32.add (local.get $pu) (i32.shl (local.get $i) (i32.const 2)))))
          (then
            (i32.store (i32.add (local.get $pl) (i32.shl (local.get $ns) (i32.const 2))) (local.get $i))
            (local.set $ns (i32.add (local.get $ns) (i32.const 1)))))))
    (local.get $ns))

  ;; Every neuron's update, then the threshold; returns the number of spikes written at pl (ascending).
  (func (export "advance") (param $n i32) (param $step i32) (param $pv i32) (param $px i32) (param $pu i32) (param $pl i32)
        (param $c7 f64) (param $c8 f64) (param $c9 f64) (param $c10 f64) (param $vth f64) (result i32)
    (local $i i32) (local $ns i32) (local $n2 i32) (local $n4 i32) (local $o i32)
    (local $C7 v128) (local $C8 v128) (local $C9 v128) (local $C10 v128) (local $TH v128)
    (local $xv v128) (local $vv v128) (local $xi f64) (local $vi f64)
    (local.set $C7 (f64x2.splat (local.get $c7)))
    (local.set $C8 (f64x2.splat (local.get $c8)))
    (local.set $C9 (f64x2.splat (local.get $c9)))
    (local.set $C10 (f64x2.splat (local.get $c10)))
    (local.set $TH (f64x2.splat (local.get $vth)))
    ;; Four neurons per turn, then a pair, then an odd last one.
    (local.set $n4 (i32.and (local.get $n) (i32.const -4)))
    (block $done4
      (loop $quads
        (br_if $done4 (i32.ge_u (local.get $i) (local.get $n4)))
        (local.set $o (i32.shl (local.get $i) (i32.const 3)))
        (local.set $xv (v128.load (i32.add (local.get $px) (local.get $o))))
        (local.set $vv
          (f64x2.add (local.get $C7)
            (f64x2.add (f64x2.mul (local.get $C8) (local.get $xv))
                       (f64x2.mul (local.get $C9) (v128.load (i32.add (local.get $pv) (local.get $o)))))))
        (v128.store (i32.add (local.get $pv) (local.get $o)) (local.get $vv))
        (v128.store (i32.add (local.get $px) (local.get $o)) (f64x2.mul (local.get $C10) (local.get $xv)))
        (if (v128.any_true (f64x2.gt (local.get $vv) (local.get $TH)))
          (then
            (local.set $ns (call $check (local.get $i) (f64x2.extract_lane 0 (local.get $vv)) (local.get $vth) (local.get $step) (local.get $pu) (local.get $pl) (local.get $ns)))
            (local.set $ns (call $check (i32.add (local.get $i) (i32.const 1)) (f64x2.extract_lane 1 (local.get $vv)) (local.get $vth) (local.get $step) (local.get $pu) (local.get $pl) (local.get $ns)))))
        (local.set $i (i32.add (local.get $i) (i32.const 2)))
        (local.set $o (i32.shl (local.get $i) (i32.const 3)))
        (local.set $xv (v128.load (i32.add (local.get $px) (local.get $o))))
        (local.set $vv
          (f64x2.add (local.get $C7)
            (f64x2.add (f64x2.mul (local.get $C8) (local.get $xv))
                       (f64x2.mul (local.get $C9) (v128.load (i32.add (local.get $pv) (local.get $o)))))))
        (v128.store (i32.add (local.get $pv) (local.get $o)) (local.get $vv))
        (v128.store (i32.add (local.get $px) (local.get $o)) (f64x2.mul (local.get $C10) (local.get $xv)))
        (if (v128.any_true (f64x2.gt (local.get $vv) (local.get $TH)))
          (then
            (local.set $ns (call $check (local.get $i) (f64x2.extract_lane 0 (local.get $vv)) (local.get $vth) (local.get $step) (local.get $pu) (local.get $pl) (local.get $ns)))
            (local.set $ns (call $check (i32.add (local.get $i) (i32.const 1)) (f64x2.extract_lane 1 (local.get $vv)) (local.get $vth) (local.get $step) (local.get $pu) (local.get $pl) (local.get $ns)))))
        (local.set $i (i32.add (local.get $i) (i32.const 2)))
        (br $quads)))
    (local.set $n2 (i32.and (local.get $n) (i32.const -2)))
    (block $done
      (loop $pairs
        (br_if $done (i32.ge_u (local.get $i) (local.get $n2)))
        (local.set $o (i32.shl (local.get $i) (i32.const 3)))
        (local.set $xv (v128.load (i32.add (local.get $px) (local.get $o))))
        (local.set $vv
          (f64x2.add (local.get $C7)
            (f64x2.add (f64x2.mul (local.get $C8) (local.get $xv))
                       (f64x2.mul (local.get $C9) (v128.load (i32.add (local.get $pv) (local.get $o)))))))
        (v128.store (i32.add (local.get $pv) (local.get $o)) (local.get $vv))
        (v128.store (i32.add (local.get $px) (local.get $o)) (f64x2.mul (local.get $C10) (local.get $xv)))
        (if (v128.any_true (f64x2.gt (local.get $vv) (local.get $TH)))
          (then
            (local.set $ns (call $check (local.get $i) (f64x2.extract_lane 0 (local.get $vv)) (local.get $vth) (local.get $step) (local.get $pu) (local.get $pl) (local.get $ns)))
            (local.set $ns (call $check (i32.add (local.get $i) (i32.const 1)) (f64x2.extract_lane 1 (local.get $vv)) (local.get $vth) (local.get $step) (local.get $pu) (local.get $pl) (local.get $ns)))))
        (local.set $i (i32.add (local.get $i) (i32.const 2)))
        (br $pairs)))
    ;; An odd last neuron, in scalar code (the same operations).
    (if (i32.lt_u (local.get $i) (local.get $n))
      (then
        (local.set $o (i32.shl (local.get $i) (i32.const 3)))
        (local.set $xi (f64.load (i32.add (local.get $px) (local.get $o))))
        (local.set $vi
          (f64.add (local.get $c7)
            (f64.add (f64.mul (local.get $c8) (local.get $xi))
                     (f64.mul (local.get $c9) (f64.load (i32.add (local.get $pv) (local.get $o)))))))
        (f64.store (i32.add (local.get $pv) (local.get $o)) (local.get $vi))
        (f64.store (i32.add (local.get $px) (local.get $o)) (f64.mul (local.get $c10) (local.get $xi)))
        (local.set $ns (call $check (local.get $i) (local.get $vi) (local.get $vth) (local.get $step) (local.get $pu) (local.get $pl) (local.get $ns)))))
    (local.get $ns))
)
