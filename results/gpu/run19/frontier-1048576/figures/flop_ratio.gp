# flop_ratio.gp - FLOP ratio GQA/MSA: counted vs eq. 12
# Written by `msabench plot` from results/gpu/run19/frontier-1048576/results.csv; the data is flop_ratio.dat beside this file.
# Rebuild in this directory: gnuplot flop_ratio.gp   (or gnuplot -e 'fmts="png"' flop_ratio.gp)
if (!exists("fmts")) fmts = 'png'
reset
set encoding utf8
set grid xtics ytics lc rgb "#dddddd" lw 1
set border lw 1
set tics nomirror out
set border 3
set title 'FLOP ratio F_GQA / F_MSA (prefill)  -  NVIDIA H100 80GB HBM3'."\n".'points: counted (dense FLOPs / MSA FLOPs);  lines: paper eq. 12 per token'
set xlabel 'context length N (tokens)'
set ylabel 'F_GQA / F_MSA'
set logscale x 2
set xrange [524288:2097152]
unset mxtics
set xtics ("1M" 1048576)
unset logscale y
set yrange [0:*]
set format y "%gx"
set yrange [0:32.8275176]
set samples 400
eq12_0(x) = 2.0*64*128*x / (4*128*x + 4.0*64*128*16*128)
set key inside top left Left reverse noautotitle spacing 1.1 box lc rgb "#cccccc" opaque
set style line 1 lc rgb "#d62728" lw 2 dt 1 pt 7
do for [fmt in fmts] {
  if (fmt eq "pdf") {
    set terminal pdfcairo noenhanced color font "Helvetica,9" size 6.00in,4.00in linewidth 0.6
    set output "flop_ratio.pdf"; small = ",7"; set pointsize 0.55
  }
  if (fmt eq "png") {
    set terminal pngcairo noenhanced color font "Helvetica,11" size 900,600 linewidth 1
    set output "flop_ratio.png"; small = ",9"; set pointsize 1.1
  }
  if (fmt eq "svg") {
    set terminal svg noenhanced font "Helvetica,11" size 720,480 dynamic background "white" linewidth 1
    set output "flop_ratio.svg"; small = ",9"; set pointsize 1
  }
  plot 'flop_ratio.dat' index 0 using 1:2 with points ls 1 title 'counted: msa', \
    eq12_0(x) with lines lc rgb "#000000" lw 1.5 dt 2 title 'eq. 12: Hq=64 Hkv=4 d=128 d_idx=128 k=16 Bk=128'
  set output
}
