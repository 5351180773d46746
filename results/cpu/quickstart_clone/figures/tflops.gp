# tflops.gp - Throughput (TFLOP/s)
# Written by `msabench plot` from results/runs/quickstart-20261206-032118/results.csv; the data is tflops.dat beside this file.
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
set yrange [0.00270094:0.2131845]
set style line 1 lc rgb "#7f7f7f" lw 2 dt 1 pt 11
set style line 2 lc rgb "#2ca02c" lw 2 dt 1 pt 9
set style line 3 lc rgb "#1f77b4" lw 2 dt 1 pt 5
set style line 4 lc rgb "#d62728" lw 2 dt 1 pt 7
set style line 5 lc rgb "#d62728" lw 2 dt 2 pt 6
set style line 6 lc rgb "#9467bd" lw 2 dt 1 pt 13
set style line 7 lc rgb "#9467bd" lw 2 dt 2 pt 12
set style line 8 lc rgb "#ff7f0e" lw 2 dt 1 pt 15
set style line 9 lc rgb "#ff7f0e" lw 2 dt 2 pt 14
set key outside right top vertical Left reverse noautotitle spacing 1.1
do for [fmt in fmts] {
  if (fmt eq "pdf") {
    set terminal pdfcairo noenhanced color font "Helvetica,9" size 8.74in,4.00in linewidth 0.6
    set output "tflops.pdf"; small = ",7"; set pointsize 0.55
  }
  if (fmt eq "png") {
    set terminal pngcairo noenhanced color font "Helvetica,11" size 1311,600 linewidth 1
    set output "tflops.png"; small = ",9"; set pointsize 1.1
  }
  if (fmt eq "svg") {
    set terminal svg noenhanced font "Helvetica,11" size 1049,480 dynamic background "white" linewidth 1
    set output "tflops.svg"; small = ",9"; set pointsize 1
  }
  plot 'tflops.dat' index 0 using 1:2 with linespoints ls 1 title 'full/cpu/materialized (useful = dense-eq.)', \
    'tflops.dat' index 1 using 1:2 with linespoints ls 2 title 'gqa/cpu/materialized (useful = dense-eq.)', \
    'tflops.dat' index 2 using 1:2 with linespoints ls 3 title 'flash/cpu/tiled (useful = dense-eq.)', \
    'tflops.dat' index 3 using 1:2 with linespoints ls 4 title 'msa/cpu/blas useful', \
    'tflops.dat' index 3 using 1:5 with linespoints ls 5 title 'msa/cpu/blas dense-eq.', \
    'tflops.dat' index 4 using 1:2 with linespoints ls 6 title 'bigbird/cpu/blas useful', \
    'tflops.dat' index 4 using 1:5 with linespoints ls 7 title 'bigbird/cpu/blas dense-eq.', \
    'tflops.dat' index 5 using 1:2 with linespoints ls 8 title 'performer/cpu/favor useful', \
    'tflops.dat' index 5 using 1:5 with linespoints ls 9 title 'performer/cpu/favor dense-eq.'
  set output
}
