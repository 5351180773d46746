# speedup.gp - speedup over the dense baseline vs context length
# Written by `msabench plot` from results/runs/quickstart-20261206-032118/results.csv; the data is speedup.dat beside this file.
# Rebuild in this directory: gnuplot speedup.gp   (or gnuplot -e 'fmts="png"' speedup.gp)
if (!exists("fmts")) fmts = 'png'
reset
set encoding utf8
set grid xtics ytics lc rgb "#dddddd" lw 1
set border lw 1
set tics nomirror out
set border 3
set title 'Speedup over dense attention  -  AMD EPYC'."\n".'baseline: fastest flash of the same backend and point'
set xlabel 'context length N (tokens)'
set ylabel 'speedup over flash (x)'
set logscale x 2
set xrange [819.2:10240]
unset mxtics
set xtics ("1K" 1024, "2K" 2048, "4K" 4096, "8K" 8192)
set logscale y 10
set format y "%gx"
set logscale y 2
set yrange [0.156581353:11.1766988]
set key outside right top vertical Left reverse noautotitle spacing 1.1
set style line 1 lc rgb "#7f7f7f" lw 2 dt 2 pt 11
set style line 2 lc rgb "#2ca02c" lw 2 dt 2 pt 9
set style line 3 lc rgb "#d62728" lw 2 dt 2 pt 7
set style line 4 lc rgb "#9467bd" lw 2 dt 2 pt 13
set style line 5 lc rgb "#ff7f0e" lw 2 dt 2 pt 15
do for [fmt in fmts] {
  if (fmt eq "pdf") {
    set terminal pdfcairo noenhanced color font "Helvetica,9" size 7.93in,4.00in linewidth 0.6
    set output "speedup.pdf"; small = ",7"; set pointsize 0.55
  }
  if (fmt eq "png") {
    set terminal pngcairo noenhanced color font "Helvetica,11" size 1189,600 linewidth 1
    set output "speedup.png"; small = ",9"; set pointsize 1.1
  }
  if (fmt eq "svg") {
    set terminal svg noenhanced font "Helvetica,11" size 951,480 dynamic background "white" linewidth 1
    set output "speedup.svg"; small = ",9"; set pointsize 1
  }
  plot 'speedup.dat' index 0 using 1:2 with linespoints ls 1 title 'full/cpu/materialized', \
    'speedup.dat' index 1 using 1:2 with linespoints ls 2 title 'gqa/cpu/materialized', \
    'speedup.dat' index 2 using 1:2 with linespoints ls 3 title 'msa/cpu/blas', \
    'speedup.dat' index 3 using 1:2 with linespoints ls 4 title 'bigbird/cpu/blas', \
    'speedup.dat' index 4 using 1:2 with linespoints ls 5 title 'performer/cpu/favor', \
    1 with lines lc rgb "#000000" lw 1.5 dt 2 title 'break-even (1x)'
  set output
}
