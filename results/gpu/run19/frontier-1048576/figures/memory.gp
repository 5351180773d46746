# memory.gp - memory vs context length
# Written by `msabench plot` from results/gpu/run19/frontier-1048576/results.csv; the data is memory.dat beside this file.
# Rebuild in this directory: gnuplot memory.gp   (or gnuplot -e 'fmts="png"' memory.gp)
if (!exists("fmts")) fmts = 'png'
reset
set encoding utf8
set grid xtics ytics lc rgb "#dddddd" lw 1
set border lw 1
set tics nomirror out
set border 3
set title 'Memory vs context length  -  NVIDIA H100 80GB HBM3'."\n".'mem_model: every buffer allocated (solid, filled);  mem_peak: measured (dashed, open)'
set xlabel 'context length N (tokens)'
set ylabel 'bytes'
set logscale x 2
set xrange [524288:2097152]
unset mxtics
set xtics ("1M" 1048576)
unset logscale y
set yrange [0:*]
set format y "%.0s %cB"
set style line 1 lc rgb "#1f77b4" lw 2 dt 1 pt 4
set style line 2 lc rgb "#1f77b4" lw 2 dt 2 pt 4
set style line 3 lc rgb "#1f77b4" lw 2 dt 1 pt 4
set style line 4 lc rgb "#1f77b4" lw 2 dt 2 pt 4
set style line 5 lc rgb "#d62728" lw 2 dt 1 pt 7
set style line 6 lc rgb "#d62728" lw 2 dt 2 pt 6
set style line 7 lc rgb "#9467bd" lw 2 dt 1 pt 13
set style line 8 lc rgb "#9467bd" lw 2 dt 2 pt 12
set style line 9 lc rgb "#9467bd" lw 2 dt 1 pt 12
set style line 10 lc rgb "#9467bd" lw 2 dt 2 pt 12
set style line 11 lc rgb "#8c564b" lw 2 dt 1 pt 5
set style line 12 lc rgb "#8c564b" lw 2 dt 2 pt 4
set style line 13 lc rgb "#8c564b" lw 2 dt 1 pt 4
set style line 14 lc rgb "#8c564b" lw 2 dt 2 pt 4
set style line 15 lc rgb "#e377c2" lw 2 dt 1 pt 7
set style line 16 lc rgb "#e377c2" lw 2 dt 2 pt 6
set key outside right top vertical Left reverse noautotitle spacing 1.1
do for [fmt in fmts] {
  if (fmt eq "pdf") {
    set terminal pdfcairo noenhanced color font "Helvetica,9" size 8.54in,4.00in linewidth 0.6
    set output "memory.pdf"; small = ",7"; set pointsize 0.55
  }
  if (fmt eq "png") {
    set terminal pngcairo noenhanced color font "Helvetica,11" size 1280,600 linewidth 1
    set output "memory.png"; small = ",9"; set pointsize 1.1
  }
  if (fmt eq "svg") {
    set terminal svg noenhanced font "Helvetica,11" size 1024,480 dynamic background "white" linewidth 1
    set output "memory.svg"; small = ",9"; set pointsize 1
  }
  plot 'memory.dat' index 0 using 1:2 with linespoints ls 1 title 'flash/cuda/ws_v1 (est.) model', \
    'memory.dat' index 1 using 1:2 with linespoints ls 3 title 'flash/cuda/mma_v1 (est.) model', \
    'memory.dat' index 2 using 1:2 with linespoints ls 5 title 'msa/cuda/ws model', \
    'memory.dat' index 2 using 1:5 with linespoints ls 6 title 'msa/cuda/ws peak', \
    'memory.dat' index 3 using 1:2 with linespoints ls 7 title 'bigbird/cuda/q_outer model', \
    'memory.dat' index 3 using 1:5 with linespoints ls 8 title 'bigbird/cuda/q_outer peak', \
    'memory.dat' index 4 using 1:2 with linespoints ls 9 title 'bigbird/cuda/ws model', \
    'memory.dat' index 4 using 1:5 with linespoints ls 10 title 'bigbird/cuda/ws peak', \
    'memory.dat' index 5 using 1:2 with linespoints ls 11 title 'nsa/cuda/tc model', \
    'memory.dat' index 5 using 1:5 with linespoints ls 12 title 'nsa/cuda/tc peak', \
    'memory.dat' index 6 using 1:2 with linespoints ls 13 title 'nsa/cuda/ws model', \
    'memory.dat' index 6 using 1:5 with linespoints ls 14 title 'nsa/cuda/ws peak', \
    'memory.dat' index 7 using 1:2 with linespoints ls 15 title 'moba/cuda/tc model', \
    'memory.dat' index 7 using 1:5 with linespoints ls 16 title 'moba/cuda/tc peak', \
    6.75645297e+10 with lines lc rgb "#666666" lw 1.5 dt 4 title 'host memory limit (62.9 GiB)', \
    7.65157442e+10 with lines lc rgb "#000000" lw 1.5 dt 4 title 'device memory limit (71.3 GiB)'
  set output
}
