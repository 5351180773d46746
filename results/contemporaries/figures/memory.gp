# memory.gp - memory vs context length
# Written by `msabench plot` from results/contemporaries/run/results.csv; the data is memory.dat beside this file.
# Rebuild in this directory: gnuplot memory.gp   (or gnuplot -e 'fmts="png"' memory.gp)
if (!exists("fmts")) fmts = 'png'
reset
set encoding utf8
set grid xtics ytics lc rgb "#dddddd" lw 1
set border lw 1
set tics nomirror out
set border 3
set title 'Memory vs context length  -  AMD EPYC'."\n".'mem_model: every buffer allocated (solid, filled);  mem_peak: measured (dashed, open)'
set xlabel 'context length N (tokens)'
set ylabel 'bytes'
set logscale x 2
set xrange [1638.4:20480]
unset mxtics
set xtics ("2K" 2048, "4K" 4096, "8K" 8192, "16K" 16384)
set logscale y 10
set format y "%.0s %cB"
set yrange [1604865:2.52761948e+10]
set style line 1 lc rgb "#d62728" lw 2 dt 1 pt 6
set style line 2 lc rgb "#d62728" lw 2 dt 2 pt 6
set style line 3 lc rgb "#9467bd" lw 2 dt 1 pt 12
set style line 4 lc rgb "#9467bd" lw 2 dt 2 pt 12
set style line 5 lc rgb "#8c564b" lw 2 dt 1 pt 4
set style line 6 lc rgb "#8c564b" lw 2 dt 2 pt 4
set style line 7 lc rgb "#e377c2" lw 2 dt 1 pt 6
set style line 8 lc rgb "#e377c2" lw 2 dt 2 pt 6
set style line 9 lc rgb "#17becf" lw 2 dt 1 pt 8
set style line 10 lc rgb "#17becf" lw 2 dt 2 pt 8
set style line 11 lc rgb "#d62728" lw 2 dt 1 pt 6
set style line 12 lc rgb "#d62728" lw 2 dt 2 pt 6
set style line 13 lc rgb "#17becf" lw 2 dt 1 pt 8
set style line 14 lc rgb "#17becf" lw 2 dt 2 pt 8
set style line 15 lc rgb "#d62728" lw 2 dt 1 pt 6
set style line 16 lc rgb "#d62728" lw 2 dt 2 pt 6
set style line 17 lc rgb "#17becf" lw 2 dt 1 pt 8
set style line 18 lc rgb "#17becf" lw 2 dt 2 pt 8
set style line 19 lc rgb "#d62728" lw 2 dt 1 pt 6
set style line 20 lc rgb "#d62728" lw 2 dt 2 pt 6
set style line 21 lc rgb "#9467bd" lw 2 dt 1 pt 12
set style line 22 lc rgb "#9467bd" lw 2 dt 2 pt 12
set style line 23 lc rgb "#8c564b" lw 2 dt 1 pt 4
set style line 24 lc rgb "#8c564b" lw 2 dt 2 pt 4
set style line 25 lc rgb "#e377c2" lw 2 dt 1 pt 6
set style line 26 lc rgb "#e377c2" lw 2 dt 2 pt 6
set style line 27 lc rgb "#d62728" lw 2 dt 1 pt 6
set style line 28 lc rgb "#d62728" lw 2 dt 2 pt 6
set style line 29 lc rgb "#d62728" lw 2 dt 1 pt 6
set style line 30 lc rgb "#d62728" lw 2 dt 2 pt 6
set style line 31 lc rgb "#d62728" lw 2 dt 1 pt 6
set style line 32 lc rgb "#d62728" lw 2 dt 2 pt 6
set style line 33 lc rgb "#9467bd" lw 2 dt 1 pt 12
set style line 34 lc rgb "#9467bd" lw 2 dt 2 pt 12
set style line 35 lc rgb "#8c564b" lw 2 dt 1 pt 4
set style line 36 lc rgb "#8c564b" lw 2 dt 2 pt 4
set style line 37 lc rgb "#e377c2" lw 2 dt 1 pt 6
set style line 38 lc rgb "#e377c2" lw 2 dt 2 pt 6
set style line 39 lc rgb "#d62728" lw 2 dt 1 pt 6
set style line 40 lc rgb "#d62728" lw 2 dt 2 pt 6
set style line 41 lc rgb "#d62728" lw 2 dt 1 pt 6
set style line 42 lc rgb "#d62728" lw 2 dt 2 pt 6
set style line 43 lc rgb "#d62728" lw 2 dt 1 pt 6
set style line 44 lc rgb "#d62728" lw 2 dt 2 pt 6
set style line 45 lc rgb "#9467bd" lw 2 dt 1 pt 12
set style line 46 lc rgb "#9467bd" lw 2 dt 2 pt 12
set style line 47 lc rgb "#8c564b" lw 2 dt 1 pt 4
set style line 48 lc rgb "#8c564b" lw 2 dt 2 pt 4
set style line 49 lc rgb "#e377c2" lw 2 dt 1 pt 6
set style line 50 lc rgb "#e377c2" lw 2 dt 2 pt 6
set style line 51 lc rgb "#d62728" lw 2 dt 1 pt 6
set style line 52 lc rgb "#d62728" lw 2 dt 2 pt 6
set style line 53 lc rgb "#d62728" lw 2 dt 1 pt 6
set style line 54 lc rgb "#d62728" lw 2 dt 2 pt 6
set style line 55 lc rgb "#d62728" lw 2 dt 1 pt 7
set style line 56 lc rgb "#d62728" lw 2 dt 2 pt 6
set style line 57 lc rgb "#9467bd" lw 2 dt 1 pt 13
set style line 58 lc rgb "#9467bd" lw 2 dt 2 pt 12
set style line 59 lc rgb "#8c564b" lw 2 dt 1 pt 5
set style line 60 lc rgb "#8c564b" lw 2 dt 2 pt 4
set style line 61 lc rgb "#e377c2" lw 2 dt 1 pt 7
set style line 62 lc rgb "#e377c2" lw 2 dt 2 pt 6
set style line 63 lc rgb "#17becf" lw 2 dt 1 pt 8
set style line 64 lc rgb "#17becf" lw 2 dt 2 pt 8
set style line 65 lc rgb "#bcbd22" lw 2 dt 1 pt 13
set style line 66 lc rgb "#bcbd22" lw 2 dt 2 pt 12
set style line 67 lc rgb "#d62728" lw 2 dt 1 pt 6
set style line 68 lc rgb "#d62728" lw 2 dt 2 pt 6
set style line 69 lc rgb "#17becf" lw 2 dt 1 pt 9
set style line 70 lc rgb "#17becf" lw 2 dt 2 pt 8
set style line 71 lc rgb "#d62728" lw 2 dt 1 pt 7
set style line 72 lc rgb "#d62728" lw 2 dt 2 pt 6
set style line 73 lc rgb "#17becf" lw 2 dt 1 pt 8
set style line 74 lc rgb "#17becf" lw 2 dt 2 pt 8
set style line 75 lc rgb "#d62728" lw 2 dt 1 pt 6
set style line 76 lc rgb "#d62728" lw 2 dt 2 pt 6
set style line 77 lc rgb "#9467bd" lw 2 dt 1 pt 12
set style line 78 lc rgb "#9467bd" lw 2 dt 2 pt 12
set style line 79 lc rgb "#8c564b" lw 2 dt 1 pt 4
set style line 80 lc rgb "#8c564b" lw 2 dt 2 pt 4
set style line 81 lc rgb "#e377c2" lw 2 dt 1 pt 6
set style line 82 lc rgb "#e377c2" lw 2 dt 2 pt 6
set style line 83 lc rgb "#bcbd22" lw 2 dt 1 pt 12
set style line 84 lc rgb "#bcbd22" lw 2 dt 2 pt 12
set style line 85 lc rgb "#d62728" lw 2 dt 1 pt 7
set style line 86 lc rgb "#d62728" lw 2 dt 2 pt 6
set style line 87 lc rgb "#d62728" lw 2 dt 1 pt 6
set style line 88 lc rgb "#d62728" lw 2 dt 2 pt 6
set style line 89 lc rgb "#d62728" lw 2 dt 1 pt 7
set style line 90 lc rgb "#d62728" lw 2 dt 2 pt 6
set style line 91 lc rgb "#9467bd" lw 2 dt 1 pt 13
set style line 92 lc rgb "#9467bd" lw 2 dt 2 pt 12
set style line 93 lc rgb "#8c564b" lw 2 dt 1 pt 5
set style line 94 lc rgb "#8c564b" lw 2 dt 2 pt 4
set style line 95 lc rgb "#e377c2" lw 2 dt 1 pt 7
set style line 96 lc rgb "#e377c2" lw 2 dt 2 pt 6
set style line 97 lc rgb "#bcbd22" lw 2 dt 1 pt 13
set style line 98 lc rgb "#bcbd22" lw 2 dt 2 pt 12
set style line 99 lc rgb "#d62728" lw 2 dt 1 pt 6
set style line 100 lc rgb "#d62728" lw 2 dt 2 pt 6
set style line 101 lc rgb "#d62728" lw 2 dt 1 pt 7
set style line 102 lc rgb "#d62728" lw 2 dt 2 pt 6
set style line 103 lc rgb "#d62728" lw 2 dt 1 pt 6
set style line 104 lc rgb "#d62728" lw 2 dt 2 pt 6
set style line 105 lc rgb "#9467bd" lw 2 dt 1 pt 12
set style line 106 lc rgb "#9467bd" lw 2 dt 2 pt 12
set style line 107 lc rgb "#8c564b" lw 2 dt 1 pt 4
set style line 108 lc rgb "#8c564b" lw 2 dt 2 pt 4
set style line 109 lc rgb "#e377c2" lw 2 dt 1 pt 6
set style line 110 lc rgb "#e377c2" lw 2 dt 2 pt 6
set style line 111 lc rgb "#bcbd22" lw 2 dt 1 pt 12
set style line 112 lc rgb "#bcbd22" lw 2 dt 2 pt 12
set style line 113 lc rgb "#d62728" lw 2 dt 1 pt 7
set style line 114 lc rgb "#d62728" lw 2 dt 2 pt 6
set style line 115 lc rgb "#d62728" lw 2 dt 1 pt 6
set style line 116 lc rgb "#d62728" lw 2 dt 2 pt 6
set style line 117 lc rgb "#d62728" lw 2 dt 1 pt 7
set style line 118 lc rgb "#d62728" lw 2 dt 2 pt 6
set style line 119 lc rgb "#9467bd" lw 2 dt 1 pt 13
set style line 120 lc rgb "#9467bd" lw 2 dt 2 pt 12
set style line 121 lc rgb "#8c564b" lw 2 dt 1 pt 5
set style line 122 lc rgb "#8c564b" lw 2 dt 2 pt 4
set style line 123 lc rgb "#e377c2" lw 2 dt 1 pt 7
set style line 124 lc rgb "#e377c2" lw 2 dt 2 pt 6
set style line 125 lc rgb "#17becf" lw 2 dt 1 pt 9
set style line 126 lc rgb "#17becf" lw 2 dt 2 pt 8
set style line 127 lc rgb "#d62728" lw 2 dt 1 pt 6
set style line 128 lc rgb "#d62728" lw 2 dt 2 pt 6
set style line 129 lc rgb "#9467bd" lw 2 dt 1 pt 12
set style line 130 lc rgb "#9467bd" lw 2 dt 2 pt 12
set style line 131 lc rgb "#8c564b" lw 2 dt 1 pt 4
set style line 132 lc rgb "#8c564b" lw 2 dt 2 pt 4
set style line 133 lc rgb "#e377c2" lw 2 dt 1 pt 6
set style line 134 lc rgb "#e377c2" lw 2 dt 2 pt 6
set style line 135 lc rgb "#17becf" lw 2 dt 1 pt 8
set style line 136 lc rgb "#17becf" lw 2 dt 2 pt 8
set style line 137 lc rgb "#d62728" lw 2 dt 1 pt 6
set style line 138 lc rgb "#d62728" lw 2 dt 2 pt 6
set style line 139 lc rgb "#9467bd" lw 2 dt 1 pt 12
set style line 140 lc rgb "#9467bd" lw 2 dt 2 pt 12
set style line 141 lc rgb "#8c564b" lw 2 dt 1 pt 4
set style line 142 lc rgb "#8c564b" lw 2 dt 2 pt 4
set style line 143 lc rgb "#e377c2" lw 2 dt 1 pt 6
set style line 144 lc rgb "#e377c2" lw 2 dt 2 pt 6
set style line 145 lc rgb "#d62728" lw 2 dt 1 pt 6
set style line 146 lc rgb "#d62728" lw 2 dt 2 pt 6
set style line 147 lc rgb "#9467bd" lw 2 dt 1 pt 12
set style line 148 lc rgb "#9467bd" lw 2 dt 2 pt 12
set style line 149 lc rgb "#8c564b" lw 2 dt 1 pt 4
set style line 150 lc rgb "#8c564b" lw 2 dt 2 pt 4
set style line 151 lc rgb "#e377c2" lw 2 dt 1 pt 6
set style line 152 lc rgb "#e377c2" lw 2 dt 2 pt 6
set style line 153 lc rgb "#17becf" lw 2 dt 1 pt 9
set style line 154 lc rgb "#17becf" lw 2 dt 2 pt 8
set style line 155 lc rgb "#bcbd22" lw 2 dt 1 pt 13
set style line 156 lc rgb "#bcbd22" lw 2 dt 2 pt 12
set style line 157 lc rgb "#d62728" lw 2 dt 1 pt 7
set style line 158 lc rgb "#d62728" lw 2 dt 2 pt 6
set style line 159 lc rgb "#9467bd" lw 2 dt 1 pt 13
set style line 160 lc rgb "#9467bd" lw 2 dt 2 pt 12
set style line 161 lc rgb "#8c564b" lw 2 dt 1 pt 5
set style line 162 lc rgb "#8c564b" lw 2 dt 2 pt 4
set style line 163 lc rgb "#e377c2" lw 2 dt 1 pt 7
set style line 164 lc rgb "#e377c2" lw 2 dt 2 pt 6
set style line 165 lc rgb "#bcbd22" lw 2 dt 1 pt 12
set style line 166 lc rgb "#bcbd22" lw 2 dt 2 pt 12
set style line 167 lc rgb "#d62728" lw 2 dt 1 pt 6
set style line 168 lc rgb "#d62728" lw 2 dt 2 pt 6
set style line 169 lc rgb "#9467bd" lw 2 dt 1 pt 12
set style line 170 lc rgb "#9467bd" lw 2 dt 2 pt 12
set style line 171 lc rgb "#8c564b" lw 2 dt 1 pt 4
set style line 172 lc rgb "#8c564b" lw 2 dt 2 pt 4
set style line 173 lc rgb "#e377c2" lw 2 dt 1 pt 6
set style line 174 lc rgb "#e377c2" lw 2 dt 2 pt 6
set style line 175 lc rgb "#bcbd22" lw 2 dt 1 pt 13
set style line 176 lc rgb "#bcbd22" lw 2 dt 2 pt 12
set key outside right top vertical Left reverse noautotitle spacing 1.1
do for [fmt in fmts] {
  if (fmt eq "pdf") {
    set terminal pdfcairo noenhanced color font "Helvetica,9" size 11.33in,4.00in linewidth 0.6
    set output "memory.pdf"; small = ",7"; set pointsize 0.55
  }
  if (fmt eq "png") {
    set terminal pngcairo noenhanced color font "Helvetica,11" size 1699,600 linewidth 1
    set output "memory.png"; small = ",9"; set pointsize 1.1
  }
  if (fmt eq "svg") {
    set terminal svg noenhanced font "Helvetica,11" size 1359,480 dynamic background "white" linewidth 1
    set output "memory.svg"; small = ",9"; set pointsize 1
  }
  set label 900 'skipped: quest cpu N=16K prefill (unsupported: quest is a decode method: prefi...);  skipped: quest cpu N=2K prefill (unsupported: quest is a decode method: prefi...)' at screen 0.01, screen 0.01 left front textcolor rgb "#555555" font small offset 0,1
  set bmargin 6
  plot 'memory.dat' index 0 using 1:2 with linespoints ls 1 title 'msa/cpu/blas prefill Hq=8 Hkv=2 k=16 structured noise=0 (est.) model', \
    'memory.dat' index 1 using 1:2 with linespoints ls 3 title 'bigbird/cpu/blas prefill Hq=8 Hkv=2 g=2 r=11 structured (est.) model', \
    'memory.dat' index 2 using 1:2 with linespoints ls 5 title 'nsa/cpu/blas prefill Hq=8 Hkv=2 k=16 structured (est.) model', \
    'memory.dat' index 3 using 1:2 with linespoints ls 7 title 'moba/cpu/loops prefill Hq=8 Hkv=2 k=16 structured (est.) model', \
    'memory.dat' index 4 using 1:2 with linespoints ls 9 title 'dsa/cpu/loops prefill Hq=8 Hkv=2 structured noise=0 (est.) model', \
    'memory.dat' index 5 using 1:2 with linespoints ls 11 title 'msa/cpu/blas prefill Hq=8 Hkv=2 k=16 structured noise=0.5 (est.) model', \
    'memory.dat' index 6 using 1:2 with linespoints ls 13 title 'dsa/cpu/loops prefill Hq=8 Hkv=2 structured noise=0.5 (est.) model', \
    'memory.dat' index 7 using 1:2 with linespoints ls 15 title 'msa/cpu/blas prefill Hq=8 Hkv=2 k=16 structured noise=2 (est.) model', \
    'memory.dat' index 8 using 1:2 with linespoints ls 17 title 'dsa/cpu/loops prefill Hq=8 Hkv=2 structured noise=2 (est.) model', \
    'memory.dat' index 9 using 1:2 with linespoints ls 19 title 'msa/cpu/blas prefill Hq=8 Hkv=2 k=32 structured noise=0 (est.) model', \
    'memory.dat' index 10 using 1:2 with linespoints ls 21 title 'bigbird/cpu/blas prefill Hq=8 Hkv=2 g=2 r=27 structured (est.) model', \
    'memory.dat' index 11 using 1:2 with linespoints ls 23 title 'nsa/cpu/blas prefill Hq=8 Hkv=2 k=32 structured (est.) model', \
    'memory.dat' index 12 using 1:2 with linespoints ls 25 title 'moba/cpu/loops prefill Hq=8 Hkv=2 k=32 structured (est.) model', \
    'memory.dat' index 13 using 1:2 with linespoints ls 27 title 'msa/cpu/blas prefill Hq=8 Hkv=2 k=32 structured noise=0.5 (est.) model', \
    'memory.dat' index 14 using 1:2 with linespoints ls 29 title 'msa/cpu/blas prefill Hq=8 Hkv=2 k=32 structured noise=2 (est.) model', \
    'memory.dat' index 15 using 1:2 with linespoints ls 31 title 'msa/cpu/blas prefill Hq=8 Hkv=2 k=64 structured noise=0 (est.) model', \
    'memory.dat' index 16 using 1:2 with linespoints ls 33 title 'bigbird/cpu/blas prefill Hq=8 Hkv=2 g=2 r=59 structured (est.) model', \
    'memory.dat' index 17 using 1:2 with linespoints ls 35 title 'nsa/cpu/blas prefill Hq=8 Hkv=2 k=64 structured (est.) model', \
    'memory.dat' index 18 using 1:2 with linespoints ls 37 title 'moba/cpu/loops prefill Hq=8 Hkv=2 k=64 structured (est.) model', \
    'memory.dat' index 19 using 1:2 with linespoints ls 39 title 'msa/cpu/blas prefill Hq=8 Hkv=2 k=64 structured noise=0.5 (est.) model', \
    'memory.dat' index 20 using 1:2 with linespoints ls 41 title 'msa/cpu/blas prefill Hq=8 Hkv=2 k=64 structured noise=2 (est.) model', \
    'memory.dat' index 21 using 1:2 with linespoints ls 43 title 'msa/cpu/blas prefill Hq=8 Hkv=2 k=128 structured noise=0 (est.) model', \
    'memory.dat' index 22 using 1:2 with linespoints ls 45 title 'bigbird/cpu/blas prefill Hq=8 Hkv=2 g=2 r=123 structured (est.) model', \
    'memory.dat' index 23 using 1:2 with linespoints ls 47 title 'nsa/cpu/blas prefill Hq=8 Hkv=2 k=128 structured (est.) model', \
    'memory.dat' index 24 using 1:2 with linespoints ls 49 title 'moba/cpu/loops prefill Hq=8 Hkv=2 k=128 structured (est.) model', \
    'memory.dat' index 25 using 1:2 with linespoints ls 51 title 'msa/cpu/blas prefill Hq=8 Hkv=2 k=128 structured noise=0.5 (est.) model', \
    'memory.dat' index 26 using 1:2 with linespoints ls 53 title 'msa/cpu/blas prefill Hq=8 Hkv=2 k=128 structured noise=2 (est.) model', \
    'memory.dat' index 27 using 1:2 with linespoints ls 55 title 'msa/cpu/blas decode Hq=8 Hkv=2 k=16 structured noise=0 model', \
    'memory.dat' index 27 using 1:5 with linespoints ls 56 title 'msa/cpu/blas decode Hq=8 Hkv=2 k=16 structured noise=0 peak', \
    'memory.dat' index 28 using 1:2 with linespoints ls 57 title 'bigbird/cpu/blas decode Hq=8 Hkv=2 g=2 r=11 structured model', \
    'memory.dat' index 28 using 1:5 with linespoints ls 58 title 'bigbird/cpu/blas decode Hq=8 Hkv=2 g=2 r=11 structured peak', \
    'memory.dat' index 29 using 1:2 with linespoints ls 59 title 'nsa/cpu/blas decode Hq=8 Hkv=2 k=16 structured model', \
    'memory.dat' index 29 using 1:5 with linespoints ls 60 title 'nsa/cpu/blas decode Hq=8 Hkv=2 k=16 structured peak', \
    'memory.dat' index 30 using 1:2 with linespoints ls 61 title 'moba/cpu/loops decode Hq=8 Hkv=2 k=16 structured model', \
    'memory.dat' index 30 using 1:5 with linespoints ls 62 title 'moba/cpu/loops decode Hq=8 Hkv=2 k=16 structured peak', \
    'memory.dat' index 31 using 1:2 with linespoints ls 63 title 'dsa/cpu/loops decode Hq=8 Hkv=2 structured noise=0 model', \
    'memory.dat' index 31 using 1:5 with linespoints ls 64 title 'dsa/cpu/loops decode Hq=8 Hkv=2 structured noise=0 peak', \
    'memory.dat' index 32 using 1:2 with linespoints ls 65 title 'quest/cpu/loops decode Hq=8 Hkv=2 k=16 structured model', \
    'memory.dat' index 32 using 1:5 with linespoints ls 66 title 'quest/cpu/loops decode Hq=8 Hkv=2 k=16 structured peak', \
    'memory.dat' index 33 using 1:2 with linespoints ls 67 title 'msa/cpu/blas decode Hq=8 Hkv=2 k=16 structured noise=0.5 model', \
    'memory.dat' index 33 using 1:5 with linespoints ls 68 title 'msa/cpu/blas decode Hq=8 Hkv=2 k=16 structured noise=0.5 peak', \
    'memory.dat' index 34 using 1:2 with linespoints ls 69 title 'dsa/cpu/loops decode Hq=8 Hkv=2 structured noise=0.5 model', \
    'memory.dat' index 34 using 1:5 with linespoints ls 70 title 'dsa/cpu/loops decode Hq=8 Hkv=2 structured noise=0.5 peak', \
    'memory.dat' index 35 using 1:2 with linespoints ls 71 title 'msa/cpu/blas decode Hq=8 Hkv=2 k=16 structured noise=2 model', \
    'memory.dat' index 35 using 1:5 with linespoints ls 72 title 'msa/cpu/blas decode Hq=8 Hkv=2 k=16 structured noise=2 peak', \
    'memory.dat' index 36 using 1:2 with linespoints ls 73 title 'dsa/cpu/loops decode Hq=8 Hkv=2 structured noise=2 model', \
    'memory.dat' index 36 using 1:5 with linespoints ls 74 title 'dsa/cpu/loops decode Hq=8 Hkv=2 structured noise=2 peak', \
    'memory.dat' index 37 using 1:2 with linespoints ls 75 title 'msa/cpu/blas decode Hq=8 Hkv=2 k=32 structured noise=0 model', \
    'memory.dat' index 37 using 1:5 with linespoints ls 76 title 'msa/cpu/blas decode Hq=8 Hkv=2 k=32 structured noise=0 peak', \
    'memory.dat' index 38 using 1:2 with linespoints ls 77 title 'bigbird/cpu/blas decode Hq=8 Hkv=2 g=2 r=27 structured model', \
    'memory.dat' index 38 using 1:5 with linespoints ls 78 title 'bigbird/cpu/blas decode Hq=8 Hkv=2 g=2 r=27 structured peak', \
    'memory.dat' index 39 using 1:2 with linespoints ls 79 title 'nsa/cpu/blas decode Hq=8 Hkv=2 k=32 structured model', \
    'memory.dat' index 39 using 1:5 with linespoints ls 80 title 'nsa/cpu/blas decode Hq=8 Hkv=2 k=32 structured peak', \
    'memory.dat' index 40 using 1:2 with linespoints ls 81 title 'moba/cpu/loops decode Hq=8 Hkv=2 k=32 structured model', \
    'memory.dat' index 40 using 1:5 with linespoints ls 82 title 'moba/cpu/loops decode Hq=8 Hkv=2 k=32 structured peak', \
    'memory.dat' index 41 using 1:2 with linespoints ls 83 title 'quest/cpu/loops decode Hq=8 Hkv=2 k=32 structured model', \
    'memory.dat' index 41 using 1:5 with linespoints ls 84 title 'quest/cpu/loops decode Hq=8 Hkv=2 k=32 structured peak', \
    'memory.dat' index 42 using 1:2 with linespoints ls 85 title 'msa/cpu/blas decode Hq=8 Hkv=2 k=32 structured noise=0.5 model', \
    'memory.dat' index 42 using 1:5 with linespoints ls 86 title 'msa/cpu/blas decode Hq=8 Hkv=2 k=32 structured noise=0.5 peak', \
    'memory.dat' index 43 using 1:2 with linespoints ls 87 title 'msa/cpu/blas decode Hq=8 Hkv=2 k=32 structured noise=2 model', \
    'memory.dat' index 43 using 1:5 with linespoints ls 88 title 'msa/cpu/blas decode Hq=8 Hkv=2 k=32 structured noise=2 peak', \
    'memory.dat' index 44 using 1:2 with linespoints ls 89 title 'msa/cpu/blas decode Hq=8 Hkv=2 k=64 structured noise=0 model', \
    'memory.dat' index 44 using 1:5 with linespoints ls 90 title 'msa/cpu/blas decode Hq=8 Hkv=2 k=64 structured noise=0 peak', \
    'memory.dat' index 45 using 1:2 with linespoints ls 91 title 'bigbird/cpu/blas decode Hq=8 Hkv=2 g=2 r=59 structured model', \
    'memory.dat' index 45 using 1:5 with linespoints ls 92 title 'bigbird/cpu/blas decode Hq=8 Hkv=2 g=2 r=59 structured peak', \
    'memory.dat' index 46 using 1:2 with linespoints ls 93 title 'nsa/cpu/blas decode Hq=8 Hkv=2 k=64 structured model', \
    'memory.dat' index 46 using 1:5 with linespoints ls 94 title 'nsa/cpu/blas decode Hq=8 Hkv=2 k=64 structured peak', \
    'memory.dat' index 47 using 1:2 with linespoints ls 95 title 'moba/cpu/loops decode Hq=8 Hkv=2 k=64 structured model', \
    'memory.dat' index 47 using 1:5 with linespoints ls 96 title 'moba/cpu/loops decode Hq=8 Hkv=2 k=64 structured peak', \
    'memory.dat' index 48 using 1:2 with linespoints ls 97 title 'quest/cpu/loops decode Hq=8 Hkv=2 k=64 structured model', \
    'memory.dat' index 48 using 1:5 with linespoints ls 98 title 'quest/cpu/loops decode Hq=8 Hkv=2 k=64 structured peak', \
    'memory.dat' index 49 using 1:2 with linespoints ls 99 title 'msa/cpu/blas decode Hq=8 Hkv=2 k=64 structured noise=0.5 model', \
    'memory.dat' index 49 using 1:5 with linespoints ls 100 title 'msa/cpu/blas decode Hq=8 Hkv=2 k=64 structured noise=0.5 peak', \
    'memory.dat' index 50 using 1:2 with linespoints ls 101 title 'msa/cpu/blas decode Hq=8 Hkv=2 k=64 structured noise=2 model', \
    'memory.dat' index 50 using 1:5 with linespoints ls 102 title 'msa/cpu/blas decode Hq=8 Hkv=2 k=64 structured noise=2 peak', \
    'memory.dat' index 51 using 1:2 with linespoints ls 103 title 'msa/cpu/blas decode Hq=8 Hkv=2 k=128 structured noise=0 model', \
    'memory.dat' index 51 using 1:5 with linespoints ls 104 title 'msa/cpu/blas decode Hq=8 Hkv=2 k=128 structured noise=0 peak', \
    'memory.dat' index 52 using 1:2 with linespoints ls 105 title 'bigbird/cpu/blas decode Hq=8 Hkv=2 g=2 r=123 structured model', \
    'memory.dat' index 52 using 1:5 with linespoints ls 106 title 'bigbird/cpu/blas decode Hq=8 Hkv=2 g=2 r=123 structured peak', \
    'memory.dat' index 53 using 1:2 with linespoints ls 107 title 'nsa/cpu/blas decode Hq=8 Hkv=2 k=128 structured model', \
    'memory.dat' index 53 using 1:5 with linespoints ls 108 title 'nsa/cpu/blas decode Hq=8 Hkv=2 k=128 structured peak', \
    'memory.dat' index 54 using 1:2 with linespoints ls 109 title 'moba/cpu/loops decode Hq=8 Hkv=2 k=128 structured model', \
    'memory.dat' index 54 using 1:5 with linespoints ls 110 title 'moba/cpu/loops decode Hq=8 Hkv=2 k=128 structured peak', \
    'memory.dat' index 55 using 1:2 with linespoints ls 111 title 'quest/cpu/loops decode Hq=8 Hkv=2 k=128 structured model', \
    'memory.dat' index 55 using 1:5 with linespoints ls 112 title 'quest/cpu/loops decode Hq=8 Hkv=2 k=128 structured peak', \
    'memory.dat' index 56 using 1:2 with linespoints ls 113 title 'msa/cpu/blas decode Hq=8 Hkv=2 k=128 structured noise=0.5 model', \
    'memory.dat' index 56 using 1:5 with linespoints ls 114 title 'msa/cpu/blas decode Hq=8 Hkv=2 k=128 structured noise=0.5 peak', \
    'memory.dat' index 57 using 1:2 with linespoints ls 115 title 'msa/cpu/blas decode Hq=8 Hkv=2 k=128 structured noise=2 model', \
    'memory.dat' index 57 using 1:5 with linespoints ls 116 title 'msa/cpu/blas decode Hq=8 Hkv=2 k=128 structured noise=2 peak', \
    'memory.dat' index 58 using 1:2 with linespoints ls 117 title 'msa/cpu/blas prefill Hq=9 Hkv=3 k=4 file noise=0 model', \
    'memory.dat' index 58 using 1:5 with linespoints ls 118 title 'msa/cpu/blas prefill Hq=9 Hkv=3 k=4 file noise=0 peak', \
    'memory.dat' index 59 using 1:2 with linespoints ls 119 title 'bigbird/cpu/blas prefill Hq=9 Hkv=3 g=1 r=0 file model', \
    'memory.dat' index 59 using 1:5 with linespoints ls 120 title 'bigbird/cpu/blas prefill Hq=9 Hkv=3 g=1 r=0 file peak', \
    'memory.dat' index 60 using 1:2 with linespoints ls 121 title 'nsa/cpu/blas prefill Hq=9 Hkv=3 k=4 file model', \
    'memory.dat' index 60 using 1:5 with linespoints ls 122 title 'nsa/cpu/blas prefill Hq=9 Hkv=3 k=4 file peak', \
    'memory.dat' index 61 using 1:2 with linespoints ls 123 title 'moba/cpu/loops prefill Hq=9 Hkv=3 k=4 file model', \
    'memory.dat' index 61 using 1:5 with linespoints ls 124 title 'moba/cpu/loops prefill Hq=9 Hkv=3 k=4 file peak', \
    'memory.dat' index 62 using 1:2 with linespoints ls 125 title 'dsa/cpu/loops prefill Hq=9 Hkv=3 file noise=0 model', \
    'memory.dat' index 62 using 1:5 with linespoints ls 126 title 'dsa/cpu/loops prefill Hq=9 Hkv=3 file noise=0 peak', \
    'memory.dat' index 63 using 1:2 with linespoints ls 127 title 'msa/cpu/blas prefill Hq=9 Hkv=3 k=8 file noise=0 (est.) model', \
    'memory.dat' index 64 using 1:2 with linespoints ls 129 title 'bigbird/cpu/blas prefill Hq=9 Hkv=3 g=2 r=3 file (est.) model', \
    'memory.dat' index 65 using 1:2 with linespoints ls 131 title 'nsa/cpu/blas prefill Hq=9 Hkv=3 k=8 file (est.) model', \
    'memory.dat' index 66 using 1:2 with linespoints ls 133 title 'moba/cpu/loops prefill Hq=9 Hkv=3 k=8 file (est.) model', \
    'memory.dat' index 67 using 1:2 with linespoints ls 135 title 'dsa/cpu/loops prefill Hq=9 Hkv=3 file noise=0 (est.) model', \
    'memory.dat' index 68 using 1:2 with linespoints ls 137 title 'msa/cpu/blas prefill Hq=9 Hkv=3 k=16 file noise=0 (est.) model', \
    'memory.dat' index 69 using 1:2 with linespoints ls 139 title 'bigbird/cpu/blas prefill Hq=9 Hkv=3 g=2 r=11 file (est.) model', \
    'memory.dat' index 70 using 1:2 with linespoints ls 141 title 'nsa/cpu/blas prefill Hq=9 Hkv=3 k=16 file (est.) model', \
    'memory.dat' index 71 using 1:2 with linespoints ls 143 title 'moba/cpu/loops prefill Hq=9 Hkv=3 k=16 file (est.) model', \
    'memory.dat' index 72 using 1:2 with linespoints ls 145 title 'msa/cpu/blas decode Hq=9 Hkv=3 k=4 file noise=0 model', \
    'memory.dat' index 72 using 1:5 with linespoints ls 146 title 'msa/cpu/blas decode Hq=9 Hkv=3 k=4 file noise=0 peak', \
    'memory.dat' index 73 using 1:2 with linespoints ls 147 title 'bigbird/cpu/blas decode Hq=9 Hkv=3 g=1 r=0 file model', \
    'memory.dat' index 73 using 1:5 with linespoints ls 148 title 'bigbird/cpu/blas decode Hq=9 Hkv=3 g=1 r=0 file peak', \
    'memory.dat' index 74 using 1:2 with linespoints ls 149 title 'nsa/cpu/blas decode Hq=9 Hkv=3 k=4 file model', \
    'memory.dat' index 74 using 1:5 with linespoints ls 150 title 'nsa/cpu/blas decode Hq=9 Hkv=3 k=4 file peak', \
    'memory.dat' index 75 using 1:2 with linespoints ls 151 title 'moba/cpu/loops decode Hq=9 Hkv=3 k=4 file model', \
    'memory.dat' index 75 using 1:5 with linespoints ls 152 title 'moba/cpu/loops decode Hq=9 Hkv=3 k=4 file peak', \
    'memory.dat' index 76 using 1:2 with linespoints ls 153 title 'dsa/cpu/loops decode Hq=9 Hkv=3 file noise=0 model', \
    'memory.dat' index 76 using 1:5 with linespoints ls 154 title 'dsa/cpu/loops decode Hq=9 Hkv=3 file noise=0 peak', \
    'memory.dat' index 77 using 1:2 with linespoints ls 155 title 'quest/cpu/loops decode Hq=9 Hkv=3 k=4 file model', \
    'memory.dat' index 77 using 1:5 with linespoints ls 156 title 'quest/cpu/loops decode Hq=9 Hkv=3 k=4 file peak', \
    'memory.dat' index 78 using 1:2 with linespoints ls 157 title 'msa/cpu/blas decode Hq=9 Hkv=3 k=8 file noise=0 model', \
    'memory.dat' index 78 using 1:5 with linespoints ls 158 title 'msa/cpu/blas decode Hq=9 Hkv=3 k=8 file noise=0 peak', \
    'memory.dat' index 79 using 1:2 with linespoints ls 159 title 'bigbird/cpu/blas decode Hq=9 Hkv=3 g=2 r=3 file model', \
    'memory.dat' index 79 using 1:5 with linespoints ls 160 title 'bigbird/cpu/blas decode Hq=9 Hkv=3 g=2 r=3 file peak', \
    'memory.dat' index 80 using 1:2 with linespoints ls 161 title 'nsa/cpu/blas decode Hq=9 Hkv=3 k=8 file model', \
    'memory.dat' index 80 using 1:5 with linespoints ls 162 title 'nsa/cpu/blas decode Hq=9 Hkv=3 k=8 file peak', \
    'memory.dat' index 81 using 1:2 with linespoints ls 163 title 'moba/cpu/loops decode Hq=9 Hkv=3 k=8 file model', \
    'memory.dat' index 81 using 1:5 with linespoints ls 164 title 'moba/cpu/loops decode Hq=9 Hkv=3 k=8 file peak', \
    'memory.dat' index 82 using 1:2 with linespoints ls 165 title 'quest/cpu/loops decode Hq=9 Hkv=3 k=8 file model', \
    'memory.dat' index 82 using 1:5 with linespoints ls 166 title 'quest/cpu/loops decode Hq=9 Hkv=3 k=8 file peak', \
    'memory.dat' index 83 using 1:2 with linespoints ls 167 title 'msa/cpu/blas decode Hq=9 Hkv=3 k=16 file noise=0 model', \
    'memory.dat' index 83 using 1:5 with linespoints ls 168 title 'msa/cpu/blas decode Hq=9 Hkv=3 k=16 file noise=0 peak', \
    'memory.dat' index 84 using 1:2 with linespoints ls 169 title 'bigbird/cpu/blas decode Hq=9 Hkv=3 g=2 r=11 file model', \
    'memory.dat' index 84 using 1:5 with linespoints ls 170 title 'bigbird/cpu/blas decode Hq=9 Hkv=3 g=2 r=11 file peak', \
    'memory.dat' index 85 using 1:2 with linespoints ls 171 title 'nsa/cpu/blas decode Hq=9 Hkv=3 k=16 file model', \
    'memory.dat' index 85 using 1:5 with linespoints ls 172 title 'nsa/cpu/blas decode Hq=9 Hkv=3 k=16 file peak', \
    'memory.dat' index 86 using 1:2 with linespoints ls 173 title 'moba/cpu/loops decode Hq=9 Hkv=3 k=16 file model', \
    'memory.dat' index 86 using 1:5 with linespoints ls 174 title 'moba/cpu/loops decode Hq=9 Hkv=3 k=16 file peak', \
    'memory.dat' index 87 using 1:2 with linespoints ls 175 title 'quest/cpu/loops decode Hq=9 Hkv=3 k=16 file model', \
    'memory.dat' index 87 using 1:5 with linespoints ls 176 title 'quest/cpu/loops decode Hq=9 Hkv=3 k=16 file peak', \
    1.26380974e+10 with lines lc rgb "#666666" lw 1.5 dt 4 title 'host memory limit (11.8 GiB)'
  set output
}
