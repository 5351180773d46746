# recall_vs_budget_noise1.gp - Selection quality vs budget k·Bk (tokens attended per query)
# Written by `msabench plot` from results/cpu/recall/results.csv; the data is recall_vs_budget_noise1.dat beside this file.
# Rebuild in this directory: gnuplot recall_vs_budget_noise1.gp   (or gnuplot -e 'fmts="png"' recall_vs_budget_noise1.gp)
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
set xlabel "budget k·Bk (tokens)"
set logscale x 2
set xrange [102.4:5120]
unset mxtics
set xtics ("128" 128, "256" 256, "512" 512, "1K" 1024, "2K" 2048, "4K" 4096)
set yrange [0:1]
set ytics 0, 0.2, 1
set mytics 2
set format y "%.1f"
set grid xtics ytics mytics lc rgb "#dddddd" lw 1, lc rgb "#f0f0f0" lw 1
set pointsize 1
do for [fmt in fmts] {
  if (fmt eq "pdf") {
    set terminal pdfcairo noenhanced color font "Helvetica,9" size 10.07in,4.07in linewidth 0.6
    set output "recall_vs_budget_noise1.pdf"; small = ",7"; set pointsize 0.55
  }
  if (fmt eq "png") {
    set terminal pngcairo noenhanced color font "Helvetica,11" size 1511,610 linewidth 1
    set output "recall_vs_budget_noise1.png"; small = ",9"; set pointsize 1.1
  }
  if (fmt eq "svg") {
    set terminal svg noenhanced font "Helvetica,11" size 1209,488 dynamic background "white" linewidth 1
    set output "recall_vs_budget_noise1.svg"; small = ",9"; set pointsize 1
  }
  unset label 900
  set multiplot title "Selection quality vs budget k·Bk (tokens attended per query)  -  AMD EPYC\nN=4K, Hq=8, Hkv=2, d=64, prefill, structured, index noise 1"
  set lmargin at screen 0.0645
  set rmargin at screen 0.2680
  set tmargin at screen 0.7912
  set bmargin at screen 0.1523
  set ylabel "block recall"
  set title "block recall: |I* ∩ Î| / |I*|"
  set key off
  plot 'recall_vs_budget_noise1.dat' index 0 using 1:2 with linespoints ls 1 notitle, \
    'recall_vs_budget_noise1.dat' index 1 using 1:2 with linespoints ls 2 notitle, \
    'recall_vs_budget_noise1.dat' index 2 using 1:2 with linespoints ls 3 notitle, \
    'recall_vs_budget_noise1.dat' index 3 using 1:2 with linespoints ls 4 notitle, \
    'recall_vs_budget_noise1.dat' index 4 using 1:2 with linespoints ls 5 notitle, \
    'recall_vs_budget_noise1.dat' index 5 using 1:2 with linespoints ls 6 notitle, \
    'recall_vs_budget_noise1.dat' index 6 using 1:2 with linespoints ls 7 notitle, \
    'recall_vs_budget_noise1.dat' index 7 using 1:2 with linespoints ls 8 notitle
  set lmargin at screen 0.3375
  set rmargin at screen 0.5409
  set tmargin at screen 0.7912
  set bmargin at screen 0.1523
  set ylabel "score recall"
  set title "score recall: P(I* ∩ Î) / P(I*)"
  set key off
  plot 'recall_vs_budget_noise1.dat' index 0 using 1:3 with linespoints ls 1 notitle, \
    'recall_vs_budget_noise1.dat' index 1 using 1:3 with linespoints ls 2 notitle, \
    'recall_vs_budget_noise1.dat' index 2 using 1:3 with linespoints ls 3 notitle, \
    'recall_vs_budget_noise1.dat' index 3 using 1:3 with linespoints ls 4 notitle, \
    'recall_vs_budget_noise1.dat' index 4 using 1:3 with linespoints ls 5 notitle, \
    'recall_vs_budget_noise1.dat' index 5 using 1:3 with linespoints ls 6 notitle, \
    'recall_vs_budget_noise1.dat' index 6 using 1:3 with linespoints ls 7 notitle, \
    'recall_vs_budget_noise1.dat' index 7 using 1:3 with linespoints ls 8 notitle
  set lmargin at screen 0.6104
  set rmargin at screen 0.8139
  set tmargin at screen 0.7912
  set bmargin at screen 0.1523
  set ylabel "mass coverage"
  set title "mass coverage: P(Î): dense mass kept"
  set key at screen 0.8337, screen 0.7912 top left Left reverse noautotitle spacing 1.2 samplen 2.5
  plot 'recall_vs_budget_noise1.dat' index 0 using 1:4 with linespoints ls 1 title "msa  Bk=32", \
    'recall_vs_budget_noise1.dat' index 1 using 1:4 with linespoints ls 2 title "msa  Bk=64", \
    'recall_vs_budget_noise1.dat' index 2 using 1:4 with linespoints ls 3 title "msa  Bk=128", \
    'recall_vs_budget_noise1.dat' index 3 using 1:4 with linespoints ls 4 title "msa  Bk=256", \
    'recall_vs_budget_noise1.dat' index 4 using 1:4 with linespoints ls 5 title "bigbird  Bk=32", \
    'recall_vs_budget_noise1.dat' index 5 using 1:4 with linespoints ls 6 title "bigbird  Bk=64", \
    'recall_vs_budget_noise1.dat' index 6 using 1:4 with linespoints ls 7 title "bigbird  Bk=128", \
    'recall_vs_budget_noise1.dat' index 7 using 1:4 with linespoints ls 8 title "bigbird  Bk=256"
  unset multiplot
  set output
}
