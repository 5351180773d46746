# tflops.gp - Throughput (TFLOP/s)
# Written by `msabench plot` from results/contemporaries/run/results.csv; the data is tflops.dat beside this file.
# Rebuild in this directory: gnuplot tflops.gp   (or gnuplot -e 'fmts="png"' tflops.gp)
if (!exists("fmts")) fmts = 'png'
reset
set encoding utf8
set grid xtics ytics lc rgb "#dddddd" lw 1
set border lw 1
set tics nomirror out
set border 3
set title 'Throughput (TFLOP/s)  -  AMD EPYC'."\n".'useful = counted FLOPs / time (solid, filled);  dense-equivalent = dense causal FLOPs / time (dashed, open)'
set xlabel 'context length N (tokens)'
set ylabel 'TFLOP/s'
set logscale x 2
set xrange [1638.4:20480]
unset mxtics
set xtics ("2K" 2048, "4K" 4096, "8K" 8192, "16K" 16384)
set logscale y 10
set format y "%g"
set yrange [0.000194679333:1.550085]
set style line 1 lc rgb "#d62728" lw 2 dt 1 pt 7
set style line 2 lc rgb "#d62728" lw 2 dt 2 pt 6
set style line 3 lc rgb "#9467bd" lw 2 dt 1 pt 13
set style line 4 lc rgb "#9467bd" lw 2 dt 2 pt 12
set style line 5 lc rgb "#8c564b" lw 2 dt 1 pt 5
set style line 6 lc rgb "#8c564b" lw 2 dt 2 pt 4
set style line 7 lc rgb "#e377c2" lw 2 dt 1 pt 7
set style line 8 lc rgb "#e377c2" lw 2 dt 2 pt 6
set style line 9 lc rgb "#17becf" lw 2 dt 1 pt 9
set style line 10 lc rgb "#17becf" lw 2 dt 2 pt 8
set style line 11 lc rgb "#bcbd22" lw 2 dt 1 pt 13
set style line 12 lc rgb "#bcbd22" lw 2 dt 2 pt 12
set style line 13 lc rgb "#d62728" lw 2 dt 1 pt 6
set style line 14 lc rgb "#d62728" lw 2 dt 2 pt 6
set style line 15 lc rgb "#17becf" lw 2 dt 1 pt 8
set style line 16 lc rgb "#17becf" lw 2 dt 2 pt 8
set style line 17 lc rgb "#d62728" lw 2 dt 1 pt 7
set style line 18 lc rgb "#d62728" lw 2 dt 2 pt 6
set style line 19 lc rgb "#17becf" lw 2 dt 1 pt 9
set style line 20 lc rgb "#17becf" lw 2 dt 2 pt 8
set style line 21 lc rgb "#d62728" lw 2 dt 1 pt 6
set style line 22 lc rgb "#d62728" lw 2 dt 2 pt 6
set style line 23 lc rgb "#9467bd" lw 2 dt 1 pt 12
set style line 24 lc rgb "#9467bd" lw 2 dt 2 pt 12
set style line 25 lc rgb "#8c564b" lw 2 dt 1 pt 4
set style line 26 lc rgb "#8c564b" lw 2 dt 2 pt 4
set style line 27 lc rgb "#e377c2" lw 2 dt 1 pt 6
set style line 28 lc rgb "#e377c2" lw 2 dt 2 pt 6
set style line 29 lc rgb "#bcbd22" lw 2 dt 1 pt 12
set style line 30 lc rgb "#bcbd22" lw 2 dt 2 pt 12
set style line 31 lc rgb "#d62728" lw 2 dt 1 pt 7
set style line 32 lc rgb "#d62728" lw 2 dt 2 pt 6
set style line 33 lc rgb "#d62728" lw 2 dt 1 pt 6
set style line 34 lc rgb "#d62728" lw 2 dt 2 pt 6
set style line 35 lc rgb "#d62728" lw 2 dt 1 pt 7
set style line 36 lc rgb "#d62728" lw 2 dt 2 pt 6
set style line 37 lc rgb "#9467bd" lw 2 dt 1 pt 13
set style line 38 lc rgb "#9467bd" lw 2 dt 2 pt 12
set style line 39 lc rgb "#8c564b" lw 2 dt 1 pt 5
set style line 40 lc rgb "#8c564b" lw 2 dt 2 pt 4
set style line 41 lc rgb "#e377c2" lw 2 dt 1 pt 7
set style line 42 lc rgb "#e377c2" lw 2 dt 2 pt 6
set style line 43 lc rgb "#bcbd22" lw 2 dt 1 pt 13
set style line 44 lc rgb "#bcbd22" lw 2 dt 2 pt 12
set style line 45 lc rgb "#d62728" lw 2 dt 1 pt 6
set style line 46 lc rgb "#d62728" lw 2 dt 2 pt 6
set style line 47 lc rgb "#d62728" lw 2 dt 1 pt 7
set style line 48 lc rgb "#d62728" lw 2 dt 2 pt 6
set style line 49 lc rgb "#d62728" lw 2 dt 1 pt 6
set style line 50 lc rgb "#d62728" lw 2 dt 2 pt 6
set style line 51 lc rgb "#9467bd" lw 2 dt 1 pt 12
set style line 52 lc rgb "#9467bd" lw 2 dt 2 pt 12
set style line 53 lc rgb "#8c564b" lw 2 dt 1 pt 4
set style line 54 lc rgb "#8c564b" lw 2 dt 2 pt 4
set style line 55 lc rgb "#e377c2" lw 2 dt 1 pt 6
set style line 56 lc rgb "#e377c2" lw 2 dt 2 pt 6
set style line 57 lc rgb "#bcbd22" lw 2 dt 1 pt 12
set style line 58 lc rgb "#bcbd22" lw 2 dt 2 pt 12
set style line 59 lc rgb "#d62728" lw 2 dt 1 pt 7
set style line 60 lc rgb "#d62728" lw 2 dt 2 pt 6
set style line 61 lc rgb "#d62728" lw 2 dt 1 pt 6
set style line 62 lc rgb "#d62728" lw 2 dt 2 pt 6
set style line 63 lc rgb "#d62728" lw 2 dt 1 pt 7
set style line 64 lc rgb "#d62728" lw 2 dt 2 pt 6
set style line 65 lc rgb "#9467bd" lw 2 dt 1 pt 13
set style line 66 lc rgb "#9467bd" lw 2 dt 2 pt 12
set style line 67 lc rgb "#8c564b" lw 2 dt 1 pt 5
set style line 68 lc rgb "#8c564b" lw 2 dt 2 pt 4
set style line 69 lc rgb "#e377c2" lw 2 dt 1 pt 7
set style line 70 lc rgb "#e377c2" lw 2 dt 2 pt 6
set style line 71 lc rgb "#17becf" lw 2 dt 1 pt 8
set style line 72 lc rgb "#17becf" lw 2 dt 2 pt 8
set style line 73 lc rgb "#d62728" lw 2 dt 1 pt 6
set style line 74 lc rgb "#d62728" lw 2 dt 2 pt 6
set style line 75 lc rgb "#9467bd" lw 2 dt 1 pt 12
set style line 76 lc rgb "#9467bd" lw 2 dt 2 pt 12
set style line 77 lc rgb "#8c564b" lw 2 dt 1 pt 4
set style line 78 lc rgb "#8c564b" lw 2 dt 2 pt 4
set style line 79 lc rgb "#e377c2" lw 2 dt 1 pt 6
set style line 80 lc rgb "#e377c2" lw 2 dt 2 pt 6
set style line 81 lc rgb "#17becf" lw 2 dt 1 pt 9
set style line 82 lc rgb "#17becf" lw 2 dt 2 pt 8
set style line 83 lc rgb "#bcbd22" lw 2 dt 1 pt 13
set style line 84 lc rgb "#bcbd22" lw 2 dt 2 pt 12
set style line 85 lc rgb "#d62728" lw 2 dt 1 pt 7
set style line 86 lc rgb "#d62728" lw 2 dt 2 pt 6
set style line 87 lc rgb "#9467bd" lw 2 dt 1 pt 13
set style line 88 lc rgb "#9467bd" lw 2 dt 2 pt 12
set style line 89 lc rgb "#8c564b" lw 2 dt 1 pt 5
set style line 90 lc rgb "#8c564b" lw 2 dt 2 pt 4
set style line 91 lc rgb "#e377c2" lw 2 dt 1 pt 7
set style line 92 lc rgb "#e377c2" lw 2 dt 2 pt 6
set style line 93 lc rgb "#bcbd22" lw 2 dt 1 pt 12
set style line 94 lc rgb "#bcbd22" lw 2 dt 2 pt 12
set style line 95 lc rgb "#d62728" lw 2 dt 1 pt 6
set style line 96 lc rgb "#d62728" lw 2 dt 2 pt 6
set style line 97 lc rgb "#9467bd" lw 2 dt 1 pt 12
set style line 98 lc rgb "#9467bd" lw 2 dt 2 pt 12
set style line 99 lc rgb "#8c564b" lw 2 dt 1 pt 4
set style line 100 lc rgb "#8c564b" lw 2 dt 2 pt 4
set style line 101 lc rgb "#e377c2" lw 2 dt 1 pt 6
set style line 102 lc rgb "#e377c2" lw 2 dt 2 pt 6
set style line 103 lc rgb "#bcbd22" lw 2 dt 1 pt 13
set style line 104 lc rgb "#bcbd22" lw 2 dt 2 pt 12
set key outside right top vertical Left reverse noautotitle spacing 1.1
do for [fmt in fmts] {
  if (fmt eq "pdf") {
    set terminal pdfcairo noenhanced color font "Helvetica,9" size 11.19in,4.00in linewidth 0.6
    set output "tflops.pdf"; small = ",7"; set pointsize 0.55
  }
  if (fmt eq "png") {
    set terminal pngcairo noenhanced color font "Helvetica,11" size 1678,600 linewidth 1
    set output "tflops.png"; small = ",9"; set pointsize 1.1
  }
  if (fmt eq "svg") {
    set terminal svg noenhanced font "Helvetica,11" size 1343,480 dynamic background "white" linewidth 1
    set output "tflops.svg"; small = ",9"; set pointsize 1
  }
  set label 900 'skipped: quest cpu N=16K prefill (unsupported: quest is a decode method: prefi...);  skipped: quest cpu N=2K prefill (unsupported: quest is a decode method: prefi...)' at screen 0.01, screen 0.01 left front textcolor rgb "#555555" font small offset 0,1
  set bmargin 6
  plot 'tflops.dat' index 0 using 1:2 with linespoints ls 1 title 'msa/cpu/blas decode Hq=8 Hkv=2 k=16 structured noise=0 useful', \
    'tflops.dat' index 0 using 1:5 with linespoints ls 2 title 'msa/cpu/blas decode Hq=8 Hkv=2 k=16 structured noise=0 dense-eq.', \
    'tflops.dat' index 1 using 1:2 with linespoints ls 3 title 'bigbird/cpu/blas decode Hq=8 Hkv=2 g=2 r=11 structured useful', \
    'tflops.dat' index 1 using 1:5 with linespoints ls 4 title 'bigbird/cpu/blas decode Hq=8 Hkv=2 g=2 r=11 structured dense-eq.', \
    'tflops.dat' index 2 using 1:2 with linespoints ls 5 title 'nsa/cpu/blas decode Hq=8 Hkv=2 k=16 structured useful', \
    'tflops.dat' index 2 using 1:5 with linespoints ls 6 title 'nsa/cpu/blas decode Hq=8 Hkv=2 k=16 structured dense-eq.', \
    'tflops.dat' index 3 using 1:2 with linespoints ls 7 title 'moba/cpu/loops decode Hq=8 Hkv=2 k=16 structured useful', \
    'tflops.dat' index 3 using 1:5 with linespoints ls 8 title 'moba/cpu/loops decode Hq=8 Hkv=2 k=16 structured dense-eq.', \
    'tflops.dat' index 4 using 1:2 with linespoints ls 9 title 'dsa/cpu/loops decode Hq=8 Hkv=2 structured noise=0 useful', \
    'tflops.dat' index 4 using 1:5 with linespoints ls 10 title 'dsa/cpu/loops decode Hq=8 Hkv=2 structured noise=0 dense-eq.', \
    'tflops.dat' index 5 using 1:2 with linespoints ls 11 title 'quest/cpu/loops decode Hq=8 Hkv=2 k=16 structured useful', \
    'tflops.dat' index 5 using 1:5 with linespoints ls 12 title 'quest/cpu/loops decode Hq=8 Hkv=2 k=16 structured dense-eq.', \
    'tflops.dat' index 6 using 1:2 with linespoints ls 13 title 'msa/cpu/blas decode Hq=8 Hkv=2 k=16 structured noise=0.5 useful', \
    'tflops.dat' index 6 using 1:5 with linespoints ls 14 title 'msa/cpu/blas decode Hq=8 Hkv=2 k=16 structured noise=0.5 dense-eq.', \
    'tflops.dat' index 7 using 1:2 with linespoints ls 15 title 'dsa/cpu/loops decode Hq=8 Hkv=2 structured noise=0.5 useful', \
    'tflops.dat' index 7 using 1:5 with linespoints ls 16 title 'dsa/cpu/loops decode Hq=8 Hkv=2 structured noise=0.5 dense-eq.', \
    'tflops.dat' index 8 using 1:2 with linespoints ls 17 title 'msa/cpu/blas decode Hq=8 Hkv=2 k=16 structured noise=2 useful', \
    'tflops.dat' index 8 using 1:5 with linespoints ls 18 title 'msa/cpu/blas decode Hq=8 Hkv=2 k=16 structured noise=2 dense-eq.', \
    'tflops.dat' index 9 using 1:2 with linespoints ls 19 title 'dsa/cpu/loops decode Hq=8 Hkv=2 structured noise=2 useful', \
    'tflops.dat' index 9 using 1:5 with linespoints ls 20 title 'dsa/cpu/loops decode Hq=8 Hkv=2 structured noise=2 dense-eq.', \
    'tflops.dat' index 10 using 1:2 with linespoints ls 21 title 'msa/cpu/blas decode Hq=8 Hkv=2 k=32 structured noise=0 useful', \
    'tflops.dat' index 10 using 1:5 with linespoints ls 22 title 'msa/cpu/blas decode Hq=8 Hkv=2 k=32 structured noise=0 dense-eq.', \
    'tflops.dat' index 11 using 1:2 with linespoints ls 23 title 'bigbird/cpu/blas decode Hq=8 Hkv=2 g=2 r=27 structured useful', \
    'tflops.dat' index 11 using 1:5 with linespoints ls 24 title 'bigbird/cpu/blas decode Hq=8 Hkv=2 g=2 r=27 structured dense-eq.', \
    'tflops.dat' index 12 using 1:2 with linespoints ls 25 title 'nsa/cpu/blas decode Hq=8 Hkv=2 k=32 structured useful', \
    'tflops.dat' index 12 using 1:5 with linespoints ls 26 title 'nsa/cpu/blas decode Hq=8 Hkv=2 k=32 structured dense-eq.', \
    'tflops.dat' index 13 using 1:2 with linespoints ls 27 title 'moba/cpu/loops decode Hq=8 Hkv=2 k=32 structured useful', \
    'tflops.dat' index 13 using 1:5 with linespoints ls 28 title 'moba/cpu/loops decode Hq=8 Hkv=2 k=32 structured dense-eq.', \
    'tflops.dat' index 14 using 1:2 with linespoints ls 29 title 'quest/cpu/loops decode Hq=8 Hkv=2 k=32 structured useful', \
    'tflops.dat' index 14 using 1:5 with linespoints ls 30 title 'quest/cpu/loops decode Hq=8 Hkv=2 k=32 structured dense-eq.', \
    'tflops.dat' index 15 using 1:2 with linespoints ls 31 title 'msa/cpu/blas decode Hq=8 Hkv=2 k=32 structured noise=0.5 useful', \
    'tflops.dat' index 15 using 1:5 with linespoints ls 32 title 'msa/cpu/blas decode Hq=8 Hkv=2 k=32 structured noise=0.5 dense-eq.', \
    'tflops.dat' index 16 using 1:2 with linespoints ls 33 title 'msa/cpu/blas decode Hq=8 Hkv=2 k=32 structured noise=2 useful', \
    'tflops.dat' index 16 using 1:5 with linespoints ls 34 title 'msa/cpu/blas decode Hq=8 Hkv=2 k=32 structured noise=2 dense-eq.', \
    'tflops.dat' index 17 using 1:2 with linespoints ls 35 title 'msa/cpu/blas decode Hq=8 Hkv=2 k=64 structured noise=0 useful', \
    'tflops.dat' index 17 using 1:5 with linespoints ls 36 title 'msa/cpu/blas decode Hq=8 Hkv=2 k=64 structured noise=0 dense-eq.', \
    'tflops.dat' index 18 using 1:2 with linespoints ls 37 title 'bigbird/cpu/blas decode Hq=8 Hkv=2 g=2 r=59 structured useful', \
    'tflops.dat' index 18 using 1:5 with linespoints ls 38 title 'bigbird/cpu/blas decode Hq=8 Hkv=2 g=2 r=59 structured dense-eq.', \
    'tflops.dat' index 19 using 1:2 with linespoints ls 39 title 'nsa/cpu/blas decode Hq=8 Hkv=2 k=64 structured useful', \
    'tflops.dat' index 19 using 1:5 with linespoints ls 40 title 'nsa/cpu/blas decode Hq=8 Hkv=2 k=64 structured dense-eq.', \
    'tflops.dat' index 20 using 1:2 with linespoints ls 41 title 'moba/cpu/loops decode Hq=8 Hkv=2 k=64 structured useful', \
    'tflops.dat' index 20 using 1:5 with linespoints ls 42 title 'moba/cpu/loops decode Hq=8 Hkv=2 k=64 structured dense-eq.', \
    'tflops.dat' index 21 using 1:2 with linespoints ls 43 title 'quest/cpu/loops decode Hq=8 Hkv=2 k=64 structured useful', \
    'tflops.dat' index 21 using 1:5 with linespoints ls 44 title 'quest/cpu/loops decode Hq=8 Hkv=2 k=64 structured dense-eq.', \
    'tflops.dat' index 22 using 1:2 with linespoints ls 45 title 'msa/cpu/blas decode Hq=8 Hkv=2 k=64 structured noise=0.5 useful', \
    'tflops.dat' index 22 using 1:5 with linespoints ls 46 title 'msa/cpu/blas decode Hq=8 Hkv=2 k=64 structured noise=0.5 dense-eq.', \
    'tflops.dat' index 23 using 1:2 with linespoints ls 47 title 'msa/cpu/blas decode Hq=8 Hkv=2 k=64 structured noise=2 useful', \
    'tflops.dat' index 23 using 1:5 with linespoints ls 48 title 'msa/cpu/blas decode Hq=8 Hkv=2 k=64 structured noise=2 dense-eq.', \
    'tflops.dat' index 24 using 1:2 with linespoints ls 49 title 'msa/cpu/blas decode Hq=8 Hkv=2 k=128 structured noise=0 useful', \
    'tflops.dat' index 24 using 1:5 with linespoints ls 50 title 'msa/cpu/blas decode Hq=8 Hkv=2 k=128 structured noise=0 dense-eq.', \
    'tflops.dat' index 25 using 1:2 with linespoints ls 51 title 'bigbird/cpu/blas decode Hq=8 Hkv=2 g=2 r=123 structured useful', \
    'tflops.dat' index 25 using 1:5 with linespoints ls 52 title 'bigbird/cpu/blas decode Hq=8 Hkv=2 g=2 r=123 structured dense-eq.', \
    'tflops.dat' index 26 using 1:2 with linespoints ls 53 title 'nsa/cpu/blas decode Hq=8 Hkv=2 k=128 structured useful', \
    'tflops.dat' index 26 using 1:5 with linespoints ls 54 title 'nsa/cpu/blas decode Hq=8 Hkv=2 k=128 structured dense-eq.', \
    'tflops.dat' index 27 using 1:2 with linespoints ls 55 title 'moba/cpu/loops decode Hq=8 Hkv=2 k=128 structured useful', \
    'tflops.dat' index 27 using 1:5 with linespoints ls 56 title 'moba/cpu/loops decode Hq=8 Hkv=2 k=128 structured dense-eq.', \
    'tflops.dat' index 28 using 1:2 with linespoints ls 57 title 'quest/cpu/loops decode Hq=8 Hkv=2 k=128 structured useful', \
    'tflops.dat' index 28 using 1:5 with linespoints ls 58 title 'quest/cpu/loops decode Hq=8 Hkv=2 k=128 structured dense-eq.', \
    'tflops.dat' index 29 using 1:2 with linespoints ls 59 title 'msa/cpu/blas decode Hq=8 Hkv=2 k=128 structured noise=0.5 useful', \
    'tflops.dat' index 29 using 1:5 with linespoints ls 60 title 'msa/cpu/blas decode Hq=8 Hkv=2 k=128 structured noise=0.5 dense-eq.', \
    'tflops.dat' index 30 using 1:2 with linespoints ls 61 title 'msa/cpu/blas decode Hq=8 Hkv=2 k=128 structured noise=2 useful', \
    'tflops.dat' index 30 using 1:5 with linespoints ls 62 title 'msa/cpu/blas decode Hq=8 Hkv=2 k=128 structured noise=2 dense-eq.', \
    'tflops.dat' index 31 using 1:2 with linespoints ls 63 title 'msa/cpu/blas prefill Hq=9 Hkv=3 k=4 file noise=0 useful', \
    'tflops.dat' index 31 using 1:5 with linespoints ls 64 title 'msa/cpu/blas prefill Hq=9 Hkv=3 k=4 file noise=0 dense-eq.', \
    'tflops.dat' index 32 using 1:2 with linespoints ls 65 title 'bigbird/cpu/blas prefill Hq=9 Hkv=3 g=1 r=0 file useful', \
    'tflops.dat' index 32 using 1:5 with linespoints ls 66 title 'bigbird/cpu/blas prefill Hq=9 Hkv=3 g=1 r=0 file dense-eq.', \
    'tflops.dat' index 33 using 1:2 with linespoints ls 67 title 'nsa/cpu/blas prefill Hq=9 Hkv=3 k=4 file useful', \
    'tflops.dat' index 33 using 1:5 with linespoints ls 68 title 'nsa/cpu/blas prefill Hq=9 Hkv=3 k=4 file dense-eq.', \
    'tflops.dat' index 34 using 1:2 with linespoints ls 69 title 'moba/cpu/loops prefill Hq=9 Hkv=3 k=4 file useful', \
    'tflops.dat' index 34 using 1:5 with linespoints ls 70 title 'moba/cpu/loops prefill Hq=9 Hkv=3 k=4 file dense-eq.', \
    'tflops.dat' index 35 using 1:2 with linespoints ls 71 title 'dsa/cpu/loops prefill Hq=9 Hkv=3 file noise=0 useful', \
    'tflops.dat' index 35 using 1:5 with linespoints ls 72 title 'dsa/cpu/loops prefill Hq=9 Hkv=3 file noise=0 dense-eq.', \
    'tflops.dat' index 36 using 1:2 with linespoints ls 73 title 'msa/cpu/blas decode Hq=9 Hkv=3 k=4 file noise=0 useful', \
    'tflops.dat' index 36 using 1:5 with linespoints ls 74 title 'msa/cpu/blas decode Hq=9 Hkv=3 k=4 file noise=0 dense-eq.', \
    'tflops.dat' index 37 using 1:2 with linespoints ls 75 title 'bigbird/cpu/blas decode Hq=9 Hkv=3 g=1 r=0 file useful', \
    'tflops.dat' index 37 using 1:5 with linespoints ls 76 title 'bigbird/cpu/blas decode Hq=9 Hkv=3 g=1 r=0 file dense-eq.', \
    'tflops.dat' index 38 using 1:2 with linespoints ls 77 title 'nsa/cpu/blas decode Hq=9 Hkv=3 k=4 file useful', \
    'tflops.dat' index 38 using 1:5 with linespoints ls 78 title 'nsa/cpu/blas decode Hq=9 Hkv=3 k=4 file dense-eq.', \
    'tflops.dat' index 39 using 1:2 with linespoints ls 79 title 'moba/cpu/loops decode Hq=9 Hkv=3 k=4 file useful', \
    'tflops.dat' index 39 using 1:5 with linespoints ls 80 title 'moba/cpu/loops decode Hq=9 Hkv=3 k=4 file dense-eq.', \
    'tflops.dat' index 40 using 1:2 with linespoints ls 81 title 'dsa/cpu/loops decode Hq=9 Hkv=3 file noise=0 useful', \
    'tflops.dat' index 40 using 1:5 with linespoints ls 82 title 'dsa/cpu/loops decode Hq=9 Hkv=3 file noise=0 dense-eq.', \
    'tflops.dat' index 41 using 1:2 with linespoints ls 83 title 'quest/cpu/loops decode Hq=9 Hkv=3 k=4 file useful', \
    'tflops.dat' index 41 using 1:5 with linespoints ls 84 title 'quest/cpu/loops decode Hq=9 Hkv=3 k=4 file dense-eq.', \
    'tflops.dat' index 42 using 1:2 with linespoints ls 85 title 'msa/cpu/blas decode Hq=9 Hkv=3 k=8 file noise=0 useful', \
    'tflops.dat' index 42 using 1:5 with linespoints ls 86 title 'msa/cpu/blas decode Hq=9 Hkv=3 k=8 file noise=0 dense-eq.', \
    'tflops.dat' index 43 using 1:2 with linespoints ls 87 title 'bigbird/cpu/blas decode Hq=9 Hkv=3 g=2 r=3 file useful', \
    'tflops.dat' index 43 using 1:5 with linespoints ls 88 title 'bigbird/cpu/blas decode Hq=9 Hkv=3 g=2 r=3 file dense-eq.', \
    'tflops.dat' index 44 using 1:2 with linespoints ls 89 title 'nsa/cpu/blas decode Hq=9 Hkv=3 k=8 file useful', \
    'tflops.dat' index 44 using 1:5 with linespoints ls 90 title 'nsa/cpu/blas decode Hq=9 Hkv=3 k=8 file dense-eq.', \
    'tflops.dat' index 45 using 1:2 with linespoints ls 91 title 'moba/cpu/loops decode Hq=9 Hkv=3 k=8 file useful', \
    'tflops.dat' index 45 using 1:5 with linespoints ls 92 title 'moba/cpu/loops decode Hq=9 Hkv=3 k=8 file dense-eq.', \
    'tflops.dat' index 46 using 1:2 with linespoints ls 93 title 'quest/cpu/loops decode Hq=9 Hkv=3 k=8 file useful', \
    'tflops.dat' index 46 using 1:5 with linespoints ls 94 title 'quest/cpu/loops decode Hq=9 Hkv=3 k=8 file dense-eq.', \
    'tflops.dat' index 47 using 1:2 with linespoints ls 95 title 'msa/cpu/blas decode Hq=9 Hkv=3 k=16 file noise=0 useful', \
    'tflops.dat' index 47 using 1:5 with linespoints ls 96 title 'msa/cpu/blas decode Hq=9 Hkv=3 k=16 file noise=0 dense-eq.', \
    'tflops.dat' index 48 using 1:2 with linespoints ls 97 title 'bigbird/cpu/blas decode Hq=9 Hkv=3 g=2 r=11 file useful', \
    'tflops.dat' index 48 using 1:5 with linespoints ls 98 title 'bigbird/cpu/blas decode Hq=9 Hkv=3 g=2 r=11 file dense-eq.', \
    'tflops.dat' index 49 using 1:2 with linespoints ls 99 title 'nsa/cpu/blas decode Hq=9 Hkv=3 k=16 file useful', \
    'tflops.dat' index 49 using 1:5 with linespoints ls 100 title 'nsa/cpu/blas decode Hq=9 Hkv=3 k=16 file dense-eq.', \
    'tflops.dat' index 50 using 1:2 with linespoints ls 101 title 'moba/cpu/loops decode Hq=9 Hkv=3 k=16 file useful', \
    'tflops.dat' index 50 using 1:5 with linespoints ls 102 title 'moba/cpu/loops decode Hq=9 Hkv=3 k=16 file dense-eq.', \
    'tflops.dat' index 51 using 1:2 with linespoints ls 103 title 'quest/cpu/loops decode Hq=9 Hkv=3 k=16 file useful', \
    'tflops.dat' index 51 using 1:5 with linespoints ls 104 title 'quest/cpu/loops decode Hq=9 Hkv=3 k=16 file dense-eq.'
  set output
}
