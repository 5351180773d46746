# speedup.gp - speedup over the dense baseline vs context length
# Written by `msabench plot` from results/gpu/run9/frontier-262144/results.csv; the data is speedup.dat beside this file.
# Rebuild in this directory: gnuplot speedup.gp   (or gnuplot -e 'fmts="png"' speedup.gp)
if (!exists("fmts")) fmts = 'png'
reset
set encoding utf8
set grid xtics ytics lc rgb "#dddddd" lw 1
set border lw 1
set tics nomirror out
set border 3
set title 'Speedup over dense attention  -  NVIDIA H200'."\n".'baseline: fastest flash of the same backend and point'
set xlabel 'context length N (tokens)'
set ylabel 'speedup over flash (x)'
set logscale x 2
set xrange [131072:524288]
unset mxtics
set xtics ("256K" 262144)
set logscale y 10
set format y "%gx"
set logscale y 2
set yrange [0.105303647:23.3946058]
set key outside right top vertical Left reverse noautotitle spacing 1.1
set style line 1 lc rgb "#d62728" lw 2 dt 1 pt 7
set style line 2 lc rgb "#d62728" lw 2 dt 1 pt 6
set style line 3 lc rgb "#9467bd" lw 2 dt 1 pt 13
set style line 4 lc rgb "#8c564b" lw 2 dt 1 pt 5
set style line 5 lc rgb "#e377c2" lw 2 dt 1 pt 7
set style line 6 lc rgb "#17becf" lw 2 dt 1 pt 9
set style line 7 lc rgb "#17becf" lw 2 dt 1 pt 8
set style line 8 lc rgb "#d62728" lw 2 dt 2 pt 7
set style line 9 lc rgb "#d62728" lw 2 dt 2 pt 6
set style line 10 lc rgb "#d62728" lw 2 dt 3 pt 7
set style line 11 lc rgb "#9467bd" lw 2 dt 1 pt 12
set style line 12 lc rgb "#8c564b" lw 2 dt 1 pt 4
set style line 13 lc rgb "#e377c2" lw 2 dt 1 pt 6
set style line 14 lc rgb "#17becf" lw 2 dt 2 pt 9
set style line 15 lc rgb "#17becf" lw 2 dt 2 pt 8
set style line 16 lc rgb "#bcbd22" lw 2 dt 1 pt 13
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
  set label 900 'skipped: msa cuda N=256K prefill (unsupported: msa cuda decode_fp8: prefill ab...);  skipped: quest cuda N=256K prefill (unsupported: quest is a decode method: prefi...)'."\n".'skipped: flash cuda N=256K decode (unsupported: flash wgmma_v1: prefill only (d...)' at screen 0.01, screen 0.01 left front textcolor rgb "#555555" font small offset 0,2
  set bmargin 7
  plot 'speedup.dat' index 0 using 1:2 with linespoints ls 1 title 'msa/cuda/q_outer prefill', \
    'speedup.dat' index 1 using 1:2 with linespoints ls 2 title 'msa/cuda/kv_outer prefill', \
    'speedup.dat' index 2 using 1:2 with linespoints ls 3 title 'bigbird/cuda/q_outer prefill', \
    'speedup.dat' index 3 using 1:2 with linespoints ls 4 title 'nsa/cuda/tc prefill', \
    'speedup.dat' index 4 using 1:2 with linespoints ls 5 title 'moba/cuda/tc prefill', \
    'speedup.dat' index 5 using 1:2 with linespoints ls 6 title 'dsa/cuda/tc prefill', \
    'speedup.dat' index 6 using 1:2 with linespoints ls 7 title 'dsa/cuda/tc_fp8 prefill', \
    'speedup.dat' index 7 using 1:2 with linespoints ls 8 title 'msa/cuda/q_outer decode', \
    'speedup.dat' index 8 using 1:2 with linespoints ls 9 title 'msa/cuda/kv_outer decode', \
    'speedup.dat' index 9 using 1:2 with linespoints ls 10 title 'msa/cuda/decode_fp8 decode', \
    'speedup.dat' index 10 using 1:2 with linespoints ls 11 title 'bigbird/cuda/q_outer decode', \
    'speedup.dat' index 11 using 1:2 with linespoints ls 12 title 'nsa/cuda/tc decode', \
    'speedup.dat' index 12 using 1:2 with linespoints ls 13 title 'moba/cuda/tc decode', \
    'speedup.dat' index 13 using 1:2 with linespoints ls 14 title 'dsa/cuda/tc decode', \
    'speedup.dat' index 14 using 1:2 with linespoints ls 15 title 'dsa/cuda/tc_fp8 decode', \
    'speedup.dat' index 15 using 1:2 with linespoints ls 16 title 'quest/cuda/v1 decode', \
    1 with lines lc rgb "#000000" lw 1.5 dt 2 title 'break-even (1x)'
  set output
}
