"""NEURON's ion facts for src/core/ions/ions.test.ts: nernst() and ghk() on a grid, the default
ion values, the style bitmap that hh's USEION gives, and ena after finitialize with the Nernst
styles (NEURON inserts an ion only with a mechanism that uses it: hh's na stands for any ion). Prints one JSON object."""
import json
from neuron import h

h.load_file("stdrun.hoc")
out = {"nernst": [], "ghk": []}
for celsius in (6.3, 22.0, 37.0):
    h.celsius = celsius
    for z in (1.0, 2.0, -1.0, 0.0):
        for ci, co in ((10.0, 140.0), (5e-5, 2.0), (54.4, 2.5), (0.0, 1.0), (1.0, 0.0)):
            out["nernst"].append([celsius, ci, co, z, h.nernst(ci, co, z)])
            for v in (-70.0, 0.0, 1e-7, 30.0):
                if z != 0.0:
                    out["ghk"].append([celsius, v, ci, co, z, h.ghk(v, ci, co, z)])

s = h.Section(name="s")
s.insert("hh")
seg = s(0.5)
out["defaults"] = {
    "ena": seg.ena, "nai": seg.nai, "nao": seg.nao,
    "ek": seg.ek, "ki": seg.ki, "ko": seg.ko,
    "nai0": h.nai0_na_ion, "nao0": h.nao0_na_ion,
}
s.push()
out["style_na_hh"] = h.ion_style("na_ion")
# Concentrations as states, e from Nernst at init and every step: ena follows nai0/nao0 at celsius.
h.ion_style("na_ion", 3, 2, 1, 1, 1)
out["style_na_set"] = h.ion_style("na_ion")
h.pop_section()
h.nai0_na_ion = 12.5
h.nao0_na_ion = 120.0
for celsius in (6.3, 37.0):
    h.celsius = celsius
    h.finitialize(-65)
    out.setdefault("ena_init", []).append([celsius, seg.nai, seg.nao, seg.ena])
print(json.dumps(out))
