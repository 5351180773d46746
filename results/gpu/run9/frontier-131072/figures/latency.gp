# latency.gp - median latency vs context length
# Written by `msabench plot` from results/gpu/run9/frontier-131072/results.csv; the data is latency.dat beside this file.
# Rebuild in this directory: gnuplot latency.gp   (or gnuplot -e 'fmts="png"' latency.gp)
if (!exists("fmts")) fmts = 'png'
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
set xrange [65536:262144]
unset mxtics
set xtics ("128K" 131072)
set logscale y 10
set format y "%g"
set key outside right top vertical Left reverse noautotitle spacing 1.1
set style line 1 lc rgb "#1f77b4" lw 2 dt 1 pt 5
set style line 2 lc rgb "#1f77b4" lw 2 dt 1 pt 4
set style line 3 lc rgb "#d62728" lw 2 dt 1 pt 7
set style line 4 lc rgb "#d62728" lw 2 dt 1 pt 6
set style line 5 lc rgb "#9467bd" lw 2 dt 1 pt 13
set style line 6 lc rgb "#8c564b" lw 2 dt 1 pt 5
set style line 7 lc rgb "#e377c2" lw 2 dt 1 pt 7
set style line 8 lc rgb "#17becf" lw 2 dt 1 pt 9
set style line 9 lc rgb "#17becf" lw 2 dt 1 pt 8
set style line 10 lc rgb "#d62728" lw 2 dt 2 pt 7
set style line 11 lc rgb "#d62728" lw 2 dt 2 pt 6
set style line 12 lc rgb "#9467bd" lw 2 dt 1 pt 12
set style line 13 lc rgb "#8c564b" lw 2 dt 1 pt 4
set style line 14 lc rgb "#e377c2" lw 2 dt 1 pt 6
set style line 15 lc rgb "#d62728" lw 2 dt 3 pt 7
set style line 16 lc rgb "#d62728" lw 2 dt 3 pt 6
set style line 17 lc rgb "#9467bd" lw 2 dt 2 pt 13
set style line 18 lc rgb "#8c564b" lw 2 dt 2 pt 5
set style line 19 lc rgb "#e377c2" lw 2 dt 2 pt 7
set style line 20 lc rgb "#1f77b4" lw 2 dt 2 pt 5
set style line 21 lc rgb "#d62728" lw 2 dt 4 pt 7
set style line 22 lc rgb "#d62728" lw 2 dt 4 pt 6
set style line 23 lc rgb "#d62728" lw 2 dt 5 pt 7
set style line 24 lc rgb "#9467bd" lw 2 dt 2 pt 12
set style line 25 lc rgb "#8c564b" lw 2 dt 2 pt 4
set style line 26 lc rgb "#e377c2" lw 2 dt 2 pt 6
set style line 27 lc rgb "#17becf" lw 2 dt 2 pt 9
set style line 28 lc rgb "#17becf" lw 2 dt 2 pt 8
set style line 29 lc rgb "#bcbd22" lw 2 dt 1 pt 13
set style line 30 lc rgb "#d62728" lw 2 dt 5 pt 6
set style line 31 lc rgb "#d62728" lw 2 dt 1 pt 7
set style line 32 lc rgb "#d62728" lw 2 dt 1 pt 6
set style line 33 lc rgb "#9467bd" lw 2 dt 3 pt 13
set style line 34 lc rgb "#8c564b" lw 2 dt 3 pt 5
set style line 35 lc rgb "#e377c2" lw 2 dt 3 pt 7
set style line 36 lc rgb "#bcbd22" lw 2 dt 1 pt 12
set style line 37 lc rgb "#d62728" lw 2 dt 2 pt 7
set style line 38 lc rgb "#d62728" lw 2 dt 2 pt 6
set style line 39 lc rgb "#d62728" lw 2 dt 3 pt 7
set style line 40 lc rgb "#9467bd" lw 2 dt 3 pt 12
set style line 41 lc rgb "#8c564b" lw 2 dt 3 pt 4
set style line 42 lc rgb "#e377c2" lw 2 dt 3 pt 6
set style line 43 lc rgb "#bcbd22" lw 2 dt 2 pt 13
do for [fmt in fmts] {
  if (fmt eq "pdf") {
    set terminal pdfcairo noenhanced color font "Helvetica,9" size 8.74in,4.00in linewidth 0.6
    set output "latency.pdf"; small = ",7"; set pointsize 0.55
  }
  if (fmt eq "png") {
    set terminal pngcairo noenhanced color font "Helvetica,11" size 1311,600 linewidth 1
    set output "latency.png"; small = ",9"; set pointsize 1.1
  }
  if (fmt eq "svg") {
    set terminal svg noenhanced font "Helvetica,11" size 1049,480 dynamic background "white" linewidth 1
    set output "latency.svg"; small = ",9"; set pointsize 1
  }
  set label 900 'skipped: msa cuda N=128K prefill (unsupported: msa cuda decode_fp8: prefill ab...);  skipped: quest cuda N=128K prefill (unsupported: quest is a decode method: prefi...)'."\n".'skipped: flash cuda N=128K decode (unsupported: flash wgmma_v1: prefill only (d...)' at screen 0.01, screen 0.01 left front textcolor rgb "#555555" font small offset 0,2
  set bmargin 7
  plot 'latency.dat' index 0 using 1:2:3:4 with yerrorlines ls 1 title 'flash/cuda/wgmma_v1 prefill', \
    'latency.dat' index 1 using 1:2:3:4 with yerrorlines ls 2 title 'flash/cuda/mma_v1 prefill', \
    'latency.dat' index 2 using 1:2:3:4 with yerrorlines ls 3 title 'msa/cuda/q_outer prefill k=8', \
    'latency.dat' index 3 using 1:2:3:4 with yerrorlines ls 4 title 'msa/cuda/kv_outer prefill k=8', \
    'latency.dat' index 4 using 1:2:3:4 with yerrorlines ls 5 title 'bigbird/cuda/q_outer prefill r=3', \
    'latency.dat' index 5 using 1:2:3:4 with yerrorlines ls 6 title 'nsa/cuda/tc prefill k=8', \
    'latency.dat' index 6 using 1:2:3:4 with yerrorlines ls 7 title 'moba/cuda/tc prefill k=8', \
    'latency.dat' index 7 using 1:2:3:4 with yerrorlines ls 8 title 'dsa/cuda/tc prefill', \
    'latency.dat' index 8 using 1:2:3:4 with yerrorlines ls 9 title 'dsa/cuda/tc_fp8 prefill', \
    'latency.dat' index 9 using 1:2:3:4 with yerrorlines ls 10 title 'msa/cuda/q_outer prefill k=16', \
    'latency.dat' index 10 using 1:2:3:4 with yerrorlines ls 11 title 'msa/cuda/kv_outer prefill k=16', \
    'latency.dat' index 11 using 1:2:3:4 with yerrorlines ls 12 title 'bigbird/cuda/q_outer prefill r=11', \
    'latency.dat' index 12 using 1:2:3:4 with yerrorlines ls 13 title 'nsa/cuda/tc prefill k=16', \
    'latency.dat' index 13 using 1:2:3:4 with yerrorlines ls 14 title 'moba/cuda/tc prefill k=16', \
    'latency.dat' index 14 using 1:2:3:4 with yerrorlines ls 15 title 'msa/cuda/q_outer prefill k=32', \
    'latency.dat' index 15 using 1:2:3:4 with yerrorlines ls 16 title 'msa/cuda/kv_outer prefill k=32', \
    'latency.dat' index 16 using 1:2:3:4 with yerrorlines ls 17 title 'bigbird/cuda/q_outer prefill r=27', \
    'latency.dat' index 17 using 1:2:3:4 with yerrorlines ls 18 title 'nsa/cuda/tc prefill k=32', \
    'latency.dat' index 18 using 1:2:3:4 with yerrorlines ls 19 title 'moba/cuda/tc prefill k=32', \
    'latency.dat' index 19 using 1:2:3:4 with yerrorlines ls 20 title 'flash/cuda/mma_v1 decode', \
    'latency.dat' index 20 using 1:2:3:4 with yerrorlines ls 21 title 'msa/cuda/q_outer decode k=8', \
    'latency.dat' index 21 using 1:2:3:4 with yerrorlines ls 22 title 'msa/cuda/kv_outer decode k=8', \
    'latency.dat' index 22 using 1:2:3:4 with yerrorlines ls 23 title 'msa/cuda/decode_fp8 decode k=8', \
    'latency.dat' index 23 using 1:2:3:4 with yerrorlines ls 24 title 'bigbird/cuda/q_outer decode r=3', \
    'latency.dat' index 24 using 1:2:3:4 with yerrorlines ls 25 title 'nsa/cuda/tc decode k=8', \
    'latency.dat' index 25 using 1:2:3:4 with yerrorlines ls 26 title 'moba/cuda/tc decode k=8', \
    'latency.dat' index 26 using 1:2:3:4 with yerrorlines ls 27 title 'dsa/cuda/tc decode', \
    'latency.dat' index 27 using 1:2:3:4 with yerrorlines ls 28 title 'dsa/cuda/tc_fp8 decode', \
    'latency.dat' index 28 using 1:2:3:4 with yerrorlines ls 29 title 'quest/cuda/v1 decode k=8', \
    'latency.dat' index 29 using 1:2:3:4 with yerrorlines ls 30 title 'msa/cuda/q_outer decode k=16', \
    'latency.dat' index 30 using 1:2:3:4 with yerrorlines ls 31 title 'msa/cuda/kv_outer decode k=16', \
    'latency.dat' index 31 using 1:2:3:4 with yerrorlines ls 32 title 'msa/cuda/decode_fp8 decode k=16', \
    'latency.dat' index 32 using 1:2:3:4 with yerrorlines ls 33 title 'bigbird/cuda/q_outer decode r=11', \
    'latency.dat' index 33 using 1:2:3:4 with yerrorlines ls 34 title 'nsa/cuda/tc decode k=16', \
    'latency.dat' index 34 using 1:2:3:4 with yerrorlines ls 35 title 'moba/cuda/tc decode k=16', \
    'latency.dat' index 35 using 1:2:3:4 with yerrorlines ls 36 title 'quest/cuda/v1 decode k=16', \
    'latency.dat' index 36 using 1:2:3:4 with yerrorlines ls 37 title 'msa/cuda/q_outer decode k=32', \
    'latency.dat' index 37 using 1:2:3:4 with yerrorlines ls 38 title 'msa/cuda/kv_outer decode k=32', \
    'latency.dat' index 38 using 1:2:3:4 with yerrorlines ls 39 title 'msa/cuda/decode_fp8 decode k=32', \
    'latency.dat' index 39 using 1:2:3:4 with yerrorlines ls 40 title 'bigbird/cuda/q_outer decode r=27', \
    'latency.dat' index 40 using 1:2:3:4 with yerrorlines ls 41 title 'nsa/cuda/tc decode k=32', \
    'latency.dat' index 41 using 1:2:3:4 with yerrorlines ls 42 title 'moba/cuda/tc decode k=32', \
    'latency.dat' index 42 using 1:2:3:4 with yerrorlines ls 43 title 'quest/cuda/v1 decode k=32'
  set output
}
