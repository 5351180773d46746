# stages.gp - Stage breakdown by context length
# Written by `msabench plot` from results/gpu/run19/frontier-1048576/results.csv; the data is stages.dat beside this file.
# Rebuild in this directory: gnuplot stages.gp   (or gnuplot -e 'fmts="png"' stages.gp)
if (!exists("fmts")) fmts = 'png'
reset
set encoding utf8
set grid xtics ytics lc rgb "#dddddd" lw 1
set border lw 1
set tics nomirror out
set border 3
set title 'Stage breakdown  -  NVIDIA H100 80GB HBM3'."\n".'share of the summed stage medians; under each bar: N and that sum'
set ylabel 'share of stage time (%)'
set style data histograms
set style histogram rowstacked
set style fill solid 0.9 border rgb "#333333"
set boxwidth 0.7
set yrange [0:100]
set xtics nomirror scale 0
unset grid
set grid ytics lc rgb "#dddddd"
set key outside right top vertical Left reverse noautotitle
do for [fmt in fmts] {
  if (fmt eq "pdf") {
    set terminal pdfcairo noenhanced color font "Helvetica,9" size 6.00in,4.00in linewidth 0.6
    set output "stages.pdf"; small = ",7"; set pointsize 0.55
  }
  if (fmt eq "png") {
    set terminal pngcairo noenhanced color font "Helvetica,11" size 900,600 linewidth 1
    set output "stages.png"; small = ",9"; set pointsize 1.1
  }
  if (fmt eq "svg") {
    set terminal svg noenhanced font "Helvetica,11" size 720,480 dynamic background "white" linewidth 1
    set output "stages.svg"; small = ",9"; set pointsize 1
  }
  set bmargin 6
  plot newhistogram 'msa/cuda/ws' offset 0,-1.6, \
    'stages.dat' index 0 using 3:xtic(2) lc rgb "#4c72b0" title 'index', \
    'stages.dat' index 0 using 4 lc rgb "#dd8452" title 'top-k', \
    'stages.dat' index 0 using 5 lc rgb "#55a868" title 'attention', \
    'stages.dat' index 0 using 6 lc rgb "#8172b3" title 'combine', \
    newhistogram 'nsa/cuda/tc' offset 0,-1.6, \
    'stages.dat' index 1 using 3:xtic(2) lc rgb "#4c72b0" notitle, \
    'stages.dat' index 1 using 4 lc rgb "#dd8452" notitle, \
    'stages.dat' index 1 using 5 lc rgb "#55a868" notitle, \
    'stages.dat' index 1 using 6 lc rgb "#8172b3" notitle, \
    newhistogram 'nsa/cuda/ws' offset 0,-1.6, \
    'stages.dat' index 2 using 3:xtic(2) lc rgb "#4c72b0" notitle, \
    'stages.dat' index 2 using 4 lc rgb "#dd8452" notitle, \
    'stages.dat' index 2 using 5 lc rgb "#55a868" notitle, \
    'stages.dat' index 2 using 6 lc rgb "#8172b3" notitle, \
    newhistogram 'moba/cuda/tc' offset 0,-1.6, \
    'stages.dat' index 3 using 3:xtic(2) lc rgb "#4c72b0" notitle, \
    'stages.dat' index 3 using 4 lc rgb "#dd8452" notitle, \
    'stages.dat' index 3 using 5 lc rgb "#55a868" notitle, \
    'stages.dat' index 3 using 6 lc rgb "#8172b3" notitle
  set output
}
