/* C model of the evaluator's inputs, docs/BENCHMARKS.md (fifth round, per-field link arrays):
 * S slots of 200 users, NA per-user arrays and the chosen link of L servers, no formulas.
 * Arguments: S NA L prefetch soa fixed (soa=1: one array per link field; fixed=1: every user on
 * server 0). Run: bash tools/membench/run.sh */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <stdint.h>
static double now(){struct timespec t;clock_gettime(CLOCK_MONOTONIC,&t);return t.tv_sec+t.tv_nsec*1e-9;}
#define U 200
typedef struct { double g, c, r; } Link;
typedef struct { double *a[16]; int32_t *srv; Link *links; double *fg, *fc, *fr; } Slot;
int S, NA, L, pf, mode, fixed;
int main(int argc, char**argv){
  S=atoi(argv[1]); NA=atoi(argv[2]); L=atoi(argv[3]); pf=atoi(argv[4]); mode=atoi(argv[5]); fixed=atoi(argv[6]);
  Slot *s = malloc(sizeof(Slot)*S);
  srand(1);
  for(int t=0;t<S;t++){
    for(int k=0;k<NA;k++){ s[t].a[k]= malloc(8*U); for(int u=0;u<U;u++) s[t].a[k][u]=1.0+u*1e-9; }
    s[t].srv= malloc(4*U); for(int u=0;u<U;u++) s[t].srv[u]= fixed ? 0 : rand()%L;
    if(mode==0){ s[t].links= malloc(sizeof(Link)*U*L); for(int i=0;i<U*L;i++){s[t].links[i].g=1;s[t].links[i].c=2;s[t].links[i].r=3;} }
    else { s[t].fg=malloc(8*U*L); s[t].fc=malloc(8*U*L); s[t].fr=malloc(8*U*L); for(int i=0;i<U*L;i++){s[t].fg[i]=1;s[t].fc[i]=2;s[t].fr[i]=3;} }
  }
  double acc=0; long n=0; double t0=now();
  while(now()-t0<0.7){
    for(int t=0;t<S;t++){
      Slot *x=&s[t]; Slot *y=&s[(t+1)%S];
      for(int u=0;u<U;u++){
        if(pf && (u%8)==0){ for(int k=0;k<NA;k++) __builtin_prefetch(y->a[k]+u,0,1); __builtin_prefetch(y->srv+u,0,1);
           if(u>=32) for(int v=u-32; v<u-24; v++) { int i=v*L+y->srv[v];
              if(mode==0) __builtin_prefetch(&y->links[i],0,1); else {__builtin_prefetch(&y->fg[i],0,1);__builtin_prefetch(&y->fc[i],0,1);__builtin_prefetch(&y->fr[i],0,1);} } }
        double v=0; for(int k=0;k<NA;k++) v+=x->a[k][u];
        int i=u*L+x->srv[u];
        if(mode==0){ Link l=x->links[i]; v+=l.g+l.c+l.r; } else { v+=x->fg[i]+x->fc[i]+x->fr[i]; }
        acc+=v;
      }
      n+=U;
    }
  }
  double dt=now()-t0;
  printf("S=%d NA=%d L=%d pf=%d soa=%d fixed=%d: %.2f ns/user\n",S,NA,L,pf,mode,fixed,dt/n*1e9);
  return acc<0;
}
