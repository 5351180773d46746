# frontier-prefill-N1048576.gp - recall against speedup over dense cuDNN
# Written by `msabench plot` from results/gpu/run19/frontier-1048576/results.csv; the data is frontier-prefill-N1048576.dat beside this file.
# Rebuild in this directory: gnuplot frontier-prefill-N1048576.gp   (or gnuplot -e 'fmts="png"' frontier-prefill-N1048576.gp)
if (!exists("fmts")) fmts = 'png'
reset
set encoding utf8
set grid xtics ytics lc rgb "#dddddd" lw 1
set border lw 1
set tics nomirror out
set border 3
set style line 1 lc rgb '#d62728' pt 7 lw 1.5 ps 1.3
set style line 2 lc rgb '#9467bd' pt 13 lw 1.5 ps 1.3
set style line 3 lc rgb '#8c564b' pt 5 lw 1.5 ps 1.3
set style line 4 lc rgb '#e377c2' pt 7 lw 1.5 ps 1.3
set style line 5 lc rgb '#000000' pt 6 ps 1.5
do for [fmt in fmts] {
  if (fmt eq "pdf") {
    set terminal pdfcairo noenhanced color font "Helvetica,9" size 11.00in,4.60in linewidth 0.6
    set output "frontier-prefill-N1048576.pdf"; small = ",7"; set pointsize 0.55
  }
  if (fmt eq "png") {
    set terminal pngcairo noenhanced color font "Helvetica,11" size 1650,690 linewidth 1
    set output "frontier-prefill-N1048576.png"; small = ",9"; set pointsize 1.1
  }
  if (fmt eq "svg") {
    set terminal svg noenhanced font "Helvetica,11" size 1320,552 dynamic background "white" linewidth 1
    set output "frontier-prefill-N1048576.svg"; small = ",9"; set pointsize 1
  }
  set label 900 'not drawn: dsa cuda/tc k=16 (not run: the run ended early); dsa cuda/tc_fp8 k=16 (not run: the run ended early);'."\n".'  quest cuda/v1 k=16 (not run: the run ended early)' at screen 0.01, screen 0.01 left front textcolor rgb "#555555" font small offset 0,2
  set bmargin 7
  set multiplot layout 1,2 title 'Selection frontier: recall vs speedup over dense  -  NVIDIA H100 80GB HBM3'."\n".'prefill, N=1M, B=1, Hq=64/Hkv=4, d=128, d_idx=128, Bk=128, bf16, structured, index_noise 0.5; labels: budget per selection row (k blocks, or tokens)'
  set logscale x 2
  set format x "%gx"
  set xrange [0.625:466.563093]
  set yrange [0:1.08]
  set key bottom left Left reverse spacing 1.1 box lc rgb "#cccccc" opaque
  set xlabel 'end-to-end speedup over cuDNN (torch sdpa_cudnn) (x, log scale)'
  set ylabel 'mass_coverage (dense mass kept)'
  plot 'frontier-prefill-N1048576.dat' index 0 using 1:2 with linespoints ls 1 title 'msa', \
    'frontier-prefill-N1048576.dat' index 0 using 1:2:4 with labels offset char 0.7,0.5 left font small textcolor ls 1 notitle, \
    'frontier-prefill-N1048576.dat' index 1 using 1:2 with linespoints ls 2 title 'bigbird', \
    'frontier-prefill-N1048576.dat' index 1 using 1:2:4 with labels offset char 0.7,0.5 left font small textcolor ls 2 notitle, \
    'frontier-prefill-N1048576.dat' index 2 using 1:2 with linespoints ls 3 title 'nsa', \
    'frontier-prefill-N1048576.dat' index 2 using 1:2:4 with labels offset char 0.7,0.5 left font small textcolor ls 3 notitle, \
    'frontier-prefill-N1048576.dat' index 3 using 1:2 with linespoints ls 4 title 'moba', \
    'frontier-prefill-N1048576.dat' index 3 using 1:2:4 with labels offset char 0.7,0.5 left font small textcolor ls 4 notitle, \
    'frontier-prefill-N1048576.dat' index 4 using 1:2 with linespoints ls 5 title 'dense base (1x, recall 1)', \
    'frontier-prefill-N1048576.dat' index 4 using 1:2:4 with labels offset char 0.7,0.5 left font small textcolor ls 5 notitle
  unset label 900
  set ylabel 'block_recall |I* ∩ Î| / |I*|'
  plot 'frontier-prefill-N1048576.dat' index 0 using 1:3 with linespoints ls 1 title 'msa', \
    'frontier-prefill-N1048576.dat' index 0 using 1:3:4 with labels offset char 0.7,0.5 left font small textcolor ls 1 notitle, \
    'frontier-prefill-N1048576.dat' index 1 using 1:3 with linespoints ls 2 title 'bigbird', \
    'frontier-prefill-N1048576.dat' index 1 using 1:3:4 with labels offset char 0.7,0.5 left font small textcolor ls 2 notitle, \
    'frontier-prefill-N1048576.dat' index 2 using 1:3 with linespoints ls 3 title 'nsa', \
    'frontier-prefill-N1048576.dat' index 2 using 1:3:4 with labels offset char 0.7,0.5 left font small textcolor ls 3 notitle, \
    'frontier-prefill-N1048576.dat' index 3 using 1:3 with linespoints ls 4 title 'moba', \
    'frontier-prefill-N1048576.dat' index 3 using 1:3:4 with labels offset char 0.7,0.5 left font small textcolor ls 4 notitle, \
    'frontier-prefill-N1048576.dat' index 4 using 1:3 with linespoints ls 5 title 'dense base (1x, recall 1)', \
    'frontier-prefill-N1048576.dat' index 4 using 1:3:4 with labels offset char 0.7,0.5 left font small textcolor ls 5 notitle
  unset multiplot
  set output
}
