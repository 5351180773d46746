# recall_vs_block_size_noise4.gp - Selection quality vs block size at equal budget k·Bk
# Written by `msabench plot` from results/cpu/recall/results.csv; the data is recall_vs_block_size_noise4.dat beside this file.
# Rebuild in this directory: gnuplot recall_vs_block_size_noise4.gp   (or gnuplot -e 'fmts="png"' recall_vs_block_size_noise4.gp)
if (!exists("fmts")) fmts = "pdf png svg"
reset
set encoding utf8
set grid xtics ytics lc rgb "#dddddd" lw 1
set border lw 1
set tics nomirror out
set border 3
set style line 1 lc rgb "#eb9394" lw 2 dt 1 pt 7
set style line 2 lc rgb "#de5253" lw 2 dt 1 pt 7
set style line 3 lc rgb "#c12324" lw 2 dt 1 pt 7
set style line 4 lc rgb "#801718" lw 2 dt 1 pt 7
set style line 5 lc rgb "#cab3de" lw 2 dt 2 pt 13
set style line 6 lc rgb "#a985ca" lw 2 dt 2 pt 13
set style line 7 lc rgb "#855daa" lw 2 dt 2 pt 13
set style line 8 lc rgb "#593e71" lw 2 dt 2 pt 13
set xlabel "block size Bk (tokens)"
set logscale x 2
set xrange [25.6:320]
unset mxtics
set xtics ("32" 32, "64" 64, "128" 128, "256" 256)
set yrange [0:1]
set ytics 0, 0.2, 1
set mytics 2
set format y "%.1f"
set grid xtics ytics mytics lc rgb "#dddddd" lw 1, lc rgb "#f0f0f0" lw 1
set pointsize 1
do for [fmt in fmts] {
  if (fmt eq "pdf") {
    set terminal pdfcairo noenhanced color font "Helvetica,9" size 10.30in,4.07in linewidth 0.6
    set output "recall_vs_block_size_noise4.pdf"; small = ",7"; set pointsize 0.55
  }
  if (fmt eq "png") {
    set terminal pngcairo noenhanced color font "Helvetica,11" size 1544,610 linewidth 1
    set output "recall_vs_block_size_noise4.png"; small = ",9"; set pointsize 1.1
  }
  if (fmt eq "svg") {
    set terminal svg noenhanced font "Helvetica,11" size 1235,488 dynamic background "white" linewidth 1
    set output "recall_vs_block_size_noise4.svg"; small = ",9"; set pointsize 1
  }
  unset label 900
  set multiplot title "Selection quality vs block size at equal budget k·Bk  -  AMD EPYC\nN=4K, Hq=8, Hkv=2, d=64, prefill, structured, index noise 4; budgets below N measured at the most block sizes"
  set lmargin at screen 0.0631
  set rmargin at screen 0.2621
  set tmargin at screen 0.7912
  set bmargin at screen 0.1523
  set ylabel "block recall"
  set title "block recall: |I* ∩ Î| / |I*|"
  set key off
  plot 'recall_vs_block_size_noise4.dat' index 0 using 1:2 with linespoints ls 1 notitle, \
    'recall_vs_block_size_noise4.dat' index 1 using 1:2 with linespoints ls 2 notitle, \
    'recall_vs_block_size_noise4.dat' index 2 using 1:2 with linespoints ls 3 notitle, \
    'recall_vs_block_size_noise4.dat' index 3 using 1:2 with linespoints ls 4 notitle, \
    'recall_vs_block_size_noise4.dat' index 4 using 1:2 with linespoints ls 5 notitle, \
    'recall_vs_block_size_noise4.dat' index 5 using 1:2 with linespoints ls 6 notitle, \
    'recall_vs_block_size_noise4.dat' index 6 using 1:2 with linespoints ls 7 notitle, \
    'recall_vs_block_size_noise4.dat' index 7 using 1:2 with linespoints ls 8 notitle
  set lmargin at screen 0.3301
  set rmargin at screen 0.5291
  set tmargin at screen 0.7912
  set bmargin at screen 0.1523
  set ylabel "score recall"
  set title "score recall: P(I* ∩ Î) / P(I*)"
  set key off
  plot 'recall_vs_block_size_noise4.dat' index 0 using 1:3 with linespoints ls 1 notitle, \
    'recall_vs_block_size_noise4.dat' index 1 using 1:3 with linespoints ls 2 notitle, \
    'recall_vs_block_size_noise4.dat' index 2 using 1:3 with linespoints ls 3 notitle, \
    'recall_vs_block_size_noise4.dat' index 3 using 1:3 with linespoints ls 4 notitle, \
    'recall_vs_block_size_noise4.dat' index 4 using 1:3 with linespoints ls 5 notitle, \
    'recall_vs_block_size_noise4.dat' index 5 using 1:3 with linespoints ls 6 notitle, \
    'recall_vs_block_size_noise4.dat' index 6 using 1:3 with linespoints ls 7 notitle, \
    'recall_vs_block_size_noise4.dat' index 7 using 1:3 with linespoints ls 8 notitle
  set lmargin at screen 0.5971
  set rmargin at screen 0.7961
  set tmargin at screen 0.7912
  set bmargin at screen 0.1523
  set ylabel "mass coverage"
  set title "mass coverage: P(Î): dense mass kept"
  set key at screen 0.8155, screen 0.7912 top left Left reverse noautotitle spacing 1.2 samplen 2.5
  plot 'recall_vs_block_size_noise4.dat' index 0 using 1:4 with linespoints ls 1 title "msa  k·Bk=256", \
    'recall_vs_block_size_noise4.dat' index 1 using 1:4 with linespoints ls 2 title "msa  k·Bk=512", \
    'recall_vs_block_size_noise4.dat' index 2 using 1:4 with linespoints ls 3 title "msa  k·Bk=1K", \
    'recall_vs_block_size_noise4.dat' index 3 using 1:4 with linespoints ls 4 title "msa  k·Bk=2K", \
    'recall_vs_block_size_noise4.dat' index 4 using 1:4 with linespoints ls 5 title "bigbird  k·Bk=256", \
    'recall_vs_block_size_noise4.dat' index 5 using 1:4 with linespoints ls 6 title "bigbird  k·Bk=512", \
    'recall_vs_block_size_noise4.dat' index 6 using 1:4 with linespoints ls 7 title "bigbird  k·Bk=1K", \
    'recall_vs_block_size_noise4.dat' index 7 using 1:4 with linespoints ls 8 title "bigbird  k·Bk=2K"
  unset multiplot
  set output
}
