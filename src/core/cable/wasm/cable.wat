;; NeuroWire's compartment integrator: NEURON's fixed-step backward Euler on a Hines matrix,
;; with pas folded into the matrix, hh, IClamp and AlphaSynapse. Written in WebAssembly
;; because V8 cannot hoist typed-array bounds and base-pointer checks out of loops over many
;; arrays (measured 4x slower than this for the same sweep). engine.ts lays out the memory
;; and drives it; tools/wasm/build.ts compiles this file into cable-wasm.ts.
;;
;; Besides begin/run (the integrator), the phases are exported one by one so that the
;; benchmark can profile where a step's time goes. The sweeps and hh use fixed-width SIMD
;; (f64x2, in Node since 16.4 and Chromium since 91) with the scalar code's operations lane by
;; lane, so the results are the scalar code's to the bit.
;;
;; Memory: a header of i32 byte addresses and counts at 0..159 (see H in wasm/load.ts; t at
;; 128, celsius at 136, usetable_hh at 144, q10 at 152; ExpSyn count/records/nodes at 104/108/112, Exp2Syn
;; at 116/120/124), a scratch hh rate row at 160..255, the exp table 2^(j/64) at 256..767,
;; more header at 768..799 (the ends of the dynamic and the static-root node ranges at
;; 768/772, the static nodes' f and f·b arrays at 776/780), then the arrays. Units as in
;; NEURON: v mV, rhs mA/cm², d mA/cm²/mV, t and dt ms.
(module
  (import "env" "memory" (memory 1))
  (import "env" "exp" (func $libexp (param f64) (result f64)))
  ;; Mechanisms compiled from their descriptions (kernel-ir.ts), called with (t, dt, celsius):
  ;; their currents before the point processes, their states after hh's (no-ops without any).
  (import "env" "mechCurrent" (func $mechCurrent (param f64 f64 f64)))
  (import "env" "mechState" (func $mechState (param f64 f64 f64)))

  ;; exp(x) by Tang's table method (same arithmetic as src/core/math/exp.ts): about 1 ulp.
  (func $exp (param $x f64) (result f64)
    (local $kf f64) (local $r f64) (local $k i32) (local $t f64)
    (if (i32.eqz (i32.and (f64.gt (local.get $x) (f64.const -708)) (f64.lt (local.get $x) (f64.const 709))))
      (then (return (call $libexp (local.get $x)))))
    (local.set $kf (f64.sub (f64.add (f64.mul (local.get $x) (f64.const 92.33248261689366)) (f64.const 6755399441055744)) (f64.const 6755399441055744)))
    (local.set $r (f64.sub (f64.sub (local.get $x) (f64.mul (local.get $kf) (f64.const 0.010830424696905538))) (f64.mul (local.get $kf) (f64.const -6.563929801064195e-13))))
    (local.set $k (i32.trunc_f64_s (local.get $kf)))
    (local.set $t (f64.load offset=256 (i32.shl (i32.and (local.get $k) (i32.const 63)) (i32.const 3))))
    (f64.mul
      (f64.add (local.get $t)
        (f64.mul (local.get $t)
          (f64.add (local.get $r)
            (f64.mul (f64.mul (local.get $r) (local.get $r))
              (f64.add (f64.const 0.5)
                (f64.mul (local.get $r)
                  (f64.add (f64.const 0.16666666666666666)
                    (f64.mul (local.get $r)
                      (f64.add (f64.const 0.041666666666666664)
                        (f64.mul (local.get $r) (f64.const 0.008333333333333333)))))))))))
      (f64.reinterpret_i64 (i64.shl (i64.extend_i32_s (i32.add (i32.shr_s (local.get $k) (i32.const 6)) (i32.const 1023))) (i64.const 52)))))
  (export "exp" (func $exp))

  ;; $exp on both lanes of an f64x2 (the same arithmetic lane by lane, so the same bits; no
  ;; fused multiply-add in WebAssembly SIMD). Lanes outside (−708, 709) go through $exp.
  (func $exp2 (param $x v128) (result v128)
    (local $kf v128) (local $r v128) (local $k v128) (local $t v128)
    (if (i32.eqz (i64x2.all_true (v128.and (f64x2.gt (local.get $x) (f64x2.splat (f64.const -708))) (f64x2.lt (local.get $x) (f64x2.splat (f64.const 709))))))
      (then (return
        (f64x2.replace_lane 1
          (f64x2.splat (call $exp (f64x2.extract_lane 0 (local.get $x))))
          (call $exp (f64x2.extract_lane 1 (local.get $x)))))))
    ;; x·64/ln 2 + 1.5·2^52 holds k = round(x·64/ln 2) in its low bits, so the integer k (the
    ;; scalar code's trunc of kf) is its bit pattern minus that of 1.5·2^52: no float → int
    ;; conversion, which SSE has not for two lanes.
    (local.set $kf (f64x2.add (f64x2.mul (local.get $x) (f64x2.splat (f64.const 92.33248261689366))) (f64x2.splat (f64.const 6755399441055744))))
    (local.set $k (i64x2.sub (local.get $kf) (i64x2.splat (i64.const 0x4338000000000000))))
    (local.set $kf (f64x2.sub (local.get $kf) (f64x2.splat (f64.const 6755399441055744))))
    (local.set $r (f64x2.sub (f64x2.sub (local.get $x) (f64x2.mul (local.get $kf) (f64x2.splat (f64.const 0.010830424696905538)))) (f64x2.mul (local.get $kf) (f64x2.splat (f64.const -6.563929801064195e-13)))))
    (local.set $t (v128.load64_zero offset=256 (i32.shl (i32.and (i32x4.extract_lane 0 (local.get $k)) (i32.const 63)) (i32.const 3))))
    (local.set $t (v128.load64_lane offset=256 1 (i32.shl (i32.and (i32x4.extract_lane 2 (local.get $k)) (i32.const 63)) (i32.const 3)) (local.get $t)))
    (f64x2.mul
      (f64x2.add (local.get $t)
        (f64x2.mul (local.get $t)
          (f64x2.add (local.get $r)
            (f64x2.mul (f64x2.mul (local.get $r) (local.get $r))
              (f64x2.add (f64x2.splat (f64.const 0.5))
                (f64x2.mul (local.get $r)
                  (f64x2.add (f64x2.splat (f64.const 0.16666666666666666))
                    (f64x2.mul (local.get $r)
                      (f64x2.add (f64x2.splat (f64.const 0.041666666666666664))
                        (f64x2.mul (local.get $r) (f64x2.splat (f64.const 0.008333333333333333))))))))))))
      ;; 2^(k >> 6): ((k >> 6) + 1023) << 52, as ((k + 1023·64) >>u 6) << 52 (k > −1023·64 here).
      (i64x2.shl (i64x2.shr_u (i64x2.add (local.get $k) (i64x2.splat (i64.const 65472))) (i32.const 6)) (i32.const 52))))

  ;; d = d0 (capacitance + leak + axial diagonal), rhs = leak current g·e − g·v, for all nodes.
  (func $reset
    (local $i i32) (local $end i32) (local $v i32) (local $rhs i32) (local $d i32) (local $d0 i32) (local $ge i32) (local $g i32)
    (local.set $end (i32.shl (i32.load (i32.const 0)) (i32.const 3)))
    (local.set $v (i32.load (i32.const 8)))
    (local.set $rhs (i32.load (i32.const 12)))
    (local.set $d (i32.load (i32.const 16)))
    (local.set $d0 (i32.load (i32.const 24)))
    (local.set $ge (i32.load (i32.const 28)))
    (local.set $g (i32.load (i32.const 32)))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $end)))
        (f64.store (i32.add (local.get $d) (local.get $i)) (f64.load (i32.add (local.get $d0) (local.get $i))))
        (f64.store (i32.add (local.get $rhs) (local.get $i))
          (f64.sub (f64.load (i32.add (local.get $ge) (local.get $i)))
            (f64.mul (f64.load (i32.add (local.get $g) (local.get $i))) (f64.load (i32.add (local.get $v) (local.get $i))))))
        (local.set $i (i32.add (local.get $i) (i32.const 8)))
        (br $next))))

  ;; hh channel currents at the present v and states: store i and g per instance and add them
  ;; to rhs and d. The instances' fields come in pairs (two lanes): a pair's record of 192 bytes
  ;; holds m m h h n n gnabar… gkbar… gl… el… ena… ek… iSum… gSum… - -, instance k at byte
  ;; (k >> 1)·192 + (k & 1)·8, its f-th field 16·f further (hh.ts hhFieldByte).
  (func $hhCurrents (param $from i32)
    (local $k i32) (local $nhh i32) (local $p i32) (local $node i32) (local $vi f64)
    (local $m f64) (local $n2 f64) (local $gna f64) (local $gk f64) (local $i f64) (local $gs f64)
    (local $v i32) (local $rhs i32) (local $d i32) (local $hh i32) (local $nodes i32)
    (local.set $k (local.get $from))
    (local.set $nhh (i32.load (i32.const 48)))
    (local.set $hh (i32.load (i32.const 52)))
    (local.set $nodes (i32.load (i32.const 56)))
    (local.set $v (i32.load (i32.const 8)))
    (local.set $rhs (i32.load (i32.const 12)))
    (local.set $d (i32.load (i32.const 16)))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $k) (local.get $nhh)))
        (local.set $p (i32.add (i32.add (local.get $hh) (i32.mul (i32.shr_u (local.get $k) (i32.const 1)) (i32.const 192))) (i32.shl (i32.and (local.get $k) (i32.const 1)) (i32.const 3))))
        (local.set $node (i32.shl (i32.load (i32.add (local.get $nodes) (i32.shl (local.get $k) (i32.const 2)))) (i32.const 3)))
        (local.set $vi (f64.load (i32.add (local.get $v) (local.get $node))))
        (local.set $m (f64.load (local.get $p)))
        (local.set $n2 (f64.mul (f64.load offset=32 (local.get $p)) (f64.load offset=32 (local.get $p))))
        (local.set $gna (f64.mul (f64.mul (f64.mul (f64.mul (f64.load offset=48 (local.get $p)) (local.get $m)) (local.get $m)) (local.get $m)) (f64.load offset=16 (local.get $p))))
        (local.set $gk (f64.mul (f64.mul (f64.load offset=64 (local.get $p)) (local.get $n2)) (local.get $n2)))
        (local.set $i (f64.add (f64.add
          (f64.mul (local.get $gna) (f64.sub (local.get $vi) (f64.load offset=112 (local.get $p))))
          (f64.mul (local.get $gk) (f64.sub (local.get $vi) (f64.load offset=128 (local.get $p)))))
          (f64.mul (f64.load offset=80 (local.get $p)) (f64.sub (local.get $vi) (f64.load offset=96 (local.get $p))))))
        (local.set $gs (f64.add (f64.add (local.get $gna) (local.get $gk)) (f64.load offset=80 (local.get $p))))
        (f64.store offset=144 (local.get $p) (local.get $i))
        (f64.store offset=160 (local.get $p) (local.get $gs))
        (f64.store (i32.add (local.get $rhs) (local.get $node)) (f64.sub (f64.load (i32.add (local.get $rhs) (local.get $node))) (local.get $i)))
        (f64.store (i32.add (local.get $d) (local.get $node)) (f64.add (f64.load (i32.add (local.get $d) (local.get $node))) (local.get $gs)))
        (local.set $k (i32.add (local.get $k) (i32.const 1)))
        (br $next))))

  ;; Before the first step: reset the system and add the hh currents (finitialize's part).
  (func (export "begin")
    (call $reset)
    (call $hhCurrents (i32.const 0)))

  ;; Point processes at time t (the step's midpoint): IClamp (AoS 32 B: del dur amp i),
  ;; AlphaSynapse (AoS 48 B: onset tau gmax e g i), ExpSyn and Exp2Syn (whose states the event
  ;; system changes between steps). Currents in nA are scaled by 1e2/area.
  (func $pointProcesses (export "currentsAt") (param $t f64)
    (local $k i32) (local $cnt i32) (local $p i32) (local $node i32) (local $del f64) (local $i f64)
    (local $x f64) (local $g f64) (local $f f64)
    (local $v i32) (local $rhs i32) (local $d i32) (local $tod i32) (local $base i32) (local $nodes i32)
    (local.set $v (i32.load (i32.const 8)))
    (local.set $rhs (i32.load (i32.const 12)))
    (local.set $d (i32.load (i32.const 16)))
    (local.set $tod (i32.load (i32.const 88)))
    ;; IClamp: i = amp for del <= t < del + dur, else 0; positive i depolarizes.
    (local.set $cnt (i32.load (i32.const 76)))
    (local.set $base (i32.load (i32.const 80)))
    (local.set $nodes (i32.load (i32.const 84)))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $k) (local.get $cnt)))
        (local.set $p (i32.add (local.get $base) (i32.shl (local.get $k) (i32.const 5))))
        (local.set $node (i32.shl (i32.load (i32.add (local.get $nodes) (i32.shl (local.get $k) (i32.const 2)))) (i32.const 3)))
        (local.set $del (f64.load (local.get $p)))
        (local.set $i (select (f64.load offset=16 (local.get $p)) (f64.const 0)
          (i32.and (f64.lt (local.get $t) (f64.add (local.get $del) (f64.load offset=8 (local.get $p)))) (f64.ge (local.get $t) (local.get $del)))))
        (f64.store offset=24 (local.get $p) (local.get $i))
        (f64.store (i32.add (local.get $rhs) (local.get $node))
          (f64.add (f64.load (i32.add (local.get $rhs) (local.get $node))) (f64.mul (local.get $i) (f64.load (i32.add (local.get $tod) (local.get $node))))))
        (local.set $k (i32.add (local.get $k) (i32.const 1)))
        (br $next)))
    ;; AlphaSynapse: g = gmax·x·e^(1−x), x = (t − onset)/tau in [0, 10]; i = g·(v − e).
    (local.set $k (i32.const 0))
    (local.set $cnt (i32.load (i32.const 64)))
    (local.set $base (i32.load (i32.const 68)))
    (local.set $nodes (i32.load (i32.const 72)))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $k) (local.get $cnt)))
        (local.set $p (i32.add (local.get $base) (i32.mul (local.get $k) (i32.const 48))))
        (local.set $node (i32.shl (i32.load (i32.add (local.get $nodes) (i32.shl (local.get $k) (i32.const 2)))) (i32.const 3)))
        (local.set $x (f64.div (f64.sub (local.get $t) (f64.load (local.get $p))) (f64.load offset=8 (local.get $p))))
        (local.set $g (f64.const 0))
        (if (i32.eqz (i32.or (f64.lt (local.get $x) (f64.const 0)) (f64.gt (local.get $x) (f64.const 10))))
          (then (local.set $g (f64.mul (f64.mul (f64.load offset=16 (local.get $p)) (local.get $x))
                                       (call $exp (f64.sub (f64.const 1) (local.get $x)))))))
        (local.set $i (f64.mul (local.get $g) (f64.sub (f64.load (i32.add (local.get $v) (local.get $node))) (f64.load offset=24 (local.get $p)))))
        (f64.store offset=32 (local.get $p) (local.get $g))
        (f64.store offset=40 (local.get $p) (local.get $i))
        ;; Outside its 10 τ (all but ~1 ms of a run) g is 0 and so are both terms: rhs and d unchanged.
        (if (f64.ne (local.get $g) (f64.const 0))
          (then
            (local.set $f (f64.load (i32.add (local.get $tod) (local.get $node))))
            (f64.store (i32.add (local.get $rhs) (local.get $node))
              (f64.sub (f64.load (i32.add (local.get $rhs) (local.get $node))) (f64.mul (local.get $i) (local.get $f))))
            (f64.store (i32.add (local.get $d) (local.get $node))
              (f64.add (f64.load (i32.add (local.get $d) (local.get $node))) (f64.mul (local.get $g) (local.get $f))))))
        (local.set $k (i32.add (local.get $k) (i32.const 1)))
        (br $next)))
    ;; ExpSyn (AoS 48 B: tau e g i E -): i = g·(v − e), g a state that events increase.
    (local.set $k (i32.const 0))
    (local.set $cnt (i32.load (i32.const 104)))
    (local.set $base (i32.load (i32.const 108)))
    (local.set $nodes (i32.load (i32.const 112)))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $k) (local.get $cnt)))
        (local.set $p (i32.add (local.get $base) (i32.mul (local.get $k) (i32.const 48))))
        (local.set $node (i32.shl (i32.load (i32.add (local.get $nodes) (i32.shl (local.get $k) (i32.const 2)))) (i32.const 3)))
        (local.set $g (f64.load offset=16 (local.get $p)))
        (local.set $i (f64.mul (local.get $g) (f64.sub (f64.load (i32.add (local.get $v) (local.get $node))) (f64.load offset=8 (local.get $p)))))
        (f64.store offset=24 (local.get $p) (local.get $i))
        (local.set $f (f64.load (i32.add (local.get $tod) (local.get $node))))
        (f64.store (i32.add (local.get $rhs) (local.get $node))
          (f64.sub (f64.load (i32.add (local.get $rhs) (local.get $node))) (f64.mul (local.get $i) (local.get $f))))
        (f64.store (i32.add (local.get $d) (local.get $node))
          (f64.add (f64.load (i32.add (local.get $d) (local.get $node))) (f64.mul (local.get $g) (local.get $f))))
        (local.set $k (i32.add (local.get $k) (i32.const 1)))
        (br $next)))
    ;; Exp2Syn (AoS 80 B: tau1 tau2 e factor A B g i E1 E2): g = B − A, i = g·(v − e).
    (local.set $k (i32.const 0))
    (local.set $cnt (i32.load (i32.const 116)))
    (local.set $base (i32.load (i32.const 120)))
    (local.set $nodes (i32.load (i32.const 124)))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $k) (local.get $cnt)))
        (local.set $p (i32.add (local.get $base) (i32.mul (local.get $k) (i32.const 80))))
        (local.set $node (i32.shl (i32.load (i32.add (local.get $nodes) (i32.shl (local.get $k) (i32.const 2)))) (i32.const 3)))
        (local.set $g (f64.sub (f64.load offset=40 (local.get $p)) (f64.load offset=32 (local.get $p))))
        (local.set $i (f64.mul (local.get $g) (f64.sub (f64.load (i32.add (local.get $v) (local.get $node))) (f64.load offset=16 (local.get $p)))))
        (f64.store offset=48 (local.get $p) (local.get $g))
        (f64.store offset=56 (local.get $p) (local.get $i))
        (local.set $f (f64.load (i32.add (local.get $tod) (local.get $node))))
        (f64.store (i32.add (local.get $rhs) (local.get $node))
          (f64.sub (f64.load (i32.add (local.get $rhs) (local.get $node))) (f64.mul (local.get $i) (local.get $f))))
        (f64.store (i32.add (local.get $d) (local.get $node))
          (f64.add (f64.load (i32.add (local.get $d) (local.get $node))) (f64.mul (local.get $g) (local.get $f))))
        (local.set $k (i32.add (local.get $k) (i32.const 1)))
        (br $next))))

  ;; Synapse states after the solve (cnexp, written as NEURON's generated code: x += (1 − E)·(0 − x)
  ;; with E = exp(dt·(−1/τ)) precomputed per run): ExpSyn g, Exp2Syn A and B.
  (func $synStates (export "synStates")
    (local $k i32) (local $cnt i32) (local $p i32) (local $base i32)
    (local.set $cnt (i32.load (i32.const 104)))
    (local.set $base (i32.load (i32.const 108)))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $k) (local.get $cnt)))
        (local.set $p (i32.add (local.get $base) (i32.mul (local.get $k) (i32.const 48))))
        (f64.store offset=16 (local.get $p) (f64.add (f64.load offset=16 (local.get $p))
          (f64.mul (f64.sub (f64.const 1) (f64.load offset=32 (local.get $p))) (f64.sub (f64.const 0) (f64.load offset=16 (local.get $p))))))
        (local.set $k (i32.add (local.get $k) (i32.const 1)))
        (br $next)))
    (local.set $k (i32.const 0))
    (local.set $cnt (i32.load (i32.const 116)))
    (local.set $base (i32.load (i32.const 120)))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $k) (local.get $cnt)))
        (local.set $p (i32.add (local.get $base) (i32.mul (local.get $k) (i32.const 80))))
        (f64.store offset=32 (local.get $p) (f64.add (f64.load offset=32 (local.get $p))
          (f64.mul (f64.sub (f64.const 1) (f64.load offset=64 (local.get $p))) (f64.sub (f64.const 0) (f64.load offset=32 (local.get $p))))))
        (f64.store offset=40 (local.get $p) (f64.add (f64.load offset=40 (local.get $p))
          (f64.mul (f64.sub (f64.const 1) (f64.load offset=72 (local.get $p))) (f64.sub (f64.const 0) (f64.load offset=40 (local.get $p))))))
        (local.set $k (i32.add (local.get $k) (i32.const 1)))
        (br $next))))

  ;; Leaves to roots: axial currents, then Hines elimination into the parent; d[i] becomes 1/d[i].
  ;; The nodes come in three ranges (header 768/772, set by engine.ts): dynamic nodes [0, nd),
  ;; then "static" ones, whose whole subtree has no conductance that changes in time (no hh,
  ;; synapse or catalogue mechanism): those with a dynamic parent [nd, nr), then those with a
  ;; static parent [nr, n) (compile.ts numbers the nodes so). A static node's eliminated
  ;; diagonal is the same at every step, so engine.ts precomputes 1/d into d, f = a/d and, for
  ;; [nd, nr), f·b: no division and no diagonal update there. DA1's tutorial has 3/4 of its
  ;; nodes static. A cell numbered otherwise has nd = nr = n. Two nodes at a time in f64x2 lanes
  ;; where the lower is not the parent of the higher; their updates of the parents go in the
  ;; scalar order (higher node first), so the result is the scalar loop's to the bit.
  (func $eliminate (export "eliminate")
    (local $i i32) (local $nd i32) (local $nr i32) (local $trees i32) (local $o i32) (local $po i32) (local $po1 i32) (local $p1 i32)
    (local $dv f64) (local $ri f64) (local $inv f64) (local $f f64)
    (local $v i32) (local $rhs i32) (local $d i32) (local $a i32) (local $b i32) (local $parent i32)
    (local $fa i32) (local $fba i32)
    (local $dv2 v128) (local $ri2 v128) (local $inv2 v128) (local $f2 v128) (local $fb2 v128) (local $c2 v128)
    (local.set $i (i32.load (i32.const 0)))
    (local.set $trees (i32.load (i32.const 4)))
    (local.set $v (i32.load (i32.const 8)))
    (local.set $rhs (i32.load (i32.const 12)))
    (local.set $d (i32.load (i32.const 16)))
    (local.set $a (i32.load (i32.const 36)))
    (local.set $b (i32.load (i32.const 40)))
    (local.set $parent (i32.load (i32.const 44)))
    (local.set $nd (i32.load (i32.const 768)))
    (local.set $nr (i32.load (i32.const 772)))
    (local.set $fa (i32.load (i32.const 776)))
    (local.set $fba (i32.load (i32.const 780)))
    ;; Static nodes under a static parent: rhs only.
    (block $done
      (loop $next
        (br_if $done (i32.le_s (local.get $i) (local.get $nr)))
        ;; A pair (i − 2, i − 1) unless it runs past the range or node i − 1 hangs on node i − 2.
        (local.set $p1 (i32.const -1))
        (if (i32.gt_s (i32.sub (local.get $i) (i32.const 1)) (local.get $nr)) (then (local.set $p1 (i32.load (i32.add (local.get $parent) (i32.shl (i32.sub (local.get $i) (i32.const 1)) (i32.const 2)))))))
        (if (i32.and (i32.ge_s (local.get $p1) (i32.const 0)) (i32.ne (local.get $p1) (i32.sub (local.get $i) (i32.const 2))))
          (then
            (local.set $i (i32.sub (local.get $i) (i32.const 2)))
            (local.set $o (i32.shl (local.get $i) (i32.const 3)))
            (local.set $po (i32.shl (i32.load (i32.add (local.get $parent) (i32.shl (local.get $i) (i32.const 2)))) (i32.const 3)))
            (local.set $po1 (i32.shl (local.get $p1) (i32.const 3)))
            (local.set $dv2 (f64x2.sub (v128.load64_lane 1 (i32.add (local.get $v) (local.get $po1)) (v128.load64_zero (i32.add (local.get $v) (local.get $po)))) (v128.load (i32.add (local.get $v) (local.get $o)))))
            (local.set $ri2 (f64x2.sub (v128.load (i32.add (local.get $rhs) (local.get $o))) (f64x2.mul (v128.load (i32.add (local.get $b) (local.get $o))) (local.get $dv2))))
            (v128.store (i32.add (local.get $rhs) (local.get $o)) (local.get $ri2))
            (local.set $f2 (v128.load (i32.add (local.get $fa) (local.get $o))))
            (local.set $c2 (f64x2.sub (f64x2.mul (v128.load (i32.add (local.get $a) (local.get $o))) (local.get $dv2)) (f64x2.mul (local.get $f2) (local.get $ri2))))
            (f64.store (i32.add (local.get $rhs) (local.get $po1)) (f64.add (f64.load (i32.add (local.get $rhs) (local.get $po1))) (f64x2.extract_lane 1 (local.get $c2))))
            (f64.store (i32.add (local.get $rhs) (local.get $po)) (f64.add (f64.load (i32.add (local.get $rhs) (local.get $po))) (f64x2.extract_lane 0 (local.get $c2))))
          )
          (else
            (local.set $i (i32.sub (local.get $i) (i32.const 1)))
            (local.set $o (i32.shl (local.get $i) (i32.const 3)))
            (local.set $po (i32.shl (i32.load (i32.add (local.get $parent) (i32.shl (local.get $i) (i32.const 2)))) (i32.const 3)))
            (local.set $dv (f64.sub (f64.load (i32.add (local.get $v) (local.get $po))) (f64.load (i32.add (local.get $v) (local.get $o)))))
            (local.set $ri (f64.sub (f64.load (i32.add (local.get $rhs) (local.get $o))) (f64.mul (f64.load (i32.add (local.get $b) (local.get $o))) (local.get $dv))))
            (f64.store (i32.add (local.get $rhs) (local.get $o)) (local.get $ri))
            (local.set $f (f64.load (i32.add (local.get $fa) (local.get $o))))
            (f64.store (i32.add (local.get $rhs) (local.get $po)) (f64.add (f64.load (i32.add (local.get $rhs) (local.get $po))) (f64.sub (f64.mul (f64.load (i32.add (local.get $a) (local.get $o))) (local.get $dv)) (f64.mul (local.get $f) (local.get $ri)))))
          ))
        (br $next)))
    ;; Static nodes under a dynamic parent: rhs, and the constant f·b off the parent's diagonal.
    (block $done
      (loop $next
        (br_if $done (i32.le_s (local.get $i) (local.get $nd)))
        ;; A pair (i − 2, i − 1) unless it runs past the range or node i − 1 hangs on node i − 2.
        (local.set $p1 (i32.const -1))
        (if (i32.gt_s (i32.sub (local.get $i) (i32.const 1)) (local.get $nd)) (then (local.set $p1 (i32.load (i32.add (local.get $parent) (i32.shl (i32.sub (local.get $i) (i32.const 1)) (i32.const 2)))))))
        (if (i32.and (i32.ge_s (local.get $p1) (i32.const 0)) (i32.ne (local.get $p1) (i32.sub (local.get $i) (i32.const 2))))
          (then
            (local.set $i (i32.sub (local.get $i) (i32.const 2)))
            (local.set $o (i32.shl (local.get $i) (i32.const 3)))
            (local.set $po (i32.shl (i32.load (i32.add (local.get $parent) (i32.shl (local.get $i) (i32.const 2)))) (i32.const 3)))
            (local.set $po1 (i32.shl (local.get $p1) (i32.const 3)))
            (local.set $dv2 (f64x2.sub (v128.load64_lane 1 (i32.add (local.get $v) (local.get $po1)) (v128.load64_zero (i32.add (local.get $v) (local.get $po)))) (v128.load (i32.add (local.get $v) (local.get $o)))))
            (local.set $ri2 (f64x2.sub (v128.load (i32.add (local.get $rhs) (local.get $o))) (f64x2.mul (v128.load (i32.add (local.get $b) (local.get $o))) (local.get $dv2))))
            (v128.store (i32.add (local.get $rhs) (local.get $o)) (local.get $ri2))
            (local.set $f2 (v128.load (i32.add (local.get $fa) (local.get $o))))
            (local.set $fb2 (v128.load (i32.add (local.get $fba) (local.get $o))))
            (f64.store (i32.add (local.get $d) (local.get $po1)) (f64.sub (f64.load (i32.add (local.get $d) (local.get $po1))) (f64x2.extract_lane 1 (local.get $fb2))))
            (f64.store (i32.add (local.get $d) (local.get $po)) (f64.sub (f64.load (i32.add (local.get $d) (local.get $po))) (f64x2.extract_lane 0 (local.get $fb2))))
            (local.set $c2 (f64x2.sub (f64x2.mul (v128.load (i32.add (local.get $a) (local.get $o))) (local.get $dv2)) (f64x2.mul (local.get $f2) (local.get $ri2))))
            (f64.store (i32.add (local.get $rhs) (local.get $po1)) (f64.add (f64.load (i32.add (local.get $rhs) (local.get $po1))) (f64x2.extract_lane 1 (local.get $c2))))
            (f64.store (i32.add (local.get $rhs) (local.get $po)) (f64.add (f64.load (i32.add (local.get $rhs) (local.get $po))) (f64x2.extract_lane 0 (local.get $c2))))
          )
          (else
            (local.set $i (i32.sub (local.get $i) (i32.const 1)))
            (local.set $o (i32.shl (local.get $i) (i32.const 3)))
            (local.set $po (i32.shl (i32.load (i32.add (local.get $parent) (i32.shl (local.get $i) (i32.const 2)))) (i32.const 3)))
            (local.set $dv (f64.sub (f64.load (i32.add (local.get $v) (local.get $po))) (f64.load (i32.add (local.get $v) (local.get $o)))))
            (local.set $ri (f64.sub (f64.load (i32.add (local.get $rhs) (local.get $o))) (f64.mul (f64.load (i32.add (local.get $b) (local.get $o))) (local.get $dv))))
            (f64.store (i32.add (local.get $rhs) (local.get $o)) (local.get $ri))
            (local.set $f (f64.load (i32.add (local.get $fa) (local.get $o))))
            (f64.store (i32.add (local.get $d) (local.get $po)) (f64.sub (f64.load (i32.add (local.get $d) (local.get $po))) (f64.load (i32.add (local.get $fba) (local.get $o)))))
            (f64.store (i32.add (local.get $rhs) (local.get $po)) (f64.add (f64.load (i32.add (local.get $rhs) (local.get $po))) (f64.sub (f64.mul (f64.load (i32.add (local.get $a) (local.get $o))) (local.get $dv)) (f64.mul (local.get $f) (local.get $ri)))))
          ))
        (br $next)))
    ;; Dynamic nodes, down to the roots (not eliminated).
    (block $done
      (loop $next
        (br_if $done (i32.le_s (local.get $i) (local.get $trees)))
        ;; A pair (i − 2, i − 1) unless it runs past the range or node i − 1 hangs on node i − 2.
        (local.set $p1 (i32.const -1))
        (if (i32.gt_s (i32.sub (local.get $i) (i32.const 1)) (local.get $trees)) (then (local.set $p1 (i32.load (i32.add (local.get $parent) (i32.shl (i32.sub (local.get $i) (i32.const 1)) (i32.const 2)))))))
        (if (i32.and (i32.ge_s (local.get $p1) (i32.const 0)) (i32.ne (local.get $p1) (i32.sub (local.get $i) (i32.const 2))))
          (then
            (local.set $i (i32.sub (local.get $i) (i32.const 2)))
            (local.set $o (i32.shl (local.get $i) (i32.const 3)))
            (local.set $po (i32.shl (i32.load (i32.add (local.get $parent) (i32.shl (local.get $i) (i32.const 2)))) (i32.const 3)))
            (local.set $po1 (i32.shl (local.get $p1) (i32.const 3)))
            (local.set $dv2 (f64x2.sub (v128.load64_lane 1 (i32.add (local.get $v) (local.get $po1)) (v128.load64_zero (i32.add (local.get $v) (local.get $po)))) (v128.load (i32.add (local.get $v) (local.get $o)))))
            (local.set $ri2 (f64x2.sub (v128.load (i32.add (local.get $rhs) (local.get $o))) (f64x2.mul (v128.load (i32.add (local.get $b) (local.get $o))) (local.get $dv2))))
            (v128.store (i32.add (local.get $rhs) (local.get $o)) (local.get $ri2))
            (local.set $inv2 (f64x2.div (f64x2.splat (f64.const 1)) (v128.load (i32.add (local.get $d) (local.get $o)))))
            (v128.store (i32.add (local.get $d) (local.get $o)) (local.get $inv2))
            (local.set $f2 (f64x2.mul (v128.load (i32.add (local.get $a) (local.get $o))) (local.get $inv2)))
            (local.set $fb2 (f64x2.mul (local.get $f2) (v128.load (i32.add (local.get $b) (local.get $o)))))
            (f64.store (i32.add (local.get $d) (local.get $po1)) (f64.sub (f64.load (i32.add (local.get $d) (local.get $po1))) (f64x2.extract_lane 1 (local.get $fb2))))
            (f64.store (i32.add (local.get $d) (local.get $po)) (f64.sub (f64.load (i32.add (local.get $d) (local.get $po))) (f64x2.extract_lane 0 (local.get $fb2))))
            (local.set $c2 (f64x2.sub (f64x2.mul (v128.load (i32.add (local.get $a) (local.get $o))) (local.get $dv2)) (f64x2.mul (local.get $f2) (local.get $ri2))))
            (f64.store (i32.add (local.get $rhs) (local.get $po1)) (f64.add (f64.load (i32.add (local.get $rhs) (local.get $po1))) (f64x2.extract_lane 1 (local.get $c2))))
            (f64.store (i32.add (local.get $rhs) (local.get $po)) (f64.add (f64.load (i32.add (local.get $rhs) (local.get $po))) (f64x2.extract_lane 0 (local.get $c2))))
          )
          (else
            (local.set $i (i32.sub (local.get $i) (i32.const 1)))
            (local.set $o (i32.shl (local.get $i) (i32.const 3)))
            (local.set $po (i32.shl (i32.load (i32.add (local.get $parent) (i32.shl (local.get $i) (i32.const 2)))) (i32.const 3)))
            (local.set $dv (f64.sub (f64.load (i32.add (local.get $v) (local.get $po))) (f64.load (i32.add (local.get $v) (local.get $o)))))
            (local.set $ri (f64.sub (f64.load (i32.add (local.get $rhs) (local.get $o))) (f64.mul (f64.load (i32.add (local.get $b) (local.get $o))) (local.get $dv))))
            (f64.store (i32.add (local.get $rhs) (local.get $o)) (local.get $ri))
            (local.set $inv (f64.div (f64.const 1) (f64.load (i32.add (local.get $d) (local.get $o)))))
            (f64.store (i32.add (local.get $d) (local.get $o)) (local.get $inv))
            (local.set $f (f64.mul (f64.load (i32.add (local.get $a) (local.get $o))) (local.get $inv)))
            (f64.store (i32.add (local.get $d) (local.get $po)) (f64.sub (f64.load (i32.add (local.get $d) (local.get $po))) (f64.mul (local.get $f) (f64.load (i32.add (local.get $b) (local.get $o))))))
            (f64.store (i32.add (local.get $rhs) (local.get $po)) (f64.add (f64.load (i32.add (local.get $rhs) (local.get $po))) (f64.sub (f64.mul (f64.load (i32.add (local.get $a) (local.get $o))) (local.get $dv)) (f64.mul (local.get $f) (local.get $ri)))))
          ))
        (br $next)))
  )

  ;; Roots to leaves: Δv, v += Δv, and reset rhs (and d of the dynamic nodes; a static node's d
  ;; keeps its precomputed 1/d) for the next step. Returns 0, or +∞ if some |Δv| is NaN or
  ;; ≥ 1000 mV, so that the caller can detect a blow-up (a flag: f64.max is a branchy sequence in V8).
  ;; Two nodes at a time in f64x2 lanes (the same arithmetic per lane): in level order a node's
  ;; parent is almost never the node just before it, whose Δv it needs.
  (func $substitute (export "substitute") (result f64)
    (local $i i32) (local $n i32) (local $nd i32) (local $trees i32) (local $o i32) (local $x f64) (local $vi f64) (local $ok i32)
    (local $v i32) (local $rhs i32) (local $d i32) (local $dvp i32) (local $d0 i32) (local $ge i32) (local $g i32) (local $b i32) (local $parent i32)
    (local $p1 i32) (local $x2 v128) (local $v2 v128) (local $ok2 v128)
    (local.set $n (i32.load (i32.const 0)))
    (local.set $trees (i32.load (i32.const 4)))
    (local.set $v (i32.load (i32.const 8)))
    (local.set $rhs (i32.load (i32.const 12)))
    (local.set $d (i32.load (i32.const 16)))
    (local.set $dvp (i32.load (i32.const 20)))
    (local.set $d0 (i32.load (i32.const 24)))
    (local.set $ge (i32.load (i32.const 28)))
    (local.set $g (i32.load (i32.const 32)))
    (local.set $b (i32.load (i32.const 40)))
    (local.set $parent (i32.load (i32.const 44)))
    (local.set $nd (i32.load (i32.const 768)))
    (local.set $ok (i32.const 1))
    (local.set $ok2 (v128.const i64x2 -1 -1))
    ;; Dynamic nodes (roots first).
    (block $done
      (loop $next
        (br_if $done (i32.ge_s (local.get $i) (local.get $nd)))
        ;; A pair unless it runs past the range, holds a root, or node i + 1 hangs on node i.
        (local.set $p1 (i32.const -1))
        (if (i32.and (i32.ge_s (local.get $i) (local.get $trees)) (i32.lt_s (i32.add (local.get $i) (i32.const 1)) (local.get $nd))) (then (local.set $p1 (i32.load (i32.add (local.get $parent) (i32.shl (i32.add (local.get $i) (i32.const 1)) (i32.const 2)))))))
        (if (i32.and (i32.ge_s (local.get $p1) (i32.const 0)) (i32.ne (local.get $p1) (local.get $i)))
          (then
            (local.set $o (i32.shl (local.get $i) (i32.const 3)))
            (local.set $x2 (f64x2.mul
              (f64x2.sub (v128.load (i32.add (local.get $rhs) (local.get $o)))
                (f64x2.mul (v128.load (i32.add (local.get $b) (local.get $o)))
                  (v128.load64_lane 1 (i32.add (local.get $dvp) (i32.shl (local.get $p1) (i32.const 3)))
                    (v128.load64_zero (i32.add (local.get $dvp) (i32.shl (i32.load (i32.add (local.get $parent) (i32.shl (local.get $i) (i32.const 2)))) (i32.const 3)))))))
              (v128.load (i32.add (local.get $d) (local.get $o)))))
            (v128.store (i32.add (local.get $dvp) (local.get $o)) (local.get $x2))
            (local.set $v2 (f64x2.add (v128.load (i32.add (local.get $v) (local.get $o))) (local.get $x2)))
            (v128.store (i32.add (local.get $v) (local.get $o)) (local.get $v2))
            (local.set $ok2 (v128.and (local.get $ok2) (f64x2.lt (f64x2.abs (local.get $x2)) (f64x2.splat (f64.const 1000)))))
            (v128.store (i32.add (local.get $rhs) (local.get $o)) (f64x2.sub (v128.load (i32.add (local.get $ge) (local.get $o))) (f64x2.mul (v128.load (i32.add (local.get $g) (local.get $o))) (local.get $v2))))
            (v128.store (i32.add (local.get $d) (local.get $o)) (v128.load (i32.add (local.get $d0) (local.get $o))))
            (local.set $i (i32.add (local.get $i) (i32.const 2)))
          )
          (else
            (local.set $o (i32.shl (local.get $i) (i32.const 3)))
            (local.set $x (if (result f64) (i32.lt_s (local.get $i) (local.get $trees))
              (then (f64.div (f64.load (i32.add (local.get $rhs) (local.get $o))) (f64.load (i32.add (local.get $d) (local.get $o)))))
              (else (f64.mul
              (f64.sub (f64.load (i32.add (local.get $rhs) (local.get $o)))
                (f64.mul (f64.load (i32.add (local.get $b) (local.get $o)))
                  (f64.load (i32.add (local.get $dvp) (i32.shl (i32.load (i32.add (local.get $parent) (i32.shl (local.get $i) (i32.const 2)))) (i32.const 3))))))
              (f64.load (i32.add (local.get $d) (local.get $o)))))))
            (f64.store (i32.add (local.get $dvp) (local.get $o)) (local.get $x))
            (local.set $vi (f64.add (f64.load (i32.add (local.get $v) (local.get $o))) (local.get $x)))
            (f64.store (i32.add (local.get $v) (local.get $o)) (local.get $vi))
            (local.set $ok (i32.and (local.get $ok) (f64.lt (f64.abs (local.get $x)) (f64.const 1000))))
            (f64.store (i32.add (local.get $rhs) (local.get $o)) (f64.sub (f64.load (i32.add (local.get $ge) (local.get $o))) (f64.mul (f64.load (i32.add (local.get $g) (local.get $o))) (local.get $vi))))
            (f64.store (i32.add (local.get $d) (local.get $o)) (f64.load (i32.add (local.get $d0) (local.get $o))))
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
          ))
        (br $next)))
    ;; Static nodes (never roots).
    (block $done
      (loop $next
        (br_if $done (i32.ge_s (local.get $i) (local.get $n)))
        ;; A pair unless it runs past the range, holds a root, or node i + 1 hangs on node i.
        (local.set $p1 (i32.const -1))
        (if (i32.lt_s (i32.add (local.get $i) (i32.const 1)) (local.get $n)) (then (local.set $p1 (i32.load (i32.add (local.get $parent) (i32.shl (i32.add (local.get $i) (i32.const 1)) (i32.const 2)))))))
        (if (i32.and (i32.ge_s (local.get $p1) (i32.const 0)) (i32.ne (local.get $p1) (local.get $i)))
          (then
            (local.set $o (i32.shl (local.get $i) (i32.const 3)))
            (local.set $x2 (f64x2.mul
              (f64x2.sub (v128.load (i32.add (local.get $rhs) (local.get $o)))
                (f64x2.mul (v128.load (i32.add (local.get $b) (local.get $o)))
                  (v128.load64_lane 1 (i32.add (local.get $dvp) (i32.shl (local.get $p1) (i32.const 3)))
                    (v128.load64_zero (i32.add (local.get $dvp) (i32.shl (i32.load (i32.add (local.get $parent) (i32.shl (local.get $i) (i32.const 2)))) (i32.const 3)))))))
              (v128.load (i32.add (local.get $d) (local.get $o)))))
            (v128.store (i32.add (local.get $dvp) (local.get $o)) (local.get $x2))
            (local.set $v2 (f64x2.add (v128.load (i32.add (local.get $v) (local.get $o))) (local.get $x2)))
            (v128.store (i32.add (local.get $v) (local.get $o)) (local.get $v2))
            (local.set $ok2 (v128.and (local.get $ok2) (f64x2.lt (f64x2.abs (local.get $x2)) (f64x2.splat (f64.const 1000)))))
            (v128.store (i32.add (local.get $rhs) (local.get $o)) (f64x2.sub (v128.load (i32.add (local.get $ge) (local.get $o))) (f64x2.mul (v128.load (i32.add (local.get $g) (local.get $o))) (local.get $v2))))
            (local.set $i (i32.add (local.get $i) (i32.const 2)))
          )
          (else
            (local.set $o (i32.shl (local.get $i) (i32.const 3)))
            (local.set $x (f64.mul
              (f64.sub (f64.load (i32.add (local.get $rhs) (local.get $o)))
                (f64.mul (f64.load (i32.add (local.get $b) (local.get $o)))
                  (f64.load (i32.add (local.get $dvp) (i32.shl (i32.load (i32.add (local.get $parent) (i32.shl (local.get $i) (i32.const 2)))) (i32.const 3))))))
              (f64.load (i32.add (local.get $d) (local.get $o)))))
            (f64.store (i32.add (local.get $dvp) (local.get $o)) (local.get $x))
            (local.set $vi (f64.add (f64.load (i32.add (local.get $v) (local.get $o))) (local.get $x)))
            (f64.store (i32.add (local.get $v) (local.get $o)) (local.get $vi))
            (local.set $ok (i32.and (local.get $ok) (f64.lt (f64.abs (local.get $x)) (f64.const 1000))))
            (f64.store (i32.add (local.get $rhs) (local.get $o)) (f64.sub (f64.load (i32.add (local.get $ge) (local.get $o))) (f64.mul (f64.load (i32.add (local.get $g) (local.get $o))) (local.get $vi))))
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
          ))
        (br $next)))
    (select (f64.const 0) (f64.const inf) (i32.and (local.get $ok) (i64x2.all_true (local.get $ok2)))))

  ;; hh.mod's vtrap(x, y) = x/(exp(x/y) − 1), with its series limit y·(1 − x/y/2) near 0.
  (func $vtrap (param $x f64) (param $y f64) (result f64)
    (if (result f64) (f64.lt (f64.abs (f64.div (local.get $x) (local.get $y))) (f64.const 1e-6))
      (then (f64.mul (local.get $y) (f64.sub (f64.const 1) (f64.div (f64.div (local.get $x) (local.get $y)) (f64.const 2)))))
      (else (f64.div (local.get $x) (f64.sub (call $exp (f64.div (local.get $x) (local.get $y))) (f64.const 1))))))

  ;; hh.mod's rates(v) without the table (NEURON's usetable_hh = 0): minf mtau hinf htau ninf
  ;; ntau into the scratch row at 160, with the temperature factor q10 from header byte 152.
  (func $hhRates (param $v f64)
    (local $q10 f64) (local $a f64) (local $b f64) (local $sum f64)
    (local.set $q10 (f64.load (i32.const 152)))
    (local.set $a (f64.mul (f64.const 0.1) (call $vtrap (f64.neg (f64.add (local.get $v) (f64.const 40))) (f64.const 10))))
    (local.set $b (f64.mul (f64.const 4) (call $exp (f64.div (f64.neg (f64.add (local.get $v) (f64.const 65))) (f64.const 18)))))
    (local.set $sum (f64.add (local.get $a) (local.get $b)))
    (f64.store (i32.const 160) (f64.div (local.get $a) (local.get $sum)))
    (f64.store (i32.const 168) (f64.div (f64.const 1) (f64.mul (local.get $q10) (local.get $sum))))
    (local.set $a (f64.mul (f64.const 0.07) (call $exp (f64.div (f64.neg (f64.add (local.get $v) (f64.const 65))) (f64.const 20)))))
    (local.set $b (f64.div (f64.const 1) (f64.add (call $exp (f64.div (f64.neg (f64.add (local.get $v) (f64.const 35))) (f64.const 10))) (f64.const 1))))
    (local.set $sum (f64.add (local.get $a) (local.get $b)))
    (f64.store (i32.const 176) (f64.div (local.get $a) (local.get $sum)))
    (f64.store (i32.const 184) (f64.div (f64.const 1) (f64.mul (local.get $q10) (local.get $sum))))
    (local.set $a (f64.mul (f64.const 0.01) (call $vtrap (f64.neg (f64.add (local.get $v) (f64.const 55))) (f64.const 10))))
    (local.set $b (f64.mul (f64.const 0.125) (call $exp (f64.div (f64.neg (f64.add (local.get $v) (f64.const 65))) (f64.const 80)))))
    (local.set $sum (f64.add (local.get $a) (local.get $b)))
    (f64.store (i32.const 192) (f64.div (local.get $a) (local.get $sum)))
    (f64.store (i32.const 200) (f64.div (f64.const 1) (f64.mul (local.get $q10) (local.get $sum)))))

  ;; hh states to the new v: rates by linear interpolation in the table (rows of 96 bytes:
  ;; minf mtau hinf htau ninf ntau, then the six slopes to the next row), then cnexp
  ;; x += (1 − e^(−dt/τ))·(x∞ − x); then the next step's currents (nothing changes v or the
  ;; states before that step; rhs and d were just reset by $substitute).
  (func $hhAdvance (export "hhAdvance") (param $dt f64)
    (local $k i32) (local $nhh i32) (local $p i32) (local $node i32) (local $vi f64) (local $xi f64)
    (local $o i32) (local $th f64) (local $ii i32) (local $x f64) (local $tau f64)
    (local $hh i32) (local $nodes i32) (local $tab i32) (local $v i32) (local $ok i32) (local $usetable i32)
    (local $p0 i32) (local $p1 i32) (local $o0 i32) (local $o1 i32) (local $xi1 f64)
    (local $th2 v128) (local $ndt2 v128) (local $x2 v128) (local $tau2 v128) (local $e2 v128) (local $s2 v128)
    (local $m2 v128) (local $h2 v128) (local $v2 v128) (local $g2 v128) (local $gk2 v128) (local $i2 v128) (local $q2 v128)
    (local $sp i32) (local $scr i32) (local $kk i32)
    (local $ex v128) (local $ekf v128) (local $er v128) (local $ek v128) (local $et v128)
    (local $nd0 i32) (local $nd1 i32) (local $rhs i32) (local $d i32) (local $from i32)
    (local.set $rhs (i32.load (i32.const 12)))
    (local.set $d (i32.load (i32.const 16)))
    (local.set $usetable (i32.load (i32.const 144)))
    (local.set $scr (i32.load (i32.const 784)))
    (local.set $nhh (i32.load (i32.const 48)))
    (local.set $hh (i32.load (i32.const 52)))
    (local.set $nodes (i32.load (i32.const 56)))
    (local.set $tab (i32.load (i32.const 60)))
    (local.set $v (i32.load (i32.const 8)))
    ;; With the table, two instances at a time in f64x2 lanes (the same arithmetic per lane), as
    ;; long as both v are inside the table; the rest, one at a time below. In three short loops
    ;; (rates and exponents into the scratch rows, the exponentials, the states and currents):
    ;; one loop doing all three has a long dependency chain per pair that the CPU could not
    ;; overlap with the next pair's (measured 1.8x slower on the DA1 tutorial).
    (if (local.get $usetable)
      (then
        (local.set $ndt2 (f64x2.splat (f64.neg (local.get $dt))))
        (block $pdone
          (loop $pnext
            (br_if $pdone (i32.ge_u (i32.add (local.get $k) (i32.const 1)) (local.get $nhh)))
            (local.set $nd0 (i32.shl (i32.load (i32.add (local.get $nodes) (i32.shl (local.get $k) (i32.const 2)))) (i32.const 3)))
            (local.set $nd1 (i32.shl (i32.load offset=4 (i32.add (local.get $nodes) (i32.shl (local.get $k) (i32.const 2)))) (i32.const 3)))
            (local.set $xi (f64.sub (f64.load (i32.add (local.get $v) (local.get $nd0))) (f64.const -100)))
            (local.set $xi1 (f64.sub (f64.load (i32.add (local.get $v) (local.get $nd1))) (f64.const -100)))
            (br_if $pdone (i32.eqz (i32.and (i32.and (i32.ne (local.get $nd0) (local.get $nd1))
              (i32.and (f64.gt (local.get $xi) (f64.const 0)) (f64.lt (local.get $xi) (f64.const 200))))
              (i32.and (f64.gt (local.get $xi1) (f64.const 0)) (f64.lt (local.get $xi1) (f64.const 200))))))
            (local.set $ii (i32.trunc_f64_s (local.get $xi)))
            (local.set $o0 (i32.add (local.get $tab) (i32.mul (local.get $ii) (i32.const 96))))
            (local.set $th2 (f64x2.splat (f64.sub (local.get $xi) (f64.convert_i32_s (local.get $ii)))))
            (local.set $ii (i32.trunc_f64_s (local.get $xi1)))
            (local.set $o1 (i32.add (local.get $tab) (i32.mul (local.get $ii) (i32.const 96))))
            (local.set $th2 (f64x2.replace_lane 1 (local.get $th2) (f64.sub (local.get $xi1) (f64.convert_i32_s (local.get $ii)))))
            ;; Scratch row of the pair: m∞, −dt/τm, h∞, −dt/τh, n∞, −dt/τn (each two lanes).
            (local.set $sp (i32.add (local.get $scr) (i32.mul (local.get $k) (i32.const 48))))
            (v128.store offset=0 (local.get $sp) (f64x2.add (v128.load64_lane offset=0 1 (local.get $o1) (v128.load64_zero offset=0 (local.get $o0))) (f64x2.mul (local.get $th2) (v128.load64_lane offset=48 1 (local.get $o1) (v128.load64_zero offset=48 (local.get $o0))))))
            (v128.store offset=16 (local.get $sp) (f64x2.div (local.get $ndt2) (f64x2.add (v128.load64_lane offset=8 1 (local.get $o1) (v128.load64_zero offset=8 (local.get $o0))) (f64x2.mul (local.get $th2) (v128.load64_lane offset=56 1 (local.get $o1) (v128.load64_zero offset=56 (local.get $o0)))))))
            (v128.store offset=32 (local.get $sp) (f64x2.add (v128.load64_lane offset=16 1 (local.get $o1) (v128.load64_zero offset=16 (local.get $o0))) (f64x2.mul (local.get $th2) (v128.load64_lane offset=64 1 (local.get $o1) (v128.load64_zero offset=64 (local.get $o0))))))
            (v128.store offset=48 (local.get $sp) (f64x2.div (local.get $ndt2) (f64x2.add (v128.load64_lane offset=24 1 (local.get $o1) (v128.load64_zero offset=24 (local.get $o0))) (f64x2.mul (local.get $th2) (v128.load64_lane offset=72 1 (local.get $o1) (v128.load64_zero offset=72 (local.get $o0)))))))
            (v128.store offset=64 (local.get $sp) (f64x2.add (v128.load64_lane offset=32 1 (local.get $o1) (v128.load64_zero offset=32 (local.get $o0))) (f64x2.mul (local.get $th2) (v128.load64_lane offset=80 1 (local.get $o1) (v128.load64_zero offset=80 (local.get $o0))))))
            (v128.store offset=80 (local.get $sp) (f64x2.div (local.get $ndt2) (f64x2.add (v128.load64_lane offset=40 1 (local.get $o1) (v128.load64_zero offset=40 (local.get $o0))) (f64x2.mul (local.get $th2) (v128.load64_lane offset=88 1 (local.get $o1) (v128.load64_zero offset=88 (local.get $o0)))))))
            (local.set $k (i32.add (local.get $k) (i32.const 2)))
            (br $pnext)))
        ;; e^(−dt/τ) in place.
        (local.set $sp (i32.add (local.get $scr) (i32.const 16)))
        (local.set $o (i32.add (local.get $scr) (i32.mul (local.get $k) (i32.const 48))))
        (block $edone
          (loop $enext
            (br_if $edone (i32.ge_u (local.get $sp) (local.get $o)))
            (local.set $ex (v128.load (local.get $sp)))
            (v128.store (local.get $sp) (block $exd (result v128)
    (if (i32.eqz (i64x2.all_true (v128.and (f64x2.gt (local.get $ex) (f64x2.splat (f64.const -708))) (f64x2.lt (local.get $ex) (f64x2.splat (f64.const 709))))))
      (then (return
        (f64x2.replace_lane 1
          (f64x2.splat (call $exp (f64x2.extract_lane 0 (local.get $ex))))
          (call $exp (f64x2.extract_lane 1 (local.get $ex)))))))
    ;; x·64/ln 2 + 1.5·2^52 holds k = round(x·64/ln 2) in its low bits, so the integer k (the
    ;; scalar code's trunc of kf) is its bit pattern minus that of 1.5·2^52: no float → int
    ;; conversion, which SSE has not for two lanes.
    (local.set $ekf (f64x2.add (f64x2.mul (local.get $ex) (f64x2.splat (f64.const 92.33248261689366))) (f64x2.splat (f64.const 6755399441055744))))
    (local.set $ek (i64x2.sub (local.get $ekf) (i64x2.splat (i64.const 0x4338000000000000))))
    (local.set $ekf (f64x2.sub (local.get $ekf) (f64x2.splat (f64.const 6755399441055744))))
    (local.set $er (f64x2.sub (f64x2.sub (local.get $ex) (f64x2.mul (local.get $ekf) (f64x2.splat (f64.const 0.010830424696905538)))) (f64x2.mul (local.get $ekf) (f64x2.splat (f64.const -6.563929801064195e-13)))))
    (local.set $et (v128.load64_zero offset=256 (i32.shl (i32.and (i32x4.extract_lane 0 (local.get $ek)) (i32.const 63)) (i32.const 3))))
    (local.set $et (v128.load64_lane offset=256 1 (i32.shl (i32.and (i32x4.extract_lane 2 (local.get $ek)) (i32.const 63)) (i32.const 3)) (local.get $et)))
    (f64x2.mul
      (f64x2.add (local.get $et)
        (f64x2.mul (local.get $et)
          (f64x2.add (local.get $er)
            (f64x2.mul (f64x2.mul (local.get $er) (local.get $er))
              (f64x2.add (f64x2.splat (f64.const 0.5))
                (f64x2.mul (local.get $er)
                  (f64x2.add (f64x2.splat (f64.const 0.16666666666666666))
                    (f64x2.mul (local.get $er)
                      (f64x2.add (f64x2.splat (f64.const 0.041666666666666664))
                        (f64x2.mul (local.get $er) (f64x2.splat (f64.const 0.008333333333333333))))))))))))
      ;; 2^(k >> 6): ((k >> 6) + 1023) << 52, as ((k + 1023·64) >>u 6) << 52 (k > −1023·64 here).
      (i64x2.shl (i64x2.shr_u (i64x2.add (local.get $ek) (i64x2.splat (i64.const 65472))) (i32.const 6)) (i32.const 52)))))
            (local.set $sp (i32.add (local.get $sp) (i32.const 32)))
            (br $enext)))
        ;; States x += (1 − e^(−dt/τ))·(x∞ − x), then the next step's currents of both instances
        ;; ($hhCurrents' arithmetic lane by lane; each node has one hh instance).
        (local.set $kk (i32.const 0))
        (block $sdone
          (loop $snext
            (br_if $sdone (i32.ge_u (local.get $kk) (local.get $k)))
            (local.set $p0 (i32.add (local.get $hh) (i32.mul (local.get $kk) (i32.const 96))))
            (local.set $sp (i32.add (local.get $scr) (i32.mul (local.get $kk) (i32.const 48))))
            (local.set $nd0 (i32.shl (i32.load (i32.add (local.get $nodes) (i32.shl (local.get $kk) (i32.const 2)))) (i32.const 3)))
            (local.set $nd1 (i32.shl (i32.load offset=4 (i32.add (local.get $nodes) (i32.shl (local.get $kk) (i32.const 2)))) (i32.const 3)))
            (local.set $v2 (v128.load64_lane 1 (i32.add (local.get $v) (local.get $nd1)) (v128.load64_zero (i32.add (local.get $v) (local.get $nd0)))))
            (local.set $s2 (v128.load offset=0 (local.get $p0)))
            (local.set $s2 (f64x2.add (local.get $s2) (f64x2.mul (f64x2.sub (f64x2.splat (f64.const 1)) (v128.load offset=16 (local.get $sp))) (f64x2.sub (v128.load offset=0 (local.get $sp)) (local.get $s2)))))
            (v128.store offset=0 (local.get $p0) (local.get $s2))
            (local.set $m2 (local.get $s2))
            (local.set $s2 (v128.load offset=16 (local.get $p0)))
            (local.set $s2 (f64x2.add (local.get $s2) (f64x2.mul (f64x2.sub (f64x2.splat (f64.const 1)) (v128.load offset=48 (local.get $sp))) (f64x2.sub (v128.load offset=32 (local.get $sp)) (local.get $s2)))))
            (v128.store offset=16 (local.get $p0) (local.get $s2))
            (local.set $h2 (local.get $s2))
            (local.set $s2 (v128.load offset=32 (local.get $p0)))
            (local.set $s2 (f64x2.add (local.get $s2) (f64x2.mul (f64x2.sub (f64x2.splat (f64.const 1)) (v128.load offset=80 (local.get $sp))) (f64x2.sub (v128.load offset=64 (local.get $sp)) (local.get $s2)))))
            (v128.store offset=32 (local.get $p0) (local.get $s2))
            (local.set $q2 (f64x2.mul (local.get $s2) (local.get $s2)))
            (local.set $g2 (f64x2.mul (f64x2.mul (f64x2.mul (f64x2.mul (v128.load offset=48 (local.get $p0)) (local.get $m2)) (local.get $m2)) (local.get $m2)) (local.get $h2)))
            (local.set $gk2 (f64x2.mul (f64x2.mul (v128.load offset=64 (local.get $p0)) (local.get $q2)) (local.get $q2)))
            (local.set $x2 (v128.load offset=80 (local.get $p0)))
            (local.set $i2 (f64x2.add (f64x2.add
              (f64x2.mul (local.get $g2) (f64x2.sub (local.get $v2) (v128.load offset=112 (local.get $p0))))
              (f64x2.mul (local.get $gk2) (f64x2.sub (local.get $v2) (v128.load offset=128 (local.get $p0)))))
              (f64x2.mul (local.get $x2) (f64x2.sub (local.get $v2) (v128.load offset=96 (local.get $p0))))))
            (local.set $g2 (f64x2.add (f64x2.add (local.get $g2) (local.get $gk2)) (local.get $x2)))
            (v128.store offset=144 (local.get $p0) (local.get $i2))
            (v128.store offset=160 (local.get $p0) (local.get $g2))
            (local.set $x2 (f64x2.sub (v128.load64_lane 1 (i32.add (local.get $rhs) (local.get $nd1)) (v128.load64_zero (i32.add (local.get $rhs) (local.get $nd0)))) (local.get $i2)))
            (v128.store64_lane 0 (i32.add (local.get $rhs) (local.get $nd0)) (local.get $x2))
            (v128.store64_lane 1 (i32.add (local.get $rhs) (local.get $nd1)) (local.get $x2))
            (local.set $x2 (f64x2.add (v128.load64_lane 1 (i32.add (local.get $d) (local.get $nd1)) (v128.load64_zero (i32.add (local.get $d) (local.get $nd0)))) (local.get $g2)))
            (v128.store64_lane 0 (i32.add (local.get $d) (local.get $nd0)) (local.get $x2))
            (v128.store64_lane 1 (i32.add (local.get $d) (local.get $nd1)) (local.get $x2))
            (local.set $kk (i32.add (local.get $kk) (i32.const 2)))
            (br $snext)))))
    ;; Instances from here on get their currents in $hhCurrents below.
    (local.set $from (local.get $k))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $k) (local.get $nhh)))
        (local.set $p (i32.add (i32.add (local.get $hh) (i32.mul (i32.shr_u (local.get $k) (i32.const 1)) (i32.const 192))) (i32.shl (i32.and (local.get $k) (i32.const 1)) (i32.const 3))))
        (local.set $node (i32.shl (i32.load (i32.add (local.get $nodes) (i32.shl (local.get $k) (i32.const 2)))) (i32.const 3)))
        (local.set $vi (f64.load (i32.add (local.get $v) (local.get $node))))
        (local.set $ok (i32.const 1))
        (if (i32.eqz (local.get $usetable))
          (then
            ;; usetable_hh = 0: the rates at this v, written to the scratch row (slopes 0).
            (call $hhRates (local.get $vi))
            (local.set $o (i32.const 160))
            (local.set $th (f64.const 0)))
          (else
          (local.set $xi (f64.sub (local.get $vi) (f64.const -100)))
          (local.set $ok (i32.const 1))
          (if (i32.and (f64.gt (local.get $xi) (f64.const 0)) (f64.lt (local.get $xi) (f64.const 200)))
            (then
              (local.set $ii (i32.trunc_f64_s (local.get $xi)))
              (local.set $o (i32.add (local.get $tab) (i32.mul (local.get $ii) (i32.const 96))))
              (local.set $th (f64.sub (local.get $xi) (f64.convert_i32_s (local.get $ii)))))
            (else
              (if (f64.le (local.get $xi) (f64.const 0))
                (then (local.set $o (local.get $tab)) (local.set $th (f64.const 0)))
                (else
                  (if (f64.ge (local.get $xi) (f64.const 200))
                    ;; Beyond the table NEURON uses its last row: row 199 + 1·slope.
                    (then (local.set $o (i32.add (local.get $tab) (i32.const 19104))) (local.set $th (f64.const 1)))
                    (else (local.set $ok (i32.const 0))))))))))
        (if (local.get $ok)
          (then
            ;; m
            (local.set $x (f64.add (f64.load (local.get $o)) (f64.mul (local.get $th) (f64.load offset=48 (local.get $o)))))
            (local.set $tau (f64.add (f64.load offset=8 (local.get $o)) (f64.mul (local.get $th) (f64.load offset=56 (local.get $o)))))
            (f64.store (local.get $p) (f64.add (f64.load (local.get $p))
              (f64.mul (f64.sub (f64.const 1) (call $exp (f64.div (f64.neg (local.get $dt)) (local.get $tau))))
                       (f64.sub (local.get $x) (f64.load (local.get $p))))))
            ;; h
            (local.set $x (f64.add (f64.load offset=16 (local.get $o)) (f64.mul (local.get $th) (f64.load offset=64 (local.get $o)))))
            (local.set $tau (f64.add (f64.load offset=24 (local.get $o)) (f64.mul (local.get $th) (f64.load offset=72 (local.get $o)))))
            (f64.store offset=16 (local.get $p) (f64.add (f64.load offset=16 (local.get $p))
              (f64.mul (f64.sub (f64.const 1) (call $exp (f64.div (f64.neg (local.get $dt)) (local.get $tau))))
                       (f64.sub (local.get $x) (f64.load offset=16 (local.get $p))))))
            ;; n
            (local.set $x (f64.add (f64.load offset=32 (local.get $o)) (f64.mul (local.get $th) (f64.load offset=80 (local.get $o)))))
            (local.set $tau (f64.add (f64.load offset=40 (local.get $o)) (f64.mul (local.get $th) (f64.load offset=88 (local.get $o)))))
            (f64.store offset=32 (local.get $p) (f64.add (f64.load offset=32 (local.get $p))
              (f64.mul (f64.sub (f64.const 1) (call $exp (f64.div (f64.neg (local.get $dt)) (local.get $tau))))
                       (f64.sub (local.get $x) (f64.load offset=32 (local.get $p)))))))
          (else
            (f64.store (local.get $p) (f64.const nan))
            (f64.store offset=16 (local.get $p) (f64.const nan))
            (f64.store offset=32 (local.get $p) (f64.const nan))))
        (local.set $k (i32.add (local.get $k) (i32.const 1)))
        (br $next)))
    (call $hhCurrents (local.get $from)))

  ;; Run up to `count` steps. t is read from and written back to the header (byte 128) with
  ;; NEURON's accumulation (t += dt/2 twice a step). After step `stepIndex + 1` is a multiple
  ;; of `every`, the probes (byte addresses at header 96, count at 92) are copied into the
  ;; next row of the record buffer (header 100). Returns the number of steps done, negated
  ;; (−k) if step k changed some v by NaN, infinity or more than 1000 mV: the integration has
  ;; blown up (its values are left in place for the report).
  (func (export "run") (param $count i32) (param $dt f64) (param $every i32) (param $stepIndex i32) (result i32)
    (local $k i32) (local $t f64) (local $sum f64) (local $row i32) (local $j i32) (local $np i32) (local $addr i32) (local $rec i32)
    (local.set $t (f64.load (i32.const 128)))
    (local.set $np (i32.load (i32.const 92)))
    (local.set $addr (i32.load (i32.const 96)))
    (local.set $rec (i32.load (i32.const 100)))
    (block $done
      (loop $next
        (br_if $done (i32.ge_s (local.get $k) (local.get $count)))
        (local.set $t (f64.add (local.get $t) (f64.mul (f64.const 0.5) (local.get $dt))))
        (call $mechCurrent (local.get $t) (local.get $dt) (f64.load (i32.const 136)))
        (call $pointProcesses (local.get $t))
        (call $eliminate)
        (local.set $sum (call $substitute))
        (local.set $t (f64.add (local.get $t) (f64.mul (f64.const 0.5) (local.get $dt))))
        (local.set $k (i32.add (local.get $k) (i32.const 1)))
        (if (i32.eqz (f64.lt (local.get $sum) (f64.const 1000)))
          (then
            (f64.store (i32.const 128) (local.get $t))
            (return (i32.sub (i32.const 0) (local.get $k)))))
        (call $synStates)
        (call $hhAdvance (local.get $dt))
        (call $mechState (local.get $t) (local.get $dt) (f64.load (i32.const 136)))
        (if (i32.eqz (i32.rem_u (i32.add (local.get $stepIndex) (local.get $k)) (local.get $every)))
          (then
            (local.set $j (i32.const 0))
            (block $rdone
              (loop $rnext
                (br_if $rdone (i32.ge_u (local.get $j) (local.get $np)))
                (f64.store (local.get $rec)
                  (f64.load (i32.load (i32.add (local.get $addr) (i32.shl (local.get $j) (i32.const 2))))))
                (local.set $rec (i32.add (local.get $rec) (i32.const 8)))
                (local.set $j (i32.add (local.get $j) (i32.const 1)))
                (br $rnext)))))
        (br $next)))
    (f64.store (i32.const 128) (local.get $t))
    (local.get $k))
)
