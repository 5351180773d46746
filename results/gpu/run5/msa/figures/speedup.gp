# speedup.gp - speedup over the dense baseline vs context length
# Written by `msabench plot` from results/gpu/run5/msa/combined/results.csv; the data is speedup.dat beside this file.
# Rebuild in this directory: gnuplot speedup.gp   (or gnuplot -e 'fmts="png"' speedup.gp)
if (!exists("fmts")) fmts = "pdf png svg"
reset
set encoding utf8
set grid xtics ytics lc rgb "#dddddd" lw 1
set border lw 1
set tics nomirror out
set border 3
set title "Speedup over dense attention  -  NVIDIA H100 80GB HBM3\nbaseline: fastest flash of the same backend and point"
set xlabel "context length N (tokens)"
set ylabel "speedup over flash (x)"
set logscale x 2
set xrange [13107.2:1310720]
unset mxtics
set xtics ("16K" 16384, "32K" 32768, "64K" 65536, "128K" 131072, "256K" 262144, "512K" 524288, "1M" 1048576)
set logscale y 10
set format y "%gx"
set logscale y 2
set yrange [0.434360781:11.6794047]
set key outside right top vertical Left reverse noautotitle spacing 1.1
set style line 1 lc rgb "#d62728" lw 2 dt 1 pt 7
set style line 2 lc rgb "#d62728" lw 2 dt 1 pt 6
set style line 3 lc rgb "#d62728" lw 2 dt 2 pt 7
set style line 4 lc rgb "#d62728" lw 2 dt 2 pt 6
set style line 5 lc rgb "#d62728" lw 2 dt 4 pt 7
do for [fmt in fmts] {
  if (fmt eq "pdf") {
    set terminal pdfcairo noenhanced color font "Helvetica,9" size 8.40in,4.00in linewidth 0.6
    set output "speedup.pdf"; small = ",7"; set pointsize 0.55
  }
  if (fmt eq "png") {
    set terminal pngcairo noenhanced color font "Helvetica,11" size 1260,600 linewidth 1
    set output "speedup.png"; small = ",9"; set pointsize 1.1
  }
  if (fmt eq "svg") {
    set terminal svg noenhanced font "Helvetica,11" size 1008,480 dynamic background "white" linewidth 1
    set output "speedup.svg"; small = ",9"; set pointsize 1
  }
  set label 900 "skipped: msa torch N=512K prefill (torch index+topk above 262144 tokens not run...);  skipped: msa torch N=1M prefill (torch index+topk above 262144 tokens not run...)" at screen 0.01, screen 0.01 left front textcolor rgb "#555555" font small offset 0,1
  set bmargin 6
  plot 'speedup.dat' index 0 using 1:2 with linespoints ls 1 title "msa/cuda/q_outer prefill", \
    'speedup.dat' index 1 using 1:2 with linespoints ls 2 title "msa/cuda/kv_outer prefill", \
    'speedup.dat' index 2 using 1:2 with linespoints ls 3 title "msa/cuda/q_outer decode", \
    'speedup.dat' index 3 using 1:2 with linespoints ls 4 title "msa/cuda/kv_outer decode", \
    'speedup.dat' index 4 using 1:2 with linespoints ls 5 title "msa/torch/index_topk prefill", \
    1 with lines lc rgb "#000000" lw 1.5 dt 2 title "break-even (1x)"
  set output
}
