# latency.gp - median latency vs context length
# Written by `msabench plot` from results/cpu/context_1m/results.csv; the data is latency.dat beside this file.
# Rebuild in this directory: gnuplot latency.gp   (or gnuplot -e 'fmts="png"' latency.gp)
if (!exists("fmts")) fmts = "pdf png svg"
reset
set encoding utf8
set grid xtics ytics lc rgb "#dddddd" lw 1
set border lw 1
set tics nomirror out
set border 3
set title "Latency vs context length  -  AMD EPYC\nmedian; bars: p20-p80"
set xlabel "context length N (tokens)"
set ylabel "time per call (ms)"
set logscale x 2
set xrange [3276.8:1310720]
unset mxtics
set xtics ("4K" 4096, "8K" 8192, "16K" 16384, "32K" 32768, "64K" 65536, "128K" 131072, "256K" 262144, "512K" 524288, "1M" 1048576)
set logscale y 10
set format y "%g"
set key outside right top vertical Left reverse noautotitle spacing 1.1
set style line 1 lc rgb "#7f7f7f" lw 2 dt 2 pt 11
set style line 2 lc rgb "#2ca02c" lw 2 dt 2 pt 9
set style line 3 lc rgb "#1f77b4" lw 2 dt 2 pt 5
set style line 4 lc rgb "#d62728" lw 2 dt 2 pt 7
set style line 5 lc rgb "#9467bd" lw 2 dt 2 pt 13
set style line 6 lc rgb "#ff7f0e" lw 2 dt 2 pt 15
do for [fmt in fmts] {
  if (fmt eq "pdf") {
    set terminal pdfcairo noenhanced color font "Helvetica,9" size 7.93in,4.00in linewidth 0.6
    set output "latency.pdf"; small = ",7"; set pointsize 0.55
  }
  if (fmt eq "png") {
    set terminal pngcairo noenhanced color font "Helvetica,11" size 1189,600 linewidth 1
    set output "latency.png"; small = ",9"; set pointsize 1.1
  }
  if (fmt eq "svg") {
    set terminal svg noenhanced font "Helvetica,11" size 951,480 dynamic background "white" linewidth 1
    set output "latency.svg"; small = ",9"; set pointsize 1
  }
  set label 900 "skipped: full cpu N=32K (memory model 17.3 GB exceeds the host limit ...);  skipped: gqa cpu N=32K (memory model 17.3 GB exceeds the host limit ...)\nskipped: full cpu N=64K (memory model 69 GB exceeds the host limit 8....);  skipped: gqa cpu N=64K (memory model 68.9 GB exceeds the host limit ...)\nskipped: full cpu N=128K (memory model 275 GB exceeds the host limit 8...);  skipped: gqa cpu N=128K (memory model 275 GB exceeds the host limit 8...)\nskipped: full cpu N=256K (memory model 1.1e+03 GB exceeds the host lim...);  skipped: gqa cpu N=256K (memory model 1.1e+03 GB exceeds the host lim...)\n... and 6 more not drawn (see the CSV)" at screen 0.01, screen 0.01 left front textcolor rgb "#555555" font small offset 0,5
  set bmargin 10
  plot 'latency.dat' index 0 using 1:2:3:4 with yerrorlines ls 1 title "full/cpu/materialized", \
    'latency.dat' index 1 using 1:2:3:4 with yerrorlines ls 2 title "gqa/cpu/materialized", \
    'latency.dat' index 2 using 1:2:3:4 with yerrorlines ls 3 title "flash/cpu/tiled", \
    'latency.dat' index 3 using 1:2:3:4 with yerrorlines ls 4 title "msa/cpu/blas", \
    'latency.dat' index 4 using 1:2:3:4 with yerrorlines ls 5 title "bigbird/cpu/blas", \
    'latency.dat' index 5 using 1:2:3:4 with yerrorlines ls 6 title "performer/cpu/favor"
  set output
}
