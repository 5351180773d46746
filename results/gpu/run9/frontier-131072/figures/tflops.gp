# tflops.gp - Throughput (TFLOP/s)
# Written by `msabench plot` from results/gpu/run9/frontier-131072/results.csv; the data is tflops.dat beside this file.
# Rebuild in this directory: gnuplot tflops.gp   (or gnuplot -e 'fmts="png"' tflops.gp)
if (!exists("fmts")) fmts = 'png'
reset
set encoding utf8
set grid xtics ytics lc rgb "#dddddd" lw 1
set border lw 1
set tics nomirror out
set border 3
set title 'Throughput (TFLOP/s)  -  NVIDIA H200'."\n".'useful = counted FLOPs / time (solid, filled);  dense-equivalent = dense causal FLOPs / time (dashed, open)'
set xlabel 'context length N (tokens)'
set ylabel 'TFLOP/s'
set logscale x 2
set xrange [65536:262144]
unset mxtics
set xtics ("128K" 131072)
set logscale y 10
set format y "%g"
set yrange [0.203058667:11416.245]
set style line 1 lc rgb "#1f77b4" lw 2 dt 1 pt 5
set style line 2 lc rgb "#1f77b4" lw 2 dt 1 pt 4
set style line 3 lc rgb "#d62728" lw 2 dt 1 pt 7
set style line 4 lc rgb "#d62728" lw 2 dt 2 pt 6
set style line 5 lc rgb "#d62728" lw 2 dt 1 pt 6
set style line 6 lc rgb "#d62728" lw 2 dt 2 pt 6
set style line 7 lc rgb "#9467bd" lw 2 dt 1 pt 13
set style line 8 lc rgb "#9467bd" lw 2 dt 2 pt 12
set style line 9 lc rgb "#8c564b" lw 2 dt 1 pt 5
set style line 10 lc rgb "#8c564b" lw 2 dt 2 pt 4
set style line 11 lc rgb "#e377c2" lw 2 dt 1 pt 7
set style line 12 lc rgb "#e377c2" lw 2 dt 2 pt 6
set style line 13 lc rgb "#17becf" lw 2 dt 1 pt 9
set style line 14 lc rgb "#17becf" lw 2 dt 2 pt 8
set style line 15 lc rgb "#17becf" lw 2 dt 1 pt 8
set style line 16 lc rgb "#17becf" lw 2 dt 2 pt 8
set style line 17 lc rgb "#d62728" lw 2 dt 1 pt 7
set style line 18 lc rgb "#d62728" lw 2 dt 2 pt 6
set style line 19 lc rgb "#d62728" lw 2 dt 1 pt 6
set style line 20 lc rgb "#d62728" lw 2 dt 2 pt 6
set style line 21 lc rgb "#9467bd" lw 2 dt 1 pt 12
set style line 22 lc rgb "#9467bd" lw 2 dt 2 pt 12
set style line 23 lc rgb "#8c564b" lw 2 dt 1 pt 4
set style line 24 lc rgb "#8c564b" lw 2 dt 2 pt 4
set style line 25 lc rgb "#e377c2" lw 2 dt 1 pt 6
set style line 26 lc rgb "#e377c2" lw 2 dt 2 pt 6
set style line 27 lc rgb "#d62728" lw 2 dt 1 pt 7
set style line 28 lc rgb "#d62728" lw 2 dt 2 pt 6
set style line 29 lc rgb "#d62728" lw 2 dt 1 pt 6
set style line 30 lc rgb "#d62728" lw 2 dt 2 pt 6
set style line 31 lc rgb "#9467bd" lw 2 dt 1 pt 13
set style line 32 lc rgb "#9467bd" lw 2 dt 2 pt 12
set style line 33 lc rgb "#8c564b" lw 2 dt 1 pt 5
set style line 34 lc rgb "#8c564b" lw 2 dt 2 pt 4
set style line 35 lc rgb "#e377c2" lw 2 dt 1 pt 7
set style line 36 lc rgb "#e377c2" lw 2 dt 2 pt 6
set style line 37 lc rgb "#1f77b4" lw 2 dt 1 pt 5
set style line 38 lc rgb "#d62728" lw 2 dt 1 pt 7
set style line 39 lc rgb "#d62728" lw 2 dt 2 pt 6
set style line 40 lc rgb "#d62728" lw 2 dt 1 pt 6
set style line 41 lc rgb "#d62728" lw 2 dt 2 pt 6
set style line 42 lc rgb "#d62728" lw 2 dt 1 pt 7
set style line 43 lc rgb "#d62728" lw 2 dt 2 pt 6
set style line 44 lc rgb "#9467bd" lw 2 dt 1 pt 12
set style line 45 lc rgb "#9467bd" lw 2 dt 2 pt 12
set style line 46 lc rgb "#8c564b" lw 2 dt 1 pt 4
set style line 47 lc rgb "#8c564b" lw 2 dt 2 pt 4
set style line 48 lc rgb "#e377c2" lw 2 dt 1 pt 6
set style line 49 lc rgb "#e377c2" lw 2 dt 2 pt 6
set style line 50 lc rgb "#17becf" lw 2 dt 1 pt 9
set style line 51 lc rgb "#17becf" lw 2 dt 2 pt 8
set style line 52 lc rgb "#17becf" lw 2 dt 1 pt 8
set style line 53 lc rgb "#17becf" lw 2 dt 2 pt 8
set style line 54 lc rgb "#bcbd22" lw 2 dt 1 pt 13
set style line 55 lc rgb "#bcbd22" lw 2 dt 2 pt 12
set style line 56 lc rgb "#d62728" lw 2 dt 1 pt 6
set style line 57 lc rgb "#d62728" lw 2 dt 2 pt 6
set style line 58 lc rgb "#d62728" lw 2 dt 1 pt 7
set style line 59 lc rgb "#d62728" lw 2 dt 2 pt 6
set style line 60 lc rgb "#d62728" lw 2 dt 1 pt 6
set style line 61 lc rgb "#d62728" lw 2 dt 2 pt 6
set style line 62 lc rgb "#9467bd" lw 2 dt 1 pt 13
set style line 63 lc rgb "#9467bd" lw 2 dt 2 pt 12
set style line 64 lc rgb "#8c564b" lw 2 dt 1 pt 5
set style line 65 lc rgb "#8c564b" lw 2 dt 2 pt 4
set style line 66 lc rgb "#e377c2" lw 2 dt 1 pt 7
set style line 67 lc rgb "#e377c2" lw 2 dt 2 pt 6
set style line 68 lc rgb "#bcbd22" lw 2 dt 1 pt 12
set style line 69 lc rgb "#bcbd22" lw 2 dt 2 pt 12
set style line 70 lc rgb "#d62728" lw 2 dt 1 pt 7
set style line 71 lc rgb "#d62728" lw 2 dt 2 pt 6
set style line 72 lc rgb "#d62728" lw 2 dt 1 pt 6
set style line 73 lc rgb "#d62728" lw 2 dt 2 pt 6
set style line 74 lc rgb "#d62728" lw 2 dt 1 pt 7
set style line 75 lc rgb "#d62728" lw 2 dt 2 pt 6
set style line 76 lc rgb "#9467bd" lw 2 dt 1 pt 12
set style line 77 lc rgb "#9467bd" lw 2 dt 2 pt 12
set style line 78 lc rgb "#8c564b" lw 2 dt 1 pt 4
set style line 79 lc rgb "#8c564b" lw 2 dt 2 pt 4
set style line 80 lc rgb "#e377c2" lw 2 dt 1 pt 6
set style line 81 lc rgb "#e377c2" lw 2 dt 2 pt 6
set style line 82 lc rgb "#bcbd22" lw 2 dt 1 pt 13
set style line 83 lc rgb "#bcbd22" lw 2 dt 2 pt 12
set key outside right top vertical Left reverse noautotitle spacing 1.1
do for [fmt in fmts] {
  if (fmt eq "pdf") {
    set terminal pdfcairo noenhanced color font "Helvetica,9" size 9.56in,4.00in linewidth 0.6
    set output "tflops.pdf"; small = ",7"; set pointsize 0.55
  }
  if (fmt eq "png") {
    set terminal pngcairo noenhanced color font "Helvetica,11" size 1434,600 linewidth 1
    set output "tflops.png"; small = ",9"; set pointsize 1.1
  }
  if (fmt eq "svg") {
    set terminal svg noenhanced font "Helvetica,11" size 1147,480 dynamic background "white" linewidth 1
    set output "tflops.svg"; small = ",9"; set pointsize 1
  }
  set label 900 'skipped: msa cuda N=128K prefill (unsupported: msa cuda decode_fp8: prefill ab...);  skipped: quest cuda N=128K prefill (unsupported: quest is a decode method: prefi...)'."\n".'skipped: flash cuda N=128K decode (unsupported: flash wgmma_v1: prefill only (d...)' at screen 0.01, screen 0.01 left front textcolor rgb "#555555" font small offset 0,2
  set bmargin 7
  plot 'tflops.dat' index 0 using 1:2 with linespoints ls 1 title 'flash/cuda/wgmma_v1 prefill (useful = dense-eq.)', \
    'tflops.dat' index 1 using 1:2 with linespoints ls 2 title 'flash/cuda/mma_v1 prefill (useful = dense-eq.)', \
    'tflops.dat' index 2 using 1:2 with linespoints ls 3 title 'msa/cuda/q_outer prefill k=8 useful', \
    'tflops.dat' index 2 using 1:5 with linespoints ls 4 title 'msa/cuda/q_outer prefill k=8 dense-eq.', \
    'tflops.dat' index 3 using 1:2 with linespoints ls 5 title 'msa/cuda/kv_outer prefill k=8 useful', \
    'tflops.dat' index 3 using 1:5 with linespoints ls 6 title 'msa/cuda/kv_outer prefill k=8 dense-eq.', \
    'tflops.dat' index 4 using 1:2 with linespoints ls 7 title 'bigbird/cuda/q_outer prefill r=3 useful', \
    'tflops.dat' index 4 using 1:5 with linespoints ls 8 title 'bigbird/cuda/q_outer prefill r=3 dense-eq.', \
    'tflops.dat' index 5 using 1:2 with linespoints ls 9 title 'nsa/cuda/tc prefill k=8 useful', \
    'tflops.dat' index 5 using 1:5 with linespoints ls 10 title 'nsa/cuda/tc prefill k=8 dense-eq.', \
    'tflops.dat' index 6 using 1:2 with linespoints ls 11 title 'moba/cuda/tc prefill k=8 useful', \
    'tflops.dat' index 6 using 1:5 with linespoints ls 12 title 'moba/cuda/tc prefill k=8 dense-eq.', \
    'tflops.dat' index 7 using 1:2 with linespoints ls 13 title 'dsa/cuda/tc prefill useful', \
    'tflops.dat' index 7 using 1:5 with linespoints ls 14 title 'dsa/cuda/tc prefill dense-eq.', \
    'tflops.dat' index 8 using 1:2 with linespoints ls 15 title 'dsa/cuda/tc_fp8 prefill useful', \
    'tflops.dat' index 8 using 1:5 with linespoints ls 16 title 'dsa/cuda/tc_fp8 prefill dense-eq.', \
    'tflops.dat' index 9 using 1:2 with linespoints ls 17 title 'msa/cuda/q_outer prefill k=16 useful', \
    'tflops.dat' index 9 using 1:5 with linespoints ls 18 title 'msa/cuda/q_outer prefill k=16 dense-eq.', \
    'tflops.dat' index 10 using 1:2 with linespoints ls 19 title 'msa/cuda/kv_outer prefill k=16 useful', \
    'tflops.dat' index 10 using 1:5 with linespoints ls 20 title 'msa/cuda/kv_outer prefill k=16 dense-eq.', \
    'tflops.dat' index 11 using 1:2 with linespoints ls 21 title 'bigbird/cuda/q_outer prefill r=11 useful', \
    'tflops.dat' index 11 using 1:5 with linespoints ls 22 title 'bigbird/cuda/q_outer prefill r=11 dense-eq.', \
    'tflops.dat' index 12 using 1:2 with linespoints ls 23 title 'nsa/cuda/tc prefill k=16 useful', \
    'tflops.dat' index 12 using 1:5 with linespoints ls 24 title 'nsa/cuda/tc prefill k=16 dense-eq.', \
    'tflops.dat' index 13 using 1:2 with linespoints ls 25 title 'moba/cuda/tc prefill k=16 useful', \
    'tflops.dat' index 13 using 1:5 with linespoints ls 26 title 'moba/cuda/tc prefill k=16 dense-eq.', \
    'tflops.dat' index 14 using 1:2 with linespoints ls 27 title 'msa/cuda/q_outer prefill k=32 useful', \
    'tflops.dat' index 14 using 1:5 with linespoints ls 28 title 'msa/cuda/q_outer prefill k=32 dense-eq.', \
    'tflops.dat' index 15 using 1:2 with linespoints ls 29 title 'msa/cuda/kv_outer prefill k=32 useful', \
    'tflops.dat' index 15 using 1:5 with linespoints ls 30 title 'msa/cuda/kv_outer prefill k=32 dense-eq.', \
    'tflops.dat' index 16 using 1:2 with linespoints ls 31 title 'bigbird/cuda/q_outer prefill r=27 useful', \
    'tflops.dat' index 16 using 1:5 with linespoints ls 32 title 'bigbird/cuda/q_outer prefill r=27 dense-eq.', \
    'tflops.dat' index 17 using 1:2 with linespoints ls 33 title 'nsa/cuda/tc prefill k=32 useful', \
    'tflops.dat' index 17 using 1:5 with linespoints ls 34 title 'nsa/cuda/tc prefill k=32 dense-eq.', \
    'tflops.dat' index 18 using 1:2 with linespoints ls 35 title 'moba/cuda/tc prefill k=32 useful', \
    'tflops.dat' index 18 using 1:5 with linespoints ls 36 title 'moba/cuda/tc prefill k=32 dense-eq.', \
    'tflops.dat' index 19 using 1:2 with linespoints ls 37 title 'flash/cuda/mma_v1 decode (useful = dense-eq.)', \
    'tflops.dat' index 20 using 1:2 with linespoints ls 38 title 'msa/cuda/q_outer decode k=8 useful', \
    'tflops.dat' index 20 using 1:5 with linespoints ls 39 title 'msa/cuda/q_outer decode k=8 dense-eq.', \
    'tflops.dat' index 21 using 1:2 with linespoints ls 40 title 'msa/cuda/kv_outer decode k=8 useful', \
    'tflops.dat' index 21 using 1:5 with linespoints ls 41 title 'msa/cuda/kv_outer decode k=8 dense-eq.', \
    'tflops.dat' index 22 using 1:2 with linespoints ls 42 title 'msa/cuda/decode_fp8 decode k=8 useful', \
    'tflops.dat' index 22 using 1:5 with linespoints ls 43 title 'msa/cuda/decode_fp8 decode k=8 dense-eq.', \
    'tflops.dat' index 23 using 1:2 with linespoints ls 44 title 'bigbird/cuda/q_outer decode r=3 useful', \
    'tflops.dat' index 23 using 1:5 with linespoints ls 45 title 'bigbird/cuda/q_outer decode r=3 dense-eq.', \
    'tflops.dat' index 24 using 1:2 with linespoints ls 46 title 'nsa/cuda/tc decode k=8 useful', \
    'tflops.dat' index 24 using 1:5 with linespoints ls 47 title 'nsa/cuda/tc decode k=8 dense-eq.', \
    'tflops.dat' index 25 using 1:2 with linespoints ls 48 title 'moba/cuda/tc decode k=8 useful', \
    'tflops.dat' index 25 using 1:5 with linespoints ls 49 title 'moba/cuda/tc decode k=8 dense-eq.', \
    'tflops.dat' index 26 using 1:2 with linespoints ls 50 title 'dsa/cuda/tc decode useful', \
    'tflops.dat' index 26 using 1:5 with linespoints ls 51 title 'dsa/cuda/tc decode dense-eq.', \
    'tflops.dat' index 27 using 1:2 with linespoints ls 52 title 'dsa/cuda/tc_fp8 decode useful', \
    'tflops.dat' index 27 using 1:5 with linespoints ls 53 title 'dsa/cuda/tc_fp8 decode dense-eq.', \
    'tflops.dat' index 28 using 1:2 with linespoints ls 54 title 'quest/cuda/v1 decode k=8 useful', \
    'tflops.dat' index 28 using 1:5 with linespoints ls 55 title 'quest/cuda/v1 decode k=8 dense-eq.', \
    'tflops.dat' index 29 using 1:2 with linespoints ls 56 title 'msa/cuda/q_outer decode k=16 useful', \
    'tflops.dat' index 29 using 1:5 with linespoints ls 57 title 'msa/cuda/q_outer decode k=16 dense-eq.', \
    'tflops.dat' index 30 using 1:2 with linespoints ls 58 title 'msa/cuda/kv_outer decode k=16 useful', \
    'tflops.dat' index 30 using 1:5 with linespoints ls 59 title 'msa/cuda/kv_outer decode k=16 dense-eq.', \
    'tflops.dat' index 31 using 1:2 with linespoints ls 60 title 'msa/cuda/decode_fp8 decode k=16 useful', \
    'tflops.dat' index 31 using 1:5 with linespoints ls 61 title 'msa/cuda/decode_fp8 decode k=16 dense-eq.', \
    'tflops.dat' index 32 using 1:2 with linespoints ls 62 title 'bigbird/cuda/q_outer decode r=11 useful', \
    'tflops.dat' index 32 using 1:5 with linespoints ls 63 title 'bigbird/cuda/q_outer decode r=11 dense-eq.', \
    'tflops.dat' index 33 using 1:2 with linespoints ls 64 title 'nsa/cuda/tc decode k=16 useful', \
    'tflops.dat' index 33 using 1:5 with linespoints ls 65 title 'nsa/cuda/tc decode k=16 dense-eq.', \
    'tflops.dat' index 34 using 1:2 with linespoints ls 66 title 'moba/cuda/tc decode k=16 useful', \
    'tflops.dat' index 34 using 1:5 with linespoints ls 67 title 'moba/cuda/tc decode k=16 dense-eq.', \
    'tflops.dat' index 35 using 1:2 with linespoints ls 68 title 'quest/cuda/v1 decode k=16 useful', \
    'tflops.dat' index 35 using 1:5 with linespoints ls 69 title 'quest/cuda/v1 decode k=16 dense-eq.', \
    'tflops.dat' index 36 using 1:2 with linespoints ls 70 title 'msa/cuda/q_outer decode k=32 useful', \
    'tflops.dat' index 36 using 1:5 with linespoints ls 71 title 'msa/cuda/q_outer decode k=32 dense-eq.', \
    'tflops.dat' index 37 using 1:2 with linespoints ls 72 title 'msa/cuda/kv_outer decode k=32 useful', \
    'tflops.dat' index 37 using 1:5 with linespoints ls 73 title 'msa/cuda/kv_outer decode k=32 dense-eq.', \
    'tflops.dat' index 38 using 1:2 with linespoints ls 74 title 'msa/cuda/decode_fp8 decode k=32 useful', \
    'tflops.dat' index 38 using 1:5 with linespoints ls 75 title 'msa/cuda/decode_fp8 decode k=32 dense-eq.', \
    'tflops.dat' index 39 using 1:2 with linespoints ls 76 title 'bigbird/cuda/q_outer decode r=27 useful', \
    'tflops.dat' index 39 using 1:5 with linespoints ls 77 title 'bigbird/cuda/q_outer decode r=27 dense-eq.', \
    'tflops.dat' index 40 using 1:2 with linespoints ls 78 title 'nsa/cuda/tc decode k=32 useful', \
    'tflops.dat' index 40 using 1:5 with linespoints ls 79 title 'nsa/cuda/tc decode k=32 dense-eq.', \
    'tflops.dat' index 41 using 1:2 with linespoints ls 80 title 'moba/cuda/tc decode k=32 useful', \
    'tflops.dat' index 41 using 1:5 with linespoints ls 81 title 'moba/cuda/tc decode k=32 dense-eq.', \
    'tflops.dat' index 42 using 1:2 with linespoints ls 82 title 'quest/cuda/v1 decode k=32 useful', \
    'tflops.dat' index 42 using 1:5 with linespoints ls 83 title 'quest/cuda/v1 decode k=32 dense-eq.'
  set output
}
