# roofline.gp - achieved TFLOP/s against arithmetic intensity
# Written by `msabench plot` from results/gpu/run6/coherence-131072/results.csv; the data is roofline.dat beside this file.
# Rebuild in this directory: gnuplot roofline.gp   (or gnuplot -e 'fmts="png"' roofline.gp)
if (!exists("fmts")) fmts = 'png'
reset
set encoding utf8
set grid xtics ytics lc rgb "#dddddd" lw 1
set border lw 1
set tics nomirror out
set border 3
set title 'Roofline  -  NVIDIA H100 80GB HBM3'."\n".'x: flops / bytes_model;  y: useful TFLOP/s'
set xlabel 'arithmetic intensity (FLOP / byte)'
set ylabel 'useful TFLOP/s'
set logscale x 10
set logscale y 10
set format x "%g"
set format y "%g"
set xrange [146.208466:7242.84482]
set yrange [87.146:1311.57385]
set style line 1 lc rgb "#d62728" lw 2 dt 1 pt 7
set key inside top left Left reverse noautotitle spacing 1.1 box lc rgb "#cccccc" opaque
do for [fmt in fmts] {
  if (fmt eq "pdf") {
    set terminal pdfcairo noenhanced color font "Helvetica,9" size 6.00in,4.00in linewidth 0.6
    set output "roofline.pdf"; small = ",7"; set pointsize 0.55
  }
  if (fmt eq "png") {
    set terminal pngcairo noenhanced color font "Helvetica,11" size 900,600 linewidth 1
    set output "roofline.png"; small = ",9"; set pointsize 1.1
  }
  if (fmt eq "svg") {
    set terminal svg noenhanced font "Helvetica,11" size 720,480 dynamic background "white" linewidth 1
    set output "roofline.svg"; small = ",9"; set pointsize 1
  }
  plot 'roofline.dat' index 0 using 1:2 with points ls 1 title 'msa/cuda', \
    'roofline.dat' index 1 using 1:2 with lines lc rgb "#000000" lw 2 dt 1 title 'GPU roof (874 TFLOP/s, 2990 GB/s)'
  set output
}
