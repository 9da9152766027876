COMMENT
Transient Na current, m^3 h (Hodgkin-Huxley form).

Rates as in Mainen & Sejnowski 1996 (Nature 382:363), after Hamill et al. 1991:
  m: alpha = 0.182 * trap(v - tha, qa), beta = 0.124 * trap(tha - v, qa)
  h: alpha = 0.024 * trap(v - thi1, qi), beta = 0.0091 * trap(thi2 - v, qi),
     hinf = 1 / (1 + exp((v - thinf) / qinf))
with trap(x, k) = x / (1 - exp(-x/k)) (its limit k at x = 0), all at v + vshift.
Time constants are divided by q10^((celsius - temp)/10). gbar is the conductance
itself at every temperature (Mainen & Sejnowski also scaled it; we do not).
Written for NeuroWire.
ENDCOMMENT

NEURON {
	SUFFIX na
	USEION na READ ena WRITE ina
	RANGE gbar, g, vshift
	GLOBAL q10, temp
}

UNITS {
	(mA) = (milliamp)
	(mV) = (millivolt)
	(S) = (siemens)
}

PARAMETER {
	gbar = 0.08 (S/cm2)    : peak conductance (a soma; dendrites ~0.004, axon ~1)
	vshift = -5 (mV)       : shifts every rate along v
	tha = -35 (mV)         : activation midpoint
	qa = 9 (mV)            : activation slope
	thi1 = -50 (mV)        : inactivation rate midpoints
	thi2 = -75 (mV)
	qi = 5 (mV)
	thinf = -65 (mV)       : steady-state inactivation midpoint
	qinf = 6.2 (mV)
	temp = 23 (degC)       : temperature of the fitted rates
	q10 = 2.3
}

ASSIGNED {
	v (mV)
	celsius (degC)
	ena (mV)
	ina (mA/cm2)
	g (S/cm2)
	minf
	hinf
	mtau (ms)
	htau (ms)
}

STATE { m h }

BREAKPOINT {
	SOLVE states METHOD cnexp
	g = gbar * m * m * m * h
	ina = g * (v - ena)
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

PROCEDURE rates(v (mV)) { LOCAL a, b, tadj, vm
	tadj = q10^((celsius - temp) / 10 (degC))
	vm = v + vshift
	a = 0.182 (/ms-mV) * trap(vm - tha, qa)
	b = 0.124 (/ms-mV) * trap(tha - vm, qa)
	mtau = 1 / (a + b) / tadj
	minf = a / (a + b)
	a = 0.024 (/ms-mV) * trap(vm - thi1, qi)
	b = 0.0091 (/ms-mV) * trap(thi2 - vm, qi)
	htau = 1 / (a + b) / tadj
	hinf = 1 / (1 + exp((vm - thinf) / qinf))
}

: x / (1 - exp(-x/k)) without the 0/0 at x = 0 (series to first order there)
FUNCTION trap(x (mV), k (mV)) (mV) {
	if (fabs(x / k) < 1e-6) {
		trap = k * (1 + x / k / 2)
	} else {
		trap = x / (1 - exp(-x / k))
	}
}
