/**
 * The .mod files of an exported model: safe generated file names, the order NEURON must load
 * them in, and the script's Python code that writes, compiles (nrnivmodl) and loads them.
 *
 * A graph's mechanism names and file references never become a path: each mechanism gets
 * `m<k>_<name with [A-Za-z0-9_] only>.mod` in the folder `mod/` next to the script (k
 * zero-padded, so that the files sort in load order). NEURON registers the mechanisms of a
 * library in the order nrnivmodl is given the files and runs them in that order in each step,
 * so the files are numbered in the order NeuroWire's engine runs its catalogue mechanisms
 * (density mechanisms by first insertion, then point processes by first placement).
 */
import type { ModMechanism } from '../../nodes/mod-mechanism.ts';
import { CoreError } from '../core/errors.ts';
import { wellFormed } from './python.ts';

/** One .mod file as the script writes and compiles it. */
export interface ModFile {
  /** The mechanism's NEURON name (its SUFFIX / POINT_PROCESS / ARTIFICIAL_CELL). */
  name: string;
  kind: 'density' | 'point' | 'artificial';
  /** Generated file name inside `mod/`: `m00_na.mod`. */
  file: string;
  /** The file's text, as NeuroWire compiled it. */
  text: string;
}

/** The folder next to the script that holds the .mod files (a fixed name, written into the script). */
export const MOD_DIR = 'mod';

/** Point processes NeuroWire and NEURON both have built in (a .mod of that name is not used by a run). */
export const BUILTIN_POINT_NAMES: ReadonlySet<string> = new Set(['IClamp', 'AlphaSynapse', 'ExpSyn', 'Exp2Syn']);
/** Density mechanisms NeuroWire and NEURON both have built in. */
const BUILTIN_DENSITY_NAMES: ReadonlySet<string> = new Set(['pas', 'hh']);

/**
 * Names NEURON 8.2 has built in besides those (tools/nmodl/compile.ts BUILTIN_MECHANISMS):
 * a .mod file declaring one cannot be loaded beside it.
 */
const NEURON_ONLY_BUILTINS: ReadonlySet<string> = new Set([
  'morphology', 'capacitance', 'extracellular', 'fastpas', 'na_ion', 'k_ion', 'SEClamp', 'VClamp', 'OClamp', 'APCount', 'NetStim', 'IntFire1', 'IntFire2', 'IntFire4', 'PointProcessMark', 'PatternStim',
]);

/** A file name's mechanism part: [A-Za-z0-9_] only, at most 40 characters. */
export function sanitisedName(name: string): string {
  return name.replace(/[^A-Za-z0-9_]/g, '_').slice(0, 40) || 'mechanism';
}

/**
 * The .mod files of a model in load order: `used` names first (in the order given), then any
 * other mechanism the model carries. Mechanisms that run as NeuroWire's built-ins (pas, hh,
 * IClamp, …) are left out; a name NEURON alone has built in is an error.
 */
export function modFiles(mods: Readonly<Record<string, ModMechanism>> | undefined, used: readonly string[]): ModFile[] {
  if (!mods) return [];
  const names = [...new Set([...used, ...Object.keys(mods)])].filter((n) => Object.hasOwn(mods, n) && !BUILTIN_DENSITY_NAMES.has(n) && !BUILTIN_POINT_NAMES.has(n));
  const width = Math.max(2, String(names.length - 1).length);
  return names.map((name, k) => {
    if (NEURON_ONLY_BUILTINS.has(name)) throw new CoreError('model', `a .mod file declares ${JSON.stringify(name)}, which NEURON has built in: NEURON cannot load it beside its own; rename it in the file`);
    const m = mods[name];
    return { name, kind: m.description.kind, file: `m${String(k).padStart(width, '0')}_${sanitisedName(name)}.mod`, text: wellFormed(m.text) };
  });
}

/**
 * The .mod files of several plans as one library: the first plan's order, then the others' new
 * files. Two different texts for one name cannot share a library.
 */
export function mergeModFiles(lists: ModFile[][]): ModFile[] {
  const byName = new Map<string, ModFile>();
  for (const list of lists) {
    for (const f of list) {
      const had = byName.get(f.name);
      if (had && had.text !== f.text) throw new CoreError('model', `two run blocks use different .mod files for ${JSON.stringify(f.name)}; NEURON loads one library per process: export them separately`);
      if (!had) byName.set(f.name, f);
    }
  }
  const all = [...byName.values()];
  const width = Math.max(2, String(all.length - 1).length);
  return all.map((f, k) => ({ ...f, file: `m${String(k).padStart(width, '0')}_${sanitisedName(f.name)}.mod` }));
}

