# memory.gp - memory vs context length
# Written by `msabench plot` from results/cpu/context_1m/results.csv; the data is memory.dat beside this file.
# Rebuild in this directory: gnuplot memory.gp   (or gnuplot -e 'fmts="png"' memory.gp)
if (!exists("fmts")) fmts = "pdf png svg"
reset
set encoding utf8
set grid xtics ytics lc rgb "#dddddd" lw 1
set border lw 1
set tics nomirror out
set border 3
set title "Memory vs context length  -  AMD EPYC\nmem_model: every buffer allocated (solid, filled);  mem_peak: measured (dashed, open)"
set xlabel "context length N (tokens)"
set ylabel "bytes"
set logscale x 2
set xrange [3276.8:1310720]
unset mxtics
set xtics ("4K" 4096, "8K" 8192, "16K" 16384, "32K" 32768, "64K" 65536, "128K" 131072, "256K" 262144, "512K" 524288, "1M" 1048576)
set logscale y 10
set format y "%.0s %cB"
set yrange [2175390:1.71798692e+10]
set style line 1 lc rgb "#7f7f7f" lw 2 dt 1 pt 11
set style line 2 lc rgb "#7f7f7f" lw 2 dt 2 pt 10
set style line 3 lc rgb "#2ca02c" lw 2 dt 1 pt 9
set style line 4 lc rgb "#2ca02c" lw 2 dt 2 pt 8
set style line 5 lc rgb "#1f77b4" lw 2 dt 1 pt 5
set style line 6 lc rgb "#1f77b4" lw 2 dt 2 pt 4
set style line 7 lc rgb "#d62728" lw 2 dt 1 pt 7
set style line 8 lc rgb "#d62728" lw 2 dt 2 pt 6
set style line 9 lc rgb "#9467bd" lw 2 dt 1 pt 13
set style line 10 lc rgb "#9467bd" lw 2 dt 2 pt 12
set style line 11 lc rgb "#ff7f0e" lw 2 dt 1 pt 15
set style line 12 lc rgb "#ff7f0e" lw 2 dt 2 pt 14
set style line 13 lc rgb "#1f77b4" lw 2 dt 1 pt 4
set style line 14 lc rgb "#1f77b4" lw 2 dt 2 pt 4
set style line 15 lc rgb "#d62728" lw 2 dt 1 pt 6
set style line 16 lc rgb "#d62728" lw 2 dt 2 pt 6
set style line 17 lc rgb "#9467bd" lw 2 dt 1 pt 12
set style line 18 lc rgb "#9467bd" lw 2 dt 2 pt 12
set key outside right top vertical Left reverse noautotitle spacing 1.1
do for [fmt in fmts] {
  if (fmt eq "pdf") {
    set terminal pdfcairo noenhanced color font "Helvetica,9" size 8.47in,4.00in linewidth 0.6
    set output "memory.pdf"; small = ",7"; set pointsize 0.55
  }
  if (fmt eq "png") {
    set terminal pngcairo noenhanced color font "Helvetica,11" size 1270,600 linewidth 1
    set output "memory.png"; small = ",9"; set pointsize 1.1
  }
  if (fmt eq "svg") {
    set terminal svg noenhanced font "Helvetica,11" size 1016,480 dynamic background "white" linewidth 1
    set output "memory.svg"; small = ",9"; set pointsize 1
  }
  set label 900 "skipped: full cpu N=32K (memory model 17.3 GB exceeds the host limit ...);  skipped: gqa cpu N=32K (memory model 17.3 GB exceeds the host limit ...)\nskipped: full cpu N=64K (memory model 69 GB exceeds the host limit 8....);  skipped: gqa cpu N=64K (memory model 68.9 GB exceeds the host limit ...)\nskipped: full cpu N=128K (memory model 275 GB exceeds the host limit 8...);  skipped: gqa cpu N=128K (memory model 275 GB exceeds the host limit 8...)\nskipped: full cpu N=256K (memory model 1.1e+03 GB exceeds the host lim...);  skipped: gqa cpu N=256K (memory model 1.1e+03 GB exceeds the host lim...)\n... and 6 more not drawn (see the CSV)" at screen 0.01, screen 0.01 left front textcolor rgb "#555555" font small offset 0,5
  set bmargin 10
  plot 'memory.dat' index 0 using 1:2 with linespoints ls 1 title "full/cpu/materialized model", \
    'memory.dat' index 0 using 1:5 with linespoints ls 2 title "full/cpu/materialized peak", \
    'memory.dat' index 1 using 1:2 with linespoints ls 3 title "gqa/cpu/materialized model", \
    'memory.dat' index 1 using 1:5 with linespoints ls 4 title "gqa/cpu/materialized peak", \
    'memory.dat' index 2 using 1:2 with linespoints ls 5 title "flash/cpu/tiled model", \
    'memory.dat' index 2 using 1:5 with linespoints ls 6 title "flash/cpu/tiled peak", \
    'memory.dat' index 3 using 1:2 with linespoints ls 7 title "msa/cpu/blas model", \
    'memory.dat' index 3 using 1:5 with linespoints ls 8 title "msa/cpu/blas peak", \
    'memory.dat' index 4 using 1:2 with linespoints ls 9 title "bigbird/cpu/blas model", \
    'memory.dat' index 4 using 1:5 with linespoints ls 10 title "bigbird/cpu/blas peak", \
    'memory.dat' index 5 using 1:2 with linespoints ls 11 title "performer/cpu/favor model", \
    'memory.dat' index 5 using 1:5 with linespoints ls 12 title "performer/cpu/favor peak", \
    'memory.dat' index 6 using 1:2 with linespoints ls 13 title "flash/cpu/tiled (est.) model", \
    'memory.dat' index 7 using 1:2 with linespoints ls 15 title "msa/cpu/blas (est.) model", \
    'memory.dat' index 8 using 1:2 with linespoints ls 17 title "bigbird/cpu/blas (est.) model", \
    8.58993459e+09 with lines lc rgb "#666666" lw 1.5 dt 4 title "host memory limit (8 GiB)"
  set output
}
