# latency.gp - median latency vs context length
# Written by `msabench plot` from results/gpu/run8/quickstart/combined/results.csv; the data is latency.dat beside this file.
# Rebuild in this directory: gnuplot latency.gp   (or gnuplot -e 'fmts="png"' latency.gp)
if (!exists("fmts")) fmts = 'pdf png svg'
reset
set encoding utf8
set grid xtics ytics lc rgb "#dddddd" lw 1
set border lw 1
set tics nomirror out
set border 3
set title 'Latency vs context length  -  NVIDIA H200'."\n".'median; bars: p20-p80'
set xlabel 'context length N (tokens)'
set ylabel 'time per call (ms)'
set logscale x 2
set xrange [13107.2:81920]
unset mxtics
set xtics ("16K" 16384, "32K" 32768, "64K" 65536)
set logscale y 10
set format y "%g"
set key outside right top vertical Left reverse noautotitle spacing 1.1
set style line 1 lc rgb "#7f7f7f" lw 2 dt 1 pt 11
set style line 2 lc rgb "#2ca02c" lw 2 dt 1 pt 9
set style line 3 lc rgb "#1f77b4" lw 2 dt 1 pt 5
set style line 4 lc rgb "#1f77b4" lw 2 dt 1 pt 4
set style line 5 lc rgb "#d62728" lw 2 dt 1 pt 7
set style line 6 lc rgb "#d62728" lw 2 dt 1 pt 6
set style line 7 lc rgb "#d62728" lw 2 dt 2 pt 7
set style line 8 lc rgb "#9467bd" lw 2 dt 1 pt 13
set style line 9 lc rgb "#ff7f0e" lw 2 dt 1 pt 15
set style line 10 lc rgb "#8c564b" lw 2 dt 1 pt 5
set style line 11 lc rgb "#8c564b" lw 2 dt 1 pt 4
set style line 12 lc rgb "#e377c2" lw 2 dt 1 pt 7
set style line 13 lc rgb "#e377c2" lw 2 dt 1 pt 6
set style line 14 lc rgb "#17becf" lw 2 dt 1 pt 9
set style line 15 lc rgb "#17becf" lw 2 dt 1 pt 8
set style line 16 lc rgb "#17becf" lw 2 dt 2 pt 9
set style line 17 lc rgb "#17becf" lw 2 dt 2 pt 8
set style line 18 lc rgb "#7f7f7f" lw 2 dt 1 pt 10
set style line 19 lc rgb "#2ca02c" lw 2 dt 1 pt 8
set style line 20 lc rgb "#1f77b4" lw 2 dt 2 pt 5
set style line 21 lc rgb "#d62728" lw 2 dt 2 pt 6
set style line 22 lc rgb "#d62728" lw 2 dt 3 pt 7
set style line 23 lc rgb "#d62728" lw 2 dt 3 pt 6
set style line 24 lc rgb "#9467bd" lw 2 dt 1 pt 12
set style line 25 lc rgb "#ff7f0e" lw 2 dt 1 pt 14
set style line 26 lc rgb "#8c564b" lw 2 dt 2 pt 5
set style line 27 lc rgb "#8c564b" lw 2 dt 2 pt 4
set style line 28 lc rgb "#e377c2" lw 2 dt 2 pt 7
set style line 29 lc rgb "#e377c2" lw 2 dt 2 pt 6
set style line 30 lc rgb "#17becf" lw 2 dt 3 pt 9
set style line 31 lc rgb "#17becf" lw 2 dt 3 pt 8
set style line 32 lc rgb "#17becf" lw 2 dt 4 pt 9
set style line 33 lc rgb "#17becf" lw 2 dt 4 pt 8
set style line 34 lc rgb "#bcbd22" lw 2 dt 1 pt 13
set style line 35 lc rgb "#1f77b4" lw 2 dt 4 pt 5
set style line 36 lc rgb "#1f77b4" lw 2 dt 4 pt 4
set style line 37 lc rgb "#d62728" lw 2 dt 4 pt 7
set style line 38 lc rgb "#1f77b4" lw 2 dt 5 pt 5
set style line 39 lc rgb "#1f77b4" lw 2 dt 5 pt 4
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
  set label 900 'skipped: quest cuda N=16K prefill (unsupported: quest is a decode method: prefi...);  skipped: full cuda N=64K prefill (memory model 1.1e+03 GB exceeds the device l...)'."\n".'skipped: gqa cuda N=64K prefill (memory model 1.1e+03 GB exceeds the device l...);  skipped: quest cuda N=64K prefill (unsupported: quest is a decode method: prefi...)'."\n".'skipped: flash cuda N=16K decode (unsupported: flash wgmma_v1: prefill only (d...);  skipped: flash cuda N=64K decode (unsupported: flash wgmma_v1: prefill only (d...)' at screen 0.01, screen 0.01 left front textcolor rgb "#555555" font small offset 0,3
  set bmargin 8
  plot 'latency.dat' index 0 using 1:2:3:4 with yerrorlines ls 1 title 'full/cuda/cublas prefill', \
    'latency.dat' index 1 using 1:2:3:4 with yerrorlines ls 2 title 'gqa/cuda/cublas prefill', \
    'latency.dat' index 2 using 1:2:3:4 with yerrorlines ls 3 title 'flash/cuda/wgmma_v1 prefill', \
    'latency.dat' index 3 using 1:2:3:4 with yerrorlines ls 4 title 'flash/cuda/mma_v1 prefill', \
    'latency.dat' index 4 using 1:2:3:4 with yerrorlines ls 5 title 'msa/cuda/q_outer prefill', \
    'latency.dat' index 5 using 1:2:3:4 with yerrorlines ls 6 title 'msa/cuda/kv_outer prefill', \
    'latency.dat' index 6 using 1:2:3:4 with yerrorlines ls 7 title 'msa/cuda/decode_fp8 prefill', \
    'latency.dat' index 7 using 1:2:3:4 with yerrorlines ls 8 title 'bigbird/cuda/q_outer prefill', \
    'latency.dat' index 8 using 1:2:3:4 with yerrorlines ls 9 title 'performer/cuda/cublas prefill', \
    'latency.dat' index 9 using 1:2:3:4 with yerrorlines ls 10 title 'nsa/cuda/tc prefill', \
    'latency.dat' index 10 using 1:2:3:4 with yerrorlines ls 11 title 'nsa/cuda/v1 prefill', \
    'latency.dat' index 11 using 1:2:3:4 with yerrorlines ls 12 title 'moba/cuda/tc prefill', \
    'latency.dat' index 12 using 1:2:3:4 with yerrorlines ls 13 title 'moba/cuda/v1 prefill', \
    'latency.dat' index 13 using 1:2:3:4 with yerrorlines ls 14 title 'dsa/cuda/v1 prefill', \
    'latency.dat' index 14 using 1:2:3:4 with yerrorlines ls 15 title 'dsa/cuda/fp8 prefill', \
    'latency.dat' index 15 using 1:2:3:4 with yerrorlines ls 16 title 'dsa/cuda/tc prefill', \
    'latency.dat' index 16 using 1:2:3:4 with yerrorlines ls 17 title 'dsa/cuda/tc_fp8 prefill', \
    'latency.dat' index 17 using 1:2:3:4 with yerrorlines ls 18 title 'full/cuda/cublas decode', \
    'latency.dat' index 18 using 1:2:3:4 with yerrorlines ls 19 title 'gqa/cuda/cublas decode', \
    'latency.dat' index 19 using 1:2:3:4 with yerrorlines ls 20 title 'flash/cuda/mma_v1 decode', \
    'latency.dat' index 20 using 1:2:3:4 with yerrorlines ls 21 title 'msa/cuda/q_outer decode', \
    'latency.dat' index 21 using 1:2:3:4 with yerrorlines ls 22 title 'msa/cuda/kv_outer decode', \
    'latency.dat' index 22 using 1:2:3:4 with yerrorlines ls 23 title 'msa/cuda/decode_fp8 decode', \
    'latency.dat' index 23 using 1:2:3:4 with yerrorlines ls 24 title 'bigbird/cuda/q_outer decode', \
    'latency.dat' index 24 using 1:2:3:4 with yerrorlines ls 25 title 'performer/cuda/cublas decode', \
    'latency.dat' index 25 using 1:2:3:4 with yerrorlines ls 26 title 'nsa/cuda/tc decode', \
    'latency.dat' index 26 using 1:2:3:4 with yerrorlines ls 27 title 'nsa/cuda/v1 decode', \
    'latency.dat' index 27 using 1:2:3:4 with yerrorlines ls 28 title 'moba/cuda/tc decode', \
    'latency.dat' index 28 using 1:2:3:4 with yerrorlines ls 29 title 'moba/cuda/v1 decode', \
    'latency.dat' index 29 using 1:2:3:4 with yerrorlines ls 30 title 'dsa/cuda/v1 decode', \
    'latency.dat' index 30 using 1:2:3:4 with yerrorlines ls 31 title 'dsa/cuda/fp8 decode', \
    'latency.dat' index 31 using 1:2:3:4 with yerrorlines ls 32 title 'dsa/cuda/tc decode', \
    'latency.dat' index 32 using 1:2:3:4 with yerrorlines ls 33 title 'dsa/cuda/tc_fp8 decode', \
    'latency.dat' index 33 using 1:2:3:4 with yerrorlines ls 34 title 'quest/cuda/v1 decode', \
    'latency.dat' index 34 using 1:2:3:4 with yerrorlines ls 35 title 'flash/torch/sdpa_flash prefill', \
    'latency.dat' index 35 using 1:2:3:4 with yerrorlines ls 36 title 'flash/torch/sdpa_cudnn prefill', \
    'latency.dat' index 36 using 1:2:3:4 with yerrorlines ls 37 title 'msa/torch/index_topk prefill', \
    'latency.dat' index 37 using 1:2:3:4 with yerrorlines ls 38 title 'flash/torch/sdpa_flash decode', \
    'latency.dat' index 38 using 1:2:3:4 with yerrorlines ls 39 title 'flash/torch/sdpa_cudnn decode'
  set output
}
