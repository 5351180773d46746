# bandwidth.gp - Achieved bandwidth (GB/s)
# Written by `msabench plot` from results/runs/quickstart-20261206-032118/results.csv; the data is bandwidth.dat beside this file.
# Rebuild in this directory: gnuplot bandwidth.gp   (or gnuplot -e 'fmts="png"' bandwidth.gp)
if (!exists("fmts")) fmts = 'png'
reset
set encoding utf8
set grid xtics ytics lc rgb "#dddddd" lw 1
set border lw 1
set tics nomirror out
set border 3
set title 'Achieved bandwidth (GB/s)  -  AMD EPYC'."\n".'bytes_model: each needed input read once, the output written once'
set xlabel 'context length N (tokens)'
set ylabel 'GB/s (bytes_model / time)'
set logscale x 2
set xrange [819.2:10240]
unset mxtics
set xtics ("1K" 1024, "2K" 2048, "4K" 4096, "8K" 8192)
unset logscale y
set yrange [0:*]
set format y "%g"
set yrange [0:0.10679768]
set style line 1 lc rgb "#7f7f7f" lw 2 dt 2 pt 11
set style line 2 lc rgb "#2ca02c" lw 2 dt 2 pt 9
set style line 3 lc rgb "#1f77b4" lw 2 dt 2 pt 5
set style line 4 lc rgb "#d62728" lw 2 dt 2 pt 7
set style line 5 lc rgb "#9467bd" lw 2 dt 2 pt 13
set style line 6 lc rgb "#ff7f0e" lw 2 dt 2 pt 15
set key outside right top vertical Left reverse noautotitle spacing 1.1
do for [fmt in fmts] {
  if (fmt eq "pdf") {
    set terminal pdfcairo noenhanced color font "Helvetica,9" size 8.74in,4.00in linewidth 0.6
    set output "bandwidth.pdf"; small = ",7"; set pointsize 0.55
  }
  if (fmt eq "png") {
    set terminal pngcairo noenhanced color font "Helvetica,11" size 1311,600 linewidth 1
    set output "bandwidth.png"; small = ",9"; set pointsize 1.1
  }
  if (fmt eq "svg") {
    set terminal svg noenhanced font "Helvetica,11" size 1049,480 dynamic background "white" linewidth 1
    set output "bandwidth.svg"; small = ",9"; set pointsize 1
  }
  plot 'bandwidth.dat' index 0 using 1:2 with linespoints ls 1 title 'full/cpu/materialized', \
    'bandwidth.dat' index 1 using 1:2 with linespoints ls 2 title 'gqa/cpu/materialized', \
    'bandwidth.dat' index 2 using 1:2 with linespoints ls 3 title 'flash/cpu/tiled', \
    'bandwidth.dat' index 3 using 1:2 with linespoints ls 4 title 'msa/cpu/blas', \
    'bandwidth.dat' index 4 using 1:2 with linespoints ls 5 title 'bigbird/cpu/blas', \
    'bandwidth.dat' index 5 using 1:2 with linespoints ls 6 title 'performer/cpu/favor'
  set output
}
