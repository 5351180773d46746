# latency.gp - median latency vs context length
# Written by `msabench plot` from results/runs/quickstart-20261206-032118/results.csv; the data is latency.dat beside this file.
# Rebuild in this directory: gnuplot latency.gp   (or gnuplot -e 'fmts="png"' latency.gp)
if (!exists("fmts")) fmts = 'png'
reset
set encoding utf8
set grid xtics ytics lc rgb "#dddddd" lw 1
set border lw 1
set tics nomirror out
set border 3
set title 'Latency vs context length  -  AMD EPYC'."\n".'median; bars: p20-p80'
set xlabel 'context length N (tokens)'
set ylabel 'time per call (ms)'
set logscale x 2
set xrange [819.2:10240]
unset mxtics
set xtics ("1K" 1024, "2K" 2048, "4K" 4096, "8K" 8192)
set logscale y 10
set format y "%g"
set key outside right top vertical Left reverse noautotitle spacing 1.1
set style line 1 lc rgb "#7f7f7f" lw 2 dt 2 pt 11
set style line 2 lc rgb "#2ca02c" lw 2 dt 2 pt 9
set style line 3 lc rgb "#1f77b4" lw 2 dt 2 pt 5
set style line 4 lc rgb "#d62728" lw 2 dt 2 pt 7
set style line 5 lc rgb "#9467bd" lw 2 dt 2 pt 13
set style line 6 lc rgb "#ff7f0e" lw 2 dt 2 pt 15
do for [fmt in fmts] {
  if (fmt eq "pdf") {
    set terminal pdfcairo noenhanced color font "Helvetica,9" size 7.93in,4.00in linewidth 0.6
    set output "latency.pdf"; small = ",7"; set pointsize 0.55
  }
  if (fmt eq "png") {
    set terminal pngcairo noenhanced color font "Helvetica,11" size 1189,600 linewidth 1
    set output "latency.png"; small = ",9"; set pointsize 1.1
  }
  if (fmt eq "svg") {
    set terminal svg noenhanced font "Helvetica,11" size 951,480 dynamic background "white" linewidth 1
    set output "latency.svg"; small = ",9"; set pointsize 1
  }
  plot 'latency.dat' index 0 using 1:2:3:4 with yerrorlines ls 1 title 'full/cpu/materialized', \
    'latency.dat' index 1 using 1:2:3:4 with yerrorlines ls 2 title 'gqa/cpu/materialized', \
    'latency.dat' index 2 using 1:2:3:4 with yerrorlines ls 3 title 'flash/cpu/tiled', \
    'latency.dat' index 3 using 1:2:3:4 with yerrorlines ls 4 title 'msa/cpu/blas', \
    'latency.dat' index 4 using 1:2:3:4 with yerrorlines ls 5 title 'bigbird/cpu/blas', \
    'latency.dat' index 5 using 1:2:3:4 with yerrorlines ls 6 title 'performer/cpu/favor'
  set output
}
