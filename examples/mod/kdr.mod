COMMENT
Delayed-rectifier K current, one gate n (ik = gbar n (v - ek)).

Rates as in Mainen & Sejnowski 1996 (Nature 382:363):
  alpha = 0.02 * trap(v - tha, qa), beta = 0.002 * trap(tha - v, qa)
with trap(x, k) = x / (1 - exp(-x/k)) (its limit k at x = 0). The time constant is
divided by q10^((celsius - temp)/10); gbar is the conductance at every temperature.
Written for NeuroWire.
ENDCOMMENT

NEURON {
	SUFFIX kdr
	USEION k READ ek WRITE ik
	RANGE gbar, g
	GLOBAL q10, temp
}

UNITS {
	(mA) = (milliamp)
	(mV) = (millivolt)
	(S) = (siemens)
}

PARAMETER {
	gbar = 0.03 (S/cm2)    : peak conductance (a soma; dendrites ~0.002, axon ~0.3)
	tha = 25 (mV)          : activation midpoint
	qa = 9 (mV)            : activation slope
	temp = 23 (degC)       : temperature of the fitted rates
	q10 = 2.3
}

ASSIGNED {
	v (mV)
	celsius (degC)
	ek (mV)
	ik (mA/cm2)
	g (S/cm2)
	ninf
	ntau (ms)
}

STATE { n }

BREAKPOINT {
	SOLVE states METHOD cnexp
	g = gbar * n
	ik = g * (v - ek)
}

INITIAL {
	rates(v)
	n = ninf
}

DERIVATIVE states {
	rates(v)
	n' = (ninf - n) / ntau
}

PROCEDURE rates(v (mV)) { LOCAL a, b
	a = 0.02 (/ms-mV) * trap(v - tha, qa)
	b = 0.002 (/ms-mV) * trap(tha - v, qa)
	ntau = 1 / (a + b) / q10^((celsius - temp) / 10 (degC))
	ninf = a / (a + b)
}

: x / (1 - exp(-x/k)) without the 0/0 at x = 0 (series to first order there)
FUNCTION trap(x (mV), k (mV)) (mV) {
	if (fabs(x / k) < 1e-6) {
		trap = k * (1 + x / k / 2)
	} else {
		trap = x / (1 - exp(-x / k))
	}
}
