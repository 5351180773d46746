# tflops.gp - Throughput (TFLOP/s)
# Written by `msabench plot` from results/cpu/quickstart_all/results.csv; the data is tflops.dat beside this file.
# Rebuild in this directory: gnuplot tflops.gp   (or gnuplot -e 'fmts="png"' tflops.gp)
if (!exists("fmts")) fmts = 'png'
reset
set encoding utf8
set grid xtics ytics lc rgb "#dddddd" lw 1
set border lw 1
set tics nomirror out
set border 3
set title 'Throughput (TFLOP/s)  -  AMD EPYC'."\n".'useful = counted FLOPs / time (solid, filled);  dense-equivalent = dense causal FLOPs / time (dashed, open)'
set xlabel 'context length N (tokens)'
set ylabel 'TFLOP/s'
set logscale x 2
set xrange [819.2:10240]
unset mxtics
set xtics ("1K" 1024, "2K" 2048, "4K" 4096, "8K" 8192)
set logscale y 10
set format y "%g"
set yrange [0.00169506667:0.776313]
set style line 1 lc rgb "#7f7f7f" lw 2 dt 1 pt 11
set style line 2 lc rgb "#2ca02c" lw 2 dt 1 pt 9
set style line 3 lc rgb "#1f77b4" lw 2 dt 1 pt 5
set style line 4 lc rgb "#d62728" lw 2 dt 1 pt 7
set style line 5 lc rgb "#d62728" lw 2 dt 2 pt 6
set style line 6 lc rgb "#9467bd" lw 2 dt 1 pt 13
set style line 7 lc rgb "#9467bd" lw 2 dt 2 pt 12
set style line 8 lc rgb "#ff7f0e" lw 2 dt 1 pt 15
set style line 9 lc rgb "#ff7f0e" lw 2 dt 2 pt 14
set style line 10 lc rgb "#8c564b" lw 2 dt 1 pt 5
set style line 11 lc rgb "#8c564b" lw 2 dt 2 pt 4
set style line 12 lc rgb "#e377c2" lw 2 dt 1 pt 7
set style line 13 lc rgb "#e377c2" lw 2 dt 2 pt 6
set style line 14 lc rgb "#17becf" lw 2 dt 1 pt 9
set style line 15 lc rgb "#17becf" lw 2 dt 2 pt 8
set style line 16 lc rgb "#7f7f7f" lw 2 dt 1 pt 10
set style line 17 lc rgb "#2ca02c" lw 2 dt 1 pt 8
set style line 18 lc rgb "#1f77b4" lw 2 dt 1 pt 4
set style line 19 lc rgb "#d62728" lw 2 dt 1 pt 6
set style line 20 lc rgb "#d62728" lw 2 dt 2 pt 6
set style line 21 lc rgb "#9467bd" lw 2 dt 1 pt 12
set style line 22 lc rgb "#9467bd" lw 2 dt 2 pt 12
set style line 23 lc rgb "#ff7f0e" lw 2 dt 1 pt 14
set style line 24 lc rgb "#ff7f0e" lw 2 dt 2 pt 14
set style line 25 lc rgb "#8c564b" lw 2 dt 1 pt 4
set style line 26 lc rgb "#8c564b" lw 2 dt 2 pt 4
set style line 27 lc rgb "#e377c2" lw 2 dt 1 pt 6
set style line 28 lc rgb "#e377c2" lw 2 dt 2 pt 6
set style line 29 lc rgb "#17becf" lw 2 dt 1 pt 8
set style line 30 lc rgb "#17becf" lw 2 dt 2 pt 8
set style line 31 lc rgb "#bcbd22" lw 2 dt 1 pt 13
set style line 32 lc rgb "#bcbd22" lw 2 dt 2 pt 12
set key outside right top vertical Left reverse noautotitle spacing 1.1
do for [fmt in fmts] {
  if (fmt eq "pdf") {
    set terminal pdfcairo noenhanced color font "Helvetica,9" size 9.29in,4.00in linewidth 0.6
    set output "tflops.pdf"; small = ",7"; set pointsize 0.55
  }
  if (fmt eq "png") {
    set terminal pngcairo noenhanced color font "Helvetica,11" size 1393,600 linewidth 1
    set output "tflops.png"; small = ",9"; set pointsize 1.1
  }
  if (fmt eq "svg") {
    set terminal svg noenhanced font "Helvetica,11" size 1114,480 dynamic background "white" linewidth 1
    set output "tflops.svg"; small = ",9"; set pointsize 1
  }
  set label 900 'skipped: quest cpu N=1K prefill (unsupported: quest is a decode method: prefi...);  skipped: quest cpu N=2K prefill (unsupported: quest is a decode method: prefi...)'."\n".'skipped: quest cpu N=4K prefill (unsupported: quest is a decode method: prefi...);  skipped: quest cpu N=8K prefill (unsupported: quest is a decode method: prefi...)' at screen 0.01, screen 0.01 left front textcolor rgb "#555555" font small offset 0,2
  set bmargin 7
  plot 'tflops.dat' index 0 using 1:2 with linespoints ls 1 title 'full/cpu/materialized prefill (useful = dense-eq.)', \
    'tflops.dat' index 1 using 1:2 with linespoints ls 2 title 'gqa/cpu/materialized prefill (useful = dense-eq.)', \
    'tflops.dat' index 2 using 1:2 with linespoints ls 3 title 'flash/cpu/tiled prefill (useful = dense-eq.)', \
    'tflops.dat' index 3 using 1:2 with linespoints ls 4 title 'msa/cpu/blas prefill useful', \
    'tflops.dat' index 3 using 1:5 with linespoints ls 5 title 'msa/cpu/blas prefill dense-eq.', \
    'tflops.dat' index 4 using 1:2 with linespoints ls 6 title 'bigbird/cpu/blas prefill useful', \
    'tflops.dat' index 4 using 1:5 with linespoints ls 7 title 'bigbird/cpu/blas prefill dense-eq.', \
    'tflops.dat' index 5 using 1:2 with linespoints ls 8 title 'performer/cpu/favor prefill useful', \
    'tflops.dat' index 5 using 1:5 with linespoints ls 9 title 'performer/cpu/favor prefill dense-eq.', \
    'tflops.dat' index 6 using 1:2 with linespoints ls 10 title 'nsa/cpu/blas prefill useful', \
    'tflops.dat' index 6 using 1:5 with linespoints ls 11 title 'nsa/cpu/blas prefill dense-eq.', \
    'tflops.dat' index 7 using 1:2 with linespoints ls 12 title 'moba/cpu/loops prefill useful', \
    'tflops.dat' index 7 using 1:5 with linespoints ls 13 title 'moba/cpu/loops prefill dense-eq.', \
    'tflops.dat' index 8 using 1:2 with linespoints ls 14 title 'dsa/cpu/loops prefill useful', \
    'tflops.dat' index 8 using 1:5 with linespoints ls 15 title 'dsa/cpu/loops prefill dense-eq.', \
    'tflops.dat' index 9 using 1:2 with linespoints ls 16 title 'full/cpu/materialized decode (useful = dense-eq.)', \
    'tflops.dat' index 10 using 1:2 with linespoints ls 17 title 'gqa/cpu/materialized decode (useful = dense-eq.)', \
    'tflops.dat' index 11 using 1:2 with linespoints ls 18 title 'flash/cpu/tiled decode (useful = dense-eq.)', \
    'tflops.dat' index 12 using 1:2 with linespoints ls 19 title 'msa/cpu/blas decode useful', \
    'tflops.dat' index 12 using 1:5 with linespoints ls 20 title 'msa/cpu/blas decode dense-eq.', \
    'tflops.dat' index 13 using 1:2 with linespoints ls 21 title 'bigbird/cpu/blas decode useful', \
    'tflops.dat' index 13 using 1:5 with linespoints ls 22 title 'bigbird/cpu/blas decode dense-eq.', \
    'tflops.dat' index 14 using 1:2 with linespoints ls 23 title 'performer/cpu/favor decode useful', \
    'tflops.dat' index 14 using 1:5 with linespoints ls 24 title 'performer/cpu/favor decode dense-eq.', \
    'tflops.dat' index 15 using 1:2 with linespoints ls 25 title 'nsa/cpu/blas decode useful', \
    'tflops.dat' index 15 using 1:5 with linespoints ls 26 title 'nsa/cpu/blas decode dense-eq.', \
    'tflops.dat' index 16 using 1:2 with linespoints ls 27 title 'moba/cpu/loops decode useful', \
    'tflops.dat' index 16 using 1:5 with linespoints ls 28 title 'moba/cpu/loops decode dense-eq.', \
    'tflops.dat' index 17 using 1:2 with linespoints ls 29 title 'dsa/cpu/loops decode useful', \
    'tflops.dat' index 17 using 1:5 with linespoints ls 30 title 'dsa/cpu/loops decode dense-eq.', \
    'tflops.dat' index 18 using 1:2 with linespoints ls 31 title 'quest/cpu/loops decode useful', \
    'tflops.dat' index 18 using 1:5 with linespoints ls 32 title 'quest/cpu/loops decode dense-eq.'
  set output
}
