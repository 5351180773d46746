# latency.gp - median latency vs context length
# Written by `msabench plot` from results/gpu/run9/frontier-262144/results.csv; the data is latency.dat beside this file.
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
set xrange [131072:524288]
unset mxtics
set xtics ("256K" 262144)
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
set style line 10 lc rgb "#1f77b4" lw 2 dt 2 pt 5
set style line 11 lc rgb "#d62728" lw 2 dt 2 pt 7
set style line 12 lc rgb "#d62728" lw 2 dt 2 pt 6
set style line 13 lc rgb "#d62728" lw 2 dt 3 pt 7
set style line 14 lc rgb "#9467bd" lw 2 dt 1 pt 12
set style line 15 lc rgb "#8c564b" lw 2 dt 1 pt 4
set style line 16 lc rgb "#e377c2" lw 2 dt 1 pt 6
set style line 17 lc rgb "#17becf" lw 2 dt 2 pt 9
set style line 18 lc rgb "#17becf" lw 2 dt 2 pt 8
set style line 19 lc rgb "#bcbd22" lw 2 dt 1 pt 13
do for [fmt in fmts] {
  if (fmt eq "pdf") {
    set terminal pdfcairo noenhanced color font "Helvetica,9" size 8.40in,4.00in linewidth 0.6
    set output "latency.pdf"; small = ",7"; set pointsize 0.55
  }
  if (fmt eq "png") {
    set terminal pngcairo noenhanced color font "Helvetica,11" size 1260,600 linewidth 1
    set output "latency.png"; small = ",9"; set pointsize 1.1
  }
  if (fmt eq "svg") {
    set terminal svg noenhanced font "Helvetica,11" size 1008,480 dynamic background "white" linewidth 1
    set output "latency.svg"; small = ",9"; set pointsize 1
  }
  set label 900 'skipped: msa cuda N=256K prefill (unsupported: msa cuda decode_fp8: prefill ab...);  skipped: quest cuda N=256K prefill (unsupported: quest is a decode method: prefi...)'."\n".'skipped: flash cuda N=256K decode (unsupported: flash wgmma_v1: prefill only (d...)' at screen 0.01, screen 0.01 left front textcolor rgb "#555555" font small offset 0,2
  set bmargin 7
  plot 'latency.dat' index 0 using 1:2:3:4 with yerrorlines ls 1 title 'flash/cuda/wgmma_v1 prefill', \
    'latency.dat' index 1 using 1:2:3:4 with yerrorlines ls 2 title 'flash/cuda/mma_v1 prefill', \
    'latency.dat' index 2 using 1:2:3:4 with yerrorlines ls 3 title 'msa/cuda/q_outer prefill', \
    'latency.dat' index 3 using 1:2:3:4 with yerrorlines ls 4 title 'msa/cuda/kv_outer prefill', \
    'latency.dat' index 4 using 1:2:3:4 with yerrorlines ls 5 title 'bigbird/cuda/q_outer prefill', \
    'latency.dat' index 5 using 1:2:3:4 with yerrorlines ls 6 title 'nsa/cuda/tc prefill', \
    'latency.dat' index 6 using 1:2:3:4 with yerrorlines ls 7 title 'moba/cuda/tc prefill', \
    'latency.dat' index 7 using 1:2:3:4 with yerrorlines ls 8 title 'dsa/cuda/tc prefill', \
    'latency.dat' index 8 using 1:2:3:4 with yerrorlines ls 9 title 'dsa/cuda/tc_fp8 prefill', \
    'latency.dat' index 9 using 1:2:3:4 with yerrorlines ls 10 title 'flash/cuda/mma_v1 decode', \
    'latency.dat' index 10 using 1:2:3:4 with yerrorlines ls 11 title 'msa/cuda/q_outer decode', \
    'latency.dat' index 11 using 1:2:3:4 with yerrorlines ls 12 title 'msa/cuda/kv_outer decode', \
    'latency.dat' index 12 using 1:2:3:4 with yerrorlines ls 13 title 'msa/cuda/decode_fp8 decode', \
    'latency.dat' index 13 using 1:2:3:4 with yerrorlines ls 14 title 'bigbird/cuda/q_outer decode', \
    'latency.dat' index 14 using 1:2:3:4 with yerrorlines ls 15 title 'nsa/cuda/tc decode', \
    'latency.dat' index 15 using 1:2:3:4 with yerrorlines ls 16 title 'moba/cuda/tc decode', \
    'latency.dat' index 16 using 1:2:3:4 with yerrorlines ls 17 title 'dsa/cuda/tc decode', \
    'latency.dat' index 17 using 1:2:3:4 with yerrorlines ls 18 title 'dsa/cuda/tc_fp8 decode', \
    'latency.dat' index 18 using 1:2:3:4 with yerrorlines ls 19 title 'quest/cuda/v1 decode'
  set output
}
