/* plot.h - msabench plot: figures of a results.csv through gnuplot.
 *
 *   msabench plot RESULTS.csv|RUNDIR [-o DIR] [--format pdf|png|svg|all] [--help]
 *
 * For each figure the CSV supports, writes DIR/<fig>.gp and DIR/<fig>.dat
 * (`gnuplot <fig>.gp` in DIR rebuilds it without msabench), then runs gnuplot
 * on them through a pipe.  Figures: latency, speedup, tflops, bandwidth,
 * memory, recall_vs_<axis>[_noise<v>], recall_by_layer, stages, flop_ratio, frontier-<mode>-N<n>
 * (peers.csv beside the CSV: the cuDNN base, frontier.h).  meta.json beside the
 * CSV adds the device name and ceilings.  Exit status: 0 all figures made, 1 gnuplot missing or
 * failing (the scripts are still written), 2 usage or input errors (nothing written). */
#ifndef MSABENCH_PLOT_H
#define MSABENCH_PLOT_H
#ifdef __cplusplus
extern "C" {
#endif

/* argv[0] is "plot". */
int plot_main(int argc, char **argv);

/* The paper's eq. 12 FLOP ratio per token, F_GQA / F_MSA =
 * 2 Hq d N / (Hkv d_idx N + 4 Hq d k Bk)  (SPEC §3: 28.44 at N = 2^20 with
 * Hq=64, Hkv=4, d=d_idx=128, k=16, Bk=128). */
double plot_eq12_ratio(double hq, double hkv, double d, double d_idx, double k, double bk,
                       double n);

/* The layer number in a file-data point key (",q=NAME" holds the q file's
 * basename): "layer7", "layer_07" or "L07"/"l7" as a word of the name;
 * -1 when there is none. */
double plot_layer_of_key(const char *key);

#ifdef __cplusplus
}
#endif
#endif
