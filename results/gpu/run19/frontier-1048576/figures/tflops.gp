# tflops.gp - Throughput (TFLOP/s)
# Written by `msabench plot` from results/gpu/run19/frontier-1048576/results.csv; the data is tflops.dat beside this file.
# Rebuild in this directory: gnuplot tflops.gp   (or gnuplot -e 'fmts="png"' tflops.gp)
if (!exists("fmts")) fmts = 'png'
reset
set encoding utf8
set grid xtics ytics lc rgb "#dddddd" lw 1
set border lw 1
set tics nomirror out
set border 3
set title 'Throughput (TFLOP/s)  -  NVIDIA H100 80GB HBM3'."\n".'useful = counted FLOPs / time (solid, filled);  dense-equivalent = dense causal FLOPs / time (dashed, open)'
set xlabel 'context length N (tokens)'
set ylabel 'TFLOP/s'
set logscale x 2
set xrange [524288:2097152]
unset mxtics
set xtics ("1M" 1048576)
set logscale y 10
set format y "%g"
set yrange [12.6742:214407]
set style line 1 lc rgb "#d62728" lw 2 dt 1 pt 7
set style line 2 lc rgb "#d62728" lw 2 dt 2 pt 6
set style line 3 lc rgb "#9467bd" lw 2 dt 1 pt 13
set style line 4 lc rgb "#9467bd" lw 2 dt 2 pt 12
set style line 5 lc rgb "#9467bd" lw 2 dt 1 pt 12
set style line 6 lc rgb "#9467bd" lw 2 dt 2 pt 12
set style line 7 lc rgb "#8c564b" lw 2 dt 1 pt 5
set style line 8 lc rgb "#8c564b" lw 2 dt 2 pt 4
set style line 9 lc rgb "#8c564b" lw 2 dt 1 pt 4
set style line 10 lc rgb "#8c564b" lw 2 dt 2 pt 4
set style line 11 lc rgb "#e377c2" lw 2 dt 1 pt 7
set style line 12 lc rgb "#e377c2" lw 2 dt 2 pt 6
set key outside right top vertical Left reverse noautotitle spacing 1.1
do for [fmt in fmts] {
  if (fmt eq "pdf") {
    set terminal pdfcairo noenhanced color font "Helvetica,9" size 8.68in,4.00in linewidth 0.6
    set output "tflops.pdf"; small = ",7"; set pointsize 0.55
  }
  if (fmt eq "png") {
    set terminal pngcairo noenhanced color font "Helvetica,11" size 1301,600 linewidth 1
    set output "tflops.png"; small = ",9"; set pointsize 1.1
  }
  if (fmt eq "svg") {
    set terminal svg noenhanced font "Helvetica,11" size 1041,480 dynamic background "white" linewidth 1
    set output "tflops.svg"; small = ",9"; set pointsize 1
  }
  plot 'tflops.dat' index 0 using 1:2 with linespoints ls 1 title 'msa/cuda/ws useful', \
    'tflops.dat' index 0 using 1:5 with linespoints ls 2 title 'msa/cuda/ws dense-eq.', \
    'tflops.dat' index 1 using 1:2 with linespoints ls 3 title 'bigbird/cuda/q_outer useful', \
    'tflops.dat' index 1 using 1:5 with linespoints ls 4 title 'bigbird/cuda/q_outer dense-eq.', \
    'tflops.dat' index 2 using 1:2 with linespoints ls 5 title 'bigbird/cuda/ws useful', \
    'tflops.dat' index 2 using 1:5 with linespoints ls 6 title 'bigbird/cuda/ws dense-eq.', \
    'tflops.dat' index 3 using 1:2 with linespoints ls 7 title 'nsa/cuda/tc useful', \
    'tflops.dat' index 3 using 1:5 with linespoints ls 8 title 'nsa/cuda/tc dense-eq.', \
    'tflops.dat' index 4 using 1:2 with linespoints ls 9 title 'nsa/cuda/ws useful', \
    'tflops.dat' index 4 using 1:5 with linespoints ls 10 title 'nsa/cuda/ws dense-eq.', \
    'tflops.dat' index 5 using 1:2 with linespoints ls 11 title 'moba/cuda/tc useful', \
    'tflops.dat' index 5 using 1:5 with linespoints ls 12 title 'moba/cuda/tc dense-eq.'
  set output
}
