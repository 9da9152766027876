COMMENT
High-voltage-activated Ca current, m^2 h, ohmic with the Nernst eca (so a Ca pool
such as cad.mod lowers the drive as cai rises).

Rates of Reuveni et al. 1993 (J Neurosci 13:4609), as used by Mainen & Sejnowski 1996
and Hay et al. 2011 (PLoS Comput Biol 7:e1002107):
  m: alpha = 0.055 * trap(v + 27, 3.8), beta = 0.94 exp(-(v + 75)/17)
  h: alpha = 0.000457 exp(-(v + 13)/50), beta = 0.0065 / (1 + exp(-(v + 15)/28))
with trap(x, k) = x / (1 - exp(-x/k)) (its limit k at x = 0); rates in /ms, v in mV.
Time constants are divided by q10^((celsius - temp)/10).
Written for NeuroWire.
ENDCOMMENT

NEURON {
	SUFFIX cahva
	USEION ca READ eca WRITE ica
	RANGE gbar, g
	GLOBAL q10, temp
}

UNITS {
	(mA) = (milliamp)
	(mV) = (millivolt)
	(S) = (siemens)
}

PARAMETER {
	gbar = 0.0001 (S/cm2)  : peak conductance
	temp = 23 (degC)       : temperature of the fitted rates
	q10 = 2.3
}

ASSIGNED {
	v (mV)
	celsius (degC)
	eca (mV)
	ica (mA/cm2)
	g (S/cm2)
	minf
	hinf
	mtau (ms)
	htau (ms)
}

STATE { m h }

BREAKPOINT {
	SOLVE states METHOD cnexp
	g = gbar * m * m * h
	ica = g * (v - eca)
}

INITIAL {
	rates(v)
	m = minf
	h = hinf
}

DERIVATIVE states {
	rates(v)
	m' = (minf - m) / mtau
	h' = (hinf - h) / htau
}

PROCEDURE rates(v (mV)) { LOCAL a, b, tadj
	tadj = q10^((celsius - temp) / 10 (degC))
	a = 0.055 (/ms-mV) * trap(v + 27 (mV), 3.8 (mV))
	b = 0.94 (/ms) * exp(-(v + 75 (mV)) / 17 (mV))
	mtau = 1 / (a + b) / tadj
	minf = a / (a + b)
	a = 0.000457 (/ms) * exp(-(v + 13 (mV)) / 50 (mV))
	b = 0.0065 (/ms) / (1 + exp(-(v + 15 (mV)) / 28 (mV)))
	htau = 1 / (a + b) / tadj
	hinf = a / (a + b)
}

: x / (1 - exp(-x/k)) without the 0/0 at x = 0 (series to first order there)
FUNCTION trap(x (mV), k (mV)) (mV) {
	if (fabs(x / k) < 1e-6) {
		trap = k * (1 + x / k / 2)
	} else {
		trap = x / (1 - exp(-x / k))
	}
}
