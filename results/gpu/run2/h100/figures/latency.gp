# latency.gp - median latency vs context length
# Written by `msabench plot` from results/gpu/run2/h100/combined/results.csv; the data is latency.dat beside this file.
# Rebuild in this directory: gnuplot latency.gp   (or gnuplot -e 'fmts="png"' latency.gp)
if (!exists("fmts")) fmts = "pdf png svg"
reset
set encoding utf8
set grid xtics ytics lc rgb "#dddddd" lw 1
set border lw 1
set tics nomirror out
set border 3
set title "Latency vs context length  -  NVIDIA H100 80GB HBM3\nmedian; bars: p20-p80"
set xlabel "context length N (tokens)"
set ylabel "time per call (ms)"
set logscale x 2
set xrange [13107.2:1310720]
unset mxtics
set xtics ("16K" 16384, "32K" 32768, "64K" 65536, "128K" 131072, "256K" 262144, "512K" 524288, "1M" 1048576)
set logscale y 10
set format y "%g"
set key outside right top vertical Left reverse noautotitle spacing 1.1
set style line 1 lc rgb "#7f7f7f" lw 2 dt 1 pt 11
set style line 2 lc rgb "#2ca02c" lw 2 dt 1 pt 9
set style line 3 lc rgb "#1f77b4" lw 2 dt 1 pt 5
set style line 4 lc rgb "#ff7f0e" lw 2 dt 1 pt 15
set style line 5 lc rgb "#d62728" lw 2 dt 1 pt 7
set style line 6 lc rgb "#d62728" lw 2 dt 1 pt 6
set style line 7 lc rgb "#9467bd" lw 2 dt 1 pt 13
set style line 8 lc rgb "#7f7f7f" lw 2 dt 1 pt 10
set style line 9 lc rgb "#2ca02c" lw 2 dt 1 pt 8
set style line 10 lc rgb "#1f77b4" lw 2 dt 1 pt 4
set style line 11 lc rgb "#ff7f0e" lw 2 dt 1 pt 14
set style line 12 lc rgb "#d62728" lw 2 dt 2 pt 7
set style line 13 lc rgb "#d62728" lw 2 dt 2 pt 6
set style line 14 lc rgb "#9467bd" lw 2 dt 1 pt 12
set style line 15 lc rgb "#1f77b4" lw 2 dt 4 pt 5
set style line 16 lc rgb "#1f77b4" lw 2 dt 4 pt 4
set style line 17 lc rgb "#d62728" lw 2 dt 4 pt 7
set style line 18 lc rgb "#1f77b4" lw 2 dt 5 pt 5
set style line 19 lc rgb "#1f77b4" lw 2 dt 5 pt 4
do for [fmt in fmts] {
  if (fmt eq "pdf") {
    set terminal pdfcairo noenhanced color font "Helvetica,9" size 8.54in,4.00in linewidth 0.6
    set output "latency.pdf"; small = ",7"; set pointsize 0.55
  }
  if (fmt eq "png") {
    set terminal pngcairo noenhanced color font "Helvetica,11" size 1280,600 linewidth 1
    set output "latency.png"; small = ",9"; set pointsize 1.1
  }
  if (fmt eq "svg") {
    set terminal svg noenhanced font "Helvetica,11" size 1024,480 dynamic background "white" linewidth 1
    set output "latency.svg"; small = ",9"; set pointsize 1
  }
  set label 900 "skipped: full cuda N=32K prefill (memory model 277 GB exceeds the device limit...);  skipped: gqa cuda N=32K prefill (memory model 276 GB exceeds the device limit...)\nskipped: full cuda N=64K prefill (memory model 1.1e+03 GB exceeds the device l...);  skipped: gqa cuda N=64K prefill (memory model 1.1e+03 GB exceeds the device l...)\nskipped: full cuda N=128K prefill (memory model 4.41e+03 GB exceeds the device ...);  skipped: gqa cuda N=128K prefill (memory model 4.4e+03 GB exceeds the device l...)\nskipped: full cuda N=256K prefill (memory model 1.76e+04 GB exceeds the device ...);  skipped: gqa cuda N=256K prefill (memory model 1.76e+04 GB exceeds the device ...)\n... and 10 more not drawn (see the CSV)" at screen 0.01, screen 0.01 left front textcolor rgb "#555555" font small offset 0,5
  set bmargin 10
  plot 'latency.dat' index 0 using 1:2:3:4 with yerrorlines ls 1 title "full/cuda/cublas prefill", \
    'latency.dat' index 1 using 1:2:3:4 with yerrorlines ls 2 title "gqa/cuda/cublas prefill", \
    'latency.dat' index 2 using 1:2:3:4 with yerrorlines ls 3 title "flash/cuda/mma_v1 prefill", \
    'latency.dat' index 3 using 1:2:3:4 with yerrorlines ls 4 title "performer/cuda/cublas prefill", \
    'latency.dat' index 4 using 1:2:3:4 with yerrorlines ls 5 title "msa/cuda/q_outer prefill", \
    'latency.dat' index 5 using 1:2:3:4 with yerrorlines ls 6 title "msa/cuda/kv_outer prefill", \
    'latency.dat' index 6 using 1:2:3:4 with yerrorlines ls 7 title "bigbird/cuda/q_outer prefill", \
    'latency.dat' index 7 using 1:2:3:4 with yerrorlines ls 8 title "full/cuda/cublas decode", \
    'latency.dat' index 8 using 1:2:3:4 with yerrorlines ls 9 title "gqa/cuda/cublas decode", \
    'latency.dat' index 9 using 1:2:3:4 with yerrorlines ls 10 title "flash/cuda/mma_v1 decode", \
    'latency.dat' index 10 using 1:2:3:4 with yerrorlines ls 11 title "performer/cuda/cublas decode", \
    'latency.dat' index 11 using 1:2:3:4 with yerrorlines ls 12 title "msa/cuda/q_outer decode", \
    'latency.dat' index 12 using 1:2:3:4 with yerrorlines ls 13 title "msa/cuda/kv_outer decode", \
    'latency.dat' index 13 using 1:2:3:4 with yerrorlines ls 14 title "bigbird/cuda/q_outer decode", \
    'latency.dat' index 14 using 1:2:3:4 with yerrorlines ls 15 title "flash/torch/sdpa_flash prefill", \
    'latency.dat' index 15 using 1:2:3:4 with yerrorlines ls 16 title "flash/torch/sdpa_cudnn prefill", \
    'latency.dat' index 16 using 1:2:3:4 with yerrorlines ls 17 title "msa/torch/index_topk prefill", \
    'latency.dat' index 17 using 1:2:3:4 with yerrorlines ls 18 title "flash/torch/sdpa_flash decode", \
    'latency.dat' index 18 using 1:2:3:4 with yerrorlines ls 19 title "flash/torch/sdpa_cudnn decode"
  set output
}
