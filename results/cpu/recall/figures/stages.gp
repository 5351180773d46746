# stages.gp - MSA stage breakdown by context length
# Written by `msabench plot` from results/cpu/recall/results.csv; the data is stages.dat beside this file.
# Rebuild in this directory: gnuplot stages.gp   (or gnuplot -e 'fmts="png"' stages.gp)
if (!exists("fmts")) fmts = "pdf png svg"
reset
set encoding utf8
set grid xtics ytics lc rgb "#dddddd" lw 1
set border lw 1
set tics nomirror out
set border 3
set title "MSA stage breakdown  -  AMD EPYC\nshare of the summed stage medians; under each bar: N and that sum"
set ylabel "share of stage time (%)"
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
    set terminal pdfcairo noenhanced color font "Helvetica,9" size 24.20in,4.00in linewidth 0.6
    set output "stages.pdf"; small = ",7"; set pointsize 0.55
  }
  if (fmt eq "png") {
    set terminal pngcairo noenhanced color font "Helvetica,11" size 3630,600 linewidth 1
    set output "stages.png"; small = ",9"; set pointsize 1.1
  }
  if (fmt eq "svg") {
    set terminal svg noenhanced font "Helvetica,11" size 2904,480 dynamic background "white" linewidth 1
    set output "stages.svg"; small = ",9"; set pointsize 1
  }
  set bmargin 6
  plot newhistogram "msa/cpu/blas Bk=32 k=4 noise=0" offset 0,-1.6, \
    'stages.dat' index 0 using 3:xtic(2) lc rgb "#4c72b0" title "index", \
    'stages.dat' index 0 using 4 lc rgb "#dd8452" title "top-k", \
    'stages.dat' index 0 using 5 lc rgb "#55a868" title "attention", \
    'stages.dat' index 0 using 6 lc rgb "#8172b3" title "combine", \
    newhistogram "msa/cpu/blas Bk=32 k=4 noise=1" offset 0,-1.6, \
    'stages.dat' index 1 using 3:xtic(2) lc rgb "#4c72b0" notitle, \
    'stages.dat' index 1 using 4 lc rgb "#dd8452" notitle, \
    'stages.dat' index 1 using 5 lc rgb "#55a868" notitle, \
    'stages.dat' index 1 using 6 lc rgb "#8172b3" notitle, \
    newhistogram "msa/cpu/blas Bk=32 k=4 noise=4" offset 0,-1.6, \
    'stages.dat' index 2 using 3:xtic(2) lc rgb "#4c72b0" notitle, \
    'stages.dat' index 2 using 4 lc rgb "#dd8452" notitle, \
    'stages.dat' index 2 using 5 lc rgb "#55a868" notitle, \
    'stages.dat' index 2 using 6 lc rgb "#8172b3" notitle, \
    newhistogram "msa/cpu/blas Bk=32 k=8 noise=0" offset 0,-1.6, \
    'stages.dat' index 3 using 3:xtic(2) lc rgb "#4c72b0" notitle, \
    'stages.dat' index 3 using 4 lc rgb "#dd8452" notitle, \
    'stages.dat' index 3 using 5 lc rgb "#55a868" notitle, \
    'stages.dat' index 3 using 6 lc rgb "#8172b3" notitle, \
    newhistogram "msa/cpu/blas Bk=32 k=8 noise=1" offset 0,-1.6, \
    'stages.dat' index 4 using 3:xtic(2) lc rgb "#4c72b0" notitle, \
    'stages.dat' index 4 using 4 lc rgb "#dd8452" notitle, \
    'stages.dat' index 4 using 5 lc rgb "#55a868" notitle, \
    'stages.dat' index 4 using 6 lc rgb "#8172b3" notitle, \
    newhistogram "msa/cpu/blas Bk=32 k=8 noise=4" offset 0,-1.6, \
    'stages.dat' index 5 using 3:xtic(2) lc rgb "#4c72b0" notitle, \
    'stages.dat' index 5 using 4 lc rgb "#dd8452" notitle, \
    'stages.dat' index 5 using 5 lc rgb "#55a868" notitle, \
    'stages.dat' index 5 using 6 lc rgb "#8172b3" notitle, \
    newhistogram "msa/cpu/blas Bk=32 k=16 noise=0" offset 0,-1.6, \
    'stages.dat' index 6 using 3:xtic(2) lc rgb "#4c72b0" notitle, \
    'stages.dat' index 6 using 4 lc rgb "#dd8452" notitle, \
    'stages.dat' index 6 using 5 lc rgb "#55a868" notitle, \
    'stages.dat' index 6 using 6 lc rgb "#8172b3" notitle, \
    newhistogram "msa/cpu/blas Bk=32 k=16 noise=1" offset 0,-1.6, \
    'stages.dat' index 7 using 3:xtic(2) lc rgb "#4c72b0" notitle, \
    'stages.dat' index 7 using 4 lc rgb "#dd8452" notitle, \
    'stages.dat' index 7 using 5 lc rgb "#55a868" notitle, \
    'stages.dat' index 7 using 6 lc rgb "#8172b3" notitle, \
    newhistogram "msa/cpu/blas Bk=32 k=16 noise=4" offset 0,-1.6, \
    'stages.dat' index 8 using 3:xtic(2) lc rgb "#4c72b0" notitle, \
    'stages.dat' index 8 using 4 lc rgb "#dd8452" notitle, \
    'stages.dat' index 8 using 5 lc rgb "#55a868" notitle, \
    'stages.dat' index 8 using 6 lc rgb "#8172b3" notitle, \
    newhistogram "msa/cpu/blas Bk=32 k=32 noise=0" offset 0,-1.6, \
    'stages.dat' index 9 using 3:xtic(2) lc rgb "#4c72b0" notitle, \
    'stages.dat' index 9 using 4 lc rgb "#dd8452" notitle, \
    'stages.dat' index 9 using 5 lc rgb "#55a868" notitle, \
    'stages.dat' index 9 using 6 lc rgb "#8172b3" notitle, \
    newhistogram "msa/cpu/blas Bk=32 k=32 noise=1" offset 0,-1.6, \
    'stages.dat' index 10 using 3:xtic(2) lc rgb "#4c72b0" notitle, \
    'stages.dat' index 10 using 4 lc rgb "#dd8452" notitle, \
    'stages.dat' index 10 using 5 lc rgb "#55a868" notitle, \
    'stages.dat' index 10 using 6 lc rgb "#8172b3" notitle, \
    newhistogram "msa/cpu/blas Bk=32 k=32 noise=4" offset 0,-1.6, \
    'stages.dat' index 11 using 3:xtic(2) lc rgb "#4c72b0" notitle, \
    'stages.dat' index 11 using 4 lc rgb "#dd8452" notitle, \
    'stages.dat' index 11 using 5 lc rgb "#55a868" notitle, \
    'stages.dat' index 11 using 6 lc rgb "#8172b3" notitle, \
    newhistogram "msa/cpu/blas Bk=32 k=64 noise=0" offset 0,-1.6, \
    'stages.dat' index 12 using 3:xtic(2) lc rgb "#4c72b0" notitle, \
    'stages.dat' index 12 using 4 lc rgb "#dd8452" notitle, \
    'stages.dat' index 12 using 5 lc rgb "#55a868" notitle, \
    'stages.dat' index 12 using 6 lc rgb "#8172b3" notitle, \
    newhistogram "msa/cpu/blas Bk=32 k=64 noise=1" offset 0,-1.6, \
    'stages.dat' index 13 using 3:xtic(2) lc rgb "#4c72b0" notitle, \
    'stages.dat' index 13 using 4 lc rgb "#dd8452" notitle, \
    'stages.dat' index 13 using 5 lc rgb "#55a868" notitle, \
    'stages.dat' index 13 using 6 lc rgb "#8172b3" notitle, \
    newhistogram "msa/cpu/blas Bk=32 k=64 noise=4" offset 0,-1.6, \
    'stages.dat' index 14 using 3:xtic(2) lc rgb "#4c72b0" notitle, \
    'stages.dat' index 14 using 4 lc rgb "#dd8452" notitle, \
    'stages.dat' index 14 using 5 lc rgb "#55a868" notitle, \
    'stages.dat' index 14 using 6 lc rgb "#8172b3" notitle, \
    newhistogram "msa/cpu/blas Bk=64 k=4 noise=0" offset 0,-1.6, \
    'stages.dat' index 15 using 3:xtic(2) lc rgb "#4c72b0" notitle, \
    'stages.dat' index 15 using 4 lc rgb "#dd8452" notitle, \
    'stages.dat' index 15 using 5 lc rgb "#55a868" notitle, \
    'stages.dat' index 15 using 6 lc rgb "#8172b3" notitle, \
    newhistogram "msa/cpu/blas Bk=64 k=4 noise=1" offset 0,-1.6, \
    'stages.dat' index 16 using 3:xtic(2) lc rgb "#4c72b0" notitle, \
    'stages.dat' index 16 using 4 lc rgb "#dd8452" notitle, \
    'stages.dat' index 16 using 5 lc rgb "#55a868" notitle, \
    'stages.dat' index 16 using 6 lc rgb "#8172b3" notitle, \
    newhistogram "msa/cpu/blas Bk=64 k=4 noise=4" offset 0,-1.6, \
    'stages.dat' index 17 using 3:xtic(2) lc rgb "#4c72b0" notitle, \
    'stages.dat' index 17 using 4 lc rgb "#dd8452" notitle, \
    'stages.dat' index 17 using 5 lc rgb "#55a868" notitle, \
    'stages.dat' index 17 using 6 lc rgb "#8172b3" notitle, \
    newhistogram "msa/cpu/blas Bk=64 k=8 noise=0" offset 0,-1.6, \
    'stages.dat' index 18 using 3:xtic(2) lc rgb "#4c72b0" notitle, \
    'stages.dat' index 18 using 4 lc rgb "#dd8452" notitle, \
    'stages.dat' index 18 using 5 lc rgb "#55a868" notitle, \
    'stages.dat' index 18 using 6 lc rgb "#8172b3" notitle, \
    newhistogram "msa/cpu/blas Bk=64 k=8 noise=1" offset 0,-1.6, \
    'stages.dat' index 19 using 3:xtic(2) lc rgb "#4c72b0" notitle, \
    'stages.dat' index 19 using 4 lc rgb "#dd8452" notitle, \
    'stages.dat' index 19 using 5 lc rgb "#55a868" notitle, \
    'stages.dat' index 19 using 6 lc rgb "#8172b3" notitle, \
    newhistogram "msa/cpu/blas Bk=64 k=8 noise=4" offset 0,-1.6, \
    'stages.dat' index 20 using 3:xtic(2) lc rgb "#4c72b0" notitle, \
    'stages.dat' index 20 using 4 lc rgb "#dd8452" notitle, \
    'stages.dat' index 20 using 5 lc rgb "#55a868" notitle, \
    'stages.dat' index 20 using 6 lc rgb "#8172b3" notitle, \
    newhistogram "msa/cpu/blas Bk=64 k=16 noise=0" offset 0,-1.6, \
    'stages.dat' index 21 using 3:xtic(2) lc rgb "#4c72b0" notitle, \
    'stages.dat' index 21 using 4 lc rgb "#dd8452" notitle, \
    'stages.dat' index 21 using 5 lc rgb "#55a868" notitle, \
    'stages.dat' index 21 using 6 lc rgb "#8172b3" notitle, \
    newhistogram "msa/cpu/blas Bk=64 k=16 noise=1" offset 0,-1.6, \
    'stages.dat' index 22 using 3:xtic(2) lc rgb "#4c72b0" notitle, \
    'stages.dat' index 22 using 4 lc rgb "#dd8452" notitle, \
    'stages.dat' index 22 using 5 lc rgb "#55a868" notitle, \
    'stages.dat' index 22 using 6 lc rgb "#8172b3" notitle, \
    newhistogram "msa/cpu/blas Bk=64 k=16 noise=4" offset 0,-1.6, \
    'stages.dat' index 23 using 3:xtic(2) lc rgb "#4c72b0" notitle, \
    'stages.dat' index 23 using 4 lc rgb "#dd8452" notitle, \
    'stages.dat' index 23 using 5 lc rgb "#55a868" notitle, \
    'stages.dat' index 23 using 6 lc rgb "#8172b3" notitle, \
    newhistogram "msa/cpu/blas Bk=64 k=32 noise=0" offset 0,-1.6, \
    'stages.dat' index 24 using 3:xtic(2) lc rgb "#4c72b0" notitle, \
    'stages.dat' index 24 using 4 lc rgb "#dd8452" notitle, \
    'stages.dat' index 24 using 5 lc rgb "#55a868" notitle, \
    'stages.dat' index 24 using 6 lc rgb "#8172b3" notitle, \
    newhistogram "msa/cpu/blas Bk=64 k=32 noise=1" offset 0,-1.6, \
    'stages.dat' index 25 using 3:xtic(2) lc rgb "#4c72b0" notitle, \
    'stages.dat' index 25 using 4 lc rgb "#dd8452" notitle, \
    'stages.dat' index 25 using 5 lc rgb "#55a868" notitle, \
    'stages.dat' index 25 using 6 lc rgb "#8172b3" notitle, \
    newhistogram "msa/cpu/blas Bk=64 k=32 noise=4" offset 0,-1.6, \
    'stages.dat' index 26 using 3:xtic(2) lc rgb "#4c72b0" notitle, \
    'stages.dat' index 26 using 4 lc rgb "#dd8452" notitle, \
    'stages.dat' index 26 using 5 lc rgb "#55a868" notitle, \
    'stages.dat' index 26 using 6 lc rgb "#8172b3" notitle, \
    newhistogram "msa/cpu/blas Bk=64 k=64 noise=0" offset 0,-1.6, \
    'stages.dat' index 27 using 3:xtic(2) lc rgb "#4c72b0" notitle, \
    'stages.dat' index 27 using 4 lc rgb "#dd8452" notitle, \
    'stages.dat' index 27 using 5 lc rgb "#55a868" notitle, \
    'stages.dat' index 27 using 6 lc rgb "#8172b3" notitle, \
    newhistogram "msa/cpu/blas Bk=64 k=64 noise=1" offset 0,-1.6, \
    'stages.dat' index 28 using 3:xtic(2) lc rgb "#4c72b0" notitle, \
    'stages.dat' index 28 using 4 lc rgb "#dd8452" notitle, \
    'stages.dat' index 28 using 5 lc rgb "#55a868" notitle, \
    'stages.dat' index 28 using 6 lc rgb "#8172b3" notitle, \
    newhistogram "msa/cpu/blas Bk=64 k=64 noise=4" offset 0,-1.6, \
    'stages.dat' index 29 using 3:xtic(2) lc rgb "#4c72b0" notitle, \
    'stages.dat' index 29 using 4 lc rgb "#dd8452" notitle, \
    'stages.dat' index 29 using 5 lc rgb "#55a868" notitle, \
    'stages.dat' index 29 using 6 lc rgb "#8172b3" notitle, \
    newhistogram "msa/cpu/blas Bk=128 k=4 noise=0" offset 0,-1.6, \
    'stages.dat' index 30 using 3:xtic(2) lc rgb "#4c72b0" notitle, \
    'stages.dat' index 30 using 4 lc rgb "#dd8452" notitle, \
    'stages.dat' index 30 using 5 lc rgb "#55a868" notitle, \
    'stages.dat' index 30 using 6 lc rgb "#8172b3" notitle, \
    newhistogram "msa/cpu/blas Bk=128 k=4 noise=1" offset 0,-1.6, \
    'stages.dat' index 31 using 3:xtic(2) lc rgb "#4c72b0" notitle, \
    'stages.dat' index 31 using 4 lc rgb "#dd8452" notitle, \
    'stages.dat' index 31 using 5 lc rgb "#55a868" notitle, \
    'stages.dat' index 31 using 6 lc rgb "#8172b3" notitle, \
    newhistogram "msa/cpu/blas Bk=128 k=4 noise=4" offset 0,-1.6, \
    'stages.dat' index 32 using 3:xtic(2) lc rgb "#4c72b0" notitle, \
    'stages.dat' index 32 using 4 lc rgb "#dd8452" notitle, \
    'stages.dat' index 32 using 5 lc rgb "#55a868" notitle, \
    'stages.dat' index 32 using 6 lc rgb "#8172b3" notitle, \
    newhistogram "msa/cpu/blas Bk=128 k=8 noise=0" offset 0,-1.6, \
    'stages.dat' index 33 using 3:xtic(2) lc rgb "#4c72b0" notitle, \
    'stages.dat' index 33 using 4 lc rgb "#dd8452" notitle, \
    'stages.dat' index 33 using 5 lc rgb "#55a868" notitle, \
    'stages.dat' index 33 using 6 lc rgb "#8172b3" notitle, \
    newhistogram "msa/cpu/blas Bk=128 k=8 noise=1" offset 0,-1.6, \
    'stages.dat' index 34 using 3:xtic(2) lc rgb "#4c72b0" notitle, \
    'stages.dat' index 34 using 4 lc rgb "#dd8452" notitle, \
    'stages.dat' index 34 using 5 lc rgb "#55a868" notitle, \
    'stages.dat' index 34 using 6 lc rgb "#8172b3" notitle, \
    newhistogram "msa/cpu/blas Bk=128 k=8 noise=4" offset 0,-1.6, \
    'stages.dat' index 35 using 3:xtic(2) lc rgb "#4c72b0" notitle, \
    'stages.dat' index 35 using 4 lc rgb "#dd8452" notitle, \
    'stages.dat' index 35 using 5 lc rgb "#55a868" notitle, \
    'stages.dat' index 35 using 6 lc rgb "#8172b3" notitle, \
    newhistogram "msa/cpu/blas Bk=128 k=16 noise=0" offset 0,-1.6, \
    'stages.dat' index 36 using 3:xtic(2) lc rgb "#4c72b0" notitle, \
    'stages.dat' index 36 using 4 lc rgb "#dd8452" notitle, \
    'stages.dat' index 36 using 5 lc rgb "#55a868" notitle, \
    'stages.dat' index 36 using 6 lc rgb "#8172b3" notitle, \
    newhistogram "msa/cpu/blas Bk=128 k=16 noise=1" offset 0,-1.6, \
    'stages.dat' index 37 using 3:xtic(2) lc rgb "#4c72b0" notitle, \
    'stages.dat' index 37 using 4 lc rgb "#dd8452" notitle, \
    'stages.dat' index 37 using 5 lc rgb "#55a868" notitle, \
    'stages.dat' index 37 using 6 lc rgb "#8172b3" notitle, \
    newhistogram "msa/cpu/blas Bk=128 k=16 noise=4" offset 0,-1.6, \
    'stages.dat' index 38 using 3:xtic(2) lc rgb "#4c72b0" notitle, \
    'stages.dat' index 38 using 4 lc rgb "#dd8452" notitle, \
    'stages.dat' index 38 using 5 lc rgb "#55a868" notitle, \
    'stages.dat' index 38 using 6 lc rgb "#8172b3" notitle, \
    newhistogram "msa/cpu/blas Bk=128 k=32 noise=0" offset 0,-1.6, \
    'stages.dat' index 39 using 3:xtic(2) lc rgb "#4c72b0" notitle, \
    'stages.dat' index 39 using 4 lc rgb "#dd8452" notitle, \
    'stages.dat' index 39 using 5 lc rgb "#55a868" notitle, \
    'stages.dat' index 39 using 6 lc rgb "#8172b3" notitle, \
    newhistogram "msa/cpu/blas Bk=128 k=32 noise=1" offset 0,-1.6, \
    'stages.dat' index 40 using 3:xtic(2) lc rgb "#4c72b0" notitle, \
    'stages.dat' index 40 using 4 lc rgb "#dd8452" notitle, \
    'stages.dat' index 40 using 5 lc rgb "#55a868" notitle, \
    'stages.dat' index 40 using 6 lc rgb "#8172b3" notitle, \
    newhistogram "msa/cpu/blas Bk=128 k=32 noise=4" offset 0,-1.6, \
    'stages.dat' index 41 using 3:xtic(2) lc rgb "#4c72b0" notitle, \
    'stages.dat' index 41 using 4 lc rgb "#dd8452" notitle, \
    'stages.dat' index 41 using 5 lc rgb "#55a868" notitle, \
    'stages.dat' index 41 using 6 lc rgb "#8172b3" notitle, \
    newhistogram "msa/cpu/blas Bk=128 k=64 noise=0" offset 0,-1.6, \
    'stages.dat' index 42 using 3:xtic(2) lc rgb "#4c72b0" notitle, \
    'stages.dat' index 42 using 4 lc rgb "#dd8452" notitle, \
    'stages.dat' index 42 using 5 lc rgb "#55a868" notitle, \
    'stages.dat' index 42 using 6 lc rgb "#8172b3" notitle, \
    newhistogram "msa/cpu/blas Bk=128 k=64 noise=1" offset 0,-1.6, \
    'stages.dat' index 43 using 3:xtic(2) lc rgb "#4c72b0" notitle, \
    'stages.dat' index 43 using 4 lc rgb "#dd8452" notitle, \
    'stages.dat' index 43 using 5 lc rgb "#55a868" notitle, \
    'stages.dat' index 43 using 6 lc rgb "#8172b3" notitle, \
    newhistogram "msa/cpu/blas Bk=128 k=64 noise=4" offset 0,-1.6, \
    'stages.dat' index 44 using 3:xtic(2) lc rgb "#4c72b0" notitle, \
    'stages.dat' index 44 using 4 lc rgb "#dd8452" notitle, \
    'stages.dat' index 44 using 5 lc rgb "#55a868" notitle, \
    'stages.dat' index 44 using 6 lc rgb "#8172b3" notitle, \
    newhistogram "msa/cpu/blas Bk=256 k=4 noise=0" offset 0,-1.6, \
    'stages.dat' index 45 using 3:xtic(2) lc rgb "#4c72b0" notitle, \
    'stages.dat' index 45 using 4 lc rgb "#dd8452" notitle, \
    'stages.dat' index 45 using 5 lc rgb "#55a868" notitle, \
    'stages.dat' index 45 using 6 lc rgb "#8172b3" notitle, \
    newhistogram "msa/cpu/blas Bk=256 k=4 noise=1" offset 0,-1.6, \
    'stages.dat' index 46 using 3:xtic(2) lc rgb "#4c72b0" notitle, \
    'stages.dat' index 46 using 4 lc rgb "#dd8452" notitle, \
    'stages.dat' index 46 using 5 lc rgb "#55a868" notitle, \
    'stages.dat' index 46 using 6 lc rgb "#8172b3" notitle, \
    newhistogram "msa/cpu/blas Bk=256 k=4 noise=4" offset 0,-1.6, \
    'stages.dat' index 47 using 3:xtic(2) lc rgb "#4c72b0" notitle, \
    'stages.dat' index 47 using 4 lc rgb "#dd8452" notitle, \
    'stages.dat' index 47 using 5 lc rgb "#55a868" notitle, \
    'stages.dat' index 47 using 6 lc rgb "#8172b3" notitle, \
    newhistogram "msa/cpu/blas Bk=256 k=8 noise=0" offset 0,-1.6, \
    'stages.dat' index 48 using 3:xtic(2) lc rgb "#4c72b0" notitle, \
    'stages.dat' index 48 using 4 lc rgb "#dd8452" notitle, \
    'stages.dat' index 48 using 5 lc rgb "#55a868" notitle, \
    'stages.dat' index 48 using 6 lc rgb "#8172b3" notitle, \
    newhistogram "msa/cpu/blas Bk=256 k=8 noise=1" offset 0,-1.6, \
    'stages.dat' index 49 using 3:xtic(2) lc rgb "#4c72b0" notitle, \
    'stages.dat' index 49 using 4 lc rgb "#dd8452" notitle, \
    'stages.dat' index 49 using 5 lc rgb "#55a868" notitle, \
    'stages.dat' index 49 using 6 lc rgb "#8172b3" notitle, \
    newhistogram "msa/cpu/blas Bk=256 k=8 noise=4" offset 0,-1.6, \
    'stages.dat' index 50 using 3:xtic(2) lc rgb "#4c72b0" notitle, \
    'stages.dat' index 50 using 4 lc rgb "#dd8452" notitle, \
    'stages.dat' index 50 using 5 lc rgb "#55a868" notitle, \
    'stages.dat' index 50 using 6 lc rgb "#8172b3" notitle, \
    newhistogram "msa/cpu/blas Bk=256 k=16 noise=0" offset 0,-1.6, \
    'stages.dat' index 51 using 3:xtic(2) lc rgb "#4c72b0" notitle, \
    'stages.dat' index 51 using 4 lc rgb "#dd8452" notitle, \
    'stages.dat' index 51 using 5 lc rgb "#55a868" notitle, \
    'stages.dat' index 51 using 6 lc rgb "#8172b3" notitle, \
    newhistogram "msa/cpu/blas Bk=256 k=16 noise=1" offset 0,-1.6, \
    'stages.dat' index 52 using 3:xtic(2) lc rgb "#4c72b0" notitle, \
    'stages.dat' index 52 using 4 lc rgb "#dd8452" notitle, \
    'stages.dat' index 52 using 5 lc rgb "#55a868" notitle, \
    'stages.dat' index 52 using 6 lc rgb "#8172b3" notitle, \
    newhistogram "msa/cpu/blas Bk=256 k=16 noise=4" offset 0,-1.6, \
    'stages.dat' index 53 using 3:xtic(2) lc rgb "#4c72b0" notitle, \
    'stages.dat' index 53 using 4 lc rgb "#dd8452" notitle, \
    'stages.dat' index 53 using 5 lc rgb "#55a868" notitle, \
    'stages.dat' index 53 using 6 lc rgb "#8172b3" notitle, \
    newhistogram "msa/cpu/blas Bk=256 k=32 noise=0" offset 0,-1.6, \
    'stages.dat' index 54 using 3:xtic(2) lc rgb "#4c72b0" notitle, \
    'stages.dat' index 54 using 4 lc rgb "#dd8452" notitle, \
    'stages.dat' index 54 using 5 lc rgb "#55a868" notitle, \
    'stages.dat' index 54 using 6 lc rgb "#8172b3" notitle, \
    newhistogram "msa/cpu/blas Bk=256 k=32 noise=1" offset 0,-1.6, \
    'stages.dat' index 55 using 3:xtic(2) lc rgb "#4c72b0" notitle, \
    'stages.dat' index 55 using 4 lc rgb "#dd8452" notitle, \
    'stages.dat' index 55 using 5 lc rgb "#55a868" notitle, \
    'stages.dat' index 55 using 6 lc rgb "#8172b3" notitle, \
    newhistogram "msa/cpu/blas Bk=256 k=32 noise=4" offset 0,-1.6, \
    'stages.dat' index 56 using 3:xtic(2) lc rgb "#4c72b0" notitle, \
    'stages.dat' index 56 using 4 lc rgb "#dd8452" notitle, \
    'stages.dat' index 56 using 5 lc rgb "#55a868" notitle, \
    'stages.dat' index 56 using 6 lc rgb "#8172b3" notitle, \
    newhistogram "msa/cpu/blas Bk=256 k=64 noise=0" offset 0,-1.6, \
    'stages.dat' index 57 using 3:xtic(2) lc rgb "#4c72b0" notitle, \
    'stages.dat' index 57 using 4 lc rgb "#dd8452" notitle, \
    'stages.dat' index 57 using 5 lc rgb "#55a868" notitle, \
    'stages.dat' index 57 using 6 lc rgb "#8172b3" notitle, \
    newhistogram "msa/cpu/blas Bk=256 k=64 noise=1" offset 0,-1.6, \
    'stages.dat' index 58 using 3:xtic(2) lc rgb "#4c72b0" notitle, \
    'stages.dat' index 58 using 4 lc rgb "#dd8452" notitle, \
    'stages.dat' index 58 using 5 lc rgb "#55a868" notitle, \
    'stages.dat' index 58 using 6 lc rgb "#8172b3" notitle, \
    newhistogram "msa/cpu/blas Bk=256 k=64 noise=4" offset 0,-1.6, \
    'stages.dat' index 59 using 3:xtic(2) lc rgb "#4c72b0" notitle, \
    'stages.dat' index 59 using 4 lc rgb "#dd8452" notitle, \
    'stages.dat' index 59 using 5 lc rgb "#55a868" notitle, \
    'stages.dat' index 59 using 6 lc rgb "#8172b3" notitle
  set output
}
