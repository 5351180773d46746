# speedup.gp - speedup over the dense baseline vs context length
# Written by `msabench plot` from results/gpu/run8/quickstart/combined/results.csv; the data is speedup.dat beside this file.
# Rebuild in this directory: gnuplot speedup.gp   (or gnuplot -e 'fmts="png"' speedup.gp)
if (!exists("fmts")) fmts = 'pdf png svg'
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
set xrange [13107.2:81920]
unset mxtics
set xtics ("16K" 16384, "32K" 32768, "64K" 65536)
set logscale y 10
set format y "%gx"
set logscale y 2
set yrange [0.00444805028:5.81038457]
set key outside right top vertical Left reverse noautotitle spacing 1.1
set style line 1 lc rgb "#7f7f7f" lw 2 dt 1 pt 11
set style line 2 lc rgb "#2ca02c" lw 2 dt 1 pt 9
set style line 3 lc rgb "#d62728" lw 2 dt 1 pt 7
set style line 4 lc rgb "#d62728" lw 2 dt 1 pt 6
set style line 5 lc rgb "#d62728" lw 2 dt 2 pt 7
set style line 6 lc rgb "#9467bd" lw 2 dt 1 pt 13
set style line 7 lc rgb "#ff7f0e" lw 2 dt 1 pt 15
set style line 8 lc rgb "#8c564b" lw 2 dt 1 pt 5
set style line 9 lc rgb "#8c564b" lw 2 dt 1 pt 4
set style line 10 lc rgb "#e377c2" lw 2 dt 1 pt 7
set style line 11 lc rgb "#e377c2" lw 2 dt 1 pt 6
set style line 12 lc rgb "#17becf" lw 2 dt 1 pt 9
set style line 13 lc rgb "#17becf" lw 2 dt 1 pt 8
set style line 14 lc rgb "#17becf" lw 2 dt 2 pt 9
set style line 15 lc rgb "#17becf" lw 2 dt 2 pt 8
set style line 16 lc rgb "#7f7f7f" lw 2 dt 1 pt 10
set style line 17 lc rgb "#2ca02c" lw 2 dt 1 pt 8
set style line 18 lc rgb "#d62728" lw 2 dt 2 pt 6
set style line 19 lc rgb "#d62728" lw 2 dt 3 pt 7
set style line 20 lc rgb "#d62728" lw 2 dt 3 pt 6
set style line 21 lc rgb "#9467bd" lw 2 dt 1 pt 12
set style line 22 lc rgb "#ff7f0e" lw 2 dt 1 pt 14
set style line 23 lc rgb "#8c564b" lw 2 dt 2 pt 5
set style line 24 lc rgb "#8c564b" lw 2 dt 2 pt 4
set style line 25 lc rgb "#e377c2" lw 2 dt 2 pt 7
set style line 26 lc rgb "#e377c2" lw 2 dt 2 pt 6
set style line 27 lc rgb "#17becf" lw 2 dt 3 pt 9
set style line 28 lc rgb "#17becf" lw 2 dt 3 pt 8
set style line 29 lc rgb "#17becf" lw 2 dt 4 pt 9
set style line 30 lc rgb "#17becf" lw 2 dt 4 pt 8
set style line 31 lc rgb "#bcbd22" lw 2 dt 1 pt 13
set style line 32 lc rgb "#d62728" lw 2 dt 4 pt 7
do for [fmt in fmts] {
  if (fmt eq "pdf") {
    set terminal pdfcairo noenhanced color font "Helvetica,9" size 8.47in,4.00in linewidth 0.6
    set output "speedup.pdf"; small = ",7"; set pointsize 0.55
  }
  if (fmt eq "png") {
    set terminal pngcairo noenhanced color font "Helvetica,11" size 1270,600 linewidth 1
    set output "speedup.png"; small = ",9"; set pointsize 1.1
  }
  if (fmt eq "svg") {
    set terminal svg noenhanced font "Helvetica,11" size 1016,480 dynamic background "white" linewidth 1
    set output "speedup.svg"; small = ",9"; set pointsize 1
  }
  set label 900 'skipped: quest cuda N=16K prefill (unsupported: quest is a decode method: prefi...);  skipped: full cuda N=64K prefill (memory model 1.1e+03 GB exceeds the device l...)'."\n".'skipped: gqa cuda N=64K prefill (memory model 1.1e+03 GB exceeds the device l...);  skipped: quest cuda N=64K prefill (unsupported: quest is a decode method: prefi...)'."\n".'skipped: flash cuda N=16K decode (unsupported: flash wgmma_v1: prefill only (d...);  skipped: flash cuda N=64K decode (unsupported: flash wgmma_v1: prefill only (d...)' at screen 0.01, screen 0.01 left front textcolor rgb "#555555" font small offset 0,3
  set bmargin 8
  plot 'speedup.dat' index 0 using 1:2 with linespoints ls 1 title 'full/cuda/cublas prefill', \
    'speedup.dat' index 1 using 1:2 with linespoints ls 2 title 'gqa/cuda/cublas prefill', \
    'speedup.dat' index 2 using 1:2 with linespoints ls 3 title 'msa/cuda/q_outer prefill', \
    'speedup.dat' index 3 using 1:2 with linespoints ls 4 title 'msa/cuda/kv_outer prefill', \
    'speedup.dat' index 4 using 1:2 with linespoints ls 5 title 'msa/cuda/decode_fp8 prefill', \
    'speedup.dat' index 5 using 1:2 with linespoints ls 6 title 'bigbird/cuda/q_outer prefill', \
    'speedup.dat' index 6 using 1:2 with linespoints ls 7 title 'performer/cuda/cublas prefill', \
    'speedup.dat' index 7 using 1:2 with linespoints ls 8 title 'nsa/cuda/tc prefill', \
    'speedup.dat' index 8 using 1:2 with linespoints ls 9 title 'nsa/cuda/v1 prefill', \
    'speedup.dat' index 9 using 1:2 with linespoints ls 10 title 'moba/cuda/tc prefill', \
    'speedup.dat' index 10 using 1:2 with linespoints ls 11 title 'moba/cuda/v1 prefill', \
    'speedup.dat' index 11 using 1:2 with linespoints ls 12 title 'dsa/cuda/v1 prefill', \
    'speedup.dat' index 12 using 1:2 with linespoints ls 13 title 'dsa/cuda/fp8 prefill', \
    'speedup.dat' index 13 using 1:2 with linespoints ls 14 title 'dsa/cuda/tc prefill', \
    'speedup.dat' index 14 using 1:2 with linespoints ls 15 title 'dsa/cuda/tc_fp8 prefill', \
    'speedup.dat' index 15 using 1:2 with linespoints ls 16 title 'full/cuda/cublas decode', \
    'speedup.dat' index 16 using 1:2 with linespoints ls 17 title 'gqa/cuda/cublas decode', \
    'speedup.dat' index 17 using 1:2 with linespoints ls 18 title 'msa/cuda/q_outer decode', \
    'speedup.dat' index 18 using 1:2 with linespoints ls 19 title 'msa/cuda/kv_outer decode', \
    'speedup.dat' index 19 using 1:2 with linespoints ls 20 title 'msa/cuda/decode_fp8 decode', \
    'speedup.dat' index 20 using 1:2 with linespoints ls 21 title 'bigbird/cuda/q_outer decode', \
    'speedup.dat' index 21 using 1:2 with linespoints ls 22 title 'performer/cuda/cublas decode', \
    'speedup.dat' index 22 using 1:2 with linespoints ls 23 title 'nsa/cuda/tc decode', \
    'speedup.dat' index 23 using 1:2 with linespoints ls 24 title 'nsa/cuda/v1 decode', \
    'speedup.dat' index 24 using 1:2 with linespoints ls 25 title 'moba/cuda/tc decode', \
    'speedup.dat' index 25 using 1:2 with linespoints ls 26 title 'moba/cuda/v1 decode', \
    'speedup.dat' index 26 using 1:2 with linespoints ls 27 title 'dsa/cuda/v1 decode', \
    'speedup.dat' index 27 using 1:2 with linespoints ls 28 title 'dsa/cuda/fp8 decode', \
    'speedup.dat' index 28 using 1:2 with linespoints ls 29 title 'dsa/cuda/tc decode', \
    'speedup.dat' index 29 using 1:2 with linespoints ls 30 title 'dsa/cuda/tc_fp8 decode', \
    'speedup.dat' index 30 using 1:2 with linespoints ls 31 title 'quest/cuda/v1 decode', \
    'speedup.dat' index 31 using 1:2 with linespoints ls 32 title 'msa/torch/index_topk prefill', \
    1 with lines lc rgb "#000000" lw 1.5 dt 2 title 'break-even (1x)'
  set output
}
