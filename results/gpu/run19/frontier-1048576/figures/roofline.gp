# roofline.gp - achieved TFLOP/s against arithmetic intensity
# Written by `msabench plot` from results/gpu/run19/frontier-1048576/results.csv; the data is roofline.dat beside this file.
# Rebuild in this directory: gnuplot roofline.gp   (or gnuplot -e 'fmts="png"' roofline.gp)
if (!exists("fmts")) fmts = 'png'
reset
set encoding utf8
set grid xtics ytics lc rgb "#dddddd" lw 1
set border lw 1
set tics nomirror out
set border 3
set title 'Roofline  -  NVIDIA H100 80GB HBM3'."\n".'x: flops / bytes_model;  y: useful TFLOP/s;  rows left out: see the .dat'
set xlabel 'arithmetic intensity (FLOP / byte)'
set ylabel 'useful TFLOP/s'
set logscale x 10
set logscale y 10
set format x "%g"
set format y "%g"
set xrange [148.274931:33111.7221]
set yrange [12.6742:1338.76068]
set style line 1 lc rgb "#d62728" lw 2 dt 1 pt 7
set style line 2 lc rgb "#9467bd" lw 2 dt 1 pt 13
set style line 3 lc rgb "#8c564b" lw 2 dt 1 pt 5
set style line 4 lc rgb "#e377c2" lw 2 dt 1 pt 7
set key outside right top vertical Left reverse noautotitle spacing 1.1
do for [fmt in fmts] {
  if (fmt eq "pdf") {
    set terminal pdfcairo noenhanced color font "Helvetica,9" size 9.76in,4.00in linewidth 0.6
    set output "roofline.pdf"; small = ",7"; set pointsize 0.55
  }
  if (fmt eq "png") {
    set terminal pngcairo noenhanced color font "Helvetica,11" size 1464,600 linewidth 1
    set output "roofline.png"; small = ",9"; set pointsize 1.1
  }
  if (fmt eq "svg") {
    set terminal svg noenhanced font "Helvetica,11" size 1171,480 dynamic background "white" linewidth 1
    set output "roofline.svg"; small = ",9"; set pointsize 1
  }
  plot 'roofline.dat' index 0 using 1:2 with points ls 1 title 'msa/cuda', \
    'roofline.dat' index 1 using 1:2 with points ls 2 title 'bigbird/cuda', \
    'roofline.dat' index 2 using 1:2 with points ls 3 title 'nsa/cuda', \
    'roofline.dat' index 3 using 1:2 with points ls 4 title 'moba/cuda', \
    'roofline.dat' index 4 using 1:2 with lines lc rgb "#000000" lw 2 dt 1 title 'GPU roof (893 TFLOP/s, 3010 GB/s)'
  set output
}
