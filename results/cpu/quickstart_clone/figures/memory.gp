# memory.gp - memory vs context length
# Written by `msabench plot` from results/runs/quickstart-20261206-032118/results.csv; the data is memory.dat beside this file.
# Rebuild in this directory: gnuplot memory.gp   (or gnuplot -e 'fmts="png"' memory.gp)
if (!exists("fmts")) fmts = 'png'
reset
set encoding utf8
set grid xtics ytics lc rgb "#dddddd" lw 1
set border lw 1
set tics nomirror out
set border 3
set title 'Memory vs context length  -  AMD EPYC'."\n".'mem_model: every buffer allocated (solid, filled);  mem_peak: measured (dashed, open)'
set xlabel 'context length N (tokens)'
set ylabel 'bytes'
set logscale x 2
set xrange [819.2:10240]
unset mxtics
set xtics ("1K" 1024, "2K" 2048, "4K" 4096, "8K" 8192)
set logscale y 10
set format y "%.0s %cB"
set yrange [2671105:2.52761948e+10]
set style line 1 lc rgb "#7f7f7f" lw 2 dt 1 pt 11
set style line 2 lc rgb "#7f7f7f" lw 2 dt 2 pt 10
set style line 3 lc rgb "#2ca02c" lw 2 dt 1 pt 9
set style line 4 lc rgb "#2ca02c" lw 2 dt 2 pt 8
set style line 5 lc rgb "#1f77b4" lw 2 dt 1 pt 5
set style line 6 lc rgb "#1f77b4" lw 2 dt 2 pt 4
set style line 7 lc rgb "#d62728" lw 2 dt 1 pt 7
set style line 8 lc rgb "#d62728" lw 2 dt 2 pt 6
set style line 9 lc rgb "#9467bd" lw 2 dt 1 pt 13
set style line 10 lc rgb "#9467bd" lw 2 dt 2 pt 12
set style line 11 lc rgb "#ff7f0e" lw 2 dt 1 pt 15
set style line 12 lc rgb "#ff7f0e" lw 2 dt 2 pt 14
set key outside right top vertical Left reverse noautotitle spacing 1.1
do for [fmt in fmts] {
  if (fmt eq "pdf") {
    set terminal pdfcairo noenhanced color font "Helvetica,9" size 8.34in,4.00in linewidth 0.6
    set output "memory.pdf"; small = ",7"; set pointsize 0.55
  }
  if (fmt eq "png") {
    set terminal pngcairo noenhanced color font "Helvetica,11" size 1250,600 linewidth 1
    set output "memory.png"; small = ",9"; set pointsize 1.1
  }
  if (fmt eq "svg") {
    set terminal svg noenhanced font "Helvetica,11" size 1000,480 dynamic background "white" linewidth 1
    set output "memory.svg"; small = ",9"; set pointsize 1
  }
  plot 'memory.dat' index 0 using 1:2 with linespoints ls 1 title 'full/cpu/materialized model', \
    'memory.dat' index 0 using 1:5 with linespoints ls 2 title 'full/cpu/materialized peak', \
    'memory.dat' index 1 using 1:2 with linespoints ls 3 title 'gqa/cpu/materialized model', \
    'memory.dat' index 1 using 1:5 with linespoints ls 4 title 'gqa/cpu/materialized peak', \
    'memory.dat' index 2 using 1:2 with linespoints ls 5 title 'flash/cpu/tiled model', \
    'memory.dat' index 2 using 1:5 with linespoints ls 6 title 'flash/cpu/tiled peak', \
    'memory.dat' index 3 using 1:2 with linespoints ls 7 title 'msa/cpu/blas model', \
    'memory.dat' index 3 using 1:5 with linespoints ls 8 title 'msa/cpu/blas peak', \
    'memory.dat' index 4 using 1:2 with linespoints ls 9 title 'bigbird/cpu/blas model', \
    'memory.dat' index 4 using 1:5 with linespoints ls 10 title 'bigbird/cpu/blas peak', \
    'memory.dat' index 5 using 1:2 with linespoints ls 11 title 'performer/cpu/favor model', \
    'memory.dat' index 5 using 1:5 with linespoints ls 12 title 'performer/cpu/favor peak', \
    1.26380974e+10 with lines lc rgb "#666666" lw 1.5 dt 4 title 'host memory limit (11.8 GiB)'
  set output
}
