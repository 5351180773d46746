# budget_prefill_structured_noise0p5.gp - recall against the token budget
# Written by `msabench plot` from results/gpu/run9/frontier-131072/results.csv; the data is budget_prefill_structured_noise0p5.dat beside this file.
# Rebuild in this directory: gnuplot budget_prefill_structured_noise0p5.gp   (or gnuplot -e 'fmts="png"' budget_prefill_structured_noise0p5.gp)
if (!exists("fmts")) fmts = 'png'
reset
set encoding utf8
set grid xtics ytics lc rgb "#dddddd" lw 1
set border lw 1
set tics nomirror out
set border 3
set style line 1 lc rgb '#d62728' pt 7 lw 2 ps 1.1
set style line 2 lc rgb '#9467bd' pt 13 lw 2 ps 1.1
set style line 3 lc rgb '#8c564b' pt 5 lw 2 ps 1.1
set style line 4 lc rgb '#e377c2' pt 7 lw 2 ps 1.1
set style line 5 lc rgb '#17becf' pt 9 lw 2 ps 1.1
do for [fmt in fmts] {
  if (fmt eq "pdf") {
    set terminal pdfcairo noenhanced color font "Helvetica,9" size 10.00in,4.00in linewidth 0.6
    set output "budget_prefill_structured_noise0p5.pdf"; small = ",7"; set pointsize 0.55
  }
  if (fmt eq "png") {
    set terminal pngcairo noenhanced color font "Helvetica,11" size 1500,600 linewidth 1
    set output "budget_prefill_structured_noise0p5.png"; small = ",9"; set pointsize 1.1
  }
  if (fmt eq "svg") {
    set terminal svg noenhanced font "Helvetica,11" size 1200,480 dynamic background "white" linewidth 1
    set output "budget_prefill_structured_noise0p5.svg"; small = ",9"; set pointsize 1
  }
  set multiplot layout 1,2 title 'Recall against token budget  -  NVIDIA H200'."\n".'prefill, structured, index_noise 0.5, N=131072; budget = tokens a selection row keeps (k * Bk, or k tokens)'
set logscale x 2
set xrange [819.2:5120]
unset mxtics
set xtics ("1K" 1024, "2K" 2048, "4K" 4096)
  set yrange [0:1.02]
  set key bottom right
  set xlabel 'token budget'
  set ylabel 'mass_coverage (dense mass kept)'
  plot 'budget_prefill_structured_noise0p5.dat' index 0 using 1:2 with linespoints ls 1 title 'msa', \
    'budget_prefill_structured_noise0p5.dat' index 1 using 1:2 with linespoints ls 2 title 'bigbird', \
    'budget_prefill_structured_noise0p5.dat' index 2 using 1:2 with linespoints ls 3 title 'nsa', \
    'budget_prefill_structured_noise0p5.dat' index 3 using 1:2 with linespoints ls 4 title 'moba', \
    'budget_prefill_structured_noise0p5.dat' index 4 using 1:2 with linespoints ls 5 title 'dsa'
  set xlabel 'token budget'
  set ylabel 'block_recall |I* ∩ Î| / |I*|'
  plot 'budget_prefill_structured_noise0p5.dat' index 0 using 1:3 with linespoints ls 1 title 'msa', \
    'budget_prefill_structured_noise0p5.dat' index 1 using 1:3 with linespoints ls 2 title 'bigbird', \
    'budget_prefill_structured_noise0p5.dat' index 2 using 1:3 with linespoints ls 3 title 'nsa', \
    'budget_prefill_structured_noise0p5.dat' index 3 using 1:3 with linespoints ls 4 title 'moba', \
    'budget_prefill_structured_noise0p5.dat' index 4 using 1:3 with linespoints ls 5 title 'dsa'
  unset multiplot
  set output
}
