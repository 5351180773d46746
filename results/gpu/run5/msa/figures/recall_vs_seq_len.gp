# recall_vs_seq_len.gp - Selection quality vs context length
# Written by `msabench plot` from results/gpu/run5/msa/combined/results.csv; the data is recall_vs_seq_len.dat beside this file.
# Rebuild in this directory: gnuplot recall_vs_seq_len.gp   (or gnuplot -e 'fmts="png"' recall_vs_seq_len.gp)
if (!exists("fmts")) fmts = "pdf png svg"
reset
set encoding utf8
set grid xtics ytics lc rgb "#dddddd" lw 1
set border lw 1
set tics nomirror out
set border 3
set style line 1 lc rgb "#eb9394" lw 2 dt 1 pt 7
set style line 2 lc rgb "#801718" lw 2 dt 1 pt 7
set xlabel "context length N (tokens)"
set logscale x 2
set xrange [13107.2:1310720]
unset mxtics
set xtics ("16K" 16384, "32K" 32768, "64K" 65536, "128K" 131072, "256K" 262144, "512K" 524288, "1M" 1048576)
set yrange [0:1]
set ytics 0, 0.2, 1
set mytics 2
set format y "%.1f"
set grid xtics ytics mytics lc rgb "#dddddd" lw 1, lc rgb "#f0f0f0" lw 1
set pointsize 1
do for [fmt in fmts] {
  if (fmt eq "pdf") {
    set terminal pdfcairo noenhanced color font "Helvetica,9" size 9.77in,4.37in linewidth 0.6
    set output "recall_vs_seq_len.pdf"; small = ",7"; set pointsize 0.55
  }
  if (fmt eq "png") {
    set terminal pngcairo noenhanced color font "Helvetica,11" size 1466,655 linewidth 1
    set output "recall_vs_seq_len.png"; small = ",9"; set pointsize 1.1
  }
  if (fmt eq "svg") {
    set terminal svg noenhanced font "Helvetica,11" size 1172,524 dynamic background "white" linewidth 1
    set output "recall_vs_seq_len.svg"; small = ",9"; set pointsize 1
  }
  unset label 900
  set multiplot title "Selection quality vs context length  -  NVIDIA H100 80GB HBM3\nHq=64, Hkv=4, d=128, normal, index noise 0, Bk=128, k=16 (i.i.d. scores nearly tie: recall sits near chance k/nb, SPEC §6)"
  set lmargin at screen 0.0665
  set rmargin at screen 0.2762
  set tmargin at screen 0.8055
  set bmargin at screen 0.2105
  set ylabel "block recall"
  set title "block recall: |I* ∩ Î| / |I*|"
  set key off
  plot 'recall_vs_seq_len.dat' index 0 using 1:2 with linespoints ls 1 notitle, \
    'recall_vs_seq_len.dat' index 1 using 1:2 with linespoints ls 2 notitle
  set lmargin at screen 0.3478
  set rmargin at screen 0.5575
  set tmargin at screen 0.8055
  set bmargin at screen 0.2105
  set ylabel "score recall"
  set title "score recall: P(I* ∩ Î) / P(I*)"
  set key off
  plot 'recall_vs_seq_len.dat' index 0 using 1:3 with linespoints ls 1 notitle, \
    'recall_vs_seq_len.dat' index 1 using 1:3 with linespoints ls 2 notitle
  set lmargin at screen 0.6292
  set rmargin at screen 0.8389
  set tmargin at screen 0.8055
  set bmargin at screen 0.2105
  set ylabel "mass coverage"
  set title "mass coverage: P(Î): dense mass kept"
  set key at screen 0.8593, screen 0.8055 top left Left reverse noautotitle spacing 1.2 samplen 2.5
  set label 900 "skipped: msa torch N=512K prefill (torch index+topk above 262144 tokens not run...);  skipped: msa torch N=1M prefill (torch index+topk above 262144 tokens not run...)" at screen 0.01, screen 0.01 left front textcolor rgb "#555555" font small offset 0,1
  plot 'recall_vs_seq_len.dat' index 0 using 1:4 with linespoints ls 1 title "msa decode", \
    'recall_vs_seq_len.dat' index 1 using 1:4 with linespoints ls 2 title "msa prefill"
  unset multiplot
  set output
}
