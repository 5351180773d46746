# memory.gp - memory vs context length
# Written by `msabench plot` from results/gpu/run2/peer/combined/results.csv; the data is memory.dat beside this file.
# Rebuild in this directory: gnuplot memory.gp   (or gnuplot -e 'fmts="png"' memory.gp)
if (!exists("fmts")) fmts = "pdf png svg"
reset
set encoding utf8
set grid xtics ytics lc rgb "#dddddd" lw 1
set border lw 1
set tics nomirror out
set border 3
set title "Memory vs context length  -  NVIDIA H100 80GB HBM3\nmem_model: every buffer allocated (solid, filled);  mem_peak: measured (dashed, open)"
set xlabel "context length N (tokens)"
set ylabel "bytes"
set logscale x 2
set xrange [13107.2:1310720]
unset mxtics
set xtics ("16K" 16384, "32K" 32768, "64K" 65536, "128K" 131072, "256K" 262144, "512K" 524288, "1M" 1048576)
set logscale y 10
set format y "%.0s %cB"
set yrange [150995000:1.53031488e+11]
set style line 1 lc rgb "#1f77b4" lw 2 dt 1 pt 5
set style line 2 lc rgb "#1f77b4" lw 2 dt 2 pt 4
set style line 3 lc rgb "#1f77b4" lw 2 dt 1 pt 4
set style line 4 lc rgb "#1f77b4" lw 2 dt 2 pt 4
set key outside right top vertical Left reverse noautotitle spacing 1.1
do for [fmt in fmts] {
  if (fmt eq "pdf") {
    set terminal pdfcairo noenhanced color font "Helvetica,9" size 8.61in,4.00in linewidth 0.6
    set output "memory.pdf"; small = ",7"; set pointsize 0.55
  }
  if (fmt eq "png") {
    set terminal pngcairo noenhanced color font "Helvetica,11" size 1291,600 linewidth 1
    set output "memory.png"; small = ",9"; set pointsize 1.1
  }
  if (fmt eq "svg") {
    set terminal svg noenhanced font "Helvetica,11" size 1032,480 dynamic background "white" linewidth 1
    set output "memory.svg"; small = ",9"; set pointsize 1
  }
  plot 'memory.dat' index 0 using 1:2 with linespoints ls 1 title "flash/cuda/mma_v1 prefill model", \
    'memory.dat' index 0 using 1:5 with linespoints ls 2 title "flash/cuda/mma_v1 prefill peak", \
    'memory.dat' index 1 using 1:2 with linespoints ls 3 title "flash/cuda/mma_v1 decode model", \
    'memory.dat' index 1 using 1:5 with linespoints ls 4 title "flash/cuda/mma_v1 decode peak", \
    6.75742822e+10 with lines lc rgb "#666666" lw 1.5 dt 4 title "host memory limit (62.9 GiB)", \
    7.65157442e+10 with lines lc rgb "#000000" lw 1.5 dt 4 title "device memory limit (71.3 GiB)"
  set output
}
