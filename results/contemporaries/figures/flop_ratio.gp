# flop_ratio.gp - FLOP ratio GQA/MSA: counted vs eq. 12
# Written by `msabench plot` from results/contemporaries/run/results.csv; the data is flop_ratio.dat beside this file.
# Rebuild in this directory: gnuplot flop_ratio.gp   (or gnuplot -e 'fmts="png"' flop_ratio.gp)
if (!exists("fmts")) fmts = 'png'
reset
set encoding utf8
set grid xtics ytics lc rgb "#dddddd" lw 1
set border lw 1
set tics nomirror out
set border 3
set title 'FLOP ratio F_GQA / F_MSA (prefill)  -  AMD EPYC'."\n".'points: counted (dense FLOPs / MSA FLOPs);  lines: paper eq. 12 per token'
set xlabel 'context length N (tokens)'
set ylabel 'F_GQA / F_MSA'
set logscale x 2
set xrange [1638.4:20480]
unset mxtics
set xtics ("2K" 2048, "4K" 4096, "8K" 8192, "16K" 16384)
unset logscale y
set yrange [0:*]
set format y "%gx"
set yrange [0:4.74255528]
set samples 400
eq12_0(x) = 2.0*8*64*x / (2*64*x + 4.0*8*64*16*64)
eq12_1(x) = 2.0*8*64*x / (2*64*x + 4.0*8*64*32*64)
eq12_2(x) = 2.0*8*64*x / (2*64*x + 4.0*8*64*64*64)
eq12_3(x) = 2.0*8*64*x / (2*64*x + 4.0*8*64*128*64)
eq12_4(x) = 2.0*9*64*x / (3*64*x + 4.0*9*64*4*64)
eq12_5(x) = 2.0*9*64*x / (3*64*x + 4.0*9*64*8*64)
eq12_6(x) = 2.0*9*64*x / (3*64*x + 4.0*9*64*16*64)
set key outside right top vertical Left reverse noautotitle spacing 1.1
set style line 1 lc rgb "#d62728" lw 2 dt 1 pt 6
set style line 2 lc rgb "#d62728" lw 2 dt 1 pt 6
set style line 3 lc rgb "#d62728" lw 2 dt 1 pt 6
set style line 4 lc rgb "#d62728" lw 2 dt 1 pt 6
set style line 5 lc rgb "#d62728" lw 2 dt 1 pt 6
set style line 6 lc rgb "#d62728" lw 2 dt 1 pt 6
set style line 7 lc rgb "#d62728" lw 2 dt 1 pt 6
set style line 8 lc rgb "#d62728" lw 2 dt 1 pt 6
set style line 9 lc rgb "#d62728" lw 2 dt 1 pt 6
set style line 10 lc rgb "#d62728" lw 2 dt 1 pt 6
set style line 11 lc rgb "#d62728" lw 2 dt 1 pt 6
set style line 12 lc rgb "#d62728" lw 2 dt 1 pt 6
set style line 13 lc rgb "#d62728" lw 2 dt 1 pt 7
set style line 14 lc rgb "#d62728" lw 2 dt 1 pt 6
set style line 15 lc rgb "#d62728" lw 2 dt 1 pt 6
do for [fmt in fmts] {
  if (fmt eq "pdf") {
    set terminal pdfcairo noenhanced color font "Helvetica,9" size 10.04in,4.00in linewidth 0.6
    set output "flop_ratio.pdf"; small = ",7"; set pointsize 0.55
  }
  if (fmt eq "png") {
    set terminal pngcairo noenhanced color font "Helvetica,11" size 1505,600 linewidth 1
    set output "flop_ratio.png"; small = ",9"; set pointsize 1.1
  }
  if (fmt eq "svg") {
    set terminal svg noenhanced font "Helvetica,11" size 1204,480 dynamic background "white" linewidth 1
    set output "flop_ratio.svg"; small = ",9"; set pointsize 1
  }
  plot 'flop_ratio.dat' index 0 using 1:2 with points ls 1 title 'counted: msa prefill Hq=8 Hkv=2 k=16 structured noise=0 (est.)', \
    'flop_ratio.dat' index 1 using 1:2 with points ls 2 title 'counted: msa prefill Hq=8 Hkv=2 k=16 structured noise=0.5 (est.)', \
    'flop_ratio.dat' index 2 using 1:2 with points ls 3 title 'counted: msa prefill Hq=8 Hkv=2 k=16 structured noise=2 (est.)', \
    'flop_ratio.dat' index 3 using 1:2 with points ls 4 title 'counted: msa prefill Hq=8 Hkv=2 k=32 structured noise=0 (est.)', \
    'flop_ratio.dat' index 4 using 1:2 with points ls 5 title 'counted: msa prefill Hq=8 Hkv=2 k=32 structured noise=0.5 (est.)', \
    'flop_ratio.dat' index 5 using 1:2 with points ls 6 title 'counted: msa prefill Hq=8 Hkv=2 k=32 structured noise=2 (est.)', \
    'flop_ratio.dat' index 6 using 1:2 with points ls 7 title 'counted: msa prefill Hq=8 Hkv=2 k=64 structured noise=0 (est.)', \
    'flop_ratio.dat' index 7 using 1:2 with points ls 8 title 'counted: msa prefill Hq=8 Hkv=2 k=64 structured noise=0.5 (est.)', \
    'flop_ratio.dat' index 8 using 1:2 with points ls 9 title 'counted: msa prefill Hq=8 Hkv=2 k=64 structured noise=2 (est.)', \
    'flop_ratio.dat' index 9 using 1:2 with points ls 10 title 'counted: msa prefill Hq=8 Hkv=2 k=128 structured noise=0 (est.)', \
    'flop_ratio.dat' index 10 using 1:2 with points ls 11 title 'counted: msa prefill Hq=8 Hkv=2 k=128 structured noise=0.5 (est.)', \
    'flop_ratio.dat' index 11 using 1:2 with points ls 12 title 'counted: msa prefill Hq=8 Hkv=2 k=128 structured noise=2 (est.)', \
    'flop_ratio.dat' index 12 using 1:2 with points ls 13 title 'counted: msa prefill Hq=9 Hkv=3 k=4 file noise=0', \
    'flop_ratio.dat' index 13 using 1:2 with points ls 14 title 'counted: msa prefill Hq=9 Hkv=3 k=8 file noise=0 (est.)', \
    'flop_ratio.dat' index 14 using 1:2 with points ls 15 title 'counted: msa prefill Hq=9 Hkv=3 k=16 file noise=0 (est.)', \
    eq12_0(x) with lines lc rgb "#000000" lw 1.5 dt 2 title 'eq. 12: Hq=8 Hkv=2 d=64 d_idx=64 k=16 Bk=64', \
    eq12_1(x) with lines lc rgb "#555555" lw 1.5 dt 3 title 'eq. 12: Hq=8 Hkv=2 d=64 d_idx=64 k=32 Bk=64', \
    eq12_2(x) with lines lc rgb "#8c564b" lw 1.5 dt 4 title 'eq. 12: Hq=8 Hkv=2 d=64 d_idx=64 k=64 Bk=64', \
    eq12_3(x) with lines lc rgb "#17becf" lw 1.5 dt 2 title 'eq. 12: Hq=8 Hkv=2 d=64 d_idx=64 k=128 Bk=64', \
    eq12_4(x) with lines lc rgb "#000000" lw 1.5 dt 3 title 'eq. 12: Hq=9 Hkv=3 d=64 d_idx=64 k=4 Bk=64', \
    eq12_5(x) with lines lc rgb "#555555" lw 1.5 dt 4 title 'eq. 12: Hq=9 Hkv=3 d=64 d_idx=64 k=8 Bk=64', \
    eq12_6(x) with lines lc rgb "#8c564b" lw 1.5 dt 2 title 'eq. 12: Hq=9 Hkv=3 d=64 d_idx=64 k=16 Bk=64'
  set output
}
