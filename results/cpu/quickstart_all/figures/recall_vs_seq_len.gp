# recall_vs_seq_len.gp - Selection quality vs context length
# Written by `msabench plot` from results/cpu/quickstart_all/results.csv; the data is recall_vs_seq_len.dat beside this file.
# Rebuild in this directory: gnuplot recall_vs_seq_len.gp   (or gnuplot -e 'fmts="png"' recall_vs_seq_len.gp)
if (!exists("fmts")) fmts = 'png'
reset
set encoding utf8
set grid xtics ytics lc rgb "#dddddd" lw 1
set border lw 1
set tics nomirror out
set border 3
set style line 1 lc rgb "#eb9394" lw 2 dt 1 pt 7
set style line 2 lc rgb "#801718" lw 2 dt 1 pt 7
set style line 3 lc rgb "#cab3de" lw 2 dt 2 pt 13
set style line 4 lc rgb "#593e71" lw 2 dt 2 pt 13
set style line 5 lc rgb "#8bdfe7" lw 2 dt 2 pt 9
set style line 6 lc rgb "#0e727c" lw 2 dt 2 pt 9
set style line 7 lc rgb "#f1bbe1" lw 2 dt 2 pt 7
set style line 8 lc rgb "#884774" lw 2 dt 2 pt 7
set style line 9 lc rgb "#c6aba5" lw 2 dt 2 pt 5
set style line 10 lc rgb "#54342d" lw 2 dt 2 pt 5
set style line 11 lc rgb "#bcbd22" lw 2 dt 2 pt 13
set xlabel 'context length N (tokens)'
set logscale x 2
set xrange [819.2:10240]
unset mxtics
set xtics ("1K" 1024, "2K" 2048, "4K" 4096, "8K" 8192)
set yrange [0:1]
set ytics 0, 0.2, 1
set mytics 2
set format y "%.1f"
set grid xtics ytics mytics lc rgb "#dddddd" lw 1, lc rgb "#f0f0f0" lw 1
set pointsize 1
do for [fmt in fmts] {
  if (fmt eq "pdf") {
    set terminal pdfcairo noenhanced color font "Helvetica,9" size 10.07in,4.07in linewidth 0.6
    set output "recall_vs_seq_len.pdf"; small = ",7"; set pointsize 0.55
  }
  if (fmt eq "png") {
    set terminal pngcairo noenhanced color font "Helvetica,11" size 1511,610 linewidth 1
    set output "recall_vs_seq_len.png"; small = ",9"; set pointsize 1.1
  }
  if (fmt eq "svg") {
    set terminal svg noenhanced font "Helvetica,11" size 1209,488 dynamic background "white" linewidth 1
    set output "recall_vs_seq_len.svg"; small = ",9"; set pointsize 1
  }
  unset label 900
  set multiplot title 'Selection quality vs context length  -  AMD EPYC'."\n".'Hq=8, Hkv=2, d=64, structured, index noise 0.5, Bk=64, k=16'
  set lmargin at screen 0.0645
  set rmargin at screen 0.2680
  set tmargin at screen 0.7912
  set bmargin at screen 0.1523
  set ylabel 'block recall'
  set title 'block recall: |I* ∩ Î| / |I*|'
  set key off
  plot 'recall_vs_seq_len.dat' index 0 using 1:2 with linespoints ls 1 notitle, \
    'recall_vs_seq_len.dat' index 1 using 1:2 with linespoints ls 2 notitle, \
    'recall_vs_seq_len.dat' index 2 using 1:2 with linespoints ls 3 notitle, \
    'recall_vs_seq_len.dat' index 3 using 1:2 with linespoints ls 4 notitle, \
    'recall_vs_seq_len.dat' index 4 using 1:2 with linespoints ls 5 notitle, \
    'recall_vs_seq_len.dat' index 5 using 1:2 with linespoints ls 6 notitle, \
    'recall_vs_seq_len.dat' index 6 using 1:2 with linespoints ls 7 notitle, \
    'recall_vs_seq_len.dat' index 7 using 1:2 with linespoints ls 8 notitle, \
    'recall_vs_seq_len.dat' index 8 using 1:2 with linespoints ls 9 notitle, \
    'recall_vs_seq_len.dat' index 9 using 1:2 with linespoints ls 10 notitle, \
    'recall_vs_seq_len.dat' index 10 using 1:2 with linespoints ls 11 notitle
  set lmargin at screen 0.3375
  set rmargin at screen 0.5409
  set tmargin at screen 0.7912
  set bmargin at screen 0.1523
  set ylabel 'score recall'
  set title 'score recall: P(I* ∩ Î) / P(I*)'
  set key off
  plot 'recall_vs_seq_len.dat' index 0 using 1:3 with linespoints ls 1 notitle, \
    'recall_vs_seq_len.dat' index 1 using 1:3 with linespoints ls 2 notitle, \
    'recall_vs_seq_len.dat' index 2 using 1:3 with linespoints ls 3 notitle, \
    'recall_vs_seq_len.dat' index 3 using 1:3 with linespoints ls 4 notitle, \
    'recall_vs_seq_len.dat' index 4 using 1:3 with linespoints ls 5 notitle, \
    'recall_vs_seq_len.dat' index 5 using 1:3 with linespoints ls 6 notitle, \
    'recall_vs_seq_len.dat' index 6 using 1:3 with linespoints ls 7 notitle, \
    'recall_vs_seq_len.dat' index 7 using 1:3 with linespoints ls 8 notitle, \
    'recall_vs_seq_len.dat' index 8 using 1:3 with linespoints ls 9 notitle, \
    'recall_vs_seq_len.dat' index 9 using 1:3 with linespoints ls 10 notitle, \
    'recall_vs_seq_len.dat' index 10 using 1:3 with linespoints ls 11 notitle
  set lmargin at screen 0.6104
  set rmargin at screen 0.8139
  set tmargin at screen 0.7912
  set bmargin at screen 0.1523
  set ylabel 'mass coverage'
  set title 'mass coverage: P(Î): dense mass kept'
  set key at screen 0.8337, screen 0.7912 top left Left reverse noautotitle spacing 1.2 samplen 2.5
  plot 'recall_vs_seq_len.dat' index 0 using 1:4 with linespoints ls 1 title 'msa decode', \
    'recall_vs_seq_len.dat' index 1 using 1:4 with linespoints ls 2 title 'msa prefill', \
    'recall_vs_seq_len.dat' index 2 using 1:4 with linespoints ls 3 title 'bigbird decode', \
    'recall_vs_seq_len.dat' index 3 using 1:4 with linespoints ls 4 title 'bigbird prefill', \
    'recall_vs_seq_len.dat' index 4 using 1:4 with linespoints ls 5 title 'dsa decode', \
    'recall_vs_seq_len.dat' index 5 using 1:4 with linespoints ls 6 title 'dsa prefill', \
    'recall_vs_seq_len.dat' index 6 using 1:4 with linespoints ls 7 title 'moba decode', \
    'recall_vs_seq_len.dat' index 7 using 1:4 with linespoints ls 8 title 'moba prefill', \
    'recall_vs_seq_len.dat' index 8 using 1:4 with linespoints ls 9 title 'nsa decode', \
    'recall_vs_seq_len.dat' index 9 using 1:4 with linespoints ls 10 title 'nsa prefill', \
    'recall_vs_seq_len.dat' index 10 using 1:4 with linespoints ls 11 title 'quest decode'
  unset multiplot
  set output
}
