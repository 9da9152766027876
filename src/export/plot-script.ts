/**
 * The exported script's own plots and its default output folder. Every CSV file the script
 * writes is noted (write_traces_csv / write_spikes_csv); `--plot-png` draws each as a PNG next to
 * it (traces over time, or a spike raster), `--plot` opens them in windows (PNGs instead when
 * there is no display). matplotlib is optional: without it the script says so and still exits 0,
 * since the CSV files are its result. Titles are the files' names (safe names made by
 * src/dataflow/safe-names.ts), read at run time, so no graph text is spliced into code here.
 */

/** Python: the folder used when `--out` is not given, `<script stem>_out` next to the script. */
export const DEFAULT_OUT_HELPER = `
def default_out():
    """<script name>_out next to this script (used when --out is not given)."""
    here = os.path.abspath(__file__)
    return os.path.join(os.path.dirname(here), os.path.splitext(os.path.basename(here))[0] + "_out")
`;

/** Python: the drawing of what the run wrote (needs the WRITTEN list of OUTPUT_HELPERS). */
export const PLOT_HELPERS = `
# ---------------------------------------------------------------------------------------------
# Plots (optional): matplotlib, when it is installed.

MAX_PLOTTED = 50  # traces per figure (the CSV has them all)


def has_display():
    return sys.platform in ("darwin", "win32") or bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def draw_plots(show):
    """Draw every CSV file written: windows when show (and a display is there), else
    <file>.png next to each CSV. Never fails the run: returns the PNG paths written."""
    if not WRITTEN:
        return []
    show = show and has_display()
    try:
        import matplotlib
        if not show:
            matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except Exception as e:  # matplotlib missing or broken: the CSV files are the result
        say("plots: matplotlib is not available (%s); the CSV files are written (pip install matplotlib)" % (e,))
        return []
    pngs = []
    for kind, path, data in WRITTEN:
        name = os.path.basename(path)
        fig, ax = plt.subplots(figsize=(8, 4.5))
        if kind == "traces":
            t, traces = data
            for label, values in traces[:MAX_PLOTTED]:
                ax.plot(t, values, linewidth=1, label=str(label))
            more = "" if len(traces) <= MAX_PLOTTED else " (first %d of %d traces)" % (MAX_PLOTTED, len(traces))
            ax.set_title(name + more)
            ax.set_xlabel("t (ms)")
            ax.set_ylabel("recorded value (mV, or nA for currents)")
            if 1 < len(traces) <= 12:
                ax.legend(fontsize="small", loc="best")
        else:
            rows = [(label, times) for label, times in data]
            for k, (label, times) in enumerate(rows):
                ax.plot(times, [k] * len(times), "|", color="black", markersize=6)
            ax.set_yticks(range(len(rows)) if len(rows) <= 40 else [])
            if len(rows) <= 40:
                ax.set_yticklabels([str(label) for label, _ in rows])
            ax.set_title("%s: %d spikes" % (name, sum(len(t) for _, t in rows)))
            ax.set_xlabel("t (ms)")
        fig.tight_layout()
        if not show:
            png = os.path.splitext(path)[0] + ".png"
            fig.savefig(png, dpi=100)
            plt.close(fig)
            pngs.append(png)
    if show:
        plt.show()
    else:
        say("plots: %s" % (", ".join(os.path.basename(p) for p in pngs),))
    return pngs
`;
