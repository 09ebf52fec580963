/* C model of the number of input streams, docs/BENCHMARKS.md (fifth round, last paragraph):
 * 9 per-user arrays per slot as separate arrays (aos=0) or one interleaved array (aos=1), with
 * `work` iterations of independent arithmetic per user. Arguments: S work aos prefetch.
 * Run: bash tools/membench/run.sh */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <stdint.h>
static double now(){struct timespec t;clock_gettime(CLOCK_MONOTONIC,&t);return t.tv_sec+t.tv_nsec*1e-9;}
#define U 200
#define NA 9
typedef struct { double *a[NA]; double *rec; } Slot;
int S, work, aos, pf;
int main(int argc, char**argv){
  S=atoi(argv[1]); work=atoi(argv[2]); aos=atoi(argv[3]); pf=atoi(argv[4]);
  Slot *s = malloc(sizeof(Slot)*S);
  for(int t=0;t<S;t++){
    if(aos){ s[t].rec=aligned_alloc(64, 8*NA*U); for(int i=0;i<NA*U;i++) s[t].rec[i]=1.0+i*1e-9; }
    else for(int k=0;k<NA;k++){ s[t].a[k]= malloc(8*U); for(int u=0;u<U;u++) s[t].a[k][u]=1.0+u*1e-9; }
  }
  double acc=0; long n=0; double t0=now();
  while(now()-t0<0.8){
    for(int t=0;t<S;t++){
      Slot *x=&s[t];
      for(int u=0;u<U;u++){
        double v=0;
        if(aos){ if(pf && (u%8)==0) for(int q=0;q<NA;q++) __builtin_prefetch(x->rec + (u+32)*NA + q*8,0,1);
                 for(int k=0;k<NA;k++) v+=x->rec[u*NA+k]; }
        else { if(pf && (u%8)==0) for(int k=0;k<NA;k++) __builtin_prefetch(x->a[k]+u+32,0,1);
               for(int k=0;k<NA;k++) v+=x->a[k][u]; }
        double a0=v,a1=v,a2=v,a3=v,a4=v,a5=v,a6=v,a7=v;
        for(int j=0;j<work;j++){a0=a0*0.999+1e-9;a1=a1*0.998+1e-9;a2=a2*0.997+1e-9;a3=a3*0.996+1e-9;a4=a4*0.995+1e-9;a5=a5*0.994+1e-9;a6=a6*0.993+1e-9;a7=a7*0.992+1e-9;}
        acc+=a0+a1+a2+a3+a4+a5+a6+a7;
      }
      n+=U;
    }
  }
  double dt=now()-t0;
  printf("S=%4d work=%d aos=%d pf=%d: %.2f ns/user\n",S,work,aos,pf,dt/n*1e9);
  return acc<0;
}
