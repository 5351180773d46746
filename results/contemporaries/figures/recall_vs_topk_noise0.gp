# recall_vs_topk_noise0.gp - Selection quality vs blocks selected
# Written by `msabench plot` from results/contemporaries/run/results.csv; the data is recall_vs_topk_noise0.dat beside this file.
# Rebuild in this directory: gnuplot recall_vs_topk_noise0.gp   (or gnuplot -e 'fmts="png"' recall_vs_topk_noise0.gp)
if (!exists("fmts")) fmts = 'png'
reset
set encoding utf8
set grid xtics ytics lc rgb "#dddddd" lw 1
set border lw 1
set tics nomirror out
set border 3
set style line 1 lc rgb "#eb9394" lw 2 dt 1 pt 7
set style line 2 lc rgb "#eb9394" lw 2 dt 1 pt 6
set style line 3 lc rgb "#801718" lw 2 dt 1 pt 6
set style line 4 lc rgb "#801718" lw 2 dt 1 pt 6
set style line 5 lc rgb "#801718" lw 2 dt 1 pt 6
set style line 6 lc rgb "#cab3de" lw 2 dt 2 pt 13
set style line 7 lc rgb "#cab3de" lw 2 dt 2 pt 12
set style line 8 lc rgb "#593e71" lw 2 dt 2 pt 12
set style line 9 lc rgb "#593e71" lw 2 dt 2 pt 12
set style line 10 lc rgb "#593e71" lw 2 dt 2 pt 12
set style line 11 lc rgb "#8bdfe7" lw 2 dt 2 pt 9
set style line 12 lc rgb "#8bdfe7" lw 2 dt 2 pt 8
set style line 13 lc rgb "#0e727c" lw 2 dt 2 pt 8
set style line 14 lc rgb "#0e727c" lw 2 dt 2 pt 8
set style line 15 lc rgb "#0e727c" lw 2 dt 2 pt 8
set style line 16 lc rgb "#f1bbe1" lw 2 dt 2 pt 7
set style line 17 lc rgb "#f1bbe1" lw 2 dt 2 pt 6
set style line 18 lc rgb "#884774" lw 2 dt 2 pt 6
set style line 19 lc rgb "#884774" lw 2 dt 2 pt 6
set style line 20 lc rgb "#884774" lw 2 dt 2 pt 6
set style line 21 lc rgb "#c6aba5" lw 2 dt 2 pt 5
set style line 22 lc rgb "#c6aba5" lw 2 dt 2 pt 4
set style line 23 lc rgb "#54342d" lw 2 dt 2 pt 4
set style line 24 lc rgb "#54342d" lw 2 dt 2 pt 4
set style line 25 lc rgb "#54342d" lw 2 dt 2 pt 4
set style line 26 lc rgb "#bcbd22" lw 2 dt 2 pt 13
set style line 27 lc rgb "#bcbd22" lw 2 dt 2 pt 12
set xlabel 'blocks selected k'
set logscale x 2
set xrange [3.2:160]
unset mxtics
set xtics ("4" 4, "8" 8, "16" 16, "32" 32, "64" 64, "128" 128)
set yrange [0:1]
set ytics 0, 0.2, 1
set mytics 2
set format y "%.1f"
set grid xtics ytics mytics lc rgb "#dddddd" lw 1, lc rgb "#f0f0f0" lw 1
set pointsize 1
do for [fmt in fmts] {
  if (fmt eq "pdf") {
    set terminal pdfcairo noenhanced color font "Helvetica,9" size 12.70in,4.07in linewidth 0.6
    set output "recall_vs_topk_noise0.pdf"; small = ",7"; set pointsize 0.55
  }
  if (fmt eq "png") {
    set terminal pngcairo noenhanced color font "Helvetica,11" size 1905,610 linewidth 1
    set output "recall_vs_topk_noise0.png"; small = ",9"; set pointsize 1.1
  }
  if (fmt eq "svg") {
    set terminal svg noenhanced font "Helvetica,11" size 1524,488 dynamic background "white" linewidth 1
    set output "recall_vs_topk_noise0.svg"; small = ",9"; set pointsize 1
  }
  unset label 900
  set multiplot title 'Selection quality vs blocks selected  -  AMD EPYC'."\n".'d=64, index noise 0, Bk=64'
  set lmargin at screen 0.0512
  set rmargin at screen 0.2126
  set tmargin at screen 0.7912
  set bmargin at screen 0.1523
  set ylabel 'block recall'
  set title 'block recall: |I* ∩ Î| / |I*|'
  set key off
  plot 'recall_vs_topk_noise0.dat' index 0 using 1:2 with linespoints ls 1 notitle, \
    'recall_vs_topk_noise0.dat' index 1 using 1:2 with linespoints ls 2 notitle, \
    'recall_vs_topk_noise0.dat' index 2 using 1:2 with linespoints ls 3 notitle, \
    'recall_vs_topk_noise0.dat' index 3 using 1:2 with linespoints ls 4 notitle, \
    'recall_vs_topk_noise0.dat' index 4 using 1:2 with linespoints ls 5 notitle, \
    'recall_vs_topk_noise0.dat' index 5 using 1:2 with linespoints ls 6 notitle, \
    'recall_vs_topk_noise0.dat' index 6 using 1:2 with linespoints ls 7 notitle, \
    'recall_vs_topk_noise0.dat' index 7 using 1:2 with linespoints ls 8 notitle, \
    'recall_vs_topk_noise0.dat' index 8 using 1:2 with linespoints ls 9 notitle, \
    'recall_vs_topk_noise0.dat' index 9 using 1:2 with linespoints ls 10 notitle, \
    'recall_vs_topk_noise0.dat' index 10 using 1:2 with linespoints ls 11 notitle, \
    'recall_vs_topk_noise0.dat' index 11 using 1:2 with linespoints ls 12 notitle, \
    'recall_vs_topk_noise0.dat' index 12 using 1:2 with linespoints ls 13 notitle, \
    'recall_vs_topk_noise0.dat' index 13 using 1:2 with linespoints ls 14 notitle, \
    'recall_vs_topk_noise0.dat' index 14 using 1:2 with linespoints ls 15 notitle, \
    'recall_vs_topk_noise0.dat' index 15 using 1:2 with linespoints ls 16 notitle, \
    'recall_vs_topk_noise0.dat' index 16 using 1:2 with linespoints ls 17 notitle, \
    'recall_vs_topk_noise0.dat' index 17 using 1:2 with linespoints ls 18 notitle, \
    'recall_vs_topk_noise0.dat' index 18 using 1:2 with linespoints ls 19 notitle, \
    'recall_vs_topk_noise0.dat' index 19 using 1:2 with linespoints ls 20 notitle, \
    'recall_vs_topk_noise0.dat' index 20 using 1:2 with linespoints ls 21 notitle, \
    'recall_vs_topk_noise0.dat' index 21 using 1:2 with linespoints ls 22 notitle, \
    'recall_vs_topk_noise0.dat' index 22 using 1:2 with linespoints ls 23 notitle, \
    'recall_vs_topk_noise0.dat' index 23 using 1:2 with linespoints ls 24 notitle, \
    'recall_vs_topk_noise0.dat' index 24 using 1:2 with linespoints ls 25 notitle, \
    'recall_vs_topk_noise0.dat' index 25 using 1:2 with linespoints ls 26 notitle, \
    'recall_vs_topk_noise0.dat' index 26 using 1:2 with linespoints ls 27 notitle
  set lmargin at screen 0.2677
  set rmargin at screen 0.4291
  set tmargin at screen 0.7912
  set bmargin at screen 0.1523
  set ylabel 'score recall'
  set title 'score recall: P(I* ∩ Î) / P(I*)'
  set key off
  plot 'recall_vs_topk_noise0.dat' index 0 using 1:3 with linespoints ls 1 notitle, \
    'recall_vs_topk_noise0.dat' index 1 using 1:3 with linespoints ls 2 notitle, \
    'recall_vs_topk_noise0.dat' index 2 using 1:3 with linespoints ls 3 notitle, \
    'recall_vs_topk_noise0.dat' index 3 using 1:3 with linespoints ls 4 notitle, \
    'recall_vs_topk_noise0.dat' index 4 using 1:3 with linespoints ls 5 notitle, \
    'recall_vs_topk_noise0.dat' index 5 using 1:3 with linespoints ls 6 notitle, \
    'recall_vs_topk_noise0.dat' index 6 using 1:3 with linespoints ls 7 notitle, \
    'recall_vs_topk_noise0.dat' index 7 using 1:3 with linespoints ls 8 notitle, \
    'recall_vs_topk_noise0.dat' index 8 using 1:3 with linespoints ls 9 notitle, \
    'recall_vs_topk_noise0.dat' index 9 using 1:3 with linespoints ls 10 notitle, \
    'recall_vs_topk_noise0.dat' index 10 using 1:3 with linespoints ls 11 notitle, \
    'recall_vs_topk_noise0.dat' index 11 using 1:3 with linespoints ls 12 notitle, \
    'recall_vs_topk_noise0.dat' index 12 using 1:3 with linespoints ls 13 notitle, \
    'recall_vs_topk_noise0.dat' index 13 using 1:3 with linespoints ls 14 notitle, \
    'recall_vs_topk_noise0.dat' index 14 using 1:3 with linespoints ls 15 notitle, \
    'recall_vs_topk_noise0.dat' index 15 using 1:3 with linespoints ls 16 notitle, \
    'recall_vs_topk_noise0.dat' index 16 using 1:3 with linespoints ls 17 notitle, \
    'recall_vs_topk_noise0.dat' index 17 using 1:3 with linespoints ls 18 notitle, \
    'recall_vs_topk_noise0.dat' index 18 using 1:3 with linespoints ls 19 notitle, \
    'recall_vs_topk_noise0.dat' index 19 using 1:3 with linespoints ls 20 notitle, \
    'recall_vs_topk_noise0.dat' index 20 using 1:3 with linespoints ls 21 notitle, \
    'recall_vs_topk_noise0.dat' index 21 using 1:3 with linespoints ls 22 notitle, \
    'recall_vs_topk_noise0.dat' index 22 using 1:3 with linespoints ls 23 notitle, \
    'recall_vs_topk_noise0.dat' index 23 using 1:3 with linespoints ls 24 notitle, \
    'recall_vs_topk_noise0.dat' index 24 using 1:3 with linespoints ls 25 notitle, \
    'recall_vs_topk_noise0.dat' index 25 using 1:3 with linespoints ls 26 notitle, \
    'recall_vs_topk_noise0.dat' index 26 using 1:3 with linespoints ls 27 notitle
  set lmargin at screen 0.4843
  set rmargin at screen 0.6457
  set tmargin at screen 0.7912
  set bmargin at screen 0.1523
  set ylabel 'mass coverage'
  set title 'mass coverage: P(Î): dense mass kept'
  set key at screen 0.6614, screen 0.7912 top left Left reverse noautotitle spacing 1.2 samplen 2.5
  plot 'recall_vs_topk_noise0.dat' index 0 using 1:4 with linespoints ls 1 title 'msa decode Hq=8 Hkv=2 N=16K structured', \
    'recall_vs_topk_noise0.dat' index 1 using 1:4 with linespoints ls 2 title 'msa decode Hq=9 Hkv=3 N=2K file', \
    'recall_vs_topk_noise0.dat' index 2 using 1:4 with linespoints ls 3 title 'msa prefill Hq=8 Hkv=2 N=16K structured (est.)', \
    'recall_vs_topk_noise0.dat' index 3 using 1:4 with linespoints ls 4 title 'msa prefill Hq=9 Hkv=3 N=2K file', \
    'recall_vs_topk_noise0.dat' index 4 using 1:4 with linespoints ls 5 title 'msa prefill Hq=9 Hkv=3 N=2K file (est.)', \
    'recall_vs_topk_noise0.dat' index 5 using 1:4 with linespoints ls 6 title 'bigbird decode Hq=8 Hkv=2 N=16K structured', \
    'recall_vs_topk_noise0.dat' index 6 using 1:4 with linespoints ls 7 title 'bigbird decode Hq=9 Hkv=3 N=2K file', \
    'recall_vs_topk_noise0.dat' index 7 using 1:4 with linespoints ls 8 title 'bigbird prefill Hq=8 Hkv=2 N=16K structured (est.)', \
    'recall_vs_topk_noise0.dat' index 8 using 1:4 with linespoints ls 9 title 'bigbird prefill Hq=9 Hkv=3 N=2K file', \
    'recall_vs_topk_noise0.dat' index 9 using 1:4 with linespoints ls 10 title 'bigbird prefill Hq=9 Hkv=3 N=2K file (est.)', \
    'recall_vs_topk_noise0.dat' index 10 using 1:4 with linespoints ls 11 title 'dsa decode Hq=8 Hkv=2 N=16K structured', \
    'recall_vs_topk_noise0.dat' index 11 using 1:4 with linespoints ls 12 title 'dsa decode Hq=9 Hkv=3 N=2K file', \
    'recall_vs_topk_noise0.dat' index 12 using 1:4 with linespoints ls 13 title 'dsa prefill Hq=8 Hkv=2 N=16K structured (est.)', \
    'recall_vs_topk_noise0.dat' index 13 using 1:4 with linespoints ls 14 title 'dsa prefill Hq=9 Hkv=3 N=2K file', \
    'recall_vs_topk_noise0.dat' index 14 using 1:4 with linespoints ls 15 title 'dsa prefill Hq=9 Hkv=3 N=2K file (est.)', \
    'recall_vs_topk_noise0.dat' index 15 using 1:4 with linespoints ls 16 title 'moba decode Hq=8 Hkv=2 N=16K structured', \
    'recall_vs_topk_noise0.dat' index 16 using 1:4 with linespoints ls 17 title 'moba decode Hq=9 Hkv=3 N=2K file', \
    'recall_vs_topk_noise0.dat' index 17 using 1:4 with linespoints ls 18 title 'moba prefill Hq=8 Hkv=2 N=16K structured (est.)', \
    'recall_vs_topk_noise0.dat' index 18 using 1:4 with linespoints ls 19 title 'moba prefill Hq=9 Hkv=3 N=2K file', \
    'recall_vs_topk_noise0.dat' index 19 using 1:4 with linespoints ls 20 title 'moba prefill Hq=9 Hkv=3 N=2K file (est.)', \
    'recall_vs_topk_noise0.dat' index 20 using 1:4 with linespoints ls 21 title 'nsa decode Hq=8 Hkv=2 N=16K structured', \
    'recall_vs_topk_noise0.dat' index 21 using 1:4 with linespoints ls 22 title 'nsa decode Hq=9 Hkv=3 N=2K file', \
    'recall_vs_topk_noise0.dat' index 22 using 1:4 with linespoints ls 23 title 'nsa prefill Hq=8 Hkv=2 N=16K structured (est.)', \
    'recall_vs_topk_noise0.dat' index 23 using 1:4 with linespoints ls 24 title 'nsa prefill Hq=9 Hkv=3 N=2K file', \
    'recall_vs_topk_noise0.dat' index 24 using 1:4 with linespoints ls 25 title 'nsa prefill Hq=9 Hkv=3 N=2K file (est.)', \
    'recall_vs_topk_noise0.dat' index 25 using 1:4 with linespoints ls 26 title 'quest decode Hq=8 Hkv=2 N=16K structured', \
    'recall_vs_topk_noise0.dat' index 26 using 1:4 with linespoints ls 27 title 'quest decode Hq=9 Hkv=3 N=2K file'
  unset multiplot
  set output
}
