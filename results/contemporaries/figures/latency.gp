# latency.gp - median latency vs context length
# Written by `msabench plot` from results/contemporaries/run/results.csv; the data is latency.dat beside this file.
# Rebuild in this directory: gnuplot latency.gp   (or gnuplot -e 'fmts="png"' latency.gp)
if (!exists("fmts")) fmts = 'png'
reset
set encoding utf8
set grid xtics ytics lc rgb "#dddddd" lw 1
set border lw 1
set tics nomirror out
set border 3
set title 'Latency vs context length  -  AMD EPYC'."\n".'median; bars: p20-p80'
set xlabel 'context length N (tokens)'
set ylabel 'time per call (ms)'
set logscale x 2
set xrange [1638.4:20480]
unset mxtics
set xtics ("2K" 2048, "4K" 4096, "8K" 8192, "16K" 16384)
set logscale y 10
set format y "%g"
set key outside right top vertical Left reverse noautotitle spacing 1.1
set style line 1 lc rgb "#d62728" lw 2 dt 2 pt 7
set style line 2 lc rgb "#9467bd" lw 2 dt 2 pt 13
set style line 3 lc rgb "#8c564b" lw 2 dt 2 pt 5
set style line 4 lc rgb "#e377c2" lw 2 dt 2 pt 7
set style line 5 lc rgb "#17becf" lw 2 dt 2 pt 9
set style line 6 lc rgb "#bcbd22" lw 2 dt 2 pt 13
set style line 7 lc rgb "#d62728" lw 2 dt 2 pt 6
set style line 8 lc rgb "#17becf" lw 2 dt 2 pt 8
set style line 9 lc rgb "#d62728" lw 2 dt 3 pt 7
set style line 10 lc rgb "#17becf" lw 2 dt 3 pt 9
set style line 11 lc rgb "#d62728" lw 2 dt 3 pt 6
set style line 12 lc rgb "#9467bd" lw 2 dt 2 pt 12
set style line 13 lc rgb "#8c564b" lw 2 dt 2 pt 4
set style line 14 lc rgb "#e377c2" lw 2 dt 2 pt 6
set style line 15 lc rgb "#bcbd22" lw 2 dt 2 pt 12
set style line 16 lc rgb "#d62728" lw 2 dt 4 pt 7
set style line 17 lc rgb "#d62728" lw 2 dt 4 pt 6
set style line 18 lc rgb "#d62728" lw 2 dt 5 pt 7
set style line 19 lc rgb "#9467bd" lw 2 dt 3 pt 13
set style line 20 lc rgb "#8c564b" lw 2 dt 3 pt 5
set style line 21 lc rgb "#e377c2" lw 2 dt 3 pt 7
set style line 22 lc rgb "#bcbd22" lw 2 dt 3 pt 13
set style line 23 lc rgb "#d62728" lw 2 dt 5 pt 6
set style line 24 lc rgb "#d62728" lw 2 dt 1 pt 7
set style line 25 lc rgb "#d62728" lw 2 dt 1 pt 6
set style line 26 lc rgb "#9467bd" lw 2 dt 3 pt 12
set style line 27 lc rgb "#8c564b" lw 2 dt 3 pt 4
set style line 28 lc rgb "#e377c2" lw 2 dt 3 pt 6
set style line 29 lc rgb "#bcbd22" lw 2 dt 3 pt 12
set style line 30 lc rgb "#d62728" lw 2 dt 2 pt 7
set style line 31 lc rgb "#d62728" lw 2 dt 2 pt 6
set style line 32 lc rgb "#d62728" lw 2 dt 3 pt 7
set style line 33 lc rgb "#9467bd" lw 2 dt 4 pt 13
set style line 34 lc rgb "#8c564b" lw 2 dt 4 pt 5
set style line 35 lc rgb "#e377c2" lw 2 dt 4 pt 7
set style line 36 lc rgb "#17becf" lw 2 dt 3 pt 8
set style line 37 lc rgb "#d62728" lw 2 dt 3 pt 6
set style line 38 lc rgb "#9467bd" lw 2 dt 4 pt 12
set style line 39 lc rgb "#8c564b" lw 2 dt 4 pt 4
set style line 40 lc rgb "#e377c2" lw 2 dt 4 pt 6
set style line 41 lc rgb "#17becf" lw 2 dt 4 pt 9
set style line 42 lc rgb "#bcbd22" lw 2 dt 4 pt 13
set style line 43 lc rgb "#d62728" lw 2 dt 4 pt 7
set style line 44 lc rgb "#9467bd" lw 2 dt 5 pt 13
set style line 45 lc rgb "#8c564b" lw 2 dt 5 pt 5
set style line 46 lc rgb "#e377c2" lw 2 dt 5 pt 7
set style line 47 lc rgb "#bcbd22" lw 2 dt 4 pt 12
set style line 48 lc rgb "#d62728" lw 2 dt 4 pt 6
set style line 49 lc rgb "#9467bd" lw 2 dt 5 pt 12
set style line 50 lc rgb "#8c564b" lw 2 dt 5 pt 4
set style line 51 lc rgb "#e377c2" lw 2 dt 5 pt 6
set style line 52 lc rgb "#bcbd22" lw 2 dt 5 pt 13
do for [fmt in fmts] {
  if (fmt eq "pdf") {
    set terminal pdfcairo noenhanced color font "Helvetica,9" size 10.38in,4.00in linewidth 0.6
    set output "latency.pdf"; small = ",7"; set pointsize 0.55
  }
  if (fmt eq "png") {
    set terminal pngcairo noenhanced color font "Helvetica,11" size 1556,600 linewidth 1
    set output "latency.png"; small = ",9"; set pointsize 1.1
  }
  if (fmt eq "svg") {
    set terminal svg noenhanced font "Helvetica,11" size 1245,480 dynamic background "white" linewidth 1
    set output "latency.svg"; small = ",9"; set pointsize 1
  }
  set label 900 'skipped: quest cpu N=16K prefill (unsupported: quest is a decode method: prefi...);  skipped: quest cpu N=2K prefill (unsupported: quest is a decode method: prefi...)' at screen 0.01, screen 0.01 left front textcolor rgb "#555555" font small offset 0,1
  set bmargin 6
  plot 'latency.dat' index 0 using 1:2:3:4 with yerrorlines ls 1 title 'msa/cpu/blas decode Hq=8 Hkv=2 k=16 structured noise=0', \
    'latency.dat' index 1 using 1:2:3:4 with yerrorlines ls 2 title 'bigbird/cpu/blas decode Hq=8 Hkv=2 g=2 r=11 structured', \
    'latency.dat' index 2 using 1:2:3:4 with yerrorlines ls 3 title 'nsa/cpu/blas decode Hq=8 Hkv=2 k=16 structured', \
    'latency.dat' index 3 using 1:2:3:4 with yerrorlines ls 4 title 'moba/cpu/loops decode Hq=8 Hkv=2 k=16 structured', \
    'latency.dat' index 4 using 1:2:3:4 with yerrorlines ls 5 title 'dsa/cpu/loops decode Hq=8 Hkv=2 structured noise=0', \
    'latency.dat' index 5 using 1:2:3:4 with yerrorlines ls 6 title 'quest/cpu/loops decode Hq=8 Hkv=2 k=16 structured', \
    'latency.dat' index 6 using 1:2:3:4 with yerrorlines ls 7 title 'msa/cpu/blas decode Hq=8 Hkv=2 k=16 structured noise=0.5', \
    'latency.dat' index 7 using 1:2:3:4 with yerrorlines ls 8 title 'dsa/cpu/loops decode Hq=8 Hkv=2 structured noise=0.5', \
    'latency.dat' index 8 using 1:2:3:4 with yerrorlines ls 9 title 'msa/cpu/blas decode Hq=8 Hkv=2 k=16 structured noise=2', \
    'latency.dat' index 9 using 1:2:3:4 with yerrorlines ls 10 title 'dsa/cpu/loops decode Hq=8 Hkv=2 structured noise=2', \
    'latency.dat' index 10 using 1:2:3:4 with yerrorlines ls 11 title 'msa/cpu/blas decode Hq=8 Hkv=2 k=32 structured noise=0', \
    'latency.dat' index 11 using 1:2:3:4 with yerrorlines ls 12 title 'bigbird/cpu/blas decode Hq=8 Hkv=2 g=2 r=27 structured', \
    'latency.dat' index 12 using 1:2:3:4 with yerrorlines ls 13 title 'nsa/cpu/blas decode Hq=8 Hkv=2 k=32 structured', \
    'latency.dat' index 13 using 1:2:3:4 with yerrorlines ls 14 title 'moba/cpu/loops decode Hq=8 Hkv=2 k=32 structured', \
    'latency.dat' index 14 using 1:2:3:4 with yerrorlines ls 15 title 'quest/cpu/loops decode Hq=8 Hkv=2 k=32 structured', \
    'latency.dat' index 15 using 1:2:3:4 with yerrorlines ls 16 title 'msa/cpu/blas decode Hq=8 Hkv=2 k=32 structured noise=0.5', \
    'latency.dat' index 16 using 1:2:3:4 with yerrorlines ls 17 title 'msa/cpu/blas decode Hq=8 Hkv=2 k=32 structured noise=2', \
    'latency.dat' index 17 using 1:2:3:4 with yerrorlines ls 18 title 'msa/cpu/blas decode Hq=8 Hkv=2 k=64 structured noise=0', \
    'latency.dat' index 18 using 1:2:3:4 with yerrorlines ls 19 title 'bigbird/cpu/blas decode Hq=8 Hkv=2 g=2 r=59 structured', \
    'latency.dat' index 19 using 1:2:3:4 with yerrorlines ls 20 title 'nsa/cpu/blas decode Hq=8 Hkv=2 k=64 structured', \
    'latency.dat' index 20 using 1:2:3:4 with yerrorlines ls 21 title 'moba/cpu/loops decode Hq=8 Hkv=2 k=64 structured', \
    'latency.dat' index 21 using 1:2:3:4 with yerrorlines ls 22 title 'quest/cpu/loops decode Hq=8 Hkv=2 k=64 structured', \
    'latency.dat' index 22 using 1:2:3:4 with yerrorlines ls 23 title 'msa/cpu/blas decode Hq=8 Hkv=2 k=64 structured noise=0.5', \
    'latency.dat' index 23 using 1:2:3:4 with yerrorlines ls 24 title 'msa/cpu/blas decode Hq=8 Hkv=2 k=64 structured noise=2', \
    'latency.dat' index 24 using 1:2:3:4 with yerrorlines ls 25 title 'msa/cpu/blas decode Hq=8 Hkv=2 k=128 structured noise=0', \
    'latency.dat' index 25 using 1:2:3:4 with yerrorlines ls 26 title 'bigbird/cpu/blas decode Hq=8 Hkv=2 g=2 r=123 structured', \
    'latency.dat' index 26 using 1:2:3:4 with yerrorlines ls 27 title 'nsa/cpu/blas decode Hq=8 Hkv=2 k=128 structured', \
    'latency.dat' index 27 using 1:2:3:4 with yerrorlines ls 28 title 'moba/cpu/loops decode Hq=8 Hkv=2 k=128 structured', \
    'latency.dat' index 28 using 1:2:3:4 with yerrorlines ls 29 title 'quest/cpu/loops decode Hq=8 Hkv=2 k=128 structured', \
    'latency.dat' index 29 using 1:2:3:4 with yerrorlines ls 30 title 'msa/cpu/blas decode Hq=8 Hkv=2 k=128 structured noise=0.5', \
    'latency.dat' index 30 using 1:2:3:4 with yerrorlines ls 31 title 'msa/cpu/blas decode Hq=8 Hkv=2 k=128 structured noise=2', \
    'latency.dat' index 31 using 1:2:3:4 with yerrorlines ls 32 title 'msa/cpu/blas prefill Hq=9 Hkv=3 k=4 file noise=0', \
    'latency.dat' index 32 using 1:2:3:4 with yerrorlines ls 33 title 'bigbird/cpu/blas prefill Hq=9 Hkv=3 g=1 r=0 file', \
    'latency.dat' index 33 using 1:2:3:4 with yerrorlines ls 34 title 'nsa/cpu/blas prefill Hq=9 Hkv=3 k=4 file', \
    'latency.dat' index 34 using 1:2:3:4 with yerrorlines ls 35 title 'moba/cpu/loops prefill Hq=9 Hkv=3 k=4 file', \
    'latency.dat' index 35 using 1:2:3:4 with yerrorlines ls 36 title 'dsa/cpu/loops prefill Hq=9 Hkv=3 file noise=0', \
    'latency.dat' index 36 using 1:2:3:4 with yerrorlines ls 37 title 'msa/cpu/blas decode Hq=9 Hkv=3 k=4 file noise=0', \
    'latency.dat' index 37 using 1:2:3:4 with yerrorlines ls 38 title 'bigbird/cpu/blas decode Hq=9 Hkv=3 g=1 r=0 file', \
    'latency.dat' index 38 using 1:2:3:4 with yerrorlines ls 39 title 'nsa/cpu/blas decode Hq=9 Hkv=3 k=4 file', \
    'latency.dat' index 39 using 1:2:3:4 with yerrorlines ls 40 title 'moba/cpu/loops decode Hq=9 Hkv=3 k=4 file', \
    'latency.dat' index 40 using 1:2:3:4 with yerrorlines ls 41 title 'dsa/cpu/loops decode Hq=9 Hkv=3 file noise=0', \
    'latency.dat' index 41 using 1:2:3:4 with yerrorlines ls 42 title 'quest/cpu/loops decode Hq=9 Hkv=3 k=4 file', \
    'latency.dat' index 42 using 1:2:3:4 with yerrorlines ls 43 title 'msa/cpu/blas decode Hq=9 Hkv=3 k=8 file noise=0', \
    'latency.dat' index 43 using 1:2:3:4 with yerrorlines ls 44 title 'bigbird/cpu/blas decode Hq=9 Hkv=3 g=2 r=3 file', \
    'latency.dat' index 44 using 1:2:3:4 with yerrorlines ls 45 title 'nsa/cpu/blas decode Hq=9 Hkv=3 k=8 file', \
    'latency.dat' index 45 using 1:2:3:4 with yerrorlines ls 46 title 'moba/cpu/loops decode Hq=9 Hkv=3 k=8 file', \
    'latency.dat' index 46 using 1:2:3:4 with yerrorlines ls 47 title 'quest/cpu/loops decode Hq=9 Hkv=3 k=8 file', \
    'latency.dat' index 47 using 1:2:3:4 with yerrorlines ls 48 title 'msa/cpu/blas decode Hq=9 Hkv=3 k=16 file noise=0', \
    'latency.dat' index 48 using 1:2:3:4 with yerrorlines ls 49 title 'bigbird/cpu/blas decode Hq=9 Hkv=3 g=2 r=11 file', \
    'latency.dat' index 49 using 1:2:3:4 with yerrorlines ls 50 title 'nsa/cpu/blas decode Hq=9 Hkv=3 k=16 file', \
    'latency.dat' index 50 using 1:2:3:4 with yerrorlines ls 51 title 'moba/cpu/loops decode Hq=9 Hkv=3 k=16 file', \
    'latency.dat' index 51 using 1:2:3:4 with yerrorlines ls 52 title 'quest/cpu/loops decode Hq=9 Hkv=3 k=16 file'
  set output
}
