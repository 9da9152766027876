COMMENT
Ca accumulation in a thin shell under the membrane with first-order decay:
  cai' = -(10000) ica / (2 F depth) - (cai - cainf) / taur
(ica in mA/cm2, depth in um, F in C/mol; (10000) converts to mM/ms). Only inward
current adds Ca: an outward ica does not pump Ca out (the decay does that).
After Destexhe et al. 1994 (J Comput Neurosci 1:195) and the cad of Mainen &
Sejnowski 1996 (Nature 382:363). depth may be read as the shell depth divided by the
free fraction of Ca if a buffer is meant (Hay et al. 2011's gamma).
Written for NeuroWire.
ENDCOMMENT

NEURON {
	SUFFIX cad
	USEION ca READ ica WRITE cai
	RANGE depth, taur, cainf, influx
}

UNITS {
	(molar) = (1/liter)
	(mM) = (millimolar)
	(um) = (micron)
	(mA) = (milliamp)
	FARADAY = (faraday) (coulomb)
}

PARAMETER {
	depth = 0.1 (um)       : depth of the shell
	taur = 80 (ms)         : decay time constant
	cainf = 0.0001 (mM)    : resting concentration
}

ASSIGNED {
	ica (mA/cm2)
	influx (mM/ms)         : Ca entry, >= 0
}

STATE { cai (mM) }

INITIAL {
	cai = cainf
}

BREAKPOINT {
	SOLVE state METHOD cnexp
}

DERIVATIVE state {
	influx = -(10000) * ica / (2 * FARADAY * depth)
	if (influx < 0) { influx = 0 }
	cai' = influx - (cai - cainf) / taur
}
