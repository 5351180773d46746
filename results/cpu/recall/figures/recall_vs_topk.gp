# recall_vs_topk.gp - selection quality vs the axis
# Written by `msabench plot` from results/cpu/recall/results.csv; the data is recall_vs_topk.dat beside this file.
# Rebuild in this directory: gnuplot recall_vs_topk.gp   (or gnuplot -e 'fmts="png"' recall_vs_topk.gp)
if (!exists("fmts")) fmts = "pdf png svg"
reset
set encoding utf8
set grid xtics ytics lc rgb "#dddddd" lw 1
set border lw 1
set tics nomirror out
set border 3
set xlabel "blocks selected k"
set logscale x 2
set xrange [3.2:80]
unset mxtics
set xtics ("4" 4, "8" 8, "16" 16, "32" 32, "64" 64)
set yrange [0:1.02]
set ytics 0.2
set format y "%g"
set style line 1 lc rgb "#d62728" lw 2 dt 2 pt 7
set style line 2 lc rgb "#9467bd" lw 2 dt 2 pt 13
set style line 3 lc rgb "#d62728" lw 2 dt 2 pt 6
set style line 4 lc rgb "#d62728" lw 2 dt 3 pt 7
set style line 5 lc rgb "#9467bd" lw 2 dt 2 pt 12
set style line 6 lc rgb "#9467bd" lw 2 dt 3 pt 13
set style line 7 lc rgb "#9467bd" lw 2 dt 3 pt 12
set style line 8 lc rgb "#9467bd" lw 2 dt 4 pt 13
set style line 9 lc rgb "#d62728" lw 2 dt 3 pt 6
set style line 10 lc rgb "#9467bd" lw 2 dt 4 pt 12
set style line 11 lc rgb "#d62728" lw 2 dt 4 pt 7
set style line 12 lc rgb "#d62728" lw 2 dt 4 pt 6
set style line 13 lc rgb "#9467bd" lw 2 dt 5 pt 13
set style line 14 lc rgb "#9467bd" lw 2 dt 5 pt 12
set style line 15 lc rgb "#9467bd" lw 2 dt 1 pt 13
set style line 16 lc rgb "#9467bd" lw 2 dt 1 pt 12
set style line 17 lc rgb "#d62728" lw 2 dt 5 pt 7
set style line 18 lc rgb "#9467bd" lw 2 dt 2 pt 13
set style line 19 lc rgb "#d62728" lw 2 dt 5 pt 6
set style line 20 lc rgb "#d62728" lw 2 dt 1 pt 7
set style line 21 lc rgb "#9467bd" lw 2 dt 2 pt 12
set style line 22 lc rgb "#9467bd" lw 2 dt 3 pt 13
set style line 23 lc rgb "#9467bd" lw 2 dt 3 pt 12
set style line 24 lc rgb "#9467bd" lw 2 dt 4 pt 13
set style line 25 lc rgb "#d62728" lw 2 dt 1 pt 6
set style line 26 lc rgb "#9467bd" lw 2 dt 4 pt 12
set style line 27 lc rgb "#d62728" lw 2 dt 2 pt 7
set style line 28 lc rgb "#d62728" lw 2 dt 2 pt 6
set style line 29 lc rgb "#9467bd" lw 2 dt 5 pt 13
set style line 30 lc rgb "#9467bd" lw 2 dt 5 pt 12
set style line 31 lc rgb "#9467bd" lw 2 dt 1 pt 13
set style line 32 lc rgb "#9467bd" lw 2 dt 1 pt 12
do for [fmt in fmts] {
  if (fmt eq "pdf") {
    set terminal pdfcairo noenhanced color font "Helvetica,9" size 9.00in,4.20in linewidth 0.6
    set output "recall_vs_topk.pdf"; small = ",7"; set pointsize 0.55
  }
  if (fmt eq "png") {
    set terminal pngcairo noenhanced color font "Helvetica,11" size 1350,630 linewidth 1
    set output "recall_vs_topk.png"; small = ",9"; set pointsize 1.1
  }
  if (fmt eq "svg") {
    set terminal svg noenhanced font "Helvetica,11" size 1080,504 dynamic background "white" linewidth 1
    set output "recall_vs_topk.svg"; small = ",9"; set pointsize 1
  }
  set multiplot title "Selection quality vs blocks selected k  -  AMD EPYC"
  set origin 0.0000,1.0000
  set size 0.3333,-0.1400
  set key off
  set title "block recall"
  plot 'recall_vs_topk.dat' index 0 using 1:2 with linespoints ls 1 notitle, \
    'recall_vs_topk.dat' index 1 using 1:2 with linespoints ls 2 notitle, \
    'recall_vs_topk.dat' index 2 using 1:2 with linespoints ls 3 notitle, \
    'recall_vs_topk.dat' index 3 using 1:2 with linespoints ls 4 notitle, \
    'recall_vs_topk.dat' index 4 using 1:2 with linespoints ls 5 notitle, \
    'recall_vs_topk.dat' index 5 using 1:2 with linespoints ls 6 notitle, \
    'recall_vs_topk.dat' index 6 using 1:2 with linespoints ls 7 notitle, \
    'recall_vs_topk.dat' index 7 using 1:2 with linespoints ls 8 notitle, \
    'recall_vs_topk.dat' index 8 using 1:2 with linespoints ls 9 notitle, \
    'recall_vs_topk.dat' index 9 using 1:2 with linespoints ls 10 notitle, \
    'recall_vs_topk.dat' index 10 using 1:2 with linespoints ls 11 notitle, \
    'recall_vs_topk.dat' index 11 using 1:2 with linespoints ls 12 notitle, \
    'recall_vs_topk.dat' index 12 using 1:2 with linespoints ls 13 notitle, \
    'recall_vs_topk.dat' index 13 using 1:2 with linespoints ls 14 notitle, \
    'recall_vs_topk.dat' index 14 using 1:2 with linespoints ls 15 notitle, \
    'recall_vs_topk.dat' index 15 using 1:2 with linespoints ls 16 notitle, \
    'recall_vs_topk.dat' index 16 using 1:2 with linespoints ls 17 notitle, \
    'recall_vs_topk.dat' index 17 using 1:2 with linespoints ls 18 notitle, \
    'recall_vs_topk.dat' index 18 using 1:2 with linespoints ls 19 notitle, \
    'recall_vs_topk.dat' index 19 using 1:2 with linespoints ls 20 notitle, \
    'recall_vs_topk.dat' index 20 using 1:2 with linespoints ls 21 notitle, \
    'recall_vs_topk.dat' index 21 using 1:2 with linespoints ls 22 notitle, \
    'recall_vs_topk.dat' index 22 using 1:2 with linespoints ls 23 notitle, \
    'recall_vs_topk.dat' index 23 using 1:2 with linespoints ls 24 notitle, \
    'recall_vs_topk.dat' index 24 using 1:2 with linespoints ls 25 notitle, \
    'recall_vs_topk.dat' index 25 using 1:2 with linespoints ls 26 notitle, \
    'recall_vs_topk.dat' index 26 using 1:2 with linespoints ls 27 notitle, \
    'recall_vs_topk.dat' index 27 using 1:2 with linespoints ls 28 notitle, \
    'recall_vs_topk.dat' index 28 using 1:2 with linespoints ls 29 notitle, \
    'recall_vs_topk.dat' index 29 using 1:2 with linespoints ls 30 notitle, \
    'recall_vs_topk.dat' index 30 using 1:2 with linespoints ls 31 notitle, \
    'recall_vs_topk.dat' index 31 using 1:2 with linespoints ls 32 notitle
  set origin 0.3333,1.0000
  set size 0.3333,-0.1400
  set key off
  set title "score recall"
  plot 'recall_vs_topk.dat' index 0 using 1:3 with linespoints ls 1 notitle, \
    'recall_vs_topk.dat' index 1 using 1:3 with linespoints ls 2 notitle, \
    'recall_vs_topk.dat' index 2 using 1:3 with linespoints ls 3 notitle, \
    'recall_vs_topk.dat' index 3 using 1:3 with linespoints ls 4 notitle, \
    'recall_vs_topk.dat' index 4 using 1:3 with linespoints ls 5 notitle, \
    'recall_vs_topk.dat' index 5 using 1:3 with linespoints ls 6 notitle, \
    'recall_vs_topk.dat' index 6 using 1:3 with linespoints ls 7 notitle, \
    'recall_vs_topk.dat' index 7 using 1:3 with linespoints ls 8 notitle, \
    'recall_vs_topk.dat' index 8 using 1:3 with linespoints ls 9 notitle, \
    'recall_vs_topk.dat' index 9 using 1:3 with linespoints ls 10 notitle, \
    'recall_vs_topk.dat' index 10 using 1:3 with linespoints ls 11 notitle, \
    'recall_vs_topk.dat' index 11 using 1:3 with linespoints ls 12 notitle, \
    'recall_vs_topk.dat' index 12 using 1:3 with linespoints ls 13 notitle, \
    'recall_vs_topk.dat' index 13 using 1:3 with linespoints ls 14 notitle, \
    'recall_vs_topk.dat' index 14 using 1:3 with linespoints ls 15 notitle, \
    'recall_vs_topk.dat' index 15 using 1:3 with linespoints ls 16 notitle, \
    'recall_vs_topk.dat' index 16 using 1:3 with linespoints ls 17 notitle, \
    'recall_vs_topk.dat' index 17 using 1:3 with linespoints ls 18 notitle, \
    'recall_vs_topk.dat' index 18 using 1:3 with linespoints ls 19 notitle, \
    'recall_vs_topk.dat' index 19 using 1:3 with linespoints ls 20 notitle, \
    'recall_vs_topk.dat' index 20 using 1:3 with linespoints ls 21 notitle, \
    'recall_vs_topk.dat' index 21 using 1:3 with linespoints ls 22 notitle, \
    'recall_vs_topk.dat' index 22 using 1:3 with linespoints ls 23 notitle, \
    'recall_vs_topk.dat' index 23 using 1:3 with linespoints ls 24 notitle, \
    'recall_vs_topk.dat' index 24 using 1:3 with linespoints ls 25 notitle, \
    'recall_vs_topk.dat' index 25 using 1:3 with linespoints ls 26 notitle, \
    'recall_vs_topk.dat' index 26 using 1:3 with linespoints ls 27 notitle, \
    'recall_vs_topk.dat' index 27 using 1:3 with linespoints ls 28 notitle, \
    'recall_vs_topk.dat' index 28 using 1:3 with linespoints ls 29 notitle, \
    'recall_vs_topk.dat' index 29 using 1:3 with linespoints ls 30 notitle, \
    'recall_vs_topk.dat' index 30 using 1:3 with linespoints ls 31 notitle, \
    'recall_vs_topk.dat' index 31 using 1:3 with linespoints ls 32 notitle
  set origin 0.6667,1.0000
  set size 0.3333,-0.1400
  set key off
  set title "mass coverage"
  plot 'recall_vs_topk.dat' index 0 using 1:4 with linespoints ls 1 notitle, \
    'recall_vs_topk.dat' index 1 using 1:4 with linespoints ls 2 notitle, \
    'recall_vs_topk.dat' index 2 using 1:4 with linespoints ls 3 notitle, \
    'recall_vs_topk.dat' index 3 using 1:4 with linespoints ls 4 notitle, \
    'recall_vs_topk.dat' index 4 using 1:4 with linespoints ls 5 notitle, \
    'recall_vs_topk.dat' index 5 using 1:4 with linespoints ls 6 notitle, \
    'recall_vs_topk.dat' index 6 using 1:4 with linespoints ls 7 notitle, \
    'recall_vs_topk.dat' index 7 using 1:4 with linespoints ls 8 notitle, \
    'recall_vs_topk.dat' index 8 using 1:4 with linespoints ls 9 notitle, \
    'recall_vs_topk.dat' index 9 using 1:4 with linespoints ls 10 notitle, \
    'recall_vs_topk.dat' index 10 using 1:4 with linespoints ls 11 notitle, \
    'recall_vs_topk.dat' index 11 using 1:4 with linespoints ls 12 notitle, \
    'recall_vs_topk.dat' index 12 using 1:4 with linespoints ls 13 notitle, \
    'recall_vs_topk.dat' index 13 using 1:4 with linespoints ls 14 notitle, \
    'recall_vs_topk.dat' index 14 using 1:4 with linespoints ls 15 notitle, \
    'recall_vs_topk.dat' index 15 using 1:4 with linespoints ls 16 notitle, \
    'recall_vs_topk.dat' index 16 using 1:4 with linespoints ls 17 notitle, \
    'recall_vs_topk.dat' index 17 using 1:4 with linespoints ls 18 notitle, \
    'recall_vs_topk.dat' index 18 using 1:4 with linespoints ls 19 notitle, \
    'recall_vs_topk.dat' index 19 using 1:4 with linespoints ls 20 notitle, \
    'recall_vs_topk.dat' index 20 using 1:4 with linespoints ls 21 notitle, \
    'recall_vs_topk.dat' index 21 using 1:4 with linespoints ls 22 notitle, \
    'recall_vs_topk.dat' index 22 using 1:4 with linespoints ls 23 notitle, \
    'recall_vs_topk.dat' index 23 using 1:4 with linespoints ls 24 notitle, \
    'recall_vs_topk.dat' index 24 using 1:4 with linespoints ls 25 notitle, \
    'recall_vs_topk.dat' index 25 using 1:4 with linespoints ls 26 notitle, \
    'recall_vs_topk.dat' index 26 using 1:4 with linespoints ls 27 notitle, \
    'recall_vs_topk.dat' index 27 using 1:4 with linespoints ls 28 notitle, \
    'recall_vs_topk.dat' index 28 using 1:4 with linespoints ls 29 notitle, \
    'recall_vs_topk.dat' index 29 using 1:4 with linespoints ls 30 notitle, \
    'recall_vs_topk.dat' index 30 using 1:4 with linespoints ls 31 notitle, \
    'recall_vs_topk.dat' index 31 using 1:4 with linespoints ls 32 notitle
  set origin 0,0.0000
  set size 1,1.0000
  unset title
  unset border
  unset tics
  unset xlabel
  unset ylabel
  unset grid
  set key on center center horizontal maxrows 16 Left reverse noautotitle
  set yrange [0:1]
  set tmargin 0
  set bmargin 0
  plot NaN with linespoints ls 1 title "msa/cpu/blas Bk=32 noise=0", \
    NaN with linespoints ls 2 title "bigbird/cpu/blas Bk=32 w=2 g=1 r=1", \
    NaN with linespoints ls 3 title "msa/cpu/blas Bk=32 noise=1", \
    NaN with linespoints ls 4 title "msa/cpu/blas Bk=32 noise=4", \
    NaN with linespoints ls 5 title "bigbird/cpu/blas Bk=32 w=3 g=2 r=3", \
    NaN with linespoints ls 6 title "bigbird/cpu/blas Bk=32 w=3 g=2 r=11", \
    NaN with linespoints ls 7 title "bigbird/cpu/blas Bk=32 w=3 g=2 r=27", \
    NaN with linespoints ls 8 title "bigbird/cpu/blas Bk=32 w=3 g=2 r=59", \
    NaN with linespoints ls 9 title "msa/cpu/blas Bk=64 noise=0", \
    NaN with linespoints ls 10 title "bigbird/cpu/blas Bk=64 w=2 g=1 r=1", \
    NaN with linespoints ls 11 title "msa/cpu/blas Bk=64 noise=1", \
    NaN with linespoints ls 12 title "msa/cpu/blas Bk=64 noise=4", \
    NaN with linespoints ls 13 title "bigbird/cpu/blas Bk=64 w=3 g=2 r=3", \
    NaN with linespoints ls 14 title "bigbird/cpu/blas Bk=64 w=3 g=2 r=11", \
    NaN with linespoints ls 15 title "bigbird/cpu/blas Bk=64 w=3 g=2 r=27", \
    NaN with linespoints ls 16 title "bigbird/cpu/blas Bk=64 w=3 g=2 r=59", \
    NaN with linespoints ls 17 title "msa/cpu/blas Bk=128 noise=0", \
    NaN with linespoints ls 18 title "bigbird/cpu/blas Bk=128 w=2 g=1 r=1", \
    NaN with linespoints ls 19 title "msa/cpu/blas Bk=128 noise=1", \
    NaN with linespoints ls 20 title "msa/cpu/blas Bk=128 noise=4", \
    NaN with linespoints ls 21 title "bigbird/cpu/blas Bk=128 w=3 g=2 r=3", \
    NaN with linespoints ls 22 title "bigbird/cpu/blas Bk=128 w=3 g=2 r=11", \
    NaN with linespoints ls 23 title "bigbird/cpu/blas Bk=128 w=3 g=2 r=27", \
    NaN with linespoints ls 24 title "bigbird/cpu/blas Bk=128 w=3 g=2 r=59", \
    NaN with linespoints ls 25 title "msa/cpu/blas Bk=256 noise=0", \
    NaN with linespoints ls 26 title "bigbird/cpu/blas Bk=256 w=2 g=1 r=1", \
    NaN with linespoints ls 27 title "msa/cpu/blas Bk=256 noise=1", \
    NaN with linespoints ls 28 title "msa/cpu/blas Bk=256 noise=4", \
    NaN with linespoints ls 29 title "bigbird/cpu/blas Bk=256 w=3 g=2 r=3", \
    NaN with linespoints ls 30 title "bigbird/cpu/blas Bk=256 w=3 g=2 r=11", \
    NaN with linespoints ls 31 title "bigbird/cpu/blas Bk=256 w=3 g=2 r=27", \
    NaN with linespoints ls 32 title "bigbird/cpu/blas Bk=256 w=3 g=2 r=59"
  unset multiplot
  set output
}
