# recall_by_layer_noise0.gp - Selection quality by layer
# Written by `msabench plot` from results/contemporaries/run/results.csv; the data is recall_by_layer_noise0.dat beside this file.
# Rebuild in this directory: gnuplot recall_by_layer_noise0.gp   (or gnuplot -e 'fmts="png"' recall_by_layer_noise0.gp)
if (!exists("fmts")) fmts = 'png'
reset
set encoding utf8
set grid xtics ytics lc rgb "#dddddd" lw 1
set border lw 1
set tics nomirror out
set border 3
set style line 1 lc rgb "#eb9394" lw 2 dt 1 pt 7
set style line 2 lc rgb "#eb9394" lw 2 dt 1 pt 6
set style line 3 lc rgb "#eb9394" lw 2 dt 1 pt 7
set style line 4 lc rgb "#801718" lw 2 dt 1 pt 6
set style line 5 lc rgb "#801718" lw 2 dt 1 pt 6
set style line 6 lc rgb "#801718" lw 2 dt 1 pt 6
set style line 7 lc rgb "#cab3de" lw 2 dt 2 pt 13
set style line 8 lc rgb "#593e71" lw 2 dt 2 pt 13
set style line 9 lc rgb "#593e71" lw 2 dt 2 pt 12
set style line 10 lc rgb "#8bdfe7" lw 2 dt 2 pt 9
set style line 11 lc rgb "#0e727c" lw 2 dt 2 pt 9
set style line 12 lc rgb "#0e727c" lw 2 dt 2 pt 8
set style line 13 lc rgb "#f1bbe1" lw 2 dt 2 pt 7
set style line 14 lc rgb "#f1bbe1" lw 2 dt 2 pt 6
set style line 15 lc rgb "#f1bbe1" lw 2 dt 2 pt 7
set style line 16 lc rgb "#884774" lw 2 dt 2 pt 6
set style line 17 lc rgb "#884774" lw 2 dt 2 pt 6
set style line 18 lc rgb "#884774" lw 2 dt 2 pt 6
set style line 19 lc rgb "#c6aba5" lw 2 dt 2 pt 5
set style line 20 lc rgb "#c6aba5" lw 2 dt 2 pt 4
set style line 21 lc rgb "#c6aba5" lw 2 dt 2 pt 5
set style line 22 lc rgb "#54342d" lw 2 dt 2 pt 4
set style line 23 lc rgb "#54342d" lw 2 dt 2 pt 4
set style line 24 lc rgb "#54342d" lw 2 dt 2 pt 4
set style line 25 lc rgb "#bcbd22" lw 2 dt 2 pt 13
set style line 26 lc rgb "#bcbd22" lw 2 dt 2 pt 12
set style line 27 lc rgb "#bcbd22" lw 2 dt 2 pt 13
set xlabel 'layer (from the q file''s name)'
set xrange [2.5:26.5]
set xtics autofreq
set yrange [0:1]
set ytics 0, 0.2, 1
set mytics 2
set format y "%.1f"
set grid xtics ytics mytics lc rgb "#dddddd" lw 1, lc rgb "#f0f0f0" lw 1
set pointsize 1
do for [fmt in fmts] {
  if (fmt eq "pdf") {
    set terminal pdfcairo noenhanced color font "Helvetica,9" size 10.75in,4.07in linewidth 0.6
    set output "recall_by_layer_noise0.pdf"; small = ",7"; set pointsize 0.55
  }
  if (fmt eq "png") {
    set terminal pngcairo noenhanced color font "Helvetica,11" size 1612,610 linewidth 1
    set output "recall_by_layer_noise0.png"; small = ",9"; set pointsize 1.1
  }
  if (fmt eq "svg") {
    set terminal svg noenhanced font "Helvetica,11" size 1290,488 dynamic background "white" linewidth 1
    set output "recall_by_layer_noise0.svg"; small = ",9"; set pointsize 1
  }
  unset label 900
  set multiplot title 'Selection quality by layer  -  AMD EPYC'."\n".'N=2K, Hq=9, Hkv=3, d=64, file, index noise 0, Bk=64'
  set lmargin at screen 0.0605
  set rmargin at screen 0.2512
  set tmargin at screen 0.7912
  set bmargin at screen 0.1523
  set ylabel 'block recall'
  set title 'block recall: |I* ∩ Î| / |I*|'
  set key off
  plot 'recall_by_layer_noise0.dat' index 0 using 1:2 with linespoints ls 1 notitle, \
    'recall_by_layer_noise0.dat' index 1 using 1:2 with linespoints ls 2 notitle, \
    'recall_by_layer_noise0.dat' index 2 using 1:2 with linespoints ls 3 notitle, \
    'recall_by_layer_noise0.dat' index 3 using 1:2 with linespoints ls 4 notitle, \
    'recall_by_layer_noise0.dat' index 4 using 1:2 with linespoints ls 5 notitle, \
    'recall_by_layer_noise0.dat' index 5 using 1:2 with linespoints ls 6 notitle, \
    'recall_by_layer_noise0.dat' index 6 using 1:2 with linespoints ls 7 notitle, \
    'recall_by_layer_noise0.dat' index 7 using 1:2 with linespoints ls 8 notitle, \
    'recall_by_layer_noise0.dat' index 8 using 1:2 with linespoints ls 9 notitle, \
    'recall_by_layer_noise0.dat' index 9 using 1:2 with linespoints ls 10 notitle, \
    'recall_by_layer_noise0.dat' index 10 using 1:2 with linespoints ls 11 notitle, \
    'recall_by_layer_noise0.dat' index 11 using 1:2 with linespoints ls 12 notitle, \
    'recall_by_layer_noise0.dat' index 12 using 1:2 with linespoints ls 13 notitle, \
    'recall_by_layer_noise0.dat' index 13 using 1:2 with linespoints ls 14 notitle, \
    'recall_by_layer_noise0.dat' index 14 using 1:2 with linespoints ls 15 notitle, \
    'recall_by_layer_noise0.dat' index 15 using 1:2 with linespoints ls 16 notitle, \
    'recall_by_layer_noise0.dat' index 16 using 1:2 with linespoints ls 17 notitle, \
    'recall_by_layer_noise0.dat' index 17 using 1:2 with linespoints ls 18 notitle, \
    'recall_by_layer_noise0.dat' index 18 using 1:2 with linespoints ls 19 notitle, \
    'recall_by_layer_noise0.dat' index 19 using 1:2 with linespoints ls 20 notitle, \
    'recall_by_layer_noise0.dat' index 20 using 1:2 with linespoints ls 21 notitle, \
    'recall_by_layer_noise0.dat' index 21 using 1:2 with linespoints ls 22 notitle, \
    'recall_by_layer_noise0.dat' index 22 using 1:2 with linespoints ls 23 notitle, \
    'recall_by_layer_noise0.dat' index 23 using 1:2 with linespoints ls 24 notitle, \
    'recall_by_layer_noise0.dat' index 24 using 1:2 with linespoints ls 25 notitle, \
    'recall_by_layer_noise0.dat' index 25 using 1:2 with linespoints ls 26 notitle, \
    'recall_by_layer_noise0.dat' index 26 using 1:2 with linespoints ls 27 notitle
  set lmargin at screen 0.3163
  set rmargin at screen 0.5070
  set tmargin at screen 0.7912
  set bmargin at screen 0.1523
  set ylabel 'score recall'
  set title 'score recall: P(I* ∩ Î) / P(I*)'
  set key off
  plot 'recall_by_layer_noise0.dat' index 0 using 1:3 with linespoints ls 1 notitle, \
    'recall_by_layer_noise0.dat' index 1 using 1:3 with linespoints ls 2 notitle, \
    'recall_by_layer_noise0.dat' index 2 using 1:3 with linespoints ls 3 notitle, \
    'recall_by_layer_noise0.dat' index 3 using 1:3 with linespoints ls 4 notitle, \
    'recall_by_layer_noise0.dat' index 4 using 1:3 with linespoints ls 5 notitle, \
    'recall_by_layer_noise0.dat' index 5 using 1:3 with linespoints ls 6 notitle, \
    'recall_by_layer_noise0.dat' index 6 using 1:3 with linespoints ls 7 notitle, \
    'recall_by_layer_noise0.dat' index 7 using 1:3 with linespoints ls 8 notitle, \
    'recall_by_layer_noise0.dat' index 8 using 1:3 with linespoints ls 9 notitle, \
    'recall_by_layer_noise0.dat' index 9 using 1:3 with linespoints ls 10 notitle, \
    'recall_by_layer_noise0.dat' index 10 using 1:3 with linespoints ls 11 notitle, \
    'recall_by_layer_noise0.dat' index 11 using 1:3 with linespoints ls 12 notitle, \
    'recall_by_layer_noise0.dat' index 12 using 1:3 with linespoints ls 13 notitle, \
    'recall_by_layer_noise0.dat' index 13 using 1:3 with linespoints ls 14 notitle, \
    'recall_by_layer_noise0.dat' index 14 using 1:3 with linespoints ls 15 notitle, \
    'recall_by_layer_noise0.dat' index 15 using 1:3 with linespoints ls 16 notitle, \
    'recall_by_layer_noise0.dat' index 16 using 1:3 with linespoints ls 17 notitle, \
    'recall_by_layer_noise0.dat' index 17 using 1:3 with linespoints ls 18 notitle, \
    'recall_by_layer_noise0.dat' index 18 using 1:3 with linespoints ls 19 notitle, \
    'recall_by_layer_noise0.dat' index 19 using 1:3 with linespoints ls 20 notitle, \
    'recall_by_layer_noise0.dat' index 20 using 1:3 with linespoints ls 21 notitle, \
    'recall_by_layer_noise0.dat' index 21 using 1:3 with linespoints ls 22 notitle, \
    'recall_by_layer_noise0.dat' index 22 using 1:3 with linespoints ls 23 notitle, \
    'recall_by_layer_noise0.dat' index 23 using 1:3 with linespoints ls 24 notitle, \
    'recall_by_layer_noise0.dat' index 24 using 1:3 with linespoints ls 25 notitle, \
    'recall_by_layer_noise0.dat' index 25 using 1:3 with linespoints ls 26 notitle, \
    'recall_by_layer_noise0.dat' index 26 using 1:3 with linespoints ls 27 notitle
  set lmargin at screen 0.5721
  set rmargin at screen 0.7628
  set tmargin at screen 0.7912
  set bmargin at screen 0.1523
  set ylabel 'mass coverage'
  set title 'mass coverage: P(Î): dense mass kept'
  set key at screen 0.7814, screen 0.7912 top left Left reverse noautotitle spacing 1.2 samplen 2.5
  plot 'recall_by_layer_noise0.dat' index 0 using 1:4 with linespoints ls 1 title 'msa decode k=16', \
    'recall_by_layer_noise0.dat' index 1 using 1:4 with linespoints ls 2 title 'msa decode k=4', \
    'recall_by_layer_noise0.dat' index 2 using 1:4 with linespoints ls 3 title 'msa decode k=8', \
    'recall_by_layer_noise0.dat' index 3 using 1:4 with linespoints ls 4 title 'msa prefill k=16 (est.)', \
    'recall_by_layer_noise0.dat' index 4 using 1:4 with linespoints ls 5 title 'msa prefill k=4', \
    'recall_by_layer_noise0.dat' index 5 using 1:4 with linespoints ls 6 title 'msa prefill k=8 (est.)', \
    'recall_by_layer_noise0.dat' index 6 using 1:4 with linespoints ls 7 title 'bigbird decode', \
    'recall_by_layer_noise0.dat' index 7 using 1:4 with linespoints ls 8 title 'bigbird prefill', \
    'recall_by_layer_noise0.dat' index 8 using 1:4 with linespoints ls 9 title 'bigbird prefill (est.)', \
    'recall_by_layer_noise0.dat' index 9 using 1:4 with linespoints ls 10 title 'dsa decode', \
    'recall_by_layer_noise0.dat' index 10 using 1:4 with linespoints ls 11 title 'dsa prefill', \
    'recall_by_layer_noise0.dat' index 11 using 1:4 with linespoints ls 12 title 'dsa prefill (est.)', \
    'recall_by_layer_noise0.dat' index 12 using 1:4 with linespoints ls 13 title 'moba decode k=16', \
    'recall_by_layer_noise0.dat' index 13 using 1:4 with linespoints ls 14 title 'moba decode k=4', \
    'recall_by_layer_noise0.dat' index 14 using 1:4 with linespoints ls 15 title 'moba decode k=8', \
    'recall_by_layer_noise0.dat' index 15 using 1:4 with linespoints ls 16 title 'moba prefill k=16 (est.)', \
    'recall_by_layer_noise0.dat' index 16 using 1:4 with linespoints ls 17 title 'moba prefill k=4', \
    'recall_by_layer_noise0.dat' index 17 using 1:4 with linespoints ls 18 title 'moba prefill k=8 (est.)', \
    'recall_by_layer_noise0.dat' index 18 using 1:4 with linespoints ls 19 title 'nsa decode k=16', \
    'recall_by_layer_noise0.dat' index 19 using 1:4 with linespoints ls 20 title 'nsa decode k=4', \
    'recall_by_layer_noise0.dat' index 20 using 1:4 with linespoints ls 21 title 'nsa decode k=8', \
    'recall_by_layer_noise0.dat' index 21 using 1:4 with linespoints ls 22 title 'nsa prefill k=16 (est.)', \
    'recall_by_layer_noise0.dat' index 22 using 1:4 with linespoints ls 23 title 'nsa prefill k=4', \
    'recall_by_layer_noise0.dat' index 23 using 1:4 with linespoints ls 24 title 'nsa prefill k=8 (est.)', \
    'recall_by_layer_noise0.dat' index 24 using 1:4 with linespoints ls 25 title 'quest decode k=16', \
    'recall_by_layer_noise0.dat' index 25 using 1:4 with linespoints ls 26 title 'quest decode k=4', \
    'recall_by_layer_noise0.dat' index 26 using 1:4 with linespoints ls 27 title 'quest decode k=8'
  unset multiplot
  set output
}
