# flop_ratio.gp - FLOP ratio GQA/MSA: counted vs eq. 12
# Written by `msabench plot` from results/cpu/recall/results.csv; the data is flop_ratio.dat beside this file.
# Rebuild in this directory: gnuplot flop_ratio.gp   (or gnuplot -e 'fmts="png"' flop_ratio.gp)
if (!exists("fmts")) fmts = "pdf png svg"
reset
set encoding utf8
set grid xtics ytics lc rgb "#dddddd" lw 1
set border lw 1
set tics nomirror out
set border 3
set title "FLOP ratio F_GQA / F_MSA (prefill)  -  AMD EPYC\npoints: counted (dense FLOPs / MSA FLOPs);  lines: paper eq. 12 per token"
set xlabel "context length N (tokens)"
set ylabel "F_GQA / F_MSA"
set logscale x 2
set xrange [2048:8192]
unset mxtics
set xtics ("4K" 4096)
set logscale y 10
set format y "%gx"
set yrange [0.0820512821:8.37121729]
set samples 400
eq12_0(x) = 2.0*8*64*x / (2*64*x + 4.0*8*64*4*32)
eq12_1(x) = 2.0*8*64*x / (2*64*x + 4.0*8*64*8*32)
eq12_2(x) = 2.0*8*64*x / (2*64*x + 4.0*8*64*16*32)
eq12_3(x) = 2.0*8*64*x / (2*64*x + 4.0*8*64*32*32)
eq12_4(x) = 2.0*8*64*x / (2*64*x + 4.0*8*64*64*32)
eq12_5(x) = 2.0*8*64*x / (2*64*x + 4.0*8*64*4*64)
eq12_6(x) = 2.0*8*64*x / (2*64*x + 4.0*8*64*8*64)
eq12_7(x) = 2.0*8*64*x / (2*64*x + 4.0*8*64*16*64)
set key outside right top vertical Left reverse noautotitle spacing 1.1
set style line 1 lc rgb "#d62728" lw 2 dt 1 pt 7
set style line 2 lc rgb "#d62728" lw 2 dt 1 pt 6
set style line 3 lc rgb "#d62728" lw 2 dt 1 pt 7
set style line 4 lc rgb "#d62728" lw 2 dt 1 pt 6
set style line 5 lc rgb "#d62728" lw 2 dt 1 pt 7
set style line 6 lc rgb "#d62728" lw 2 dt 1 pt 6
set style line 7 lc rgb "#d62728" lw 2 dt 1 pt 7
set style line 8 lc rgb "#d62728" lw 2 dt 1 pt 6
set style line 9 lc rgb "#d62728" lw 2 dt 1 pt 7
set style line 10 lc rgb "#d62728" lw 2 dt 1 pt 6
set style line 11 lc rgb "#d62728" lw 2 dt 1 pt 7
set style line 12 lc rgb "#d62728" lw 2 dt 1 pt 6
set style line 13 lc rgb "#d62728" lw 2 dt 1 pt 7
set style line 14 lc rgb "#d62728" lw 2 dt 1 pt 6
set style line 15 lc rgb "#d62728" lw 2 dt 1 pt 7
set style line 16 lc rgb "#d62728" lw 2 dt 1 pt 6
set style line 17 lc rgb "#d62728" lw 2 dt 1 pt 7
set style line 18 lc rgb "#d62728" lw 2 dt 1 pt 6
set style line 19 lc rgb "#d62728" lw 2 dt 1 pt 7
set style line 20 lc rgb "#d62728" lw 2 dt 1 pt 6
set style line 21 lc rgb "#d62728" lw 2 dt 1 pt 7
set style line 22 lc rgb "#d62728" lw 2 dt 1 pt 6
set style line 23 lc rgb "#d62728" lw 2 dt 1 pt 7
set style line 24 lc rgb "#d62728" lw 2 dt 1 pt 6
set style line 25 lc rgb "#d62728" lw 2 dt 1 pt 7
set style line 26 lc rgb "#d62728" lw 2 dt 1 pt 6
set style line 27 lc rgb "#d62728" lw 2 dt 1 pt 7
set style line 28 lc rgb "#d62728" lw 2 dt 1 pt 6
set style line 29 lc rgb "#d62728" lw 2 dt 1 pt 7
set style line 30 lc rgb "#d62728" lw 2 dt 1 pt 6
set style line 31 lc rgb "#d62728" lw 2 dt 1 pt 7
set style line 32 lc rgb "#d62728" lw 2 dt 1 pt 6
set style line 33 lc rgb "#d62728" lw 2 dt 1 pt 7
set style line 34 lc rgb "#d62728" lw 2 dt 1 pt 6
set style line 35 lc rgb "#d62728" lw 2 dt 1 pt 7
set style line 36 lc rgb "#d62728" lw 2 dt 1 pt 6
set style line 37 lc rgb "#d62728" lw 2 dt 1 pt 7
set style line 38 lc rgb "#d62728" lw 2 dt 1 pt 6
set style line 39 lc rgb "#d62728" lw 2 dt 1 pt 7
set style line 40 lc rgb "#d62728" lw 2 dt 1 pt 6
set style line 41 lc rgb "#d62728" lw 2 dt 1 pt 7
set style line 42 lc rgb "#d62728" lw 2 dt 1 pt 6
set style line 43 lc rgb "#d62728" lw 2 dt 1 pt 7
set style line 44 lc rgb "#d62728" lw 2 dt 1 pt 6
set style line 45 lc rgb "#d62728" lw 2 dt 1 pt 7
set style line 46 lc rgb "#d62728" lw 2 dt 1 pt 6
set style line 47 lc rgb "#d62728" lw 2 dt 1 pt 7
set style line 48 lc rgb "#d62728" lw 2 dt 1 pt 6
set style line 49 lc rgb "#d62728" lw 2 dt 1 pt 7
set style line 50 lc rgb "#d62728" lw 2 dt 1 pt 6
set style line 51 lc rgb "#d62728" lw 2 dt 1 pt 7
set style line 52 lc rgb "#d62728" lw 2 dt 1 pt 6
set style line 53 lc rgb "#d62728" lw 2 dt 1 pt 7
set style line 54 lc rgb "#d62728" lw 2 dt 1 pt 6
set style line 55 lc rgb "#d62728" lw 2 dt 1 pt 7
set style line 56 lc rgb "#d62728" lw 2 dt 1 pt 6
set style line 57 lc rgb "#d62728" lw 2 dt 1 pt 7
set style line 58 lc rgb "#d62728" lw 2 dt 1 pt 6
set style line 59 lc rgb "#d62728" lw 2 dt 1 pt 7
set style line 60 lc rgb "#d62728" lw 2 dt 1 pt 6
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
  plot 'flop_ratio.dat' index 0 using 1:2 with points ls 1 title "counted: msa Bk=32 k=4 noise=0", \
    'flop_ratio.dat' index 1 using 1:2 with points ls 2 title "counted: msa Bk=32 k=4 noise=1", \
    'flop_ratio.dat' index 2 using 1:2 with points ls 3 title "counted: msa Bk=32 k=4 noise=4", \
    'flop_ratio.dat' index 3 using 1:2 with points ls 4 title "counted: msa Bk=32 k=8 noise=0", \
    'flop_ratio.dat' index 4 using 1:2 with points ls 5 title "counted: msa Bk=32 k=8 noise=1", \
    'flop_ratio.dat' index 5 using 1:2 with points ls 6 title "counted: msa Bk=32 k=8 noise=4", \
    'flop_ratio.dat' index 6 using 1:2 with points ls 7 title "counted: msa Bk=32 k=16 noise=0", \
    'flop_ratio.dat' index 7 using 1:2 with points ls 8 title "counted: msa Bk=32 k=16 noise=1", \
    'flop_ratio.dat' index 8 using 1:2 with points ls 9 title "counted: msa Bk=32 k=16 noise=4", \
    'flop_ratio.dat' index 9 using 1:2 with points ls 10 title "counted: msa Bk=32 k=32 noise=0", \
    'flop_ratio.dat' index 10 using 1:2 with points ls 11 title "counted: msa Bk=32 k=32 noise=1", \
    'flop_ratio.dat' index 11 using 1:2 with points ls 12 title "counted: msa Bk=32 k=32 noise=4", \
    'flop_ratio.dat' index 12 using 1:2 with points ls 13 title "counted: msa Bk=32 k=64 noise=0", \
    'flop_ratio.dat' index 13 using 1:2 with points ls 14 title "counted: msa Bk=32 k=64 noise=1", \
    'flop_ratio.dat' index 14 using 1:2 with points ls 15 title "counted: msa Bk=32 k=64 noise=4", \
    'flop_ratio.dat' index 15 using 1:2 with points ls 16 title "counted: msa Bk=64 k=4 noise=0", \
    'flop_ratio.dat' index 16 using 1:2 with points ls 17 title "counted: msa Bk=64 k=4 noise=1", \
    'flop_ratio.dat' index 17 using 1:2 with points ls 18 title "counted: msa Bk=64 k=4 noise=4", \
    'flop_ratio.dat' index 18 using 1:2 with points ls 19 title "counted: msa Bk=64 k=8 noise=0", \
    'flop_ratio.dat' index 19 using 1:2 with points ls 20 title "counted: msa Bk=64 k=8 noise=1", \
    'flop_ratio.dat' index 20 using 1:2 with points ls 21 title "counted: msa Bk=64 k=8 noise=4", \
    'flop_ratio.dat' index 21 using 1:2 with points ls 22 title "counted: msa Bk=64 k=16 noise=0", \
    'flop_ratio.dat' index 22 using 1:2 with points ls 23 title "counted: msa Bk=64 k=16 noise=1", \
    'flop_ratio.dat' index 23 using 1:2 with points ls 24 title "counted: msa Bk=64 k=16 noise=4", \
    'flop_ratio.dat' index 24 using 1:2 with points ls 25 title "counted: msa Bk=64 k=32 noise=0", \
    'flop_ratio.dat' index 25 using 1:2 with points ls 26 title "counted: msa Bk=64 k=32 noise=1", \
    'flop_ratio.dat' index 26 using 1:2 with points ls 27 title "counted: msa Bk=64 k=32 noise=4", \
    'flop_ratio.dat' index 27 using 1:2 with points ls 28 title "counted: msa Bk=64 k=64 noise=0", \
    'flop_ratio.dat' index 28 using 1:2 with points ls 29 title "counted: msa Bk=64 k=64 noise=1", \
    'flop_ratio.dat' index 29 using 1:2 with points ls 30 title "counted: msa Bk=64 k=64 noise=4", \
    'flop_ratio.dat' index 30 using 1:2 with points ls 31 title "counted: msa Bk=128 k=4 noise=0", \
    'flop_ratio.dat' index 31 using 1:2 with points ls 32 title "counted: msa Bk=128 k=4 noise=1", \
    'flop_ratio.dat' index 32 using 1:2 with points ls 33 title "counted: msa Bk=128 k=4 noise=4", \
    'flop_ratio.dat' index 33 using 1:2 with points ls 34 title "counted: msa Bk=128 k=8 noise=0", \
    'flop_ratio.dat' index 34 using 1:2 with points ls 35 title "counted: msa Bk=128 k=8 noise=1", \
    'flop_ratio.dat' index 35 using 1:2 with points ls 36 title "counted: msa Bk=128 k=8 noise=4", \
    'flop_ratio.dat' index 36 using 1:2 with points ls 37 title "counted: msa Bk=128 k=16 noise=0", \
    'flop_ratio.dat' index 37 using 1:2 with points ls 38 title "counted: msa Bk=128 k=16 noise=1", \
    'flop_ratio.dat' index 38 using 1:2 with points ls 39 title "counted: msa Bk=128 k=16 noise=4", \
    'flop_ratio.dat' index 39 using 1:2 with points ls 40 title "counted: msa Bk=128 k=32 noise=0", \
    'flop_ratio.dat' index 40 using 1:2 with points ls 41 title "counted: msa Bk=128 k=32 noise=1", \
    'flop_ratio.dat' index 41 using 1:2 with points ls 42 title "counted: msa Bk=128 k=32 noise=4", \
    'flop_ratio.dat' index 42 using 1:2 with points ls 43 title "counted: msa Bk=128 k=64 noise=0", \
    'flop_ratio.dat' index 43 using 1:2 with points ls 44 title "counted: msa Bk=128 k=64 noise=1", \
    'flop_ratio.dat' index 44 using 1:2 with points ls 45 title "counted: msa Bk=128 k=64 noise=4", \
    'flop_ratio.dat' index 45 using 1:2 with points ls 46 title "counted: msa Bk=256 k=4 noise=0", \
    'flop_ratio.dat' index 46 using 1:2 with points ls 47 title "counted: msa Bk=256 k=4 noise=1", \
    'flop_ratio.dat' index 47 using 1:2 with points ls 48 title "counted: msa Bk=256 k=4 noise=4", \
    'flop_ratio.dat' index 48 using 1:2 with points ls 49 title "counted: msa Bk=256 k=8 noise=0", \
    'flop_ratio.dat' index 49 using 1:2 with points ls 50 title "counted: msa Bk=256 k=8 noise=1", \
    'flop_ratio.dat' index 50 using 1:2 with points ls 51 title "counted: msa Bk=256 k=8 noise=4", \
    'flop_ratio.dat' index 51 using 1:2 with points ls 52 title "counted: msa Bk=256 k=16 noise=0", \
    'flop_ratio.dat' index 52 using 1:2 with points ls 53 title "counted: msa Bk=256 k=16 noise=1", \
    'flop_ratio.dat' index 53 using 1:2 with points ls 54 title "counted: msa Bk=256 k=16 noise=4", \
    'flop_ratio.dat' index 54 using 1:2 with points ls 55 title "counted: msa Bk=256 k=32 noise=0", \
    'flop_ratio.dat' index 55 using 1:2 with points ls 56 title "counted: msa Bk=256 k=32 noise=1", \
    'flop_ratio.dat' index 56 using 1:2 with points ls 57 title "counted: msa Bk=256 k=32 noise=4", \
    'flop_ratio.dat' index 57 using 1:2 with points ls 58 title "counted: msa Bk=256 k=64 noise=0", \
    'flop_ratio.dat' index 58 using 1:2 with points ls 59 title "counted: msa Bk=256 k=64 noise=1", \
    'flop_ratio.dat' index 59 using 1:2 with points ls 60 title "counted: msa Bk=256 k=64 noise=4", \
    eq12_0(x) with lines lc rgb "#000000" lw 1.5 dt 2 title "eq. 12: Hq=8 Hkv=2 d=64 d_idx=64 k=4 Bk=32", \
    eq12_1(x) with lines lc rgb "#555555" lw 1.5 dt 3 title "eq. 12: Hq=8 Hkv=2 d=64 d_idx=64 k=8 Bk=32", \
    eq12_2(x) with lines lc rgb "#8c564b" lw 1.5 dt 4 title "eq. 12: Hq=8 Hkv=2 d=64 d_idx=64 k=16 Bk=32", \
    eq12_3(x) with lines lc rgb "#17becf" lw 1.5 dt 2 title "eq. 12: Hq=8 Hkv=2 d=64 d_idx=64 k=32 Bk=32", \
    eq12_4(x) with lines lc rgb "#000000" lw 1.5 dt 3 title "eq. 12: Hq=8 Hkv=2 d=64 d_idx=64 k=64 Bk=32", \
    eq12_5(x) with lines lc rgb "#555555" lw 1.5 dt 4 title "eq. 12: Hq=8 Hkv=2 d=64 d_idx=64 k=4 Bk=64", \
    eq12_6(x) with lines lc rgb "#8c564b" lw 1.5 dt 2 title "eq. 12: Hq=8 Hkv=2 d=64 d_idx=64 k=8 Bk=64", \
    eq12_7(x) with lines lc rgb "#17becf" lw 1.5 dt 3 title "eq. 12: Hq=8 Hkv=2 d=64 d_idx=64 k=16 Bk=64"
  set output
}
