# tflops.gp - Throughput (TFLOP/s)
# Written by `msabench plot` from results/cpu/quickstart/results.csv; the data is tflops.dat beside this file.
# Rebuild in this directory: gnuplot tflops.gp   (or gnuplot -e 'fmts="png"' tflops.gp)
if (!exists("fmts")) fmts = "pdf png svg"
reset
set encoding utf8
set grid xtics ytics lc rgb "#dddddd" lw 1
set border lw 1
set tics nomirror out
set border 3
set title "Throughput (TFLOP/s)  -  AMD EPYC\nuseful = counted FLOPs / time (solid, filled);  dense-equivalent = dense causal FLOPs / time (dashed, open)"
set xlabel "context length N (tokens)"
set ylabel "TFLOP/s"
set logscale x 2
set xrange [409.6:10240]
unset mxtics
set xtics ("512" 512, "1K" 1024, "2K" 2048, "4K" 4096, "8K" 8192)
unset logscale y
set yrange [0:*]
set format y "%g"
set yrange [0:0.06504058]
set style line 1 lc rgb "#7f7f7f" lw 2 dt 1 pt 11
set style line 2 lc rgb "#2ca02c" lw 2 dt 1 pt 9
set style line 3 lc rgb "#1f77b4" lw 2 dt 1 pt 5
set style line 4 lc rgb "#7f7f7f" lw 2 dt 1 pt 11
set style line 5 lc rgb "#2ca02c" lw 2 dt 1 pt 9
set style line 6 lc rgb "#1f77b4" lw 2 dt 1 pt 5
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
  plot 'tflops.dat' index 0 using 1:2 with linespoints ls 1 title "full/ref/loops (useful = dense-eq.)", \
    'tflops.dat' index 1 using 1:2 with linespoints ls 2 title "gqa/ref/loops (useful = dense-eq.)", \
    'tflops.dat' index 2 using 1:2 with linespoints ls 3 title "flash/ref/loops (useful = dense-eq.)", \
    'tflops.dat' index 3 using 1:2 with linespoints ls 4 title "full/cpu/materialized (useful = dense-eq.)", \
    'tflops.dat' index 4 using 1:2 with linespoints ls 5 title "gqa/cpu/materialized (useful = dense-eq.)", \
    'tflops.dat' index 5 using 1:2 with linespoints ls 6 title "flash/cpu/tiled (useful = dense-eq.)"
  set output
}
