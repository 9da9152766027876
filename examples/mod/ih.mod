COMMENT
Hyperpolarization-activated cation current Ih (HCN), one gate m, its own reversal erev:
  i = gbar m (v - erev)
  alpha = 0.00643 * trap(-(v + 154.9), 11.9), beta = 0.193 exp(v / 33.1)   (/ms, v in mV)
with trap(x, k) = x / (1 - exp(-x/k)) (its limit k at x = 0). Kinetics and erev = -45 mV
of Kole et al. 2006 (J Neurosci 26:1677), as used by Hay et al. 2011 (PLoS Comput Biol
7:e1002107), who apply them unscaled at 34 degC; so there is no q10 here.
In a pyramidal cell the density grows with distance d (um) from the soma, e.g.
gbar = 0.0002 * exp(d / 323) (S/cm2) (Kole et al. 2006).
Written for NeuroWire.
ENDCOMMENT

NEURON {
	SUFFIX ih
	NONSPECIFIC_CURRENT i
	RANGE gbar, g, erev
}

UNITS {
	(mA) = (milliamp)
	(mV) = (millivolt)
	(S) = (siemens)
}

PARAMETER {
	gbar = 0.0002 (S/cm2)  : peak conductance (at the soma)
	erev = -45 (mV)        : reversal potential (mixed Na/K)
}

ASSIGNED {
	v (mV)
	i (mA/cm2)
	g (S/cm2)
	minf
	mtau (ms)
}

STATE { m }

BREAKPOINT {
	SOLVE states METHOD cnexp
	g = gbar * m
	i = g * (v - erev)
}

INITIAL {
	rates(v)
	m = minf
}

DERIVATIVE states {
	rates(v)
	m' = (minf - m) / mtau
}

PROCEDURE rates(v (mV)) { LOCAL a, b
	a = 0.00643 (/ms-mV) * trap(-(v + 154.9 (mV)), 11.9 (mV))
	b = 0.193 (/ms) * exp(v / 33.1 (mV))
	mtau = 1 / (a + b)
	minf = a / (a + b)
}

: x / (1 - exp(-x/k)) without the 0/0 at x = 0 (series to first order there)
FUNCTION trap(x (mV), k (mV)) (mV) {
	if (fabs(x / k) < 1e-6) {
		trap = k * (1 + x / k / 2)
	} else {
		trap = x / (1 - exp(-x / k))
	}
}
