# memory.gp - memory vs context length
# Written by `msabench plot` from results/gpu/run8/quickstart/combined/results.csv; the data is memory.dat beside this file.
# Rebuild in this directory: gnuplot memory.gp   (or gnuplot -e 'fmts="png"' memory.gp)
if (!exists("fmts")) fmts = 'pdf png svg'
reset
set encoding utf8
set grid xtics ytics lc rgb "#dddddd" lw 1
set border lw 1
set tics nomirror out
set border 3
set title 'Memory vs context length  -  NVIDIA H200'."\n".'mem_model: every buffer allocated (solid, filled);  mem_peak: measured (dashed, open)'
set xlabel 'context length N (tokens)'
set ylabel 'bytes'
set logscale x 2
set xrange [13107.2:81920]
unset mxtics
set xtics ("16K" 16384, "32K" 32768, "64K" 65536)
set logscale y 10
set format y "%.0s %cB"
set yrange [16793850:2.70197785e+11]
set style line 1 lc rgb "#7f7f7f" lw 2 dt 1 pt 11
set style line 2 lc rgb "#7f7f7f" lw 2 dt 2 pt 10
set style line 3 lc rgb "#2ca02c" lw 2 dt 1 pt 9
set style line 4 lc rgb "#2ca02c" lw 2 dt 2 pt 8
set style line 5 lc rgb "#1f77b4" lw 2 dt 1 pt 5
set style line 6 lc rgb "#1f77b4" lw 2 dt 2 pt 4
set style line 7 lc rgb "#1f77b4" lw 2 dt 1 pt 4
set style line 8 lc rgb "#1f77b4" lw 2 dt 2 pt 4
set style line 9 lc rgb "#d62728" lw 2 dt 1 pt 7
set style line 10 lc rgb "#d62728" lw 2 dt 2 pt 6
set style line 11 lc rgb "#d62728" lw 2 dt 1 pt 6
set style line 12 lc rgb "#d62728" lw 2 dt 2 pt 6
set style line 13 lc rgb "#d62728" lw 2 dt 1 pt 7
set style line 14 lc rgb "#d62728" lw 2 dt 2 pt 6
set style line 15 lc rgb "#9467bd" lw 2 dt 1 pt 13
set style line 16 lc rgb "#9467bd" lw 2 dt 2 pt 12
set style line 17 lc rgb "#ff7f0e" lw 2 dt 1 pt 15
set style line 18 lc rgb "#ff7f0e" lw 2 dt 2 pt 14
set style line 19 lc rgb "#8c564b" lw 2 dt 1 pt 5
set style line 20 lc rgb "#8c564b" lw 2 dt 2 pt 4
set style line 21 lc rgb "#8c564b" lw 2 dt 1 pt 4
set style line 22 lc rgb "#8c564b" lw 2 dt 2 pt 4
set style line 23 lc rgb "#e377c2" lw 2 dt 1 pt 7
set style line 24 lc rgb "#e377c2" lw 2 dt 2 pt 6
set style line 25 lc rgb "#e377c2" lw 2 dt 1 pt 6
set style line 26 lc rgb "#e377c2" lw 2 dt 2 pt 6
set style line 27 lc rgb "#17becf" lw 2 dt 1 pt 9
set style line 28 lc rgb "#17becf" lw 2 dt 2 pt 8
set style line 29 lc rgb "#17becf" lw 2 dt 1 pt 8
set style line 30 lc rgb "#17becf" lw 2 dt 2 pt 8
set style line 31 lc rgb "#17becf" lw 2 dt 1 pt 9
set style line 32 lc rgb "#17becf" lw 2 dt 2 pt 8
set style line 33 lc rgb "#17becf" lw 2 dt 1 pt 8
set style line 34 lc rgb "#17becf" lw 2 dt 2 pt 8
set style line 35 lc rgb "#7f7f7f" lw 2 dt 1 pt 10
set style line 36 lc rgb "#7f7f7f" lw 2 dt 2 pt 10
set style line 37 lc rgb "#2ca02c" lw 2 dt 1 pt 8
set style line 38 lc rgb "#2ca02c" lw 2 dt 2 pt 8
set style line 39 lc rgb "#1f77b4" lw 2 dt 1 pt 5
set style line 40 lc rgb "#1f77b4" lw 2 dt 2 pt 4
set style line 41 lc rgb "#d62728" lw 2 dt 1 pt 6
set style line 42 lc rgb "#d62728" lw 2 dt 2 pt 6
set style line 43 lc rgb "#d62728" lw 2 dt 1 pt 7
set style line 44 lc rgb "#d62728" lw 2 dt 2 pt 6
set style line 45 lc rgb "#d62728" lw 2 dt 1 pt 6
set style line 46 lc rgb "#d62728" lw 2 dt 2 pt 6
set style line 47 lc rgb "#9467bd" lw 2 dt 1 pt 12
set style line 48 lc rgb "#9467bd" lw 2 dt 2 pt 12
set style line 49 lc rgb "#ff7f0e" lw 2 dt 1 pt 14
set style line 50 lc rgb "#ff7f0e" lw 2 dt 2 pt 14
set style line 51 lc rgb "#8c564b" lw 2 dt 1 pt 5
set style line 52 lc rgb "#8c564b" lw 2 dt 2 pt 4
set style line 53 lc rgb "#8c564b" lw 2 dt 1 pt 4
set style line 54 lc rgb "#8c564b" lw 2 dt 2 pt 4
set style line 55 lc rgb "#e377c2" lw 2 dt 1 pt 7
set style line 56 lc rgb "#e377c2" lw 2 dt 2 pt 6
set style line 57 lc rgb "#e377c2" lw 2 dt 1 pt 6
set style line 58 lc rgb "#e377c2" lw 2 dt 2 pt 6
set style line 59 lc rgb "#17becf" lw 2 dt 1 pt 9
set style line 60 lc rgb "#17becf" lw 2 dt 2 pt 8
set style line 61 lc rgb "#17becf" lw 2 dt 1 pt 8
set style line 62 lc rgb "#17becf" lw 2 dt 2 pt 8
set style line 63 lc rgb "#17becf" lw 2 dt 1 pt 9
set style line 64 lc rgb "#17becf" lw 2 dt 2 pt 8
set style line 65 lc rgb "#17becf" lw 2 dt 1 pt 8
set style line 66 lc rgb "#17becf" lw 2 dt 2 pt 8
set style line 67 lc rgb "#bcbd22" lw 2 dt 1 pt 13
set style line 68 lc rgb "#bcbd22" lw 2 dt 2 pt 12
set key outside right top vertical Left reverse noautotitle spacing 1.1
do for [fmt in fmts] {
  if (fmt eq "pdf") {
    set terminal pdfcairo noenhanced color font "Helvetica,9" size 8.88in,4.00in linewidth 0.6
    set output "memory.pdf"; small = ",7"; set pointsize 0.55
  }
  if (fmt eq "png") {
    set terminal pngcairo noenhanced color font "Helvetica,11" size 1332,600 linewidth 1
    set output "memory.png"; small = ",9"; set pointsize 1.1
  }
  if (fmt eq "svg") {
    set terminal svg noenhanced font "Helvetica,11" size 1065,480 dynamic background "white" linewidth 1
    set output "memory.svg"; small = ",9"; set pointsize 1
  }
  set label 900 'skipped: quest cuda N=16K prefill (unsupported: quest is a decode method: prefi...);  skipped: full cuda N=64K prefill (memory model 1.1e+03 GB exceeds the device l...)'."\n".'skipped: gqa cuda N=64K prefill (memory model 1.1e+03 GB exceeds the device l...);  skipped: quest cuda N=64K prefill (unsupported: quest is a decode method: prefi...)'."\n".'skipped: flash cuda N=16K decode (unsupported: flash wgmma_v1: prefill only (d...);  skipped: flash cuda N=64K decode (unsupported: flash wgmma_v1: prefill only (d...)' at screen 0.01, screen 0.01 left front textcolor rgb "#555555" font small offset 0,3
  set bmargin 8
  plot 'memory.dat' index 0 using 1:2 with linespoints ls 1 title 'full/cuda/cublas prefill model', \
    'memory.dat' index 0 using 1:5 with linespoints ls 2 title 'full/cuda/cublas prefill peak', \
    'memory.dat' index 1 using 1:2 with linespoints ls 3 title 'gqa/cuda/cublas prefill model', \
    'memory.dat' index 1 using 1:5 with linespoints ls 4 title 'gqa/cuda/cublas prefill peak', \
    'memory.dat' index 2 using 1:2 with linespoints ls 5 title 'flash/cuda/wgmma_v1 prefill model', \
    'memory.dat' index 2 using 1:5 with linespoints ls 6 title 'flash/cuda/wgmma_v1 prefill peak', \
    'memory.dat' index 3 using 1:2 with linespoints ls 7 title 'flash/cuda/mma_v1 prefill model', \
    'memory.dat' index 3 using 1:5 with linespoints ls 8 title 'flash/cuda/mma_v1 prefill peak', \
    'memory.dat' index 4 using 1:2 with linespoints ls 9 title 'msa/cuda/q_outer prefill model', \
    'memory.dat' index 4 using 1:5 with linespoints ls 10 title 'msa/cuda/q_outer prefill peak', \
    'memory.dat' index 5 using 1:2 with linespoints ls 11 title 'msa/cuda/kv_outer prefill model', \
    'memory.dat' index 5 using 1:5 with linespoints ls 12 title 'msa/cuda/kv_outer prefill peak', \
    'memory.dat' index 6 using 1:2 with linespoints ls 13 title 'msa/cuda/decode_fp8 prefill model', \
    'memory.dat' index 6 using 1:5 with linespoints ls 14 title 'msa/cuda/decode_fp8 prefill peak', \
    'memory.dat' index 7 using 1:2 with linespoints ls 15 title 'bigbird/cuda/q_outer prefill model', \
    'memory.dat' index 7 using 1:5 with linespoints ls 16 title 'bigbird/cuda/q_outer prefill peak', \
    'memory.dat' index 8 using 1:2 with linespoints ls 17 title 'performer/cuda/cublas prefill model', \
    'memory.dat' index 8 using 1:5 with linespoints ls 18 title 'performer/cuda/cublas prefill peak', \
    'memory.dat' index 9 using 1:2 with linespoints ls 19 title 'nsa/cuda/tc prefill model', \
    'memory.dat' index 9 using 1:5 with linespoints ls 20 title 'nsa/cuda/tc prefill peak', \
    'memory.dat' index 10 using 1:2 with linespoints ls 21 title 'nsa/cuda/v1 prefill model', \
    'memory.dat' index 10 using 1:5 with linespoints ls 22 title 'nsa/cuda/v1 prefill peak', \
    'memory.dat' index 11 using 1:2 with linespoints ls 23 title 'moba/cuda/tc prefill model', \
    'memory.dat' index 11 using 1:5 with linespoints ls 24 title 'moba/cuda/tc prefill peak', \
    'memory.dat' index 12 using 1:2 with linespoints ls 25 title 'moba/cuda/v1 prefill model', \
    'memory.dat' index 12 using 1:5 with linespoints ls 26 title 'moba/cuda/v1 prefill peak', \
    'memory.dat' index 13 using 1:2 with linespoints ls 27 title 'dsa/cuda/v1 prefill model', \
    'memory.dat' index 13 using 1:5 with linespoints ls 28 title 'dsa/cuda/v1 prefill peak', \
    'memory.dat' index 14 using 1:2 with linespoints ls 29 title 'dsa/cuda/fp8 prefill model', \
    'memory.dat' index 14 using 1:5 with linespoints ls 30 title 'dsa/cuda/fp8 prefill peak', \
    'memory.dat' index 15 using 1:2 with linespoints ls 31 title 'dsa/cuda/tc prefill model', \
    'memory.dat' index 15 using 1:5 with linespoints ls 32 title 'dsa/cuda/tc prefill peak', \
    'memory.dat' index 16 using 1:2 with linespoints ls 33 title 'dsa/cuda/tc_fp8 prefill model', \
    'memory.dat' index 16 using 1:5 with linespoints ls 34 title 'dsa/cuda/tc_fp8 prefill peak', \
    'memory.dat' index 17 using 1:2 with linespoints ls 35 title 'full/cuda/cublas decode model', \
    'memory.dat' index 17 using 1:5 with linespoints ls 36 title 'full/cuda/cublas decode peak', \
    'memory.dat' index 18 using 1:2 with linespoints ls 37 title 'gqa/cuda/cublas decode model', \
    'memory.dat' index 18 using 1:5 with linespoints ls 38 title 'gqa/cuda/cublas decode peak', \
    'memory.dat' index 19 using 1:2 with linespoints ls 39 title 'flash/cuda/mma_v1 decode model', \
    'memory.dat' index 19 using 1:5 with linespoints ls 40 title 'flash/cuda/mma_v1 decode peak', \
    'memory.dat' index 20 using 1:2 with linespoints ls 41 title 'msa/cuda/q_outer decode model', \
    'memory.dat' index 20 using 1:5 with linespoints ls 42 title 'msa/cuda/q_outer decode peak', \
    'memory.dat' index 21 using 1:2 with linespoints ls 43 title 'msa/cuda/kv_outer decode model', \
    'memory.dat' index 21 using 1:5 with linespoints ls 44 title 'msa/cuda/kv_outer decode peak', \
    'memory.dat' index 22 using 1:2 with linespoints ls 45 title 'msa/cuda/decode_fp8 decode model', \
    'memory.dat' index 22 using 1:5 with linespoints ls 46 title 'msa/cuda/decode_fp8 decode peak', \
    'memory.dat' index 23 using 1:2 with linespoints ls 47 title 'bigbird/cuda/q_outer decode model', \
    'memory.dat' index 23 using 1:5 with linespoints ls 48 title 'bigbird/cuda/q_outer decode peak', \
    'memory.dat' index 24 using 1:2 with linespoints ls 49 title 'performer/cuda/cublas decode model', \
    'memory.dat' index 24 using 1:5 with linespoints ls 50 title 'performer/cuda/cublas decode peak', \
    'memory.dat' index 25 using 1:2 with linespoints ls 51 title 'nsa/cuda/tc decode model', \
    'memory.dat' index 25 using 1:5 with linespoints ls 52 title 'nsa/cuda/tc decode peak', \
    'memory.dat' index 26 using 1:2 with linespoints ls 53 title 'nsa/cuda/v1 decode model', \
    'memory.dat' index 26 using 1:5 with linespoints ls 54 title 'nsa/cuda/v1 decode peak', \
    'memory.dat' index 27 using 1:2 with linespoints ls 55 title 'moba/cuda/tc decode model', \
    'memory.dat' index 27 using 1:5 with linespoints ls 56 title 'moba/cuda/tc decode peak', \
    'memory.dat' index 28 using 1:2 with linespoints ls 57 title 'moba/cuda/v1 decode model', \
    'memory.dat' index 28 using 1:5 with linespoints ls 58 title 'moba/cuda/v1 decode peak', \
    'memory.dat' index 29 using 1:2 with linespoints ls 59 title 'dsa/cuda/v1 decode model', \
    'memory.dat' index 29 using 1:5 with linespoints ls 60 title 'dsa/cuda/v1 decode peak', \
    'memory.dat' index 30 using 1:2 with linespoints ls 61 title 'dsa/cuda/fp8 decode model', \
    'memory.dat' index 30 using 1:5 with linespoints ls 62 title 'dsa/cuda/fp8 decode peak', \
    'memory.dat' index 31 using 1:2 with linespoints ls 63 title 'dsa/cuda/tc decode model', \
    'memory.dat' index 31 using 1:5 with linespoints ls 64 title 'dsa/cuda/tc decode peak', \
    'memory.dat' index 32 using 1:2 with linespoints ls 65 title 'dsa/cuda/tc_fp8 decode model', \
    'memory.dat' index 32 using 1:5 with linespoints ls 66 title 'dsa/cuda/tc_fp8 decode peak', \
    'memory.dat' index 33 using 1:2 with linespoints ls 67 title 'quest/cuda/v1 decode model', \
    'memory.dat' index 33 using 1:5 with linespoints ls 68 title 'quest/cuda/v1 decode peak', \
    6.75645317e+10 with lines lc rgb "#666666" lw 1.5 dt 4 title 'host memory limit (62.9 GiB)', \
    1.35098892e+11 with lines lc rgb "#000000" lw 1.5 dt 4 title 'device memory limit (126 GiB)'
  set output
}
