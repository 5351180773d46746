# recall_vs_seq_len.gp - selection quality vs the axis
# Written by `msabench plot` from results/gpu/run2/h100/combined/results.csv; the data is recall_vs_seq_len.dat beside this file.
# Rebuild in this directory: gnuplot recall_vs_seq_len.gp   (or gnuplot -e 'fmts="png"' recall_vs_seq_len.gp)
if (!exists("fmts")) fmts = "pdf png svg"
reset
set encoding utf8
set grid xtics ytics lc rgb "#dddddd" lw 1
set border lw 1
set tics nomirror out
set border 3
set xlabel "context length N (tokens)"
set logscale x 2
set xrange [13107.2:1310720]
unset mxtics
set xtics ("16K" 16384, "32K" 32768, "64K" 65536, "128K" 131072, "256K" 262144, "512K" 524288, "1M" 1048576)
set yrange [0:1.02]
set ytics 0.2
set format y "%g"
set style line 1 lc rgb "#d62728" lw 2 dt 1 pt 7
set style line 2 lc rgb "#d62728" lw 2 dt 1 pt 6
set style line 3 lc rgb "#9467bd" lw 2 dt 1 pt 13
set style line 4 lc rgb "#d62728" lw 2 dt 2 pt 7
set style line 5 lc rgb "#d62728" lw 2 dt 2 pt 6
set style line 6 lc rgb "#9467bd" lw 2 dt 1 pt 12
do for [fmt in fmts] {
  if (fmt eq "pdf") {
    set terminal pdfcairo noenhanced color font "Helvetica,9" size 9.00in,4.20in linewidth 0.6
    set output "recall_vs_seq_len.pdf"; small = ",7"; set pointsize 0.55
  }
  if (fmt eq "png") {
    set terminal pngcairo noenhanced color font "Helvetica,11" size 1350,630 linewidth 1
    set output "recall_vs_seq_len.png"; small = ",9"; set pointsize 1.1
  }
  if (fmt eq "svg") {
    set terminal svg noenhanced font "Helvetica,11" size 1080,504 dynamic background "white" linewidth 1
    set output "recall_vs_seq_len.svg"; small = ",9"; set pointsize 1
  }
  set multiplot title "Selection quality vs context length N (tokens)  -  NVIDIA H100 80GB HBM3"
  set origin 0.0000,0.3100
  set size 0.3333,0.5500
  set key off
  set title "block recall"
  plot 'recall_vs_seq_len.dat' index 0 using 1:2 with linespoints ls 1 notitle, \
    'recall_vs_seq_len.dat' index 1 using 1:2 with linespoints ls 2 notitle, \
    'recall_vs_seq_len.dat' index 2 using 1:2 with linespoints ls 3 notitle, \
    'recall_vs_seq_len.dat' index 3 using 1:2 with linespoints ls 4 notitle, \
    'recall_vs_seq_len.dat' index 4 using 1:2 with linespoints ls 5 notitle, \
    'recall_vs_seq_len.dat' index 5 using 1:2 with linespoints ls 6 notitle
  set origin 0.3333,0.3100
  set size 0.3333,0.5500
  set key off
  set title "score recall"
  plot 'recall_vs_seq_len.dat' index 0 using 1:3 with linespoints ls 1 notitle, \
    'recall_vs_seq_len.dat' index 1 using 1:3 with linespoints ls 2 notitle, \
    'recall_vs_seq_len.dat' index 2 using 1:3 with linespoints ls 3 notitle, \
    'recall_vs_seq_len.dat' index 3 using 1:3 with linespoints ls 4 notitle, \
    'recall_vs_seq_len.dat' index 4 using 1:3 with linespoints ls 5 notitle, \
    'recall_vs_seq_len.dat' index 5 using 1:3 with linespoints ls 6 notitle
  set origin 0.6667,0.3100
  set size 0.3333,0.5500
  set key off
  set title "mass coverage"
  plot 'recall_vs_seq_len.dat' index 0 using 1:4 with linespoints ls 1 notitle, \
    'recall_vs_seq_len.dat' index 1 using 1:4 with linespoints ls 2 notitle, \
    'recall_vs_seq_len.dat' index 2 using 1:4 with linespoints ls 3 notitle, \
    'recall_vs_seq_len.dat' index 3 using 1:4 with linespoints ls 4 notitle, \
    'recall_vs_seq_len.dat' index 4 using 1:4 with linespoints ls 5 notitle, \
    'recall_vs_seq_len.dat' index 5 using 1:4 with linespoints ls 6 notitle
  set origin 0,0.0900
  set size 1,0.2200
  unset title
  unset border
  unset tics
  unset xlabel
  unset ylabel
  unset grid
  set key on center center horizontal maxrows 3 Left reverse noautotitle
  set yrange [0:1]
  set tmargin 0
  set bmargin 0
  set label 900 "skipped: msa torch N=512K prefill (torch index+topk above 262144 tokens not run...);  skipped: msa torch N=1M prefill (torch index+topk above 262144 tokens not run...)" at screen 0.01, screen 0.01 left front textcolor rgb "#555555" font small offset 0,1
  plot NaN with linespoints ls 1 title "msa/cuda/q_outer prefill", \
    NaN with linespoints ls 2 title "msa/cuda/kv_outer prefill", \
    NaN with linespoints ls 3 title "bigbird/cuda/q_outer prefill", \
    NaN with linespoints ls 4 title "msa/cuda/q_outer decode", \
    NaN with linespoints ls 5 title "msa/cuda/kv_outer decode", \
    NaN with linespoints ls 6 title "bigbird/cuda/q_outer decode"
  unset multiplot
  set output
}
