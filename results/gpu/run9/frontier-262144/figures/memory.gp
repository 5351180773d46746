# memory.gp - memory vs context length
# Written by `msabench plot` from results/gpu/run9/frontier-262144/results.csv; the data is memory.dat beside this file.
# Rebuild in this directory: gnuplot memory.gp   (or gnuplot -e 'fmts="png"' memory.gp)
if (!exists("fmts")) fmts = 'png'
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
set xrange [131072:524288]
unset mxtics
set xtics ("256K" 262144)
set logscale y 10
set format y "%.0s %cB"
set yrange [268452000:2.70197785e+11]
set style line 1 lc rgb "#1f77b4" lw 2 dt 1 pt 5
set style line 2 lc rgb "#1f77b4" lw 2 dt 2 pt 4
set style line 3 lc rgb "#1f77b4" lw 2 dt 1 pt 4
set style line 4 lc rgb "#1f77b4" lw 2 dt 2 pt 4
set style line 5 lc rgb "#d62728" lw 2 dt 1 pt 7
set style line 6 lc rgb "#d62728" lw 2 dt 2 pt 6
set style line 7 lc rgb "#d62728" lw 2 dt 1 pt 6
set style line 8 lc rgb "#d62728" lw 2 dt 2 pt 6
set style line 9 lc rgb "#9467bd" lw 2 dt 1 pt 13
set style line 10 lc rgb "#9467bd" lw 2 dt 2 pt 12
set style line 11 lc rgb "#8c564b" lw 2 dt 1 pt 5
set style line 12 lc rgb "#8c564b" lw 2 dt 2 pt 4
set style line 13 lc rgb "#e377c2" lw 2 dt 1 pt 7
set style line 14 lc rgb "#e377c2" lw 2 dt 2 pt 6
set style line 15 lc rgb "#17becf" lw 2 dt 1 pt 9
set style line 16 lc rgb "#17becf" lw 2 dt 2 pt 8
set style line 17 lc rgb "#17becf" lw 2 dt 1 pt 8
set style line 18 lc rgb "#17becf" lw 2 dt 2 pt 8
set style line 19 lc rgb "#1f77b4" lw 2 dt 1 pt 5
set style line 20 lc rgb "#1f77b4" lw 2 dt 2 pt 4
set style line 21 lc rgb "#d62728" lw 2 dt 1 pt 7
set style line 22 lc rgb "#d62728" lw 2 dt 2 pt 6
set style line 23 lc rgb "#d62728" lw 2 dt 1 pt 6
set style line 24 lc rgb "#d62728" lw 2 dt 2 pt 6
set style line 25 lc rgb "#d62728" lw 2 dt 1 pt 7
set style line 26 lc rgb "#d62728" lw 2 dt 2 pt 6
set style line 27 lc rgb "#9467bd" lw 2 dt 1 pt 12
set style line 28 lc rgb "#9467bd" lw 2 dt 2 pt 12
set style line 29 lc rgb "#8c564b" lw 2 dt 1 pt 4
set style line 30 lc rgb "#8c564b" lw 2 dt 2 pt 4
set style line 31 lc rgb "#e377c2" lw 2 dt 1 pt 6
set style line 32 lc rgb "#e377c2" lw 2 dt 2 pt 6
set style line 33 lc rgb "#17becf" lw 2 dt 1 pt 9
set style line 34 lc rgb "#17becf" lw 2 dt 2 pt 8
set style line 35 lc rgb "#17becf" lw 2 dt 1 pt 8
set style line 36 lc rgb "#17becf" lw 2 dt 2 pt 8
set style line 37 lc rgb "#bcbd22" lw 2 dt 1 pt 13
set style line 38 lc rgb "#bcbd22" lw 2 dt 2 pt 12
set key outside right top vertical Left reverse noautotitle spacing 1.1
do for [fmt in fmts] {
  if (fmt eq "pdf") {
    set terminal pdfcairo noenhanced color font "Helvetica,9" size 8.81in,4.00in linewidth 0.6
    set output "memory.pdf"; small = ",7"; set pointsize 0.55
  }
  if (fmt eq "png") {
    set terminal pngcairo noenhanced color font "Helvetica,11" size 1321,600 linewidth 1
    set output "memory.png"; small = ",9"; set pointsize 1.1
  }
  if (fmt eq "svg") {
    set terminal svg noenhanced font "Helvetica,11" size 1057,480 dynamic background "white" linewidth 1
    set output "memory.svg"; small = ",9"; set pointsize 1
  }
  set label 900 'skipped: msa cuda N=256K prefill (unsupported: msa cuda decode_fp8: prefill ab...);  skipped: quest cuda N=256K prefill (unsupported: quest is a decode method: prefi...)'."\n".'skipped: flash cuda N=256K decode (unsupported: flash wgmma_v1: prefill only (d...)' at screen 0.01, screen 0.01 left front textcolor rgb "#555555" font small offset 0,2
  set bmargin 7
  plot 'memory.dat' index 0 using 1:2 with linespoints ls 1 title 'flash/cuda/wgmma_v1 prefill model', \
    'memory.dat' index 0 using 1:5 with linespoints ls 2 title 'flash/cuda/wgmma_v1 prefill peak', \
    'memory.dat' index 1 using 1:2 with linespoints ls 3 title 'flash/cuda/mma_v1 prefill model', \
    'memory.dat' index 1 using 1:5 with linespoints ls 4 title 'flash/cuda/mma_v1 prefill peak', \
    'memory.dat' index 2 using 1:2 with linespoints ls 5 title 'msa/cuda/q_outer prefill model', \
    'memory.dat' index 2 using 1:5 with linespoints ls 6 title 'msa/cuda/q_outer prefill peak', \
    'memory.dat' index 3 using 1:2 with linespoints ls 7 title 'msa/cuda/kv_outer prefill model', \
    'memory.dat' index 3 using 1:5 with linespoints ls 8 title 'msa/cuda/kv_outer prefill peak', \
    'memory.dat' index 4 using 1:2 with linespoints ls 9 title 'bigbird/cuda/q_outer prefill model', \
    'memory.dat' index 4 using 1:5 with linespoints ls 10 title 'bigbird/cuda/q_outer prefill peak', \
    'memory.dat' index 5 using 1:2 with linespoints ls 11 title 'nsa/cuda/tc prefill model', \
    'memory.dat' index 5 using 1:5 with linespoints ls 12 title 'nsa/cuda/tc prefill peak', \
    'memory.dat' index 6 using 1:2 with linespoints ls 13 title 'moba/cuda/tc prefill model', \
    'memory.dat' index 6 using 1:5 with linespoints ls 14 title 'moba/cuda/tc prefill peak', \
    'memory.dat' index 7 using 1:2 with linespoints ls 15 title 'dsa/cuda/tc prefill model', \
    'memory.dat' index 7 using 1:5 with linespoints ls 16 title 'dsa/cuda/tc prefill peak', \
    'memory.dat' index 8 using 1:2 with linespoints ls 17 title 'dsa/cuda/tc_fp8 prefill model', \
    'memory.dat' index 8 using 1:5 with linespoints ls 18 title 'dsa/cuda/tc_fp8 prefill peak', \
    'memory.dat' index 9 using 1:2 with linespoints ls 19 title 'flash/cuda/mma_v1 decode model', \
    'memory.dat' index 9 using 1:5 with linespoints ls 20 title 'flash/cuda/mma_v1 decode peak', \
    'memory.dat' index 10 using 1:2 with linespoints ls 21 title 'msa/cuda/q_outer decode model', \
    'memory.dat' index 10 using 1:5 with linespoints ls 22 title 'msa/cuda/q_outer decode peak', \
    'memory.dat' index 11 using 1:2 with linespoints ls 23 title 'msa/cuda/kv_outer decode model', \
    'memory.dat' index 11 using 1:5 with linespoints ls 24 title 'msa/cuda/kv_outer decode peak', \
    'memory.dat' index 12 using 1:2 with linespoints ls 25 title 'msa/cuda/decode_fp8 decode model', \
    'memory.dat' index 12 using 1:5 with linespoints ls 26 title 'msa/cuda/decode_fp8 decode peak', \
    'memory.dat' index 13 using 1:2 with linespoints ls 27 title 'bigbird/cuda/q_outer decode model', \
    'memory.dat' index 13 using 1:5 with linespoints ls 28 title 'bigbird/cuda/q_outer decode peak', \
    'memory.dat' index 14 using 1:2 with linespoints ls 29 title 'nsa/cuda/tc decode model', \
    'memory.dat' index 14 using 1:5 with linespoints ls 30 title 'nsa/cuda/tc decode peak', \
    'memory.dat' index 15 using 1:2 with linespoints ls 31 title 'moba/cuda/tc decode model', \
    'memory.dat' index 15 using 1:5 with linespoints ls 32 title 'moba/cuda/tc decode peak', \
    'memory.dat' index 16 using 1:2 with linespoints ls 33 title 'dsa/cuda/tc decode model', \
    'memory.dat' index 16 using 1:5 with linespoints ls 34 title 'dsa/cuda/tc decode peak', \
    'memory.dat' index 17 using 1:2 with linespoints ls 35 title 'dsa/cuda/tc_fp8 decode model', \
    'memory.dat' index 17 using 1:5 with linespoints ls 36 title 'dsa/cuda/tc_fp8 decode peak', \
    'memory.dat' index 18 using 1:2 with linespoints ls 37 title 'quest/cuda/v1 decode model', \
    'memory.dat' index 18 using 1:5 with linespoints ls 38 title 'quest/cuda/v1 decode peak', \
    6.75645276e+10 with lines lc rgb "#666666" lw 1.5 dt 4 title 'host memory limit (62.9 GiB)', \
    1.35098892e+11 with lines lc rgb "#000000" lw 1.5 dt 4 title 'device memory limit (126 GiB)'
  set output
}
