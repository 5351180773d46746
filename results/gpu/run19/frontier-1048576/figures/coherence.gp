# coherence.gp - speed against selection coherence
# Written by `msabench plot` from results/gpu/run19/frontier-1048576/results.csv; the data is coherence.dat beside this file.
# Rebuild in this directory: gnuplot coherence.gp   (or gnuplot -e 'fmts="png"' coherence.gp)
if (!exists("fmts")) fmts = 'png'
reset
set encoding utf8
set grid xtics ytics lc rgb "#dddddd" lw 1
set border lw 1
set tics nomirror out
set border 3
set title 'Speed against selection coherence  -  NVIDIA H100 80GB HBM3'."\n".'x: adjacent_overlap (share of a query''s blocks its neighbour also selects)'
set xlabel 'adjacent_overlap'
set ylabel 'useful TFLOP/s'
set xrange [0:1.05]
set yrange [0:*]
set offsets 0, 0, graph 0.08, 0
set key top left
set style line 1 lc rgb "#1f77b4" pt 7 ps 1.2
set style line 2 lc rgb "#d62728" pt 7 ps 1.2
set style line 3 lc rgb "#2ca02c" pt 7 ps 1.2
set style line 4 lc rgb "#9467bd" pt 7 ps 1.2
set style line 5 lc rgb "#ff7f0e" pt 7 ps 1.2
do for [fmt in fmts] {
  if (fmt eq "pdf") {
    set terminal pdfcairo noenhanced color font "Helvetica,9" size 7.00in,4.00in linewidth 0.6
    set output "coherence.pdf"; small = ",7"; set pointsize 0.55
  }
  if (fmt eq "png") {
    set terminal pngcairo noenhanced color font "Helvetica,11" size 1050,600 linewidth 1
    set output "coherence.png"; small = ",9"; set pointsize 1.1
  }
  if (fmt eq "svg") {
    set terminal svg noenhanced font "Helvetica,11" size 840,480 dynamic background "white" linewidth 1
    set output "coherence.svg"; small = ",9"; set pointsize 1
  }
  plot 'coherence.dat' index 0 using 1:2 with points ls 1 title 'msa cuda_ws', \
       'coherence.dat' index 0 using 1:2:3 with labels offset 0,0.8 font ",7" noenhanced notitle, \
       'coherence.dat' index 1 using 1:2 with points ls 2 title 'bigbird cuda_q_outer', \
       'coherence.dat' index 1 using 1:2:3 with labels offset 0,0.8 font ",7" noenhanced notitle, \
       'coherence.dat' index 2 using 1:2 with points ls 3 title 'bigbird cuda_ws', \
       'coherence.dat' index 2 using 1:2:3 with labels offset 0,0.8 font ",7" noenhanced notitle, \
       'coherence.dat' index 3 using 1:2 with points ls 4 title 'nsa cuda_tc', \
       'coherence.dat' index 3 using 1:2:3 with labels offset 0,0.8 font ",7" noenhanced notitle, \
       'coherence.dat' index 4 using 1:2 with points ls 5 title 'nsa cuda_ws', \
       'coherence.dat' index 4 using 1:2:3 with labels offset 0,0.8 font ",7" noenhanced notitle
  set output
}
