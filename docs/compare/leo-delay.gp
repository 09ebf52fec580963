# Bar chart written by offload (OffloadExperiments); edit freely to restyle.
# Redraw from this directory with: gnuplot 'leo-delay.gp'
set terminal pngcairo size 1000,625 noenhanced font 'Sans,11'
set output 'leo-delay.png'
set datafile separator tab
set title 'leo-default: mean delay (s), 20 episodes x 2 seeds (mean +- std)'
set xlabel 'method'
set ylabel 'mean delay (s)'
set style data histograms
set style histogram errorbars gap 1 lw 1.5
set style fill solid 0.85 border -1
set boxwidth 0.9
set grid ytics
set xtics nomirror
set yrange [0:*]
unset key
plot 'leo-delay.dat' using 3:4:xticlabels(2) title 'mean delay (s)'