/** The script's code that writes, compiles and loads the .mod files (the data holds their texts). */
export const MOD_HELPERS = `
# ---------------------------------------------------------------------------------------------
# Mechanisms from .mod files: written into MOD_DIR (next to this script) from the data, compiled
# there with nrnivmodl, loaded with h.nrn_load_dll. Built in MOD_DIR rather than next to the
# script because NEURON loads ./x86_64 of the working folder by itself (twice = an error).

MOD_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "mod")


def known_mechanisms():
    """Names of the density mechanisms and point processes NEURON has now."""
    names = set()
    for kind in (0, 1):
        mt = h.MechanismType(kind)
        name = h.ref("")
        for i in range(int(mt.count())):
            mt.select(i)
            mt.selected(name)
            names.add(name[0])
    return names


def library_in(folder):
    for sub in sorted(os.listdir(folder)) if os.path.isdir(folder) else []:
        for rel in ("libnrnmech.so", os.path.join(".libs", "libnrnmech.so"), "libnrnmech.dylib", "nrnmech.dll"):
            path = os.path.join(folder, sub, rel)
            if os.path.isfile(path):
                return path
    return None


def nrnivmodl_command(exe, folder):
    """nrnivmodl as an argument list. Debian's 8.2.2 script looks for nrnmech_makefile in
    /usr/bin and links without -L/usr/lib/nrn (see NeuroWire's tools/nmodl/compile.ts): a fixed
    copy of it is written into the build folder; any other nrnivmodl runs as it is."""
    with open(exe, encoding="utf-8", errors="replace") as f:
        text = f.read()
    broken = '"\${bindir}/nrnmech_makefile"'
    if broken not in text or not os.path.isfile("/usr/lib/nrn/nrnmech_makefile") or os.path.isfile(os.path.join(os.path.dirname(exe), "nrnmech_makefile")):
        return [exe]
    text = text.replace(broken, "/usr/lib/nrn/nrnmech_makefile")
    text = text.replace('"UserLDFLAGS=$UserLDFLAGS"', '"UserLDFLAGS=-L/usr/lib/nrn -Wl,-rpath,/usr/lib/nrn $UserLDFLAGS"')
    # The special executable does not build with Debian's headers; Python needs only the library.
    text = text.replace('"LinkCoreNEURON=$LinkCoreNEURON" special &&', '"LinkCoreNEURON=$LinkCoreNEURON" mech_lib_shared &&')
    fixed = os.path.join(folder, "nrnivmodl-fixed")
    with open(fixed, "w", encoding="utf-8") as f:
        f.write(text)
    return ["bash", fixed]


def build_mechanisms(mods):
    """Write the .mod files (when missing or changed) and compile them unless the library in
    MOD_DIR was built from these very files. Returns the library's path; exits with status 2
    and the commands to run when nrnivmodl is not installed."""
    os.makedirs(MOD_DIR, exist_ok=True)
    stamp = json.dumps([[m["file"], m["text"]] for m in mods], sort_keys=True)
    for m in mods:
        path = os.path.join(MOD_DIR, m["file"])
        old = None
        if os.path.isfile(path):
            with open(path, encoding="utf-8", newline="") as f:
                old = f.read()
        if old != m["text"]:
            with open(path, "w", encoding="utf-8", newline="") as f:
                f.write(m["text"])
    stamp_file = os.path.join(MOD_DIR, "built-from.json")
    library = library_in(MOD_DIR)
    if library is not None and os.path.isfile(stamp_file):
        with open(stamp_file, encoding="utf-8") as f:
            if f.read() == stamp:
                return library
    exe = shutil.which("nrnivmodl")
    files = [m["file"] for m in mods]
    if exe is None:
        say("error: this model uses mechanisms from .mod files, and nrnivmodl (NEURON's compiler for them) is not on PATH.")
        say("Install it (Debian/Ubuntu: apt-get install neuron-dev), or compile them yourself and run again:")
        say("    cd %s && nrnivmodl %s" % (MOD_DIR, " ".join(files)))
        sys.exit(2)
    say("compiling %d .mod file(s) in %s with %s" % (len(files), MOD_DIR, exe))
    # An argument list, never a shell string; the files in load order.
    r = subprocess.run(nrnivmodl_command(exe, MOD_DIR) + files, cwd=MOD_DIR, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    library = library_in(MOD_DIR)
    if r.returncode != 0 or library is None:
        say(r.stdout.decode("utf-8", "replace")[-4000:])
        say("error: nrnivmodl failed (exit status %d) in %s" % (r.returncode, MOD_DIR))
        sys.exit(2)
    with open(stamp_file, "w", encoding="utf-8") as f:
        f.write(stamp)
    return library


def load_mechanisms(mods, library):
    """Load the library unless NEURON has every mechanism already (loaded by hand or from ./x86_64)."""
    if all(m["name"] in known_mechanisms() for m in mods):
        return
    if h.nrn_load_dll(library) != 1:
        say("error: NEURON could not load %s" % (library,))
        sys.exit(2)
`;
