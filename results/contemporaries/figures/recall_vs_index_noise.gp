# recall_vs_index_noise.gp - Selection quality vs index noise
# Written by `msabench plot` from results/contemporaries/run/results.csv; the data is recall_vs_index_noise.dat beside this file.
# Rebuild in this directory: gnuplot recall_vs_index_noise.gp   (or gnuplot -e 'fmts="png"' recall_vs_index_noise.gp)
if (!exists("fmts")) fmts = 'png'
reset
set encoding utf8
set grid xtics ytics lc rgb "#dddddd" lw 1
set border lw 1
set tics nomirror out
set border 3
set style line 1 lc rgb "#eb9394" lw 2 dt 1 pt 7
set style line 2 lc rgb "#eb9394" lw 2 dt 1 pt 6
set style line 3 lc rgb "#e36c6d" lw 2 dt 1 pt 7
set style line 4 lc rgb "#e36c6d" lw 2 dt 1 pt 6
set style line 5 lc rgb "#dc4546" lw 2 dt 1 pt 7
set style line 6 lc rgb "#dc4546" lw 2 dt 1 pt 6
set style line 7 lc rgb "#dc4546" lw 2 dt 1 pt 6
set style line 8 lc rgb "#dc4546" lw 2 dt 1 pt 6
set style line 9 lc rgb "#cd2526" lw 2 dt 1 pt 7
set style line 10 lc rgb "#cd2526" lw 2 dt 1 pt 6
set style line 11 lc rgb "#a71e1f" lw 2 dt 1 pt 7
set style line 12 lc rgb "#a71e1f" lw 2 dt 1 pt 6
set style line 13 lc rgb "#801718" lw 2 dt 1 pt 7
set style line 14 lc rgb "#801718" lw 2 dt 1 pt 6
set style line 15 lc rgb "#cab3de" lw 2 dt 2 pt 13
set style line 16 lc rgb "#cab3de" lw 2 dt 2 pt 12
set style line 17 lc rgb "#b698d2" lw 2 dt 2 pt 13
set style line 18 lc rgb "#b698d2" lw 2 dt 2 pt 12
set style line 19 lc rgb "#a37cc6" lw 2 dt 2 pt 13
set style line 20 lc rgb "#a37cc6" lw 2 dt 2 pt 12
set style line 21 lc rgb "#a37cc6" lw 2 dt 2 pt 12
set style line 22 lc rgb "#a37cc6" lw 2 dt 2 pt 12
set style line 23 lc rgb "#8e63b5" lw 2 dt 2 pt 13
set style line 24 lc rgb "#8e63b5" lw 2 dt 2 pt 12
set style line 25 lc rgb "#735093" lw 2 dt 2 pt 13
set style line 26 lc rgb "#735093" lw 2 dt 2 pt 12
set style line 27 lc rgb "#593e71" lw 2 dt 2 pt 13
set style line 28 lc rgb "#593e71" lw 2 dt 2 pt 12
set style line 29 lc rgb "#8bdfe7" lw 2 dt 2 pt 9
set style line 30 lc rgb "#8bdfe7" lw 2 dt 2 pt 8
set style line 31 lc rgb "#61d3de" lw 2 dt 2 pt 9
set style line 32 lc rgb "#61d3de" lw 2 dt 2 pt 8
set style line 33 lc rgb "#37c7d6" lw 2 dt 2 pt 9
set style line 34 lc rgb "#37c7d6" lw 2 dt 2 pt 8
set style line 35 lc rgb "#37c7d6" lw 2 dt 2 pt 8
set style line 36 lc rgb "#37c7d6" lw 2 dt 2 pt 8
set style line 37 lc rgb "#16b6c7" lw 2 dt 2 pt 9
set style line 38 lc rgb "#16b6c7" lw 2 dt 2 pt 8
set style line 39 lc rgb "#1294a1" lw 2 dt 2 pt 9
set style line 40 lc rgb "#1294a1" lw 2 dt 2 pt 8
set style line 41 lc rgb "#0e727c" lw 2 dt 2 pt 9
set style line 42 lc rgb "#0e727c" lw 2 dt 2 pt 8
set style line 43 lc rgb "#f1bbe1" lw 2 dt 2 pt 7
set style line 44 lc rgb "#f1bbe1" lw 2 dt 2 pt 6
set style line 45 lc rgb "#eca3d6" lw 2 dt 2 pt 7
set style line 46 lc rgb "#eca3d6" lw 2 dt 2 pt 6
set style line 47 lc rgb "#e78acb" lw 2 dt 2 pt 7
set style line 48 lc rgb "#e78acb" lw 2 dt 2 pt 6
set style line 49 lc rgb "#e78acb" lw 2 dt 2 pt 6
set style line 50 lc rgb "#e78acb" lw 2 dt 2 pt 6
set style line 51 lc rgb "#da72ba" lw 2 dt 2 pt 7
set style line 52 lc rgb "#da72ba" lw 2 dt 2 pt 6
set style line 53 lc rgb "#b15d97" lw 2 dt 2 pt 7
set style line 54 lc rgb "#b15d97" lw 2 dt 2 pt 6
set style line 55 lc rgb "#884774" lw 2 dt 2 pt 7
set style line 56 lc rgb "#884774" lw 2 dt 2 pt 6
set style line 57 lc rgb "#c6aba5" lw 2 dt 2 pt 5
set style line 58 lc rgb "#c6aba5" lw 2 dt 2 pt 4
set style line 59 lc rgb "#b18c85" lw 2 dt 2 pt 5
set style line 60 lc rgb "#b18c85" lw 2 dt 2 pt 4
set style line 61 lc rgb "#9c6e64" lw 2 dt 2 pt 5
set style line 62 lc rgb "#9c6e64" lw 2 dt 2 pt 4
set style line 63 lc rgb "#9c6e64" lw 2 dt 2 pt 4
set style line 64 lc rgb "#9c6e64" lw 2 dt 2 pt 4
set style line 65 lc rgb "#865348" lw 2 dt 2 pt 5
set style line 66 lc rgb "#865348" lw 2 dt 2 pt 4
set style line 67 lc rgb "#6d433b" lw 2 dt 2 pt 5
set style line 68 lc rgb "#6d433b" lw 2 dt 2 pt 4
set style line 69 lc rgb "#54342d" lw 2 dt 2 pt 5
set style line 70 lc rgb "#54342d" lw 2 dt 2 pt 4
set style line 71 lc rgb "#dede91" lw 2 dt 2 pt 13
set style line 72 lc rgb "#d1d269" lw 2 dt 2 pt 13
set style line 73 lc rgb "#c5c641" lw 2 dt 2 pt 13
set style line 74 lc rgb "#c5c641" lw 2 dt 2 pt 12
set style line 75 lc rgb "#b4b521" lw 2 dt 2 pt 13
set style line 76 lc rgb "#93931b" lw 2 dt 2 pt 13
set style line 77 lc rgb "#717114" lw 2 dt 2 pt 13
set xlabel 'index noise'
set xrange [-0.08:2.08]
set xtics (0, 0.5, 2)
set yrange [0:1]
set ytics 0, 0.2, 1
set mytics 2
set format y "%.1f"
set grid xtics ytics mytics lc rgb "#dddddd" lw 1, lc rgb "#f0f0f0" lw 1
set pointsize 1
do for [fmt in fmts] {
  if (fmt eq "pdf") {
    set terminal pdfcairo noenhanced color font "Helvetica,9" size 13.45in,4.07in linewidth 0.6
    set output "recall_vs_index_noise.pdf"; small = ",7"; set pointsize 0.55
  }
  if (fmt eq "png") {
    set terminal pngcairo noenhanced color font "Helvetica,11" size 2017,610 linewidth 1
    set output "recall_vs_index_noise.png"; small = ",9"; set pointsize 1.1
  }
  if (fmt eq "svg") {
    set terminal svg noenhanced font "Helvetica,11" size 1614,488 dynamic background "white" linewidth 1
    set output "recall_vs_index_noise.svg"; small = ",9"; set pointsize 1
  }
  unset label 900
  set multiplot title 'Selection quality vs index noise  -  AMD EPYC'."\n".'d=64, Bk=64; budgets below N'
  set lmargin at screen 0.0483
  set rmargin at screen 0.2007
  set tmargin at screen 0.7912
  set bmargin at screen 0.1523
  set ylabel 'block recall'
  set title 'block recall: |I* ∩ Î| / |I*|'
  set key off
  plot 'recall_vs_index_noise.dat' index 0 using 1:2 with linespoints ls 1 notitle, \
    'recall_vs_index_noise.dat' index 1 using 1:2 with linespoints ls 2 notitle, \
    'recall_vs_index_noise.dat' index 2 using 1:2 with linespoints ls 3 notitle, \
    'recall_vs_index_noise.dat' index 3 using 1:2 with linespoints ls 4 notitle, \
    'recall_vs_index_noise.dat' index 4 using 1:2 with linespoints ls 5 notitle, \
    'recall_vs_index_noise.dat' index 5 using 1:2 with linespoints ls 6 notitle, \
    'recall_vs_index_noise.dat' index 6 using 1:2 with linespoints ls 7 notitle, \
    'recall_vs_index_noise.dat' index 7 using 1:2 with linespoints ls 8 notitle, \
    'recall_vs_index_noise.dat' index 8 using 1:2 with linespoints ls 9 notitle, \
    'recall_vs_index_noise.dat' index 9 using 1:2 with linespoints ls 10 notitle, \
    'recall_vs_index_noise.dat' index 10 using 1:2 with linespoints ls 11 notitle, \
    'recall_vs_index_noise.dat' index 11 using 1:2 with linespoints ls 12 notitle, \
    'recall_vs_index_noise.dat' index 12 using 1:2 with linespoints ls 13 notitle, \
    'recall_vs_index_noise.dat' index 13 using 1:2 with linespoints ls 14 notitle, \
    'recall_vs_index_noise.dat' index 14 using 1:2 with linespoints ls 15 notitle, \
    'recall_vs_index_noise.dat' index 15 using 1:2 with linespoints ls 16 notitle, \
    'recall_vs_index_noise.dat' index 16 using 1:2 with linespoints ls 17 notitle, \
    'recall_vs_index_noise.dat' index 17 using 1:2 with linespoints ls 18 notitle, \
    'recall_vs_index_noise.dat' index 18 using 1:2 with linespoints ls 19 notitle, \
    'recall_vs_index_noise.dat' index 19 using 1:2 with linespoints ls 20 notitle, \
    'recall_vs_index_noise.dat' index 20 using 1:2 with linespoints ls 21 notitle, \
    'recall_vs_index_noise.dat' index 21 using 1:2 with linespoints ls 22 notitle, \
    'recall_vs_index_noise.dat' index 22 using 1:2 with linespoints ls 23 notitle, \
    'recall_vs_index_noise.dat' index 23 using 1:2 with linespoints ls 24 notitle, \
    'recall_vs_index_noise.dat' index 24 using 1:2 with linespoints ls 25 notitle, \
    'recall_vs_index_noise.dat' index 25 using 1:2 with linespoints ls 26 notitle, \
    'recall_vs_index_noise.dat' index 26 using 1:2 with linespoints ls 27 notitle, \
    'recall_vs_index_noise.dat' index 27 using 1:2 with linespoints ls 28 notitle, \
    'recall_vs_index_noise.dat' index 28 using 1:2 with linespoints ls 29 notitle, \
    'recall_vs_index_noise.dat' index 29 using 1:2 with linespoints ls 30 notitle, \
    'recall_vs_index_noise.dat' index 30 using 1:2 with linespoints ls 31 notitle, \
    'recall_vs_index_noise.dat' index 31 using 1:2 with linespoints ls 32 notitle, \
    'recall_vs_index_noise.dat' index 32 using 1:2 with linespoints ls 33 notitle, \
    'recall_vs_index_noise.dat' index 33 using 1:2 with linespoints ls 34 notitle, \
    'recall_vs_index_noise.dat' index 34 using 1:2 with linespoints ls 35 notitle, \
    'recall_vs_index_noise.dat' index 35 using 1:2 with linespoints ls 36 notitle, \
    'recall_vs_index_noise.dat' index 36 using 1:2 with linespoints ls 37 notitle, \
    'recall_vs_index_noise.dat' index 37 using 1:2 with linespoints ls 38 notitle, \
    'recall_vs_index_noise.dat' index 38 using 1:2 with linespoints ls 39 notitle, \
    'recall_vs_index_noise.dat' index 39 using 1:2 with linespoints ls 40 notitle, \
    'recall_vs_index_noise.dat' index 40 using 1:2 with linespoints ls 41 notitle, \
    'recall_vs_index_noise.dat' index 41 using 1:2 with linespoints ls 42 notitle, \
    'recall_vs_index_noise.dat' index 42 using 1:2 with linespoints ls 43 notitle, \
    'recall_vs_index_noise.dat' index 43 using 1:2 with linespoints ls 44 notitle, \
    'recall_vs_index_noise.dat' index 44 using 1:2 with linespoints ls 45 notitle, \
    'recall_vs_index_noise.dat' index 45 using 1:2 with linespoints ls 46 notitle, \
    'recall_vs_index_noise.dat' index 46 using 1:2 with linespoints ls 47 notitle, \
    'recall_vs_index_noise.dat' index 47 using 1:2 with linespoints ls 48 notitle, \
    'recall_vs_index_noise.dat' index 48 using 1:2 with linespoints ls 49 notitle, \
    'recall_vs_index_noise.dat' index 49 using 1:2 with linespoints ls 50 notitle, \
    'recall_vs_index_noise.dat' index 50 using 1:2 with linespoints ls 51 notitle, \
    'recall_vs_index_noise.dat' index 51 using 1:2 with linespoints ls 52 notitle, \
    'recall_vs_index_noise.dat' index 52 using 1:2 with linespoints ls 53 notitle, \
    'recall_vs_index_noise.dat' index 53 using 1:2 with linespoints ls 54 notitle, \
    'recall_vs_index_noise.dat' index 54 using 1:2 with linespoints ls 55 notitle, \
    'recall_vs_index_noise.dat' index 55 using 1:2 with linespoints ls 56 notitle, \
    'recall_vs_index_noise.dat' index 56 using 1:2 with linespoints ls 57 notitle, \
    'recall_vs_index_noise.dat' index 57 using 1:2 with linespoints ls 58 notitle, \
    'recall_vs_index_noise.dat' index 58 using 1:2 with linespoints ls 59 notitle, \
    'recall_vs_index_noise.dat' index 59 using 1:2 with linespoints ls 60 notitle, \
    'recall_vs_index_noise.dat' index 60 using 1:2 with linespoints ls 61 notitle, \
    'recall_vs_index_noise.dat' index 61 using 1:2 with linespoints ls 62 notitle, \
    'recall_vs_index_noise.dat' index 62 using 1:2 with linespoints ls 63 notitle, \
    'recall_vs_index_noise.dat' index 63 using 1:2 with linespoints ls 64 notitle, \
    'recall_vs_index_noise.dat' index 64 using 1:2 with linespoints ls 65 notitle, \
    'recall_vs_index_noise.dat' index 65 using 1:2 with linespoints ls 66 notitle, \
    'recall_vs_index_noise.dat' index 66 using 1:2 with linespoints ls 67 notitle, \
    'recall_vs_index_noise.dat' index 67 using 1:2 with linespoints ls 68 notitle, \
    'recall_vs_index_noise.dat' index 68 using 1:2 with linespoints ls 69 notitle, \
    'recall_vs_index_noise.dat' index 69 using 1:2 with linespoints ls 70 notitle, \
    'recall_vs_index_noise.dat' index 70 using 1:2 with linespoints ls 71 notitle, \
    'recall_vs_index_noise.dat' index 71 using 1:2 with linespoints ls 72 notitle, \
    'recall_vs_index_noise.dat' index 72 using 1:2 with linespoints ls 73 notitle, \
    'recall_vs_index_noise.dat' index 73 using 1:2 with linespoints ls 74 notitle, \
    'recall_vs_index_noise.dat' index 74 using 1:2 with linespoints ls 75 notitle, \
    'recall_vs_index_noise.dat' index 75 using 1:2 with linespoints ls 76 notitle, \
    'recall_vs_index_noise.dat' index 76 using 1:2 with linespoints ls 77 notitle
  set lmargin at screen 0.2528
  set rmargin at screen 0.4052
  set tmargin at screen 0.7912
  set bmargin at screen 0.1523
  set ylabel 'score recall'
  set title 'score recall: P(I* ∩ Î) / P(I*)'
  set key off
  plot 'recall_vs_index_noise.dat' index 0 using 1:3 with linespoints ls 1 notitle, \
    'recall_vs_index_noise.dat' index 1 using 1:3 with linespoints ls 2 notitle, \
    'recall_vs_index_noise.dat' index 2 using 1:3 with linespoints ls 3 notitle, \
    'recall_vs_index_noise.dat' index 3 using 1:3 with linespoints ls 4 notitle, \
    'recall_vs_index_noise.dat' index 4 using 1:3 with linespoints ls 5 notitle, \
    'recall_vs_index_noise.dat' index 5 using 1:3 with linespoints ls 6 notitle, \
    'recall_vs_index_noise.dat' index 6 using 1:3 with linespoints ls 7 notitle, \
    'recall_vs_index_noise.dat' index 7 using 1:3 with linespoints ls 8 notitle, \
    'recall_vs_index_noise.dat' index 8 using 1:3 with linespoints ls 9 notitle, \
    'recall_vs_index_noise.dat' index 9 using 1:3 with linespoints ls 10 notitle, \
    'recall_vs_index_noise.dat' index 10 using 1:3 with linespoints ls 11 notitle, \
    'recall_vs_index_noise.dat' index 11 using 1:3 with linespoints ls 12 notitle, \
    'recall_vs_index_noise.dat' index 12 using 1:3 with linespoints ls 13 notitle, \
    'recall_vs_index_noise.dat' index 13 using 1:3 with linespoints ls 14 notitle, \
    'recall_vs_index_noise.dat' index 14 using 1:3 with linespoints ls 15 notitle, \
    'recall_vs_index_noise.dat' index 15 using 1:3 with linespoints ls 16 notitle, \
    'recall_vs_index_noise.dat' index 16 using 1:3 with linespoints ls 17 notitle, \
    'recall_vs_index_noise.dat' index 17 using 1:3 with linespoints ls 18 notitle, \
    'recall_vs_index_noise.dat' index 18 using 1:3 with linespoints ls 19 notitle, \
    'recall_vs_index_noise.dat' index 19 using 1:3 with linespoints ls 20 notitle, \
    'recall_vs_index_noise.dat' index 20 using 1:3 with linespoints ls 21 notitle, \
    'recall_vs_index_noise.dat' index 21 using 1:3 with linespoints ls 22 notitle, \
    'recall_vs_index_noise.dat' index 22 using 1:3 with linespoints ls 23 notitle, \
    'recall_vs_index_noise.dat' index 23 using 1:3 with linespoints ls 24 notitle, \
    'recall_vs_index_noise.dat' index 24 using 1:3 with linespoints ls 25 notitle, \
    'recall_vs_index_noise.dat' index 25 using 1:3 with linespoints ls 26 notitle, \
    'recall_vs_index_noise.dat' index 26 using 1:3 with linespoints ls 27 notitle, \
    'recall_vs_index_noise.dat' index 27 using 1:3 with linespoints ls 28 notitle, \
    'recall_vs_index_noise.dat' index 28 using 1:3 with linespoints ls 29 notitle, \
    'recall_vs_index_noise.dat' index 29 using 1:3 with linespoints ls 30 notitle, \
    'recall_vs_index_noise.dat' index 30 using 1:3 with linespoints ls 31 notitle, \
    'recall_vs_index_noise.dat' index 31 using 1:3 with linespoints ls 32 notitle, \
    'recall_vs_index_noise.dat' index 32 using 1:3 with linespoints ls 33 notitle, \
    'recall_vs_index_noise.dat' index 33 using 1:3 with linespoints ls 34 notitle, \
    'recall_vs_index_noise.dat' index 34 using 1:3 with linespoints ls 35 notitle, \
    'recall_vs_index_noise.dat' index 35 using 1:3 with linespoints ls 36 notitle, \
    'recall_vs_index_noise.dat' index 36 using 1:3 with linespoints ls 37 notitle, \
    'recall_vs_index_noise.dat' index 37 using 1:3 with linespoints ls 38 notitle, \
    'recall_vs_index_noise.dat' index 38 using 1:3 with linespoints ls 39 notitle, \
    'recall_vs_index_noise.dat' index 39 using 1:3 with linespoints ls 40 notitle, \
    'recall_vs_index_noise.dat' index 40 using 1:3 with linespoints ls 41 notitle, \
    'recall_vs_index_noise.dat' index 41 using 1:3 with linespoints ls 42 notitle, \
    'recall_vs_index_noise.dat' index 42 using 1:3 with linespoints ls 43 notitle, \
    'recall_vs_index_noise.dat' index 43 using 1:3 with linespoints ls 44 notitle, \
    'recall_vs_index_noise.dat' index 44 using 1:3 with linespoints ls 45 notitle, \
    'recall_vs_index_noise.dat' index 45 using 1:3 with linespoints ls 46 notitle, \
    'recall_vs_index_noise.dat' index 46 using 1:3 with linespoints ls 47 notitle, \
    'recall_vs_index_noise.dat' index 47 using 1:3 with linespoints ls 48 notitle, \
    'recall_vs_index_noise.dat' index 48 using 1:3 with linespoints ls 49 notitle, \
    'recall_vs_index_noise.dat' index 49 using 1:3 with linespoints ls 50 notitle, \
    'recall_vs_index_noise.dat' index 50 using 1:3 with linespoints ls 51 notitle, \
    'recall_vs_index_noise.dat' index 51 using 1:3 with linespoints ls 52 notitle, \
    'recall_vs_index_noise.dat' index 52 using 1:3 with linespoints ls 53 notitle, \
    'recall_vs_index_noise.dat' index 53 using 1:3 with linespoints ls 54 notitle, \
    'recall_vs_index_noise.dat' index 54 using 1:3 with linespoints ls 55 notitle, \
    'recall_vs_index_noise.dat' index 55 using 1:3 with linespoints ls 56 notitle, \
    'recall_vs_index_noise.dat' index 56 using 1:3 with linespoints ls 57 notitle, \
    'recall_vs_index_noise.dat' index 57 using 1:3 with linespoints ls 58 notitle, \
    'recall_vs_index_noise.dat' index 58 using 1:3 with linespoints ls 59 notitle, \
    'recall_vs_index_noise.dat' index 59 using 1:3 with linespoints ls 60 notitle, \
    'recall_vs_index_noise.dat' index 60 using 1:3 with linespoints ls 61 notitle, \
    'recall_vs_index_noise.dat' index 61 using 1:3 with linespoints ls 62 notitle, \
    'recall_vs_index_noise.dat' index 62 using 1:3 with linespoints ls 63 notitle, \
    'recall_vs_index_noise.dat' index 63 using 1:3 with linespoints ls 64 notitle, \
    'recall_vs_index_noise.dat' index 64 using 1:3 with linespoints ls 65 notitle, \
    'recall_vs_index_noise.dat' index 65 using 1:3 with linespoints ls 66 notitle, \
    'recall_vs_index_noise.dat' index 66 using 1:3 with linespoints ls 67 notitle, \
    'recall_vs_index_noise.dat' index 67 using 1:3 with linespoints ls 68 notitle, \
    'recall_vs_index_noise.dat' index 68 using 1:3 with linespoints ls 69 notitle, \
    'recall_vs_index_noise.dat' index 69 using 1:3 with linespoints ls 70 notitle, \
    'recall_vs_index_noise.dat' index 70 using 1:3 with linespoints ls 71 notitle, \
    'recall_vs_index_noise.dat' index 71 using 1:3 with linespoints ls 72 notitle, \
    'recall_vs_index_noise.dat' index 72 using 1:3 with linespoints ls 73 notitle, \
    'recall_vs_index_noise.dat' index 73 using 1:3 with linespoints ls 74 notitle, \
    'recall_vs_index_noise.dat' index 74 using 1:3 with linespoints ls 75 notitle, \
    'recall_vs_index_noise.dat' index 75 using 1:3 with linespoints ls 76 notitle, \
    'recall_vs_index_noise.dat' index 76 using 1:3 with linespoints ls 77 notitle
  set lmargin at screen 0.4572
  set rmargin at screen 0.6097
  set tmargin at screen 0.7912
  set bmargin at screen 0.1523
  set ylabel 'mass coverage'
  set title 'mass coverage: P(Î): dense mass kept'
  set key at screen 0.6245, screen 0.7912 top left Left reverse noautotitle spacing 1.2 samplen 2.5
  plot 'recall_vs_index_noise.dat' index 0 using 1:4 with linespoints ls 1 title 'msa decode Hq=9 Hkv=3 N=2K file  k·Bk=256', \
    'recall_vs_index_noise.dat' index 1 using 1:4 with linespoints ls 2 title 'msa prefill Hq=9 Hkv=3 N=2K file  k·Bk=256', \
    'recall_vs_index_noise.dat' index 2 using 1:4 with linespoints ls 3 title 'msa decode Hq=9 Hkv=3 N=2K file  k·Bk=512', \
    'recall_vs_index_noise.dat' index 3 using 1:4 with linespoints ls 4 title 'msa prefill Hq=9 Hkv=3 N=2K file  k·Bk=512 (est.)', \
    'recall_vs_index_noise.dat' index 4 using 1:4 with linespoints ls 5 title 'msa decode Hq=8 Hkv=2 N=16K structured  k·Bk=1K', \
    'recall_vs_index_noise.dat' index 5 using 1:4 with linespoints ls 6 title 'msa decode Hq=9 Hkv=3 N=2K file  k·Bk=1K', \
    'recall_vs_index_noise.dat' index 6 using 1:4 with linespoints ls 7 title 'msa prefill Hq=8 Hkv=2 N=16K structured  k·Bk=1K (est.)', \
    'recall_vs_index_noise.dat' index 7 using 1:4 with linespoints ls 8 title 'msa prefill Hq=9 Hkv=3 N=2K file  k·Bk=1K (est.)', \
    'recall_vs_index_noise.dat' index 8 using 1:4 with linespoints ls 9 title 'msa decode Hq=8 Hkv=2 N=16K structured  k·Bk=2K', \
    'recall_vs_index_noise.dat' index 9 using 1:4 with linespoints ls 10 title 'msa prefill Hq=8 Hkv=2 N=16K structured  k·Bk=2K (est.)', \
    'recall_vs_index_noise.dat' index 10 using 1:4 with linespoints ls 11 title 'msa decode Hq=8 Hkv=2 N=16K structured  k·Bk=4K', \
    'recall_vs_index_noise.dat' index 11 using 1:4 with linespoints ls 12 title 'msa prefill Hq=8 Hkv=2 N=16K structured  k·Bk=4K (est.)', \
    'recall_vs_index_noise.dat' index 12 using 1:4 with linespoints ls 13 title 'msa decode Hq=8 Hkv=2 N=16K structured  k·Bk=8K', \
    'recall_vs_index_noise.dat' index 13 using 1:4 with linespoints ls 14 title 'msa prefill Hq=8 Hkv=2 N=16K structured  k·Bk=8K (est.)', \
    'recall_vs_index_noise.dat' index 14 using 1:4 with linespoints ls 15 title 'bigbird decode Hq=9 Hkv=3 N=2K file  k·Bk=256', \
    'recall_vs_index_noise.dat' index 15 using 1:4 with linespoints ls 16 title 'bigbird prefill Hq=9 Hkv=3 N=2K file  k·Bk=256', \
    'recall_vs_index_noise.dat' index 16 using 1:4 with linespoints ls 17 title 'bigbird decode Hq=9 Hkv=3 N=2K file  k·Bk=512', \
    'recall_vs_index_noise.dat' index 17 using 1:4 with linespoints ls 18 title 'bigbird prefill Hq=9 Hkv=3 N=2K file  k·Bk=512 (est.)', \
    'recall_vs_index_noise.dat' index 18 using 1:4 with linespoints ls 19 title 'bigbird decode Hq=8 Hkv=2 N=16K structured  k·Bk=1K', \
    'recall_vs_index_noise.dat' index 19 using 1:4 with linespoints ls 20 title 'bigbird decode Hq=9 Hkv=3 N=2K file  k·Bk=1K', \
    'recall_vs_index_noise.dat' index 20 using 1:4 with linespoints ls 21 title 'bigbird prefill Hq=8 Hkv=2 N=16K structured  k·Bk=1K (est.)', \
    'recall_vs_index_noise.dat' index 21 using 1:4 with linespoints ls 22 title 'bigbird prefill Hq=9 Hkv=3 N=2K file  k·Bk=1K (est.)', \
    'recall_vs_index_noise.dat' index 22 using 1:4 with linespoints ls 23 title 'bigbird decode Hq=8 Hkv=2 N=16K structured  k·Bk=2K', \
    'recall_vs_index_noise.dat' index 23 using 1:4 with linespoints ls 24 title 'bigbird prefill Hq=8 Hkv=2 N=16K structured  k·Bk=2K (est.)', \
    'recall_vs_index_noise.dat' index 24 using 1:4 with linespoints ls 25 title 'bigbird decode Hq=8 Hkv=2 N=16K structured  k·Bk=4K', \
    'recall_vs_index_noise.dat' index 25 using 1:4 with linespoints ls 26 title 'bigbird prefill Hq=8 Hkv=2 N=16K structured  k·Bk=4K (est.)', \
    'recall_vs_index_noise.dat' index 26 using 1:4 with linespoints ls 27 title 'bigbird decode Hq=8 Hkv=2 N=16K structured  k·Bk=8K', \
    'recall_vs_index_noise.dat' index 27 using 1:4 with linespoints ls 28 title 'bigbird prefill Hq=8 Hkv=2 N=16K structured  k·Bk=8K (est.)', \
    'recall_vs_index_noise.dat' index 28 using 1:4 with linespoints ls 29 title 'dsa decode Hq=9 Hkv=3 N=2K file  k·Bk=256', \
    'recall_vs_index_noise.dat' index 29 using 1:4 with linespoints ls 30 title 'dsa prefill Hq=9 Hkv=3 N=2K file  k·Bk=256', \
    'recall_vs_index_noise.dat' index 30 using 1:4 with linespoints ls 31 title 'dsa decode Hq=9 Hkv=3 N=2K file  k·Bk=512', \
    'recall_vs_index_noise.dat' index 31 using 1:4 with linespoints ls 32 title 'dsa prefill Hq=9 Hkv=3 N=2K file  k·Bk=512 (est.)', \
    'recall_vs_index_noise.dat' index 32 using 1:4 with linespoints ls 33 title 'dsa decode Hq=8 Hkv=2 N=16K structured  k·Bk=1K', \
    'recall_vs_index_noise.dat' index 33 using 1:4 with linespoints ls 34 title 'dsa decode Hq=9 Hkv=3 N=2K file  k·Bk=1K', \
    'recall_vs_index_noise.dat' index 34 using 1:4 with linespoints ls 35 title 'dsa prefill Hq=8 Hkv=2 N=16K structured  k·Bk=1K (est.)', \
    'recall_vs_index_noise.dat' index 35 using 1:4 with linespoints ls 36 title 'dsa prefill Hq=9 Hkv=3 N=2K file  k·Bk=1K (est.)', \
    'recall_vs_index_noise.dat' index 36 using 1:4 with linespoints ls 37 title 'dsa decode Hq=8 Hkv=2 N=16K structured  k·Bk=2K', \
    'recall_vs_index_noise.dat' index 37 using 1:4 with linespoints ls 38 title 'dsa prefill Hq=8 Hkv=2 N=16K structured  k·Bk=2K (est.)', \
    'recall_vs_index_noise.dat' index 38 using 1:4 with linespoints ls 39 title 'dsa decode Hq=8 Hkv=2 N=16K structured  k·Bk=4K', \
    'recall_vs_index_noise.dat' index 39 using 1:4 with linespoints ls 40 title 'dsa prefill Hq=8 Hkv=2 N=16K structured  k·Bk=4K (est.)', \
    'recall_vs_index_noise.dat' index 40 using 1:4 with linespoints ls 41 title 'dsa decode Hq=8 Hkv=2 N=16K structured  k·Bk=8K', \
    'recall_vs_index_noise.dat' index 41 using 1:4 with linespoints ls 42 title 'dsa prefill Hq=8 Hkv=2 N=16K structured  k·Bk=8K (est.)', \
    'recall_vs_index_noise.dat' index 42 using 1:4 with linespoints ls 43 title 'moba decode Hq=9 Hkv=3 N=2K file  k·Bk=256', \
    'recall_vs_index_noise.dat' index 43 using 1:4 with linespoints ls 44 title 'moba prefill Hq=9 Hkv=3 N=2K file  k·Bk=256', \
    'recall_vs_index_noise.dat' index 44 using 1:4 with linespoints ls 45 title 'moba decode Hq=9 Hkv=3 N=2K file  k·Bk=512', \
    'recall_vs_index_noise.dat' index 45 using 1:4 with linespoints ls 46 title 'moba prefill Hq=9 Hkv=3 N=2K file  k·Bk=512 (est.)', \
    'recall_vs_index_noise.dat' index 46 using 1:4 with linespoints ls 47 title 'moba decode Hq=8 Hkv=2 N=16K structured  k·Bk=1K', \
    'recall_vs_index_noise.dat' index 47 using 1:4 with linespoints ls 48 title 'moba decode Hq=9 Hkv=3 N=2K file  k·Bk=1K', \
    'recall_vs_index_noise.dat' index 48 using 1:4 with linespoints ls 49 title 'moba prefill Hq=8 Hkv=2 N=16K structured  k·Bk=1K (est.)', \
    'recall_vs_index_noise.dat' index 49 using 1:4 with linespoints ls 50 title 'moba prefill Hq=9 Hkv=3 N=2K file  k·Bk=1K (est.)', \
    'recall_vs_index_noise.dat' index 50 using 1:4 with linespoints ls 51 title 'moba decode Hq=8 Hkv=2 N=16K structured  k·Bk=2K', \
    'recall_vs_index_noise.dat' index 51 using 1:4 with linespoints ls 52 title 'moba prefill Hq=8 Hkv=2 N=16K structured  k·Bk=2K (est.)', \
    'recall_vs_index_noise.dat' index 52 using 1:4 with linespoints ls 53 title 'moba decode Hq=8 Hkv=2 N=16K structured  k·Bk=4K', \
    'recall_vs_index_noise.dat' index 53 using 1:4 with linespoints ls 54 title 'moba prefill Hq=8 Hkv=2 N=16K structured  k·Bk=4K (est.)', \
    'recall_vs_index_noise.dat' index 54 using 1:4 with linespoints ls 55 title 'moba decode Hq=8 Hkv=2 N=16K structured  k·Bk=8K', \
    'recall_vs_index_noise.dat' index 55 using 1:4 with linespoints ls 56 title 'moba prefill Hq=8 Hkv=2 N=16K structured  k·Bk=8K (est.)', \
    'recall_vs_index_noise.dat' index 56 using 1:4 with linespoints ls 57 title 'nsa decode Hq=9 Hkv=3 N=2K file  k·Bk=256', \
    'recall_vs_index_noise.dat' index 57 using 1:4 with linespoints ls 58 title 'nsa prefill Hq=9 Hkv=3 N=2K file  k·Bk=256', \
    'recall_vs_index_noise.dat' index 58 using 1:4 with linespoints ls 59 title 'nsa decode Hq=9 Hkv=3 N=2K file  k·Bk=512', \
    'recall_vs_index_noise.dat' index 59 using 1:4 with linespoints ls 60 title 'nsa prefill Hq=9 Hkv=3 N=2K file  k·Bk=512 (est.)', \
    'recall_vs_index_noise.dat' index 60 using 1:4 with linespoints ls 61 title 'nsa decode Hq=8 Hkv=2 N=16K structured  k·Bk=1K', \
    'recall_vs_index_noise.dat' index 61 using 1:4 with linespoints ls 62 title 'nsa decode Hq=9 Hkv=3 N=2K file  k·Bk=1K', \
    'recall_vs_index_noise.dat' index 62 using 1:4 with linespoints ls 63 title 'nsa prefill Hq=8 Hkv=2 N=16K structured  k·Bk=1K (est.)', \
    'recall_vs_index_noise.dat' index 63 using 1:4 with linespoints ls 64 title 'nsa prefill Hq=9 Hkv=3 N=2K file  k·Bk=1K (est.)', \
    'recall_vs_index_noise.dat' index 64 using 1:4 with linespoints ls 65 title 'nsa decode Hq=8 Hkv=2 N=16K structured  k·Bk=2K', \
    'recall_vs_index_noise.dat' index 65 using 1:4 with linespoints ls 66 title 'nsa prefill Hq=8 Hkv=2 N=16K structured  k·Bk=2K (est.)', \
    'recall_vs_index_noise.dat' index 66 using 1:4 with linespoints ls 67 title 'nsa decode Hq=8 Hkv=2 N=16K structured  k·Bk=4K', \
    'recall_vs_index_noise.dat' index 67 using 1:4 with linespoints ls 68 title 'nsa prefill Hq=8 Hkv=2 N=16K structured  k·Bk=4K (est.)', \
    'recall_vs_index_noise.dat' index 68 using 1:4 with linespoints ls 69 title 'nsa decode Hq=8 Hkv=2 N=16K structured  k·Bk=8K', \
    'recall_vs_index_noise.dat' index 69 using 1:4 with linespoints ls 70 title 'nsa prefill Hq=8 Hkv=2 N=16K structured  k·Bk=8K (est.)', \
    'recall_vs_index_noise.dat' index 70 using 1:4 with linespoints ls 71 title 'quest decode Hq=9 Hkv=3 N=2K file  k·Bk=256', \
    'recall_vs_index_noise.dat' index 71 using 1:4 with linespoints ls 72 title 'quest decode Hq=9 Hkv=3 N=2K file  k·Bk=512', \
    'recall_vs_index_noise.dat' index 72 using 1:4 with linespoints ls 73 title 'quest decode Hq=8 Hkv=2 N=16K structured  k·Bk=1K', \
    'recall_vs_index_noise.dat' index 73 using 1:4 with linespoints ls 74 title 'quest decode Hq=9 Hkv=3 N=2K file  k·Bk=1K', \
    'recall_vs_index_noise.dat' index 74 using 1:4 with linespoints ls 75 title 'quest decode Hq=8 Hkv=2 N=16K structured  k·Bk=2K', \
    'recall_vs_index_noise.dat' index 75 using 1:4 with linespoints ls 76 title 'quest decode Hq=8 Hkv=2 N=16K structured  k·Bk=4K', \
    'recall_vs_index_noise.dat' index 76 using 1:4 with linespoints ls 77 title 'quest decode Hq=8 Hkv=2 N=16K structured  k·Bk=8K'
  unset multiplot
  set output
}
