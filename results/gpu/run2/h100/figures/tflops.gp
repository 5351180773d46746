# tflops.gp - Throughput (TFLOP/s)
# Written by `msabench plot` from results/gpu/run2/h100/combined/results.csv; the data is tflops.dat beside this file.
# Rebuild in this directory: gnuplot tflops.gp   (or gnuplot -e 'fmts="png"' tflops.gp)
if (!exists("fmts")) fmts = "pdf png svg"
reset
set encoding utf8
set grid xtics ytics lc rgb "#dddddd" lw 1
set border lw 1
set tics nomirror out
set border 3
set title "Throughput (TFLOP/s)  -  NVIDIA H100 80GB HBM3\nuseful = counted FLOPs / time (solid, filled);  dense-equivalent = dense causal FLOPs / time (dashed, open)"
set xlabel "context length N (tokens)"
set ylabel "TFLOP/s"
set logscale x 2
set xrange [13107.2:1310720]
unset mxtics
set xtics ("16K" 16384, "32K" 32768, "64K" 65536, "128K" 131072, "256K" 262144, "512K" 524288, "1M" 1048576)
set logscale y 10
set format y "%g"
set yrange [0.0975866667:46659.9]
set style line 1 lc rgb "#7f7f7f" lw 2 dt 1 pt 11
set style line 2 lc rgb "#2ca02c" lw 2 dt 1 pt 9
set style line 3 lc rgb "#1f77b4" lw 2 dt 1 pt 5
set style line 4 lc rgb "#ff7f0e" lw 2 dt 1 pt 15
set style line 5 lc rgb "#ff7f0e" lw 2 dt 2 pt 14
set style line 6 lc rgb "#d62728" lw 2 dt 1 pt 7
set style line 7 lc rgb "#d62728" lw 2 dt 2 pt 6
set style line 8 lc rgb "#d62728" lw 2 dt 1 pt 6
set style line 9 lc rgb "#d62728" lw 2 dt 2 pt 6
set style line 10 lc rgb "#9467bd" lw 2 dt 1 pt 13
set style line 11 lc rgb "#9467bd" lw 2 dt 2 pt 12
set style line 12 lc rgb "#7f7f7f" lw 2 dt 1 pt 10
set style line 13 lc rgb "#2ca02c" lw 2 dt 1 pt 8
set style line 14 lc rgb "#1f77b4" lw 2 dt 1 pt 4
set style line 15 lc rgb "#ff7f0e" lw 2 dt 1 pt 14
set style line 16 lc rgb "#ff7f0e" lw 2 dt 2 pt 14
set style line 17 lc rgb "#d62728" lw 2 dt 1 pt 7
set style line 18 lc rgb "#d62728" lw 2 dt 2 pt 6
set style line 19 lc rgb "#d62728" lw 2 dt 1 pt 6
set style line 20 lc rgb "#d62728" lw 2 dt 2 pt 6
set style line 21 lc rgb "#9467bd" lw 2 dt 1 pt 12
set style line 22 lc rgb "#9467bd" lw 2 dt 2 pt 12
set style line 23 lc rgb "#1f77b4" lw 2 dt 1 pt 5
set style line 24 lc rgb "#1f77b4" lw 2 dt 1 pt 4
set style line 25 lc rgb "#d62728" lw 2 dt 1 pt 7
set style line 26 lc rgb "#1f77b4" lw 2 dt 1 pt 5
set style line 27 lc rgb "#1f77b4" lw 2 dt 1 pt 4
set key outside right top vertical Left reverse noautotitle spacing 1.1
do for [fmt in fmts] {
  if (fmt eq "pdf") {
    set terminal pdfcairo noenhanced color font "Helvetica,9" size 9.36in,4.00in linewidth 0.6
    set output "tflops.pdf"; small = ",7"; set pointsize 0.55
  }
  if (fmt eq "png") {
    set terminal pngcairo noenhanced color font "Helvetica,11" size 1403,600 linewidth 1
    set output "tflops.png"; small = ",9"; set pointsize 1.1
  }
  if (fmt eq "svg") {
    set terminal svg noenhanced font "Helvetica,11" size 1122,480 dynamic background "white" linewidth 1
    set output "tflops.svg"; small = ",9"; set pointsize 1
  }
  set label 900 "skipped: full cuda N=32K prefill (memory model 277 GB exceeds the device limit...);  skipped: gqa cuda N=32K prefill (memory model 276 GB exceeds the device limit...)\nskipped: full cuda N=64K prefill (memory model 1.1e+03 GB exceeds the device l...);  skipped: gqa cuda N=64K prefill (memory model 1.1e+03 GB exceeds the device l...)\nskipped: full cuda N=128K prefill (memory model 4.41e+03 GB exceeds the device ...);  skipped: gqa cuda N=128K prefill (memory model 4.4e+03 GB exceeds the device l...)\nskipped: full cuda N=256K prefill (memory model 1.76e+04 GB exceeds the device ...);  skipped: gqa cuda N=256K prefill (memory model 1.76e+04 GB exceeds the device ...)\n... and 10 more not drawn (see the CSV)" at screen 0.01, screen 0.01 left front textcolor rgb "#555555" font small offset 0,5
  set bmargin 10
  plot 'tflops.dat' index 0 using 1:2 with linespoints ls 1 title "full/cuda/cublas prefill (useful = dense-eq.)", \
    'tflops.dat' index 1 using 1:2 with linespoints ls 2 title "gqa/cuda/cublas prefill (useful = dense-eq.)", \
    'tflops.dat' index 2 using 1:2 with linespoints ls 3 title "flash/cuda/mma_v1 prefill (useful = dense-eq.)", \
    'tflops.dat' index 3 using 1:2 with linespoints ls 4 title "performer/cuda/cublas prefill useful", \
    'tflops.dat' index 3 using 1:5 with linespoints ls 5 title "performer/cuda/cublas prefill dense-eq.", \
    'tflops.dat' index 4 using 1:2 with linespoints ls 6 title "msa/cuda/q_outer prefill useful", \
    'tflops.dat' index 4 using 1:5 with linespoints ls 7 title "msa/cuda/q_outer prefill dense-eq.", \
    'tflops.dat' index 5 using 1:2 with linespoints ls 8 title "msa/cuda/kv_outer prefill useful", \
    'tflops.dat' index 5 using 1:5 with linespoints ls 9 title "msa/cuda/kv_outer prefill dense-eq.", \
    'tflops.dat' index 6 using 1:2 with linespoints ls 10 title "bigbird/cuda/q_outer prefill useful", \
    'tflops.dat' index 6 using 1:5 with linespoints ls 11 title "bigbird/cuda/q_outer prefill dense-eq.", \
    'tflops.dat' index 7 using 1:2 with linespoints ls 12 title "full/cuda/cublas decode (useful = dense-eq.)", \
    'tflops.dat' index 8 using 1:2 with linespoints ls 13 title "gqa/cuda/cublas decode (useful = dense-eq.)", \
    'tflops.dat' index 9 using 1:2 with linespoints ls 14 title "flash/cuda/mma_v1 decode (useful = dense-eq.)", \
    'tflops.dat' index 10 using 1:2 with linespoints ls 15 title "performer/cuda/cublas decode useful", \
    'tflops.dat' index 10 using 1:5 with linespoints ls 16 title "performer/cuda/cublas decode dense-eq.", \
    'tflops.dat' index 11 using 1:2 with linespoints ls 17 title "msa/cuda/q_outer decode useful", \
    'tflops.dat' index 11 using 1:5 with linespoints ls 18 title "msa/cuda/q_outer decode dense-eq.", \
    'tflops.dat' index 12 using 1:2 with linespoints ls 19 title "msa/cuda/kv_outer decode useful", \
    'tflops.dat' index 12 using 1:5 with linespoints ls 20 title "msa/cuda/kv_outer decode dense-eq.", \
    'tflops.dat' index 13 using 1:2 with linespoints ls 21 title "bigbird/cuda/q_outer decode useful", \
    'tflops.dat' index 13 using 1:5 with linespoints ls 22 title "bigbird/cuda/q_outer decode dense-eq.", \
    'tflops.dat' index 14 using 1:2 with linespoints ls 23 title "flash/torch/sdpa_flash prefill (useful = dense-eq.)", \
    'tflops.dat' index 15 using 1:2 with linespoints ls 24 title "flash/torch/sdpa_cudnn prefill (useful = dense-eq.)", \
    'tflops.dat' index 16 using 1:2 with linespoints ls 25 title "msa/torch/index_topk prefill useful", \
    'tflops.dat' index 17 using 1:2 with linespoints ls 26 title "flash/torch/sdpa_flash decode (useful = dense-eq.)", \
    'tflops.dat' index 18 using 1:2 with linespoints ls 27 title "flash/torch/sdpa_cudnn decode (useful = dense-eq.)"
  set output
}
