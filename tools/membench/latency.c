/* Memory of the benchmark host, docs/BENCHMARKS.md (fifth round): a random pointer chase over
 * 256 MB with 1..32 independent chains (latency of one dependent load, and lines per ns at the
 * most misses in flight). Run: bash tools/membench/run.sh */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <stdint.h>
static double now(){struct timespec t;clock_gettime(CLOCK_MONOTONIC,&t);return t.tv_sec+t.tv_nsec*1e-9;}
int main(){
  size_t n = (256ull<<20)/64; // lines
  uint64_t *a = aligned_alloc(64, n*64);
  size_t *perm = malloc(n*sizeof(size_t));
  for(size_t i=0;i<n;i++) perm[i]=i;
  srand(1); for(size_t i=n-1;i>0;i--){size_t j=((size_t)rand()*RAND_MAX+rand())%(i+1); size_t t=perm[i];perm[i]=perm[j];perm[j]=t;}
  for(size_t i=0;i<n;i++) a[perm[i]*8] = perm[(i+1)%n]*8;
  for (int chains=1; chains<=32; chains*=2){
    size_t p[32]; for(int c=0;c<chains;c++) p[c]=perm[(c*n)/chains]*8;
    size_t steps = 4000000/chains;
    double t0=now();
    for(size_t s=0;s<steps;s++) for(int c=0;c<chains;c++) p[c]=a[p[c]];
    double t1=now(); size_t x=0; for(int c=0;c<chains;c++) x+=p[c];
    printf("chains %2d: %.1f ns per access, %.2f ns/line effective (%zu)\n", chains, (t1-t0)/steps*1e9, (t1-t0)/(steps*chains)*1e9, x&1);
  }
}
