# speedup.gp - speedup over the dense baseline vs context length
# Written by `msabench plot` from results/gpu/run9/frontier-131072/results.csv; the data is speedup.dat beside this file.
# Rebuild in this directory: gnuplot speedup.gp   (or gnuplot -e 'fmts="png"' speedup.gp)
if (!exists("fmts")) fmts = 'png'
reset
set encoding utf8
set grid xtics ytics lc rgb "#dddddd" lw 1
set border lw 1
set tics nomirror out
set border 3
set title 'Speedup over dense attention  -  NVIDIA H200'."\n".'baseline: fastest flash of the same backend and point'
set xlabel 'context length N (tokens)'
set ylabel 'speedup over flash (x)'
set logscale x 2
set xrange [65536:262144]
unset mxtics
set xtics ("128K" 131072)
set logscale y 10
set format y "%gx"
set logscale y 2
set yrange [0.110286724:22.3766487]
set key outside right top vertical Left reverse noautotitle spacing 1.1
set style line 1 lc rgb "#d62728" lw 2 dt 1 pt 7
set style line 2 lc rgb "#d62728" lw 2 dt 1 pt 6
set style line 3 lc rgb "#9467bd" lw 2 dt 1 pt 13
set style line 4 lc rgb "#8c564b" lw 2 dt 1 pt 5
set style line 5 lc rgb "#e377c2" lw 2 dt 1 pt 7
set style line 6 lc rgb "#17becf" lw 2 dt 1 pt 9
set style line 7 lc rgb "#17becf" lw 2 dt 1 pt 8
set style line 8 lc rgb "#d62728" lw 2 dt 2 pt 7
set style line 9 lc rgb "#d62728" lw 2 dt 2 pt 6
set style line 10 lc rgb "#9467bd" lw 2 dt 1 pt 12
set style line 11 lc rgb "#8c564b" lw 2 dt 1 pt 4
set style line 12 lc rgb "#e377c2" lw 2 dt 1 pt 6
set style line 13 lc rgb "#d62728" lw 2 dt 3 pt 7
set style line 14 lc rgb "#d62728" lw 2 dt 3 pt 6
set style line 15 lc rgb "#9467bd" lw 2 dt 2 pt 13
set style line 16 lc rgb "#8c564b" lw 2 dt 2 pt 5
set style line 17 lc rgb "#e377c2" lw 2 dt 2 pt 7
set style line 18 lc rgb "#d62728" lw 2 dt 4 pt 7
set style line 19 lc rgb "#d62728" lw 2 dt 4 pt 6
set style line 20 lc rgb "#d62728" lw 2 dt 5 pt 7
set style line 21 lc rgb "#9467bd" lw 2 dt 2 pt 12
set style line 22 lc rgb "#8c564b" lw 2 dt 2 pt 4
set style line 23 lc rgb "#e377c2" lw 2 dt 2 pt 6
set style line 24 lc rgb "#17becf" lw 2 dt 2 pt 9
set style line 25 lc rgb "#17becf" lw 2 dt 2 pt 8
set style line 26 lc rgb "#bcbd22" lw 2 dt 1 pt 13
set style line 27 lc rgb "#d62728" lw 2 dt 5 pt 6
set style line 28 lc rgb "#d62728" lw 2 dt 1 pt 7
set style line 29 lc rgb "#d62728" lw 2 dt 1 pt 6
set style line 30 lc rgb "#9467bd" lw 2 dt 3 pt 13
set style line 31 lc rgb "#8c564b" lw 2 dt 3 pt 5
set style line 32 lc rgb "#e377c2" lw 2 dt 3 pt 7
set style line 33 lc rgb "#bcbd22" lw 2 dt 1 pt 12
set style line 34 lc rgb "#d62728" lw 2 dt 2 pt 7
set style line 35 lc rgb "#d62728" lw 2 dt 2 pt 6
set style line 36 lc rgb "#d62728" lw 2 dt 3 pt 7
set style line 37 lc rgb "#9467bd" lw 2 dt 3 pt 12
set style line 38 lc rgb "#8c564b" lw 2 dt 3 pt 4
set style line 39 lc rgb "#e377c2" lw 2 dt 3 pt 6
set style line 40 lc rgb "#bcbd22" lw 2 dt 2 pt 13
do for [fmt in fmts] {
  if (fmt eq "pdf") {
    set terminal pdfcairo noenhanced color font "Helvetica,9" size 8.74in,4.00in linewidth 0.6
    set output "speedup.pdf"; small = ",7"; set pointsize 0.55
  }
  if (fmt eq "png") {
    set terminal pngcairo noenhanced color font "Helvetica,11" size 1311,600 linewidth 1
    set output "speedup.png"; small = ",9"; set pointsize 1.1
  }
  if (fmt eq "svg") {
    set terminal svg noenhanced font "Helvetica,11" size 1049,480 dynamic background "white" linewidth 1
    set output "speedup.svg"; small = ",9"; set pointsize 1
  }
  set label 900 'skipped: msa cuda N=128K prefill (unsupported: msa cuda decode_fp8: prefill ab...);  skipped: quest cuda N=128K prefill (unsupported: quest is a decode method: prefi...)'."\n".'skipped: flash cuda N=128K decode (unsupported: flash wgmma_v1: prefill only (d...)' at screen 0.01, screen 0.01 left front textcolor rgb "#555555" font small offset 0,2
  set bmargin 7
  plot 'speedup.dat' index 0 using 1:2 with linespoints ls 1 title 'msa/cuda/q_outer prefill k=8', \
    'speedup.dat' index 1 using 1:2 with linespoints ls 2 title 'msa/cuda/kv_outer prefill k=8', \
    'speedup.dat' index 2 using 1:2 with linespoints ls 3 title 'bigbird/cuda/q_outer prefill r=3', \
    'speedup.dat' index 3 using 1:2 with linespoints ls 4 title 'nsa/cuda/tc prefill k=8', \
    'speedup.dat' index 4 using 1:2 with linespoints ls 5 title 'moba/cuda/tc prefill k=8', \
    'speedup.dat' index 5 using 1:2 with linespoints ls 6 title 'dsa/cuda/tc prefill', \
    'speedup.dat' index 6 using 1:2 with linespoints ls 7 title 'dsa/cuda/tc_fp8 prefill', \
    'speedup.dat' index 7 using 1:2 with linespoints ls 8 title 'msa/cuda/q_outer prefill k=16', \
    'speedup.dat' index 8 using 1:2 with linespoints ls 9 title 'msa/cuda/kv_outer prefill k=16', \
    'speedup.dat' index 9 using 1:2 with linespoints ls 10 title 'bigbird/cuda/q_outer prefill r=11', \
    'speedup.dat' index 10 using 1:2 with linespoints ls 11 title 'nsa/cuda/tc prefill k=16', \
    'speedup.dat' index 11 using 1:2 with linespoints ls 12 title 'moba/cuda/tc prefill k=16', \
    'speedup.dat' index 12 using 1:2 with linespoints ls 13 title 'msa/cuda/q_outer prefill k=32', \
    'speedup.dat' index 13 using 1:2 with linespoints ls 14 title 'msa/cuda/kv_outer prefill k=32', \
    'speedup.dat' index 14 using 1:2 with linespoints ls 15 title 'bigbird/cuda/q_outer prefill r=27', \
    'speedup.dat' index 15 using 1:2 with linespoints ls 16 title 'nsa/cuda/tc prefill k=32', \
    'speedup.dat' index 16 using 1:2 with linespoints ls 17 title 'moba/cuda/tc prefill k=32', \
    'speedup.dat' index 17 using 1:2 with linespoints ls 18 title 'msa/cuda/q_outer decode k=8', \
    'speedup.dat' index 18 using 1:2 with linespoints ls 19 title 'msa/cuda/kv_outer decode k=8', \
    'speedup.dat' index 19 using 1:2 with linespoints ls 20 title 'msa/cuda/decode_fp8 decode k=8', \
    'speedup.dat' index 20 using 1:2 with linespoints ls 21 title 'bigbird/cuda/q_outer decode r=3', \
    'speedup.dat' index 21 using 1:2 with linespoints ls 22 title 'nsa/cuda/tc decode k=8', \
    'speedup.dat' index 22 using 1:2 with linespoints ls 23 title 'moba/cuda/tc decode k=8', \
    'speedup.dat' index 23 using 1:2 with linespoints ls 24 title 'dsa/cuda/tc decode', \
    'speedup.dat' index 24 using 1:2 with linespoints ls 25 title 'dsa/cuda/tc_fp8 decode', \
    'speedup.dat' index 25 using 1:2 with linespoints ls 26 title 'quest/cuda/v1 decode k=8', \
    'speedup.dat' index 26 using 1:2 with linespoints ls 27 title 'msa/cuda/q_outer decode k=16', \
    'speedup.dat' index 27 using 1:2 with linespoints ls 28 title 'msa/cuda/kv_outer decode k=16', \
    'speedup.dat' index 28 using 1:2 with linespoints ls 29 title 'msa/cuda/decode_fp8 decode k=16', \
    'speedup.dat' index 29 using 1:2 with linespoints ls 30 title 'bigbird/cuda/q_outer decode r=11', \
    'speedup.dat' index 30 using 1:2 with linespoints ls 31 title 'nsa/cuda/tc decode k=16', \
    'speedup.dat' index 31 using 1:2 with linespoints ls 32 title 'moba/cuda/tc decode k=16', \
    'speedup.dat' index 32 using 1:2 with linespoints ls 33 title 'quest/cuda/v1 decode k=16', \
    'speedup.dat' index 33 using 1:2 with linespoints ls 34 title 'msa/cuda/q_outer decode k=32', \
    'speedup.dat' index 34 using 1:2 with linespoints ls 35 title 'msa/cuda/kv_outer decode k=32', \
    'speedup.dat' index 35 using 1:2 with linespoints ls 36 title 'msa/cuda/decode_fp8 decode k=32', \
    'speedup.dat' index 36 using 1:2 with linespoints ls 37 title 'bigbird/cuda/q_outer decode r=27', \
    'speedup.dat' index 37 using 1:2 with linespoints ls 38 title 'nsa/cuda/tc decode k=32', \
    'speedup.dat' index 38 using 1:2 with linespoints ls 39 title 'moba/cuda/tc decode k=32', \
    'speedup.dat' index 39 using 1:2 with linespoints ls 40 title 'quest/cuda/v1 decode k=32', \
    1 with lines lc rgb "#000000" lw 1.5 dt 2 title 'break-even (1x)'
  set output
}
