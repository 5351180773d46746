# latency.gp - median latency vs context length
# Written by `msabench plot` from results/gpu/run19/frontier-1048576/results.csv; the data is latency.dat beside this file.
# Rebuild in this directory: gnuplot latency.gp   (or gnuplot -e 'fmts="png"' latency.gp)
if (!exists("fmts")) fmts = 'png'
reset
set encoding utf8
set grid xtics ytics lc rgb "#dddddd" lw 1
set border lw 1
set tics nomirror out
set border 3
set title 'Latency vs context length  -  NVIDIA H100 80GB HBM3'."\n".'median; bars: p20-p80'
set xlabel 'context length N (tokens)'
set ylabel 'time per call (ms)'
set logscale x 2
set xrange [524288:2097152]
unset mxtics
set xtics ("1M" 1048576)
set logscale y 10
set format y "%g"
set key outside right top vertical Left reverse noautotitle spacing 1.1
set style line 1 lc rgb "#d62728" lw 2 dt 1 pt 7
set style line 2 lc rgb "#9467bd" lw 2 dt 1 pt 13
set style line 3 lc rgb "#9467bd" lw 2 dt 1 pt 12
set style line 4 lc rgb "#8c564b" lw 2 dt 1 pt 5
set style line 5 lc rgb "#8c564b" lw 2 dt 1 pt 4
set style line 6 lc rgb "#e377c2" lw 2 dt 1 pt 7
do for [fmt in fmts] {
  if (fmt eq "pdf") {
    set terminal pdfcairo noenhanced color font "Helvetica,9" size 7.86in,4.00in linewidth 0.6
    set output "latency.pdf"; small = ",7"; set pointsize 0.55
  }
  if (fmt eq "png") {
    set terminal pngcairo noenhanced color font "Helvetica,11" size 1179,600 linewidth 1
    set output "latency.png"; small = ",9"; set pointsize 1.1
  }
  if (fmt eq "svg") {
    set terminal svg noenhanced font "Helvetica,11" size 943,480 dynamic background "white" linewidth 1
    set output "latency.svg"; small = ",9"; set pointsize 1
  }
  plot 'latency.dat' index 0 using 1:2:3:4 with yerrorlines ls 1 title 'msa/cuda/ws', \
    'latency.dat' index 1 using 1:2:3:4 with yerrorlines ls 2 title 'bigbird/cuda/q_outer', \
    'latency.dat' index 2 using 1:2:3:4 with yerrorlines ls 3 title 'bigbird/cuda/ws', \
    'latency.dat' index 3 using 1:2:3:4 with yerrorlines ls 4 title 'nsa/cuda/tc', \
    'latency.dat' index 4 using 1:2:3:4 with yerrorlines ls 5 title 'nsa/cuda/ws', \
    'latency.dat' index 5 using 1:2:3:4 with yerrorlines ls 6 title 'moba/cuda/tc'
  set output
}
