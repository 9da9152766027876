COMMENT
Small-conductance Ca-activated K current (SK), one gate z gated by cai alone:
  zinf = 1 / (1 + (kd / cai)^hill), z relaxes to zinf with time constant ztau.
Hill kinetics of SK channels measured by Koehler et al. 1996 (Science 273:1709);
kd = 0.43 uM, hill = 4.8, ztau = 1 ms as in Hay et al. 2011 (PLoS Comput Biol
7:e1002107). Ca binding is taken as temperature-independent (no q10), as there.
Needs a mechanism that writes cai (cad.mod); with none, cai stays at its default.
Written for NeuroWire.
ENDCOMMENT

NEURON {
	SUFFIX sk
	USEION ca READ cai
	USEION k READ ek WRITE ik
	RANGE gbar, g
	GLOBAL kd, hill, ztau
}

UNITS {
	(mA) = (milliamp)
	(mV) = (millivolt)
	(mM) = (milli/liter)
	(S) = (siemens)
}

PARAMETER {
	gbar = 0.0005 (S/cm2)  : peak conductance
	kd = 0.00043 (mM)      : half activation
	hill = 4.8             : Hill coefficient
	ztau = 1 (ms)          : gating time constant
}

ASSIGNED {
	v (mV)
	ek (mV)
	cai (mM)
	ik (mA/cm2)
	g (S/cm2)
	zinf
}

STATE { z }

BREAKPOINT {
	SOLVE states METHOD cnexp
	g = gbar * z
	ik = g * (v - ek)
}

INITIAL {
	zinf = occupancy(cai)
	z = zinf
}

DERIVATIVE states {
	zinf = occupancy(cai)
	z' = (zinf - z) / ztau
}

: fraction of channels open at Ca concentration c; 0 when c is not positive
FUNCTION occupancy(c (mM)) {
	if (c <= 0) {
		occupancy = 0
	} else {
		occupancy = 1 / (1 + (kd / c)^hill)
	}
}
