/* verbs.h - CLI verbs implemented outside main.c (argv[0] is the verb name).
 * Each returns the process exit status: 0 ok, 1 a finding (SLOW, failed),
 * 2 a usage or input error. */
#ifndef MSABENCH_VERBS_H
#define MSABENCH_VERBS_H
int plot_main(int argc, char **argv);
int compare_main(int argc, char **argv);
int merge_main(int argc, char **argv);     /* src/merge.c */
int fit_index_main(int argc, char **argv); /* src/fit_index.c */
int report_main(int argc, char **argv);    /* src/report.c */
#include <stdio.h>
void method_list_print(FILE *f); /* src/method_list.c: the methods part of `list` */
#endif
