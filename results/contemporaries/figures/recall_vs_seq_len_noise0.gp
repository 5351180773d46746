# recall_vs_seq_len_noise0.gp - Selection quality vs context length
# Written by `msabench plot` from results/contemporaries/run/results.csv; the data is recall_vs_seq_len_noise0.dat beside this file.
# Rebuild in this directory: gnuplot recall_vs_seq_len_noise0.gp   (or gnuplot -e 'fmts="png"' recall_vs_seq_len_noise0.gp)
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
set style line 4 lc rgb "#eb9394" lw 2 dt 1 pt 6
set style line 5 lc rgb "#eb9394" lw 2 dt 1 pt 7
set style line 6 lc rgb "#eb9394" lw 2 dt 1 pt 6
set style line 7 lc rgb "#eb9394" lw 2 dt 1 pt 7
set style line 8 lc rgb "#801718" lw 2 dt 1 pt 6
set style line 9 lc rgb "#801718" lw 2 dt 1 pt 6
set style line 10 lc rgb "#801718" lw 2 dt 1 pt 6
set style line 11 lc rgb "#801718" lw 2 dt 1 pt 6
set style line 12 lc rgb "#801718" lw 2 dt 1 pt 6
set style line 13 lc rgb "#801718" lw 2 dt 1 pt 6
set style line 14 lc rgb "#801718" lw 2 dt 1 pt 6
set style line 15 lc rgb "#cab3de" lw 2 dt 2 pt 13
set style line 16 lc rgb "#cab3de" lw 2 dt 2 pt 12
set style line 17 lc rgb "#593e71" lw 2 dt 2 pt 12
set style line 18 lc rgb "#593e71" lw 2 dt 2 pt 12
set style line 19 lc rgb "#593e71" lw 2 dt 2 pt 12
set style line 20 lc rgb "#8bdfe7" lw 2 dt 2 pt 9
set style line 21 lc rgb "#8bdfe7" lw 2 dt 2 pt 8
set style line 22 lc rgb "#0e727c" lw 2 dt 2 pt 8
set style line 23 lc rgb "#0e727c" lw 2 dt 2 pt 8
set style line 24 lc rgb "#0e727c" lw 2 dt 2 pt 8
set style line 25 lc rgb "#f1bbe1" lw 2 dt 2 pt 7
set style line 26 lc rgb "#f1bbe1" lw 2 dt 2 pt 6
set style line 27 lc rgb "#f1bbe1" lw 2 dt 2 pt 7
set style line 28 lc rgb "#f1bbe1" lw 2 dt 2 pt 6
set style line 29 lc rgb "#f1bbe1" lw 2 dt 2 pt 7
set style line 30 lc rgb "#f1bbe1" lw 2 dt 2 pt 6
set style line 31 lc rgb "#f1bbe1" lw 2 dt 2 pt 7
set style line 32 lc rgb "#884774" lw 2 dt 2 pt 6
set style line 33 lc rgb "#884774" lw 2 dt 2 pt 6
set style line 34 lc rgb "#884774" lw 2 dt 2 pt 6
set style line 35 lc rgb "#884774" lw 2 dt 2 pt 6
set style line 36 lc rgb "#884774" lw 2 dt 2 pt 6
set style line 37 lc rgb "#884774" lw 2 dt 2 pt 6
set style line 38 lc rgb "#884774" lw 2 dt 2 pt 6
set style line 39 lc rgb "#c6aba5" lw 2 dt 2 pt 5
set style line 40 lc rgb "#c6aba5" lw 2 dt 2 pt 4
set style line 41 lc rgb "#c6aba5" lw 2 dt 2 pt 5
set style line 42 lc rgb "#c6aba5" lw 2 dt 2 pt 4
set style line 43 lc rgb "#c6aba5" lw 2 dt 2 pt 5
set style line 44 lc rgb "#c6aba5" lw 2 dt 2 pt 4
set style line 45 lc rgb "#c6aba5" lw 2 dt 2 pt 5
set style line 46 lc rgb "#54342d" lw 2 dt 2 pt 4
set style line 47 lc rgb "#54342d" lw 2 dt 2 pt 4
set style line 48 lc rgb "#54342d" lw 2 dt 2 pt 4
set style line 49 lc rgb "#54342d" lw 2 dt 2 pt 4
set style line 50 lc rgb "#54342d" lw 2 dt 2 pt 4
set style line 51 lc rgb "#54342d" lw 2 dt 2 pt 4
set style line 52 lc rgb "#54342d" lw 2 dt 2 pt 4
set style line 53 lc rgb "#bcbd22" lw 2 dt 2 pt 13
set style line 54 lc rgb "#bcbd22" lw 2 dt 2 pt 12
set style line 55 lc rgb "#bcbd22" lw 2 dt 2 pt 13
set style line 56 lc rgb "#bcbd22" lw 2 dt 2 pt 12
set style line 57 lc rgb "#bcbd22" lw 2 dt 2 pt 13
set style line 58 lc rgb "#bcbd22" lw 2 dt 2 pt 12
set style line 59 lc rgb "#bcbd22" lw 2 dt 2 pt 13
set xlabel 'context length N (tokens)'
set logscale x 2
set xrange [1638.4:20480]
unset mxtics
set xtics ("2K" 2048, "4K" 4096, "8K" 8192, "16K" 16384)
set yrange [0:1]
set ytics 0, 0.2, 1
set mytics 2
set format y "%.1f"
set grid xtics ytics mytics lc rgb "#dddddd" lw 1, lc rgb "#f0f0f0" lw 1
set pointsize 1
do for [fmt in fmts] {
  if (fmt eq "pdf") {
    set terminal pdfcairo noenhanced color font "Helvetica,9" size 12.47in,4.07in linewidth 0.6
    set output "recall_vs_seq_len_noise0.pdf"; small = ",7"; set pointsize 0.55
  }
  if (fmt eq "png") {
    set terminal pngcairo noenhanced color font "Helvetica,11" size 1871,610 linewidth 1
    set output "recall_vs_seq_len_noise0.png"; small = ",9"; set pointsize 1.1
  }
  if (fmt eq "svg") {
    set terminal svg noenhanced font "Helvetica,11" size 1497,488 dynamic background "white" linewidth 1
    set output "recall_vs_seq_len_noise0.svg"; small = ",9"; set pointsize 1
  }
  unset label 900
  set multiplot title 'Selection quality vs context length  -  AMD EPYC'."\n".'d=64, index noise 0, Bk=64'
  set lmargin at screen 0.0521
  set rmargin at screen 0.2164
  set tmargin at screen 0.7912
  set bmargin at screen 0.1523
  set ylabel 'block recall'
  set title 'block recall: |I* ∩ Î| / |I*|'
  set key off
  plot 'recall_vs_seq_len_noise0.dat' index 0 using 1:2 with linespoints ls 1 notitle, \
    'recall_vs_seq_len_noise0.dat' index 1 using 1:2 with linespoints ls 2 notitle, \
    'recall_vs_seq_len_noise0.dat' index 2 using 1:2 with linespoints ls 3 notitle, \
    'recall_vs_seq_len_noise0.dat' index 3 using 1:2 with linespoints ls 4 notitle, \
    'recall_vs_seq_len_noise0.dat' index 4 using 1:2 with linespoints ls 5 notitle, \
    'recall_vs_seq_len_noise0.dat' index 5 using 1:2 with linespoints ls 6 notitle, \
    'recall_vs_seq_len_noise0.dat' index 6 using 1:2 with linespoints ls 7 notitle, \
    'recall_vs_seq_len_noise0.dat' index 7 using 1:2 with linespoints ls 8 notitle, \
    'recall_vs_seq_len_noise0.dat' index 8 using 1:2 with linespoints ls 9 notitle, \
    'recall_vs_seq_len_noise0.dat' index 9 using 1:2 with linespoints ls 10 notitle, \
    'recall_vs_seq_len_noise0.dat' index 10 using 1:2 with linespoints ls 11 notitle, \
    'recall_vs_seq_len_noise0.dat' index 11 using 1:2 with linespoints ls 12 notitle, \
    'recall_vs_seq_len_noise0.dat' index 12 using 1:2 with linespoints ls 13 notitle, \
    'recall_vs_seq_len_noise0.dat' index 13 using 1:2 with linespoints ls 14 notitle, \
    'recall_vs_seq_len_noise0.dat' index 14 using 1:2 with linespoints ls 15 notitle, \
    'recall_vs_seq_len_noise0.dat' index 15 using 1:2 with linespoints ls 16 notitle, \
    'recall_vs_seq_len_noise0.dat' index 16 using 1:2 with linespoints ls 17 notitle, \
    'recall_vs_seq_len_noise0.dat' index 17 using 1:2 with linespoints ls 18 notitle, \
    'recall_vs_seq_len_noise0.dat' index 18 using 1:2 with linespoints ls 19 notitle, \
    'recall_vs_seq_len_noise0.dat' index 19 using 1:2 with linespoints ls 20 notitle, \
    'recall_vs_seq_len_noise0.dat' index 20 using 1:2 with linespoints ls 21 notitle, \
    'recall_vs_seq_len_noise0.dat' index 21 using 1:2 with linespoints ls 22 notitle, \
    'recall_vs_seq_len_noise0.dat' index 22 using 1:2 with linespoints ls 23 notitle, \
    'recall_vs_seq_len_noise0.dat' index 23 using 1:2 with linespoints ls 24 notitle, \
    'recall_vs_seq_len_noise0.dat' index 24 using 1:2 with linespoints ls 25 notitle, \
    'recall_vs_seq_len_noise0.dat' index 25 using 1:2 with linespoints ls 26 notitle, \
    'recall_vs_seq_len_noise0.dat' index 26 using 1:2 with linespoints ls 27 notitle, \
    'recall_vs_seq_len_noise0.dat' index 27 using 1:2 with linespoints ls 28 notitle, \
    'recall_vs_seq_len_noise0.dat' index 28 using 1:2 with linespoints ls 29 notitle, \
    'recall_vs_seq_len_noise0.dat' index 29 using 1:2 with linespoints ls 30 notitle, \
    'recall_vs_seq_len_noise0.dat' index 30 using 1:2 with linespoints ls 31 notitle, \
    'recall_vs_seq_len_noise0.dat' index 31 using 1:2 with linespoints ls 32 notitle, \
    'recall_vs_seq_len_noise0.dat' index 32 using 1:2 with linespoints ls 33 notitle, \
    'recall_vs_seq_len_noise0.dat' index 33 using 1:2 with linespoints ls 34 notitle, \
    'recall_vs_seq_len_noise0.dat' index 34 using 1:2 with linespoints ls 35 notitle, \
    'recall_vs_seq_len_noise0.dat' index 35 using 1:2 with linespoints ls 36 notitle, \
    'recall_vs_seq_len_noise0.dat' index 36 using 1:2 with linespoints ls 37 notitle, \
    'recall_vs_seq_len_noise0.dat' index 37 using 1:2 with linespoints ls 38 notitle, \
    'recall_vs_seq_len_noise0.dat' index 38 using 1:2 with linespoints ls 39 notitle, \
    'recall_vs_seq_len_noise0.dat' index 39 using 1:2 with linespoints ls 40 notitle, \
    'recall_vs_seq_len_noise0.dat' index 40 using 1:2 with linespoints ls 41 notitle, \
    'recall_vs_seq_len_noise0.dat' index 41 using 1:2 with linespoints ls 42 notitle, \
    'recall_vs_seq_len_noise0.dat' index 42 using 1:2 with linespoints ls 43 notitle, \
    'recall_vs_seq_len_noise0.dat' index 43 using 1:2 with linespoints ls 44 notitle, \
    'recall_vs_seq_len_noise0.dat' index 44 using 1:2 with linespoints ls 45 notitle, \
    'recall_vs_seq_len_noise0.dat' index 45 using 1:2 with linespoints ls 46 notitle, \
    'recall_vs_seq_len_noise0.dat' index 46 using 1:2 with linespoints ls 47 notitle, \
    'recall_vs_seq_len_noise0.dat' index 47 using 1:2 with linespoints ls 48 notitle, \
    'recall_vs_seq_len_noise0.dat' index 48 using 1:2 with linespoints ls 49 notitle, \
    'recall_vs_seq_len_noise0.dat' index 49 using 1:2 with linespoints ls 50 notitle, \
    'recall_vs_seq_len_noise0.dat' index 50 using 1:2 with linespoints ls 51 notitle, \
    'recall_vs_seq_len_noise0.dat' index 51 using 1:2 with linespoints ls 52 notitle, \
    'recall_vs_seq_len_noise0.dat' index 52 using 1:2 with linespoints ls 53 notitle, \
    'recall_vs_seq_len_noise0.dat' index 53 using 1:2 with linespoints ls 54 notitle, \
    'recall_vs_seq_len_noise0.dat' index 54 using 1:2 with linespoints ls 55 notitle, \
    'recall_vs_seq_len_noise0.dat' index 55 using 1:2 with linespoints ls 56 notitle, \
    'recall_vs_seq_len_noise0.dat' index 56 using 1:2 with linespoints ls 57 notitle, \
    'recall_vs_seq_len_noise0.dat' index 57 using 1:2 with linespoints ls 58 notitle, \
    'recall_vs_seq_len_noise0.dat' index 58 using 1:2 with linespoints ls 59 notitle
  set lmargin at screen 0.2725
  set rmargin at screen 0.4369
  set tmargin at screen 0.7912
  set bmargin at screen 0.1523
  set ylabel 'score recall'
  set title 'score recall: P(I* ∩ Î) / P(I*)'
  set key off
  plot 'recall_vs_seq_len_noise0.dat' index 0 using 1:3 with linespoints ls 1 notitle, \
    'recall_vs_seq_len_noise0.dat' index 1 using 1:3 with linespoints ls 2 notitle, \
    'recall_vs_seq_len_noise0.dat' index 2 using 1:3 with linespoints ls 3 notitle, \
    'recall_vs_seq_len_noise0.dat' index 3 using 1:3 with linespoints ls 4 notitle, \
    'recall_vs_seq_len_noise0.dat' index 4 using 1:3 with linespoints ls 5 notitle, \
    'recall_vs_seq_len_noise0.dat' index 5 using 1:3 with linespoints ls 6 notitle, \
    'recall_vs_seq_len_noise0.dat' index 6 using 1:3 with linespoints ls 7 notitle, \
    'recall_vs_seq_len_noise0.dat' index 7 using 1:3 with linespoints ls 8 notitle, \
    'recall_vs_seq_len_noise0.dat' index 8 using 1:3 with linespoints ls 9 notitle, \
    'recall_vs_seq_len_noise0.dat' index 9 using 1:3 with linespoints ls 10 notitle, \
    'recall_vs_seq_len_noise0.dat' index 10 using 1:3 with linespoints ls 11 notitle, \
    'recall_vs_seq_len_noise0.dat' index 11 using 1:3 with linespoints ls 12 notitle, \
    'recall_vs_seq_len_noise0.dat' index 12 using 1:3 with linespoints ls 13 notitle, \
    'recall_vs_seq_len_noise0.dat' index 13 using 1:3 with linespoints ls 14 notitle, \
    'recall_vs_seq_len_noise0.dat' index 14 using 1:3 with linespoints ls 15 notitle, \
    'recall_vs_seq_len_noise0.dat' index 15 using 1:3 with linespoints ls 16 notitle, \
    'recall_vs_seq_len_noise0.dat' index 16 using 1:3 with linespoints ls 17 notitle, \
    'recall_vs_seq_len_noise0.dat' index 17 using 1:3 with linespoints ls 18 notitle, \
    'recall_vs_seq_len_noise0.dat' index 18 using 1:3 with linespoints ls 19 notitle, \
    'recall_vs_seq_len_noise0.dat' index 19 using 1:3 with linespoints ls 20 notitle, \
    'recall_vs_seq_len_noise0.dat' index 20 using 1:3 with linespoints ls 21 notitle, \
    'recall_vs_seq_len_noise0.dat' index 21 using 1:3 with linespoints ls 22 notitle, \
    'recall_vs_seq_len_noise0.dat' index 22 using 1:3 with linespoints ls 23 notitle, \
    'recall_vs_seq_len_noise0.dat' index 23 using 1:3 with linespoints ls 24 notitle, \
    'recall_vs_seq_len_noise0.dat' index 24 using 1:3 with linespoints ls 25 notitle, \
    'recall_vs_seq_len_noise0.dat' index 25 using 1:3 with linespoints ls 26 notitle, \
    'recall_vs_seq_len_noise0.dat' index 26 using 1:3 with linespoints ls 27 notitle, \
    'recall_vs_seq_len_noise0.dat' index 27 using 1:3 with linespoints ls 28 notitle, \
    'recall_vs_seq_len_noise0.dat' index 28 using 1:3 with linespoints ls 29 notitle, \
    'recall_vs_seq_len_noise0.dat' index 29 using 1:3 with linespoints ls 30 notitle, \
    'recall_vs_seq_len_noise0.dat' index 30 using 1:3 with linespoints ls 31 notitle, \
    'recall_vs_seq_len_noise0.dat' index 31 using 1:3 with linespoints ls 32 notitle, \
    'recall_vs_seq_len_noise0.dat' index 32 using 1:3 with linespoints ls 33 notitle, \
    'recall_vs_seq_len_noise0.dat' index 33 using 1:3 with linespoints ls 34 notitle, \
    'recall_vs_seq_len_noise0.dat' index 34 using 1:3 with linespoints ls 35 notitle, \
    'recall_vs_seq_len_noise0.dat' index 35 using 1:3 with linespoints ls 36 notitle, \
    'recall_vs_seq_len_noise0.dat' index 36 using 1:3 with linespoints ls 37 notitle, \
    'recall_vs_seq_len_noise0.dat' index 37 using 1:3 with linespoints ls 38 notitle, \
    'recall_vs_seq_len_noise0.dat' index 38 using 1:3 with linespoints ls 39 notitle, \
    'recall_vs_seq_len_noise0.dat' index 39 using 1:3 with linespoints ls 40 notitle, \
    'recall_vs_seq_len_noise0.dat' index 40 using 1:3 with linespoints ls 41 notitle, \
    'recall_vs_seq_len_noise0.dat' index 41 using 1:3 with linespoints ls 42 notitle, \
    'recall_vs_seq_len_noise0.dat' index 42 using 1:3 with linespoints ls 43 notitle, \
    'recall_vs_seq_len_noise0.dat' index 43 using 1:3 with linespoints ls 44 notitle, \
    'recall_vs_seq_len_noise0.dat' index 44 using 1:3 with linespoints ls 45 notitle, \
    'recall_vs_seq_len_noise0.dat' index 45 using 1:3 with linespoints ls 46 notitle, \
    'recall_vs_seq_len_noise0.dat' index 46 using 1:3 with linespoints ls 47 notitle, \
    'recall_vs_seq_len_noise0.dat' index 47 using 1:3 with linespoints ls 48 notitle, \
    'recall_vs_seq_len_noise0.dat' index 48 using 1:3 with linespoints ls 49 notitle, \
    'recall_vs_seq_len_noise0.dat' index 49 using 1:3 with linespoints ls 50 notitle, \
    'recall_vs_seq_len_noise0.dat' index 50 using 1:3 with linespoints ls 51 notitle, \
    'recall_vs_seq_len_noise0.dat' index 51 using 1:3 with linespoints ls 52 notitle, \
    'recall_vs_seq_len_noise0.dat' index 52 using 1:3 with linespoints ls 53 notitle, \
    'recall_vs_seq_len_noise0.dat' index 53 using 1:3 with linespoints ls 54 notitle, \
    'recall_vs_seq_len_noise0.dat' index 54 using 1:3 with linespoints ls 55 notitle, \
    'recall_vs_seq_len_noise0.dat' index 55 using 1:3 with linespoints ls 56 notitle, \
    'recall_vs_seq_len_noise0.dat' index 56 using 1:3 with linespoints ls 57 notitle, \
    'recall_vs_seq_len_noise0.dat' index 57 using 1:3 with linespoints ls 58 notitle, \
    'recall_vs_seq_len_noise0.dat' index 58 using 1:3 with linespoints ls 59 notitle
  set lmargin at screen 0.4930
  set rmargin at screen 0.6573
  set tmargin at screen 0.7912
  set bmargin at screen 0.1523
  set ylabel 'mass coverage'
  set title 'mass coverage: P(Î): dense mass kept'
  set key at screen 0.6733, screen 0.7912 top left Left reverse noautotitle spacing 1.2 samplen 2.5
  plot 'recall_vs_seq_len_noise0.dat' index 0 using 1:4 with linespoints ls 1 title 'msa decode Hq=8 Hkv=2 k=128 structured', \
    'recall_vs_seq_len_noise0.dat' index 1 using 1:4 with linespoints ls 2 title 'msa decode Hq=8 Hkv=2 k=16 structured', \
    'recall_vs_seq_len_noise0.dat' index 2 using 1:4 with linespoints ls 3 title 'msa decode Hq=8 Hkv=2 k=32 structured', \
    'recall_vs_seq_len_noise0.dat' index 3 using 1:4 with linespoints ls 4 title 'msa decode Hq=8 Hkv=2 k=64 structured', \
    'recall_vs_seq_len_noise0.dat' index 4 using 1:4 with linespoints ls 5 title 'msa decode Hq=9 Hkv=3 k=16 file', \
    'recall_vs_seq_len_noise0.dat' index 5 using 1:4 with linespoints ls 6 title 'msa decode Hq=9 Hkv=3 k=4 file', \
    'recall_vs_seq_len_noise0.dat' index 6 using 1:4 with linespoints ls 7 title 'msa decode Hq=9 Hkv=3 k=8 file', \
    'recall_vs_seq_len_noise0.dat' index 7 using 1:4 with linespoints ls 8 title 'msa prefill Hq=8 Hkv=2 k=128 structured (est.)', \
    'recall_vs_seq_len_noise0.dat' index 8 using 1:4 with linespoints ls 9 title 'msa prefill Hq=8 Hkv=2 k=16 structured (est.)', \
    'recall_vs_seq_len_noise0.dat' index 9 using 1:4 with linespoints ls 10 title 'msa prefill Hq=8 Hkv=2 k=32 structured (est.)', \
    'recall_vs_seq_len_noise0.dat' index 10 using 1:4 with linespoints ls 11 title 'msa prefill Hq=8 Hkv=2 k=64 structured (est.)', \
    'recall_vs_seq_len_noise0.dat' index 11 using 1:4 with linespoints ls 12 title 'msa prefill Hq=9 Hkv=3 k=16 file (est.)', \
    'recall_vs_seq_len_noise0.dat' index 12 using 1:4 with linespoints ls 13 title 'msa prefill Hq=9 Hkv=3 k=4 file', \
    'recall_vs_seq_len_noise0.dat' index 13 using 1:4 with linespoints ls 14 title 'msa prefill Hq=9 Hkv=3 k=8 file (est.)', \
    'recall_vs_seq_len_noise0.dat' index 14 using 1:4 with linespoints ls 15 title 'bigbird decode Hq=8 Hkv=2 structured', \
    'recall_vs_seq_len_noise0.dat' index 15 using 1:4 with linespoints ls 16 title 'bigbird decode Hq=9 Hkv=3 file', \
    'recall_vs_seq_len_noise0.dat' index 16 using 1:4 with linespoints ls 17 title 'bigbird prefill Hq=8 Hkv=2 structured (est.)', \
    'recall_vs_seq_len_noise0.dat' index 17 using 1:4 with linespoints ls 18 title 'bigbird prefill Hq=9 Hkv=3 file', \
    'recall_vs_seq_len_noise0.dat' index 18 using 1:4 with linespoints ls 19 title 'bigbird prefill Hq=9 Hkv=3 file (est.)', \
    'recall_vs_seq_len_noise0.dat' index 19 using 1:4 with linespoints ls 20 title 'dsa decode Hq=8 Hkv=2 structured', \
    'recall_vs_seq_len_noise0.dat' index 20 using 1:4 with linespoints ls 21 title 'dsa decode Hq=9 Hkv=3 file', \
    'recall_vs_seq_len_noise0.dat' index 21 using 1:4 with linespoints ls 22 title 'dsa prefill Hq=8 Hkv=2 structured (est.)', \
    'recall_vs_seq_len_noise0.dat' index 22 using 1:4 with linespoints ls 23 title 'dsa prefill Hq=9 Hkv=3 file', \
    'recall_vs_seq_len_noise0.dat' index 23 using 1:4 with linespoints ls 24 title 'dsa prefill Hq=9 Hkv=3 file (est.)', \
    'recall_vs_seq_len_noise0.dat' index 24 using 1:4 with linespoints ls 25 title 'moba decode Hq=8 Hkv=2 k=128 structured', \
    'recall_vs_seq_len_noise0.dat' index 25 using 1:4 with linespoints ls 26 title 'moba decode Hq=8 Hkv=2 k=16 structured', \
    'recall_vs_seq_len_noise0.dat' index 26 using 1:4 with linespoints ls 27 title 'moba decode Hq=8 Hkv=2 k=32 structured', \
    'recall_vs_seq_len_noise0.dat' index 27 using 1:4 with linespoints ls 28 title 'moba decode Hq=8 Hkv=2 k=64 structured', \
    'recall_vs_seq_len_noise0.dat' index 28 using 1:4 with linespoints ls 29 title 'moba decode Hq=9 Hkv=3 k=16 file', \
    'recall_vs_seq_len_noise0.dat' index 29 using 1:4 with linespoints ls 30 title 'moba decode Hq=9 Hkv=3 k=4 file', \
    'recall_vs_seq_len_noise0.dat' index 30 using 1:4 with linespoints ls 31 title 'moba decode Hq=9 Hkv=3 k=8 file', \
    'recall_vs_seq_len_noise0.dat' index 31 using 1:4 with linespoints ls 32 title 'moba prefill Hq=8 Hkv=2 k=128 structured (est.)', \
    'recall_vs_seq_len_noise0.dat' index 32 using 1:4 with linespoints ls 33 title 'moba prefill Hq=8 Hkv=2 k=16 structured (est.)', \
    'recall_vs_seq_len_noise0.dat' index 33 using 1:4 with linespoints ls 34 title 'moba prefill Hq=8 Hkv=2 k=32 structured (est.)', \
    'recall_vs_seq_len_noise0.dat' index 34 using 1:4 with linespoints ls 35 title 'moba prefill Hq=8 Hkv=2 k=64 structured (est.)', \
    'recall_vs_seq_len_noise0.dat' index 35 using 1:4 with linespoints ls 36 title 'moba prefill Hq=9 Hkv=3 k=16 file (est.)', \
    'recall_vs_seq_len_noise0.dat' index 36 using 1:4 with linespoints ls 37 title 'moba prefill Hq=9 Hkv=3 k=4 file', \
    'recall_vs_seq_len_noise0.dat' index 37 using 1:4 with linespoints ls 38 title 'moba prefill Hq=9 Hkv=3 k=8 file (est.)', \
    'recall_vs_seq_len_noise0.dat' index 38 using 1:4 with linespoints ls 39 title 'nsa decode Hq=8 Hkv=2 k=128 structured', \
    'recall_vs_seq_len_noise0.dat' index 39 using 1:4 with linespoints ls 40 title 'nsa decode Hq=8 Hkv=2 k=16 structured', \
    'recall_vs_seq_len_noise0.dat' index 40 using 1:4 with linespoints ls 41 title 'nsa decode Hq=8 Hkv=2 k=32 structured', \
    'recall_vs_seq_len_noise0.dat' index 41 using 1:4 with linespoints ls 42 title 'nsa decode Hq=8 Hkv=2 k=64 structured', \
    'recall_vs_seq_len_noise0.dat' index 42 using 1:4 with linespoints ls 43 title 'nsa decode Hq=9 Hkv=3 k=16 file', \
    'recall_vs_seq_len_noise0.dat' index 43 using 1:4 with linespoints ls 44 title 'nsa decode Hq=9 Hkv=3 k=4 file', \
    'recall_vs_seq_len_noise0.dat' index 44 using 1:4 with linespoints ls 45 title 'nsa decode Hq=9 Hkv=3 k=8 file', \
    'recall_vs_seq_len_noise0.dat' index 45 using 1:4 with linespoints ls 46 title 'nsa prefill Hq=8 Hkv=2 k=128 structured (est.)', \
    'recall_vs_seq_len_noise0.dat' index 46 using 1:4 with linespoints ls 47 title 'nsa prefill Hq=8 Hkv=2 k=16 structured (est.)', \
    'recall_vs_seq_len_noise0.dat' index 47 using 1:4 with linespoints ls 48 title 'nsa prefill Hq=8 Hkv=2 k=32 structured (est.)', \
    'recall_vs_seq_len_noise0.dat' index 48 using 1:4 with linespoints ls 49 title 'nsa prefill Hq=8 Hkv=2 k=64 structured (est.)', \
    'recall_vs_seq_len_noise0.dat' index 49 using 1:4 with linespoints ls 50 title 'nsa prefill Hq=9 Hkv=3 k=16 file (est.)', \
    'recall_vs_seq_len_noise0.dat' index 50 using 1:4 with linespoints ls 51 title 'nsa prefill Hq=9 Hkv=3 k=4 file', \
    'recall_vs_seq_len_noise0.dat' index 51 using 1:4 with linespoints ls 52 title 'nsa prefill Hq=9 Hkv=3 k=8 file (est.)', \
    'recall_vs_seq_len_noise0.dat' index 52 using 1:4 with linespoints ls 53 title 'quest decode Hq=8 Hkv=2 k=128 structured', \
    'recall_vs_seq_len_noise0.dat' index 53 using 1:4 with linespoints ls 54 title 'quest decode Hq=8 Hkv=2 k=16 structured', \
    'recall_vs_seq_len_noise0.dat' index 54 using 1:4 with linespoints ls 55 title 'quest decode Hq=8 Hkv=2 k=32 structured', \
    'recall_vs_seq_len_noise0.dat' index 55 using 1:4 with linespoints ls 56 title 'quest decode Hq=8 Hkv=2 k=64 structured', \
    'recall_vs_seq_len_noise0.dat' index 56 using 1:4 with linespoints ls 57 title 'quest decode Hq=9 Hkv=3 k=16 file', \
    'recall_vs_seq_len_noise0.dat' index 57 using 1:4 with linespoints ls 58 title 'quest decode Hq=9 Hkv=3 k=4 file', \
    'recall_vs_seq_len_noise0.dat' index 58 using 1:4 with linespoints ls 59 title 'quest decode Hq=9 Hkv=3 k=8 file'
  unset multiplot
  set output
}
